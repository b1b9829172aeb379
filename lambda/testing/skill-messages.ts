/**
 * What the tests check the skill's answers and events against: Amazon's documented shapes
 * (contracts/alexa/messages.ts, written independently of the skill's builders), plus what this
 * skill promises beyond the documentation: every messageId is a fresh UUID.
 */
import * as z from 'zod/mini';
import * as documented from '../../contracts/alexa/messages.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function fromTheSkill<S extends z.ZodMiniType<{ event: { header: { messageId: string } } }>>(shape: S): S {
  return shape.check(z.refine((m: { event: { header: { messageId: string } } }) => UUID.test(m.event.header.messageId), { message: 'the skill sends a UUID messageId', path: ['event', 'header', 'messageId'] }));
}

export const DiscoverResponseShape = fromTheSkill(documented.DiscoverResponse);
export const AcceptGrantResponseShape = fromTheSkill(documented.AcceptGrantResponse);
export const AnswerGeneratedShape = fromTheSkill(documented.AnswerGeneratedForSession);
export const sessionEventShape = (name: 'SessionConnected' | 'SessionDisconnected') => fromTheSkill(documented[name]);
export const StateReportShape = fromTheSkill(documented.StateReport);
export const ErrorResponseShape = fromTheSkill(documented.ErrorResponse);
export const AuthorizationErrorShape = fromTheSkill(documented.AuthorizationErrorResponse);
export const DoorbellPressShape = fromTheSkill(documented.DoorbellPress);
export const ChangeReportShape = fromTheSkill(documented.ChangeReport);
export const SnapshotShape = fromTheSkill(documented.SnapshotResponse);

import { joinSections, splitSections } from '../../contracts/sdp/sections.js';

/**
 * Makes a gathered local answer fit for a peer that does not trickle (Alexa): every media section
 * that carries candidates also carries `a=end-of-candidates`, and `a=ice-options:trickle` is
 * dropped because nothing will follow. Sections bundled onto another transport (no candidates of
 * their own, e.g. `a=bundle-only`) are left as they are.
 */
export function finalizeNonTrickleAnswer(answerSdp: string): string {
  const parts = splitSections(answerSdp);
  const dropTrickle = (lines: string[]) => lines.filter((l) => l !== 'a=ice-options:trickle');
  parts.session = dropTrickle(parts.session);
  parts.media = parts.media.map((block) => {
    const out = dropTrickle(block);
    const lastCandidate = out.map((l) => l.startsWith('a=candidate:')).lastIndexOf(true);
    if (lastCandidate < 0 || out.includes('a=end-of-candidates')) return out;
    out.splice(lastCandidate + 1, 0, 'a=end-of-candidates');
    return out;
  });
  return joinSections(parts);
}

import { describe, expect, it } from 'vitest';
import { describeVisit } from './visit-view.js';

const picture = (name: string) => ({ url: `https://bucket.example/${name}.jpg`, expiresAt: 0 });

describe('a visit in the history', () => {
  it('reads as a ring when there was a press, with the press\'s picture first', () => {
    const view = describeVisit({
      startedAt: 1_000_000,
      endedAt: 1_006_000,
      events: [
        { eventId: 'm', type: 'MOTION', at: 1_006_000, picture: picture('motion') },
        { eventId: 'p', type: 'PRESS', at: 1_003_000, picture: picture('press') },
        { eventId: 'm0', type: 'MOTION', at: 1_000_000 },
      ],
    });
    expect(view.title).toBe('Someone rang (and was seen moving)');
    expect(view.pictures.map((p) => p.url)).toEqual(['https://bucket.example/press.jpg', 'https://bucket.example/motion.jpg']);
    expect(view.pictures[0]!.caption).toMatch(/^Press at /);
    expect(view.when).toContain('–');
  });

  it('reads as motion alone, or a ring alone', () => {
    expect(describeVisit({ startedAt: 5, endedAt: 5, events: [{ eventId: 'm', type: 'MOTION', at: 5 }] })).toMatchObject({ title: 'Motion at the door', pictures: [] });
    expect(describeVisit({ startedAt: 5, endedAt: 5, events: [{ eventId: 'p', type: 'PRESS', at: 5 }] }).title).toBe('Someone rang');
  });
});

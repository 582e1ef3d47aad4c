// Time away at digest time: nobody away is nudged, and an agency's digest says
// who is away when its items have gone stale.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replyToText } from '../../src/core/reply.js';
import { MongoAwayStore } from '../../src/store/mongo-away-store.js';
import { digestFixture, nz, type DigestFixture, type TestClock } from './support/digest-fixture.js';
import { recordingNotifier, type RecordingNotifier } from './support/recording-notifier.js';
import { directWrites } from '../../src/store/write-queue.js';

let f: DigestFixture;
let slack: RecordingNotifier;
const clock: TestClock = { now: new Date(0) };
const seen = nz('2026-05-01 09:00');

beforeEach(async () => {
  f = await digestFixture('away');
  slack = recordingNotifier('slack', { now: () => clock.now });
  await f.store.rememberPerson({ platform: 'slack', userId: 'U0JANE', displayName: 'Jane Smith', email: 'jane.smith@police.govt.nz', lastSeen: seen });
  await f.store.rememberPerson({ platform: 'slack', userId: 'U0RUA', displayName: 'Rua Te Ao', email: 'rua@police.govt.nz', lastSeen: seen });
  await f.subscribe('slack', 'C_POLICE', 'police', seen);
  // Only 7 (Police) is stale at the slot.
  for (const id of ['1a', '5', '6', '12', '15', '16', '18']) await f.update(id, 'on-track', 'fine', nz('2026-06-01 09:00'));
  await f.update('7', 'on-track', 'Team recruited', nz('2026-05-01 09:00'));
  await new MongoAwayStore(f.db, directWrites).record({
    email: 'jane.smith@police.govt.nz', effect: 'away', until: nz('2026-06-22 00:00'), note: 'Annual leave',
    by: { platform: 'slack', userId: 'U0JANE', displayName: 'Jane Smith', agencies: ['police'] }, at: seen,
  });
});
afterEach(() => f.close());

describe('time away at a slot', () => {
  it('nudges only the people who are not away, and the digest names who is away', async () => {
    clock.now = nz('2026-06-08 09:00');
    const report = await f.service({ clock, notifiers: [slack] }).runSlot(clock.now);
    expect(slack.directs.map((d) => d.userId)).toEqual(['U0RUA']);
    expect(report.nudged).toBe(1);
    const digest = slack.postsTo('C_POLICE').map((p) => p.pages.map(replyToText).join('\n')).join('\n');
    expect(digest).toContain('7: last updated 38 days ago');
    expect(digest).toContain('Away: Jane Smith (Police) until 22 Jun 2026 — Annual leave');
  });

  it('once back (or past the date), they are nudged again', async () => {
    clock.now = nz('2026-06-22 09:00');
    await f.service({ clock, notifiers: [slack] }).runSlot(clock.now);
    expect(slack.directs.map((d) => d.userId).sort()).toEqual(['U0JANE', 'U0RUA']);
    const digest = slack.postsTo('C_POLICE').map((p) => p.pages.map(replyToText).join('\n')).join('\n');
    expect(digest).not.toContain('Away:');
  });
});

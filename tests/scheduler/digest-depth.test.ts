// The digest's overdue milestones (an agency's own) and, in the stewards'
// digest, the completions awaiting their sign-off.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replyToText } from '../../src/core/reply.js';
import { MongoMilestoneStore } from '../../src/store/mongo-milestone-store.js';
import { digestFixture, nz, type DigestFixture, type TestClock } from './support/digest-fixture.js';
import { recordingNotifier, type RecordingNotifier } from './support/recording-notifier.js';
import { directWrites } from '../../src/store/write-queue.js';

let f: DigestFixture;
let slack: RecordingNotifier;
const clock: TestClock = { now: nz('2026-06-08 09:00') };
const by = { platform: 'slack' as const, userId: 'U0JANE', displayName: 'Jane Smith', agencies: ['police'] };

beforeEach(async () => {
  f = await digestFixture('depth');
  slack = recordingNotifier('slack', { now: () => clock.now });
  const since = nz('2026-05-01 09:00');
  await f.subscribe('slack', 'C_POLICE', 'police', since);
  await f.subscribe('slack', 'C_CUSTOMS', 'customs', since);
  await f.subscribe('slack', 'C_ALL', 'all', since);
  const milestones = new MongoMilestoneStore(f.db, directWrites);
  await milestones.record({ itemId: '7', kind: 'add', title: 'Team recruited', due: '2026-05-29', note: '', by, at: since, requestKey: 'm1' });
  await milestones.record({ itemId: '7', kind: 'add', title: 'Not yet due', due: '2026-12-01', note: '', by, at: since, requestKey: 'm2' });
  await f.store.recordUpdate({
    itemId: '16', action: 16, status: 'complete', note: 'Liaison posts filled', signOff: 'pending', by, at: nz('2026-06-01 10:00'),
    source: { platform: 'slack' }, requestKey: 'u1',
  });
});
afterEach(() => f.close());

const digestTo = (channel: string) => slack.postsTo(channel).map((p) => p.pages.map(replyToText).join('\n')).join('\n');

describe('a digest with plan depth', () => {
  it("lists an agency's overdue milestones, and the stewards' completions awaiting sign-off", async () => {
    await f.service({ clock, notifiers: [slack] }).runSlot(clock.now);
    const police = digestTo('C_POLICE');
    expect(police).toContain('Overdue milestones (1)\n7 #1: Team recruited — due Fri, 29 May 2026 — coordinated by Police');
    expect(police).not.toContain('Not yet due');
    expect(police).not.toContain('Awaiting your sign-off');
    expect(police).toContain('16 — ');
    expect(police).toMatch(/16 — .*Complete \(awaiting sign-off\)/);
    expect(digestTo('C_CUSTOMS')).toContain('Overdue milestones (0)\nNo milestone is overdue.');
    const all = digestTo('C_ALL');
    expect(all).toContain('Awaiting your sign-off (1)\n16: Liaison posts filled (Jane Smith (Police)');
    expect(all).toContain('Sign off with `sign off <item> [note]`');
  });
});

// The one test on real time: node-cron with a seconds-field DIGEST_SCHEDULE
// fires the service, which posts one digest per slot (two instances running).
import { afterEach, beforeEach, expect, it } from 'vitest';
import { digestFixture, type DigestFixture } from './support/digest-fixture.js';
import { recordingNotifier } from './support/recording-notifier.js';

let f: DigestFixture;
beforeEach(async () => {
  f = await digestFixture('cron');
});
afterEach(() => f.close());

it('fires every second across two instances, one post per slot', async () => {
  const slack = recordingNotifier('slack');
  await f.subscribe('slack', 'C_TICK', 'police', new Date(Date.now() - 60_000));
  const realClock = { get now() { return new Date(); } };
  const tuning = { slackIntervalMs: 0 };
  const a = f.service({ clock: realClock, notifiers: [slack], schedule: '* * * * * *', tuning });
  const b = f.service({ clock: realClock, notifiers: [slack], schedule: '* * * * * *', tuning });
  await Promise.all([a.start(), b.start()]);
  await slack.waitFor(() => slack.posts.length >= 3, 10_000);
  await Promise.all([a.stop(), b.stop()]);

  const slots = slack.posts.map((p) => p.deliveryKey.split('@')[1]!);
  expect(new Set(slots).size).toBe(slots.length); // no slot twice
  for (const s of slots) expect(s).toMatch(/T\d\d:\d\d:\d\d\.000Z$/);
});

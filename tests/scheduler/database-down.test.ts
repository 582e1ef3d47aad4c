// The database goes away at the moment a slot fires: nothing is posted (no
// claim, no post), the failure is logged, and once the database is back the
// sweep delivers the slot — once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ownFerretDb, type OwnDatabase } from '../support/own-ferretdb.js';
import { digestFixture, nz, type DigestFixture, type TestClock } from './support/digest-fixture.js';
import { recordingNotifier } from './support/recording-notifier.js';

let db: OwnDatabase;
let f: DigestFixture;
const SLOT = nz('2026-07-06 09:00');

beforeAll(async () => {
  db = await ownFerretDb();
  f = await digestFixture('down', db.uri);
});
afterAll(async () => {
  await f.close();
  await db.dispose();
});

it('posts nothing while the database is away, then delivers the slot once when it is back', async () => {
  const clock: TestClock = { now: new Date(SLOT.getTime() + 1000) };
  const slack = recordingNotifier('slack', { now: () => clock.now });
  await f.subscribe('slack', 'C_POLICE', 'police', nz('2026-07-01 09:00'));
  await f.subscribe('slack', 'C_CUSTOMS', 'customs', nz('2026-07-01 09:00'));
  const service = f.service({ clock, notifiers: [slack] });
  await service.runSlot(nz('2026-06-29 09:00')); // before they subscribed: nothing owed, but the connection is up

  await db.stop();
  await expect(service.runSlot(SLOT)).rejects.toThrow();
  expect(slack.posts).toHaveLength(0);

  await db.restart();
  let report;
  for (let i = 0; i < 40 && !report?.sent; i++) {
    clock.now = new Date(clock.now.getTime() + 60_000);
    report = await service.sweep().catch(() => undefined); // the driver may need a moment to reconnect
    if (!report?.sent) await new Promise((r) => setTimeout(r, 250));
  }
  expect(report).toMatchObject({ claimed: 2, sent: 2 });
  expect(slack.posts.map((p) => p.deliveryKey).sort()).toEqual([`slack:C_CUSTOMS@${SLOT.toISOString()}`, `slack:C_POLICE@${SLOT.toISOString()}`]);
  expect(await service.sweep()).toBeUndefined(); // done: nothing left to look at
});

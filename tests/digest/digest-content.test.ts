// What a digest says, against a seeded set of updates in the real store:
// the agency's items, the net change of each since the previous digest, stale
// items, and the plan-wide picture with every at-risk/off-track item and its
// coordinators; a plan just gone live is quiet; one Update status action.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyToText, type Reply } from '../../src/core/reply.js';
import { digestFixture, nz, type DigestFixture, type TestClock } from '../scheduler/support/digest-fixture.js';
import { recordingNotifier, type RecordingNotifier } from '../scheduler/support/recording-notifier.js';
import { DIGEST_PAGE_LINES } from '../../src/core/digest/paginate.js';

const SLOT1 = nz('2026-03-02 09:00');
const SLOT2 = nz('2026-03-09 09:00');
const JANE = { name: 'Jane Smith', agency: 'police' };
const MERE = { name: 'Mere Tane', agency: 'ird' };
const IVAN = { name: 'Ivan Customs', agency: 'customs' };
const HOSTILE = '<!channel> {"$gt": ""} <http://x|label>';

let f: DigestFixture;
let slack: RecordingNotifier;
const clock: TestClock = { now: SLOT1 };
const text = (pages: Reply[]) => pages.map(replyToText).join('\n\n');
const linesOf = (page: Reply) => page.sections.reduce((n, s) => n + (s.heading ? 1 : 0) + s.lines.length + Math.ceil((s.fields?.length ?? 0) / 2), 0);

beforeAll(async () => {
  f = await digestFixture('content');
  slack = recordingNotifier('slack', { now: () => clock.now });
  await f.subscribe('slack', 'C_POLICE', 'police', nz('2026-02-01 10:00'));
  await f.subscribe('slack', 'C_ALL', 'all', nz('2026-02-01 10:00'));
  await f.update('7', 'on-track', 'Team recruited', nz('2026-02-20 10:00'), JANE);
  await f.update('13b', 'at-risk', 'Waiting on legal advice', nz('2026-02-25 11:00'), MERE);
  await f.update('5', 'on-track', 'Funding agreed', nz('2026-03-01 15:00'), JANE);
  await f.update('15', 'on-track', 'Started', nz('2026-02-27 10:00'), JANE);
  const service = f.service({ clock, notifiers: [slack] });
  clock.now = SLOT1;
  await service.runSlot(SLOT1);
  // The week between the two digests.
  await f.update('5', 'off-track', 'Vendor withdrew', nz('2026-03-04 10:00'), JANE);
  await f.update('11', 'complete', 'Done', nz('2026-03-05 10:00'), IVAN);
  await f.update('6', 'at-risk', HOSTILE, nz('2026-03-06 10:00'), JANE);
  // 15 moved and came back within the week: unchanged, with its two updates.
  await f.update('15', 'off-track', 'Vendor issue', nz('2026-03-03 10:00'), JANE);
  await f.update('15', 'on-track', 'Vendor issue resolved', nz('2026-03-07 10:00'), JANE);
  clock.now = SLOT2;
  await service.runSlot(SLOT2);
});
afterAll(() => f.close());

/** Every page of one digest, in order (each page is its own post). */
const digest = (channel: string, slot: Date) => slack.postsTo(channel).filter((p) => p.deliveryKey.includes(`@${slot.toISOString()}`)).flatMap((p) => p.pages);

describe("an agency's weekly digest", () => {
  it("lists the agency's actions and parts with status and who updated them when", () => {
    const out = text(digest('C_POLICE', SLOT2));
    expect(out).toContain('TSOC Action Plan digest for New Zealand Police — 9 Mar 2026');
    expect(out).toContain('Coordinated by Police (8)');
    expect(out).toMatch(/^5 — .* · Off track — Vendor withdrew \(Jane Smith \(Police\), Wed, 4 Mar 2026, 10:00 am\)$/m);
    expect(out).toMatch(/^7 — .* · On track — Team recruited \(Jane Smith \(Police\), Fri, 20 Feb 2026, 10:00 am\)$/m);
    expect(out).toContain('No update yet (4): 1a, 12, 16, 18'); // compact: one line, the plan is past its first weeks
    expect(out).not.toMatch(/^11 — /m); // Customs' action is not Police's
  });

  it('lists what changed since the previous digest, and only that', () => {
    const out = text(digest('C_POLICE', SLOT2));
    expect(out).toContain('Changes since Mon, 2 Mar 2026, 9:00 am (3)');
    expect(out).toContain('5: On track → Off track (1 update) — Vendor withdrew (Jane Smith (Police), Wed, 4 Mar 2026, 10:00 am)');
    expect(out).toContain(`6: Not started → At risk (1 update) — ${HOSTILE} (Jane Smith (Police), Fri, 6 Mar 2026, 10:00 am)`);
    expect(out).not.toContain('Funding agreed (Jane'); // before the previous digest
    const first = text(digest('C_POLICE', SLOT1));
    expect(first).toContain('Changes since Mon, 23 Feb 2026, 9:00 am (2)');
    expect(first).toContain('5: Not started → On track (1 update) — Funding agreed');
  });

  it('shows the net change per item, not every step: moved and came back is unchanged, with its count', () => {
    const out = text(digest('C_POLICE', SLOT2));
    expect(out).toContain('15: On track, unchanged (2 updates) — Vendor issue resolved (Jane Smith (Police), Sat, 7 Mar 2026, 10:00 am)');
    expect(out).not.toContain('Vendor issue (Jane'); // the step in between is not listed
    const changes = out.slice(out.indexOf('Changes since'), out.indexOf('No update for'));
    expect(changes.match(/^15: /gm)).toHaveLength(1);
  });

  it('shortens titles between words, never mid-word', () => {
    const out = text(digest('C_ALL', SLOT2));
    const cut = [...out.matchAll(/^(\d+[a-z]?) — (.*?)… · /gm)];
    expect(cut.length).toBeGreaterThan(0);
    for (const [, id, start] of cut) {
      const title = f.plan.item(id!)!.title ?? f.plan.item(id!)!.text;
      expect(title.startsWith(start!)).toBe(true);
      expect(title[start!.length]).toMatch(/[\s,;:—–-]/); // the next character ends a word
    }
  });

  it('lists items with no update for 14 days, and one Update status action listing every item of the agency', () => {
    const pages = digest('C_POLICE', SLOT2);
    const out = text(pages);
    expect(out).toContain('No update for 14 days or more (5)');
    expect(out).toContain('7: last updated 16 days ago (On track, 20 Feb 2026) — coordinated by Police');
    expect(out).toContain('1a: no update yet — coordinated by Customs and Police');
    expect(out).not.toMatch(/^5: last updated/m);
    expect(pages.flatMap((p) => p.actions)).toEqual([
      { kind: 'update-status', itemId: '1a', label: 'Update status', choices: ['1a', '5', '6', '7', '12', '15', '16', '18'], current: 'not-started' },
    ]);
    // A week earlier 7 was only 10 days old.
    expect(text(digest('C_POLICE', SLOT1))).not.toContain('7: last updated');
  });

  it('gives plan-wide counts and every at-risk or off-track item with its coordinators', () => {
    const pages = digest('C_POLICE', SLOT2);
    const counts = pages.flatMap((p) => p.sections).find((s) => s.heading === 'Across the plan (26 actions and parts)')!;
    expect(counts.fields).toEqual([
      { label: 'Not started', value: '20' }, { label: 'On track', value: '2' }, { label: 'At risk', value: '2' },
      { label: 'Off track', value: '1' }, { label: 'Complete', value: '1' },
    ]);
    const out = text(pages);
    expect(out).toContain('At risk or off track across the plan (3)');
    const list = out.slice(out.indexOf('At risk or off track across the plan'));
    expect(list).toMatch(/^5: Off track — Vendor withdrew — coordinated by Police/m);
    expect(list).toContain('13b: At risk — Waiting on legal advice — coordinated by Inland Revenue and MBIE (Mere Tane (Inland Revenue), Wed, 25 Feb 2026, 11:00 am)');
    expect(list.indexOf('5: Off track')).toBeLessThan(list.indexOf('13b: At risk')); // off track first
  });
});

describe('the whole-plan digest', () => {
  it('covers all 26 items, split into pages of at most 40 lines', () => {
    const pages = digest('C_ALL', SLOT2);
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((p, i) => {
      expect(linesOf(p)).toBeLessThanOrEqual(DIGEST_PAGE_LINES);
      expect(p.title).toBe(`TSOC Action Plan digest for the whole plan — 9 Mar 2026 (${i + 1}/${pages.length})`);
    });
    const out = text(pages);
    // Every item: a line of its own once it has an update, else in the compact list.
    const never = /^No update yet \(\d+\): (.*)$/m.exec(out)![1]!.split(', ');
    for (const item of f.plan.items()) {
      if (never.includes(item.id)) expect(out).not.toMatch(new RegExp(`^${item.id} — `, 'm'));
      else expect(out).toMatch(new RegExp(`^${item.id} — `, 'm'));
    }
    expect(never).toHaveLength(26 - 6); // 5, 6, 7, 11, 13b and 15 have updates
    expect(out).toContain('Every action and part (26)');
    expect(out).toContain('11: Not started → Complete (1 update) — Done (Ivan Customs (Customs)');
    expect(pages.flatMap((p) => p.actions)).toEqual([]); // stewards' view: no buttons
  });
});

describe('a plan that has just gone live', () => {
  it('is quiet: items with no update are awaiting a first one, listed compactly, not stale, until STALE_AFTER_DAYS after go-live', async () => {
    const g = await digestFixture('quiet');
    try {
      const teams = recordingNotifier('teams', { now: () => clock2.now });
      const clock2: TestClock = { now: nz('2026-07-06 09:00') };
      await g.subscribe('teams', '19:customs@thread.tacv2', 'customs', nz('2026-07-01 09:00'));
      await g.update('11', 'on-track', 'Under way', nz('2026-07-02 10:00'), IVAN);
      const service = g.service({ clock: clock2, notifiers: [teams], planStart: '2026-07-01' });
      await service.runSlot(nz('2026-07-06 09:00'));
      const out = text(teams.postsTo('19:customs@thread.tacv2').flatMap((p) => p.pages));
      expect(out).toMatch(/^Awaiting a first update \(\d+\): 1a, /m);
      expect(out).toContain('No update for 14 days or more (0)');
      expect(out).toContain('Nothing is stale.');
      expect(out).toContain('Items awaiting a first update count as stale from 15 Jul 2026, 14 days after the plan went live.');
      expect(out).not.toContain('no update yet —');
      // Two weeks after go-live they are stale.
      clock2.now = nz('2026-07-20 09:00');
      await service.runSlot(nz('2026-07-20 09:00'));
      const later = text(teams.postsTo('19:customs@thread.tacv2').flatMap((p) => p.pages).filter((p) => p.title.includes('20 Jul')));
      expect(later).toContain('1a: no update yet — coordinated by Customs and Police');
      expect(later).not.toContain('Awaiting a first update');
    } finally {
      await g.close();
    }
  });
});

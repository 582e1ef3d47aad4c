// The stewards' digest offers Sign off / Reject buttons for completions
// awaiting sign-off. A press runs the command as the person who pressed it,
// so a forged or borrowed press by anyone but a steward is refused and changes nothing.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/core/digest/build-digest.js';
import { readPlanFile } from '../../src/core/plan/load-plan.js';
import { renderReply } from '../../src/slack/render-reply.js';
import type { FakeUser } from '../fakes/slack-api.js';
import { PEOPLE, allText, startSlackBot, type SlackBot } from '../support/slack-bot.js';
import { directWrites } from '../../src/store/write-queue.js';

let s: SlackBot;
beforeAll(async () => {
  s = await startSlackBot();
});
afterAll(() => s.close());
beforeEach(() => s.slack.reset());

interface Button { action_id: string; value: string; text: { text: string } }

/** The buttons of the stewards' digest as Slack would show them, built from the store's statuses now. */
async function stewardsDigestButtons(): Promise<Button[]> {
  const plan = readPlanFile();
  const current = await storeStatuses();
  const pages = buildDigest({ plan, agency: 'all', statuses: current, recent: new Map(), asOf: new Date(), timeZone: 'Pacific/Auckland', staleAfterDays: 14 });
  const blocks = pages.flatMap((p) => renderReply(p)).flatMap((m) => m.blocks as unknown as { type: string; elements?: Button[] }[]);
  return blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
}

async function storeStatuses() {
  const { MongoPlanStore } = await import('../../src/store/mongo-store.js');
  return new MongoPlanStore(s.bot.database.db, { writes: directWrites }).currentStatuses();
}

function press(u: FakeUser, button: Button, responseId: string) {
  return {
    type: 'block_actions',
    user: { id: u.id, username: u.realName.split(' ')[0]!.toLowerCase(), name: u.realName.split(' ')[0]!.toLowerCase(), team_id: 'T0TSOC' },
    api_app_id: 'A0TSOC', token: 'unused', trigger_id: `${Date.now()}.trigger.${randomUUID()}`,
    team: { id: 'T0TSOC', domain: 'tsoc-test' },
    container: { type: 'message', message_ts: `1700000000.${Math.floor(Math.random() * 1e6)}`, channel_id: 'C0STEWARDS', is_ephemeral: false },
    channel: { id: 'C0STEWARDS', name: 'tsoc-stewards' },
    response_url: s.slack.responseUrl(responseId),
    actions: [{ action_id: button.action_id, block_id: 'b1', text: button.text, value: button.value, type: 'button', action_ts: '1700000000.1' }],
  };
}

describe("the stewards' digest buttons", () => {
  it('offer Sign off and Reject; a press by a coordinator is refused, a steward’s signs it off', async () => {
    await s.command('update 16 complete Liaison posts filled', PEOPLE.jane);
    const buttons = await stewardsDigestButtons();
    expect(buttons.map((b) => [b.text.text, b.value])).toEqual([['Sign off 16', 'sign off 16'], ['Reject 16', 'reject 16']]);
    const signOff = buttons[0]!;

    const forged = randomUUID();
    await s.interaction(press(PEOPLE.jane, signOff, forged));
    const refused = await s.slack.waitFor(() => s.slack.responses.find((r) => r.id === forged));
    expect(allText(refused.body)).toContain('Only plan stewards can sign off a completion.');
    expect(allText((await s.command('status 16', PEOPLE.jane)).json)).toContain('16 is Complete (awaiting sign-off)');

    const real = randomUUID();
    await s.interaction(press(PEOPLE.steward, signOff, real));
    const done = await s.slack.waitFor(() => s.slack.responses.find((r) => r.id === real));
    expect(allText(done.body)).toContain('Signed off: 16 is now Complete.');
    expect(allText((await s.command('status 16', PEOPLE.jane)).json)).toContain('16 is Complete');
    expect(await stewardsDigestButtons()).toEqual([]);
  });
});

describe('App Home with plan depth', () => {
  async function home(u: FakeUser): Promise<string> {
    s.slack.reset();
    await s.event({ type: 'app_home_opened', user: u.id, channel: `D${u.id}`, tab: 'home', event_ts: `${Date.now() / 1000}` });
    const publish = await s.slack.waitFor(() => s.slack.callsTo('views.publish')[0]);
    return allText(publish.params.view);
  }

  it("flags an overdue milestone beside the status, and lists a steward's pending sign-offs", async () => {
    await s.command('milestone add 15 Liaison plan agreed due 2026-01-15', PEOPLE.jane);
    await s.command('update 15 complete Liaison visits done', PEOPLE.jane);
    const jane = await home(PEOPLE.jane);
    expect(jane).toMatch(/Complete \(awaiting sign-off\) — Liaison visits done .* · ⚠ 1 milestone overdue/);
    expect(jane).not.toContain('Awaiting your sign-off');
    const steward = await home(PEOPLE.steward);
    expect(steward).toContain('Awaiting your sign-off (1)');
    expect(steward).toContain('15: Liaison visits done (Jane Smith (Police)');
  });
});

describe("App Home's Sign off / Reject buttons", () => {
  function homePress(u: FakeUser, button: Button) {
    return {
      type: 'block_actions',
      user: { id: u.id, username: u.realName.split(' ')[0]!.toLowerCase(), name: u.realName.split(' ')[0]!.toLowerCase(), team_id: 'T0TSOC' },
      api_app_id: 'A0TSOC', token: 'unused', trigger_id: `${Date.now()}.trigger.${randomUUID()}`,
      team: { id: 'T0TSOC', domain: 'tsoc-test' },
      container: { type: 'view', view_id: 'V0HOME' },
      view: { id: 'V0HOME', type: 'home', blocks: [] },
      actions: [{ action_id: button.action_id, block_id: 'b1', text: button.text, value: button.value, type: 'button', action_ts: '1700000000.1' }],
    };
  }
  async function published(): Promise<{ text: string; buttons: Button[] }> {
    const call = await s.slack.waitFor(() => s.slack.callsTo('views.publish').at(-1));
    const blocks = (call.params.view as { blocks: { type: string; elements?: Button[] }[] }).blocks;
    return { text: allText(call.params.view), buttons: blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []) };
  }

  it("refuse a coordinator's (forged) press, and sign off on a steward's", async () => {
    await s.command('update 18 complete Joint operations centre open', PEOPLE.jane);
    await s.event({ type: 'app_home_opened', user: PEOPLE.steward.id, channel: 'D0STEW', tab: 'home', event_ts: `${Date.now() / 1000}` });
    const home = await published();
    const signOff = home.buttons.find((b) => b.value === 'sign off 18')!;
    expect(signOff.text.text).toBe('Sign off 18');
    expect(home.buttons.some((b) => b.value === 'reject 18')).toBe(true);

    s.slack.reset();
    await s.interaction(homePress(PEOPLE.jane, signOff));
    expect((await published()).text).toContain('Only plan stewards can sign off a completion.');
    expect(allText((await s.command('status 18', PEOPLE.jane)).json)).toContain('18 is Complete (awaiting sign-off)');

    s.slack.reset();
    await s.interaction(homePress(PEOPLE.steward, signOff));
    const after = await published();
    expect(after.text).toContain('Signed off: 18 is now Complete.');
    expect(after.buttons.some((b) => b.value === 'sign off 18')).toBe(false);
  });
});

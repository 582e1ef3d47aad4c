// Property-based runs of the command engine over the real database: whatever
// is typed, by whomever, the engine answers with a titled Reply and never
// throws, and the record changes only by what its replies say was saved —
// an update only when the text is a valid update its sender may make,
// memberships and tags only by a steward.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../src/core/identity.js';
import { isWriteCommand, parseCommand } from '../../src/core/parse-command.js';
import type { Reply } from '../../src/core/reply.js';
import { engineFixture, person, type EngineFixture } from '../support/engine-fixture.js';
import { commandText, grammarSoup, rawText, updateLike } from './support/command-text.js';
import { fuzzParams, fuzzTimeout } from './support/fuzz-params.js';
import { lastUpdates, planData, snapshot, type RecordSnapshot } from './support/plan-record.js';

let f: EngineFixture;
let planBefore: string;
const db = () => f.client.db(f.dbName);

const PEOPLE: Record<string, Identity> = {
  police: person('jane.smith@police.govt.nz', 'Jane Smith'),
  customs: person('ivan@customs.govt.nz', 'Ivan Customs'),
  ird: person('mere@ird.govt.nz', 'Mere Tane'),
  outsider: person('pat@example.com', 'Pat Outsider'),
  noEmail: { platform: 'slack', userId: 'U_NOEMAIL', displayName: 'No Email' },
  teams: { platform: 'teams', userId: 'aad-x', displayName: 'Aroha <b>Ngata</b>', email: 'aroha@police.govt.nz' },
};
const STEWARD = person('steward@tsoc.example.nz', 'Sam Steward');

/** Mentions the engine may ask a surface about; unknown ones have no email. */
const lookupEmail = async (mention: string) => ({ '<@U0JANE>': 'jane.smith@police.govt.nz', '<@U0JANE|jane>': 'jane.smith@police.govt.nz' })[mention.trim()];

beforeAll(async () => {
  f = await engineFixture({ admins: [STEWARD.email!] });
  planBefore = await planData(db());
});
afterAll(async () => {
  await f.store.settled();
  expect(await planData(db())).toBe(planBefore);
  await f.close();
});

interface Outcome {
  reply: Reply;
  before: RecordSnapshot;
  after: RecordSnapshot;
}

async function run(text: string, who: Identity): Promise<Outcome> {
  const before = await snapshot(db());
  const reply = await f.engine.run(text, who, { lookupEmail });
  const after = await snapshot(db());
  return { reply, before, after };
}

/** What every reply must be, whoever asked whatever. */
function expectWellFormed(reply: Reply): void {
  expect(typeof reply.ok).toBe('boolean');
  expect(reply.title.trim()).not.toBe('');
  expect(reply.code === 'ok').toBe(reply.ok);
  for (const s of reply.sections) for (const line of s.lines) expect(typeof line).toBe('string');
}

/** The record moved exactly as far as the reply says, and no further. */
async function expectRecordMatches(text: string, who: Identity, { reply, before, after }: Outcome): Promise<void> {
  const saved = reply.update && !reply.update.duplicate ? 1 : 0;
  expect(after.updates - before.updates, `updates stored for ${JSON.stringify(text)}`).toBe(saved);
  if (!saved) expect(after.latest).toBe(before.latest);
  if (saved) {
    // Saved only for a real update, by someone whose agency coordinates the item (or a steward).
    expect(parseCommand(text).kind).toBe('update');
    // …never on a guess: words that needed correcting are shown back, not saved.
    expect(parseCommand(text).corrected).toBeUndefined();
    expect(reply.ok).toBe(true);
    const actor = await f.engine.actor(who);
    const item = f.plan.item(reply.update!.itemId)!;
    expect(actor.steward || item.coordinators.some((a) => actor.agencies.includes(a))).toBe(true);
    const [doc] = await lastUpdates(db());
    expect(doc).toMatchObject({ itemId: reply.update!.itemId, status: reply.update!.status, note: reply.update!.note, by: { userId: who.userId } });
    expect(String(doc!.note)).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    expect(String(doc!.note).length).toBeLessThanOrEqual(1000);
  }
  const kind = parseCommand(text).kind;
  const stewardWrite = reply.ok && (kind === 'grant' || kind === 'revoke');
  expect(after.memberships - before.memberships).toBe(stewardWrite ? 1 : 0);
  expect(after.tags - before.tags).toBe(reply.ok && kind === 'tag' ? 1 : 0);
  expect(after.subscriptions).toBe(before.subscriptions);
}

const who = fc.constantFrom(...Object.keys(PEOPLE));

describe('the engine under random input', () => {
  it('answers any text from anyone, and stores only what it says it saved', { timeout: fuzzTimeout(120_000) }, async () => {
    let saves = 0;
    await fc.assert(
      fc.asyncProperty(commandText, who, async (text, key) => {
        const out = await run(text, PEOPLE[key]!);
        expectWellFormed(out.reply);
        await expectRecordMatches(text, PEOPLE[key]!, out);
        if (out.reply.update) saves += 1;
      }),
      fuzzParams(300),
    );
    // The generators must reach the interesting branch, or the property proves little (about 10 in 300 do).
    expect(saves).toBeGreaterThan(0);
  });

  it('saves an update-shaped text exactly when the sender coordinates the item', { timeout: fuzzTimeout(120_000) }, async () => {
    const seen = { saved: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(updateLike, who, async (text, key) => {
        const out = await run(text, PEOPLE[key]!);
        expectWellFormed(out.reply);
        await expectRecordMatches(text, PEOPLE[key]!, out);
        if (out.reply.code === 'not-permitted' || out.reply.code === 'no-identity') {
          seen.refused += 1;
          expect(out.after.updates).toBe(out.before.updates);
          // …and refused only someone who really may not: no agency of theirs coordinates it, no steward.
          const actor = await f.engine.actor(PEOPLE[key]!);
          expect(actor.steward).toBe(false);
          const itemId = /^You can't update (\w+)\.$/.exec(out.reply.title)?.[1];
          if (out.reply.code === 'not-permitted') expect(f.plan.item(itemId!)!.coordinators.some((a) => actor.agencies.includes(a))).toBe(false);
          else expect(actor.email).toBeUndefined();
        }
        if (out.reply.update) seen.saved += 1;
      }),
      fuzzParams(200),
    );
    expect(seen.saved).toBeGreaterThan(5);
    expect(seen.refused).toBeGreaterThan(5);
  });

  it('keeps refusing non-stewards every grant, revoke and tag', { timeout: fuzzTimeout(60_000) }, async () => {
    const stewardish = fc
      .tuple(fc.constantFrom('grant', 'revoke', 'tag', 'GRANT', 'tsoc grant', 'please revoke'), grammarSoup)
      .map(([verb, rest]) => `${verb} ${rest}`);
    await fc.assert(
      fc.asyncProperty(stewardish, who, async (text, key) => {
        const out = await run(text, PEOPLE[key]!);
        expectWellFormed(out.reply);
        expect(out.reply.ok).toBe(false);
        expect(out.after).toEqual(out.before);
      }),
      fuzzParams(120),
    );
  });

  it('lets a steward change only what the replies say', { timeout: fuzzTimeout(60_000) }, async () => {
    const emails = fc.constantFrom('temp.one@example.com', 'temp.two@example.com', '<@U0JANE>', '<@U0NOBODY>', 'not-an-email', '<mailto:temp.three@example.com|x>');
    const stewardText = fc.oneof(
      fc.tuple(fc.constantFrom('grant', 'revoke'), emails, grammarSoup).map((p) => p.join(' ')),
      fc.tuple(fc.constant('tag'), grammarSoup).map((p) => p.join(' ')),
      commandText,
    );
    await fc.assert(
      fc.asyncProperty(stewardText, async (text) => {
        const out = await run(text, STEWARD);
        expectWellFormed(out.reply);
        await expectRecordMatches(text, STEWARD, out);
      }),
      fuzzParams(100),
    );
  });

  it('answers raw Unicode, broken UTF-16 and over-long text without throwing', { timeout: fuzzTimeout(60_000) }, async () => {
    const long = fc.tuple(rawText, fc.integer({ min: 3_990, max: 12_000 })).map(([t, n]) => `update 7 on-track ${t.repeat(Math.ceil(n / Math.max(1, t.length)))}`.slice(0, n));
    await fc.assert(
      fc.asyncProperty(fc.oneof(rawText, long), who, async (text, key) => {
        const out = await run(text, PEOPLE[key]!);
        expectWellFormed(out.reply);
        await expectRecordMatches(text, PEOPLE[key]!, out);
      }),
      fuzzParams(100),
    );
  });

  it('never lets a look-alike email domain stand in for an agency', { timeout: fuzzTimeout(60_000) }, async () => {
    const domains = f.plan.agencies.flatMap((a) => a.domains.map((d) => [d, a.id] as const));
    const disguise = fc.constantFrom<[string, (d: string) => string]>(
      ['exact', (d) => d],
      ['upper case', (d) => d.toUpperCase()],
      ['subdomain', (d) => `sub.${d}`],
      ['suffix', (d) => `${d}.evil.example`],
      ['prefix', (d) => `not${d}`],
      ['trailing dot', (d) => `${d}.`],
      ['Cyrillic o', (d) => d.replace('o', '\u043e')],
      ['full-width first letter', (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0) + d.slice(1)],
      ['zero-width joiner', (d) => d.replace('.', '\u200d.')],
      ['second @', (d) => `evil.example@${d}`.replace('evil.example@', 'evil.example%40')],
    );
    const items = fc.constantFrom(...f.plan.items().map((i) => i.id));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...domains), disguise, items, async ([domain, agency], [kind, change], itemId) => {
        const email = `look.alike@${change(domain)}`;
        const who = person(email);
        const out = await run(`update ${itemId} complete Look-alike ${kind}`, who);
        expectWellFormed(out.reply);
        const genuine = change(domain).toLowerCase() === domain;
        const allowed = genuine && f.plan.item(itemId)!.coordinators.includes(agency);
        expect(Boolean(out.reply.update), `${kind}: ${email} updating ${itemId}`).toBe(allowed);
        await expectRecordMatches(`update ${itemId} complete`, who, out);
      }),
      fuzzParams(100),
    );
  });
});

// Typos and filler words (pure: the parser alone). A look-up stays a look-up; a write stays the same
// write or stops being one; and a write whose words were corrected is only ever shown, never run.
describe('typos and filler never change a look-up into a write, or a write into another', () => {
  const LOOKUPS = [
    'show 7', 'status 13b', 'who coordinates 13b', 'list police', 'search money laundering', 'history 7', 'changes since 1 Nov',
    'what is the status of 7', "what's at risk", 'what is Customs doing', 'whoami', 'help', '7 is at risk?', 'subscriptions',
    'digest preview police', 'what changed this week', 'find maritime', 'who is looking after 4a', 'anything off track?',
    'is 7 on track?', "who's in charge of 13b?", 'status as of last week', 'list Te Tari Taake', 'updates since yesterday',
    'what does Ngā Pirihimana coordinate', 'how is 13b going', 'update on 7', 'digest status', 'export', 'tell me about 13b',
  ];
  const WRITES = [
    'update 7 on-track Team recruited', 'update action 7 to on track', 'mark 7 as on track', '7 is at risk - funding delayed',
    'grant jane@example.govt.nz police', 'revoke jane@example.govt.nz police', 'tag 3 detect border', 'subscribe police',
    'unsubscribe', 'set 13b at-risk Legal advice late', 'update 13b complete', 'change 4a to complete',
  ];
  const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

  /** One slip of the keyboard in a letter: dropped, doubled, swapped with the next, replaced, or one added. */
  const typo = (text: string) =>
    fc.tuple(fc.nat(), fc.constantFrom('drop', 'double', 'swap', 'replace', 'insert'), fc.constantFrom(...LETTERS)).map(([n, op, letter]) => {
      const at = [...text].map((c, i) => (/[a-z]/i.test(c) ? i : -1)).filter((i) => i >= 0);
      if (at.length === 0) return text;
      const i = at[n % at.length]!;
      const before = text.slice(0, i);
      const after = text.slice(i + 1);
      const c = text[i]!;
      switch (op) {
        case 'drop': return before + after;
        case 'double': return before + c + c + after;
        case 'swap': return after ? before + after[0] + c + after.slice(1) : text;
        case 'replace': return before + letter + after;
        default: return before + letter + c + after;
      }
    });
  const filler = fc.tuple(
    fc.constantFrom('', 'please ', 'can you ', 'could you please ', 'hi, ', 'kia ora, ', 'tsoc ', '/tsoc ', "I'd like to ", 'just ', 'ok '),
    fc.constantFrom('', ' please', ', thanks', ' pls'),
  );
  const variant = (texts: string[]) =>
    fc.constantFrom(...texts).chain((text) =>
      fc.tuple(fc.constant(text), fc.oneof(typo(text), fc.constant(text)), filler).map(([original, typed, [pre, post]]) => ({ original, typed: `${pre}${typed}${post}` })));

  it('a look-up never becomes a write', () => {
    fc.assert(
      fc.property(variant(LOOKUPS), ({ original, typed }) => {
        expect(isWriteCommand(parseCommand(original)), original).toBe(false);
        const command = parseCommand(typed);
        expect(isWriteCommand(command), `${JSON.stringify(typed)} read as ${JSON.stringify(command)}`).toBe(false);
      }),
      fuzzParams(3000),
    );
  });

  it('through the engine, a mistyped update from someone who may make it is shown back, never saved', { timeout: fuzzTimeout(60_000) }, async () => {
    const updates = ['update 7 on-track Typo check', 'update 5 at-risk Typo check', 'mark 12 as complete', '16 is at risk - typo check'];
    let shown = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...updates).chain((t) => typo(t)), async (typed) => {
        const out = await run(typed, PEOPLE.police!);
        expectWellFormed(out.reply);
        await expectRecordMatches(typed, PEOPLE.police!, out);
        if (parseCommand(typed).corrected) {
          shown += 1;
          expect(out.after.updates).toBe(out.before.updates);
          expect(out.reply.actions.some((a) => a.kind === 'send-command')).toBe(true);
        }
      }),
      fuzzParams(80),
    );
    expect(shown).toBeGreaterThan(0);
  });

  it('a write stays the same write or none, and a corrected one is only shown', () => {
    fc.assert(
      fc.property(variant(WRITES), ({ original, typed }) => {
        const meant = parseCommand(original);
        expect(isWriteCommand(meant), original).toBe(true);
        expect(meant.corrected, original).toBeUndefined();
        const command = parseCommand(typed);
        if (!isWriteCommand(command)) return;
        expect(command.kind, `${JSON.stringify(typed)} read as ${JSON.stringify(command)}`).toBe(meant.kind);
        // The verb as typed is the verb meant, or the command carries the correction (and is not run).
        const verb = (t: string) => t.replace(/^(?:\/?tsoc\s+|please\s+|can you\s+|could you please\s+|hi,\s+|kia ora,\s+|I'd like to\s+|just\s+|ok\s+)/i, '').split(/[\s,]+/)[0]!.toLowerCase();
        if (verb(typed) !== verb(original)) expect(command.corrected, JSON.stringify(typed)).toBeDefined();
      }),
      fuzzParams(3000),
    );
  });
});

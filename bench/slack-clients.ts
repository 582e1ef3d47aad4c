// The Slack side of the Slack benchmark, in a process of its own: the people
// sending signed /tsoc requests, and Slack's Web API (users.info,
// chat.postMessage, response_url) they and the bot talk to. Apart from the
// bot, so the bot's process does only the bot's work — its CPU time, and its
// latency, are not mixed with signing requests, reading answers or recording
// the bot's announcements (which it sends after it has answered).
//   node --import tsx bench/slack-clients.ts <signing secret> <people>
// Prints one JSON line with the fake Slack's address, then answers each JSON
// line on stdin (a Scenario) with one JSON line (a ScenarioResult).
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { startFakeSlack } from '../tests/fakes/slack-api.js';
import { keepAliveAgent, postHttp } from '../tests/stress-support/http-client.js';
import { FORM, signedHeaders, slashCommandBody } from '../tests/support/slack-requests.js';

/** What people send in a scenario: look-ups, updates (each its own note), or updates sent again (a first delivery's trigger id). */
export type Sends = { kind: 'text'; text: string } | { kind: 'update'; tag: string } | { kind: 'again'; tag: string };

export interface Scenario {
  url: string;
  count: number;
  concurrency: number;
  sends: Sends;
  /** A regular expression the answer must match. */
  expect: string;
}

export interface ScenarioResult {
  /** Latency to the answer (the acknowledgement, or the response_url post after an empty one), ms, in order of sending. */
  latencies: number[];
  /** When each request was sent and answered, epoch ms (performance.timeOrigin + now): the bot's process lines these up with its database commands. */
  windows: [number, number][];
  errors: number;
  deferred: number;
  seconds: number;
  /** Notes of updates acknowledged as saved. */
  acknowledged: string[];
  firstError?: string;
}

const [secret, people] = process.argv.slice(2);
if (!secret || !people) throw new Error('usage: slack-clients.ts <signing secret> <people>');
const users = Array.from({ length: Number(people) }, (_, i) => ({ id: `UBENCH${i}`, realName: `Bench Officer ${i}`, email: `bench${i}@police.govt.nz` }));
const slack = await startFakeSlack();
for (const u of users) slack.users.set(u.id, u);

const agent = keepAliveAgent(Number(people));
const epochNow = () => performance.timeOrigin + performance.now();

function request(sends: Sends, i: number): { text: string; note?: string; triggerId: string } {
  if (sends.kind === 'text') return { text: sends.text, triggerId: `${Date.now()}.${randomUUID()}` };
  const text = `update 7 on-track ${sends.tag}-${i}`;
  const triggerId = `bench.${sends.tag}.${i}`;
  return sends.kind === 'update' ? { text, note: `${sends.tag}-${i}`, triggerId } : { text, triggerId };
}

async function run(s: Scenario): Promise<ScenarioResult> {
  const expect = new RegExp(s.expect);
  const latencies: number[] = new Array(s.count);
  const windows: [number, number][] = new Array(s.count);
  const acknowledged: string[] = [];
  let errors = 0;
  let deferred = 0;
  let next = 0;
  let firstError: string | undefined;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: s.concurrency }, async () => {
      while (next < s.count) {
        const i = next++;
        const { text, note, triggerId } = request(s.sends, i);
        const id = randomUUID();
        const body = slashCommandBody({ text, user_id: users[i % users.length]!.id, response_url: slack.responseUrl(id), trigger_id: triggerId });
        const t0 = epochNow();
        let answer = '';
        let ok = false;
        const res = await postHttp(agent, s.url, signedHeaders(secret!, body, FORM), body);
        if (res.error) firstError ??= res.error;
        else {
          answer = res.text;
          if (res.status === 200 && answer === '') {
            deferred += 1;
            answer = JSON.stringify((await slack.nextResponse(id)).body);
          }
          ok = res.status === 200 && expect.test(answer);
          if (!ok) firstError ??= `${res.status} ${answer.slice(0, 300)}`;
        }
        const t1 = epochNow();
        latencies[i] = t1 - t0;
        windows[i] = [t0, t1];
        if (!ok) errors += 1;
        else if (note) acknowledged.push(note);
      }
    }),
  );
  return { latencies, windows, errors, deferred, seconds: (performance.now() - started) / 1000, acknowledged, ...(firstError ? { firstError } : {}) };
}

process.stdout.write(`${JSON.stringify({ apiUrl: slack.apiUrl })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  process.stdout.write(`${JSON.stringify(await run(JSON.parse(line) as Scenario))}\n`);
}
agent.destroy();
await slack.close();

// The grammar's speed: every input must be understood within a millisecond or
// two, including the longest and oddest text a person may send (4,000
// characters of anything). Times parseCommand over everyday phrasings, typos
// and hostile text; the date reader (chrono-node) over dates in words; and
// search (MiniSearch) over the plan. Pure: no database, no network.
//   import { runGrammarBench } from './grammar.js'; await runGrammarBench();
import { search } from '../src/core/commands/search.js';
import type { CommandContext } from '../src/core/commands/context.js';
import { parseCommand } from '../src/core/parse-command.js';
import { readPlanFile } from '../src/core/plan/load-plan.js';
import { MAX_COMMAND_LENGTH } from '../src/core/text-input.js';
import { readDay } from '../src/core/time.js';

/** The budget the issue sets for the whole grammar, per input. */
const BUDGET_MS = 2;

const EVERYDAY = [
  "who's in charge of 13b?", 'what is Customs doing', 'show me everything at risk', "what's at risk", 'status of action 4',
  'what is the status of 7', 'what changed this week', 'what changed', 'updte 7 on track', 'update action 7 to on track',
  '7 is at risk - funding delayed', 'hello', 'thanks', 'what can you do', 'status as of last week', 'list Te Tari Taake',
  'what does Ngā Pirihimana coordinate', 'list Nga Pirihimana', 'search gangs', 'search methamphetamines', 'search metamphetamine',
  "what's happening with 13b", 'who is looking after 7', 'what is Police working on', 'anything off track?', 'mark 7 as on track',
  '7 is at risk?', 'changes since 1 Nov', "what's new for police", 'export', 'shwo 7', 'statsu 7', 'who cordinates 13b',
  'please update 7 on-track Team recruited', 'could you please show 7', 'tell me about money laundering', 'make me a sandwich',
];

function hostile(): string[] {
  const long = (unit: string) => unit.repeat(Math.ceil(MAX_COMMAND_LENGTH / unit.length)).slice(0, MAX_COMMAND_LENGTH);
  return [
    long('a'), long('a '), long('7 '), long('is '), long('what is '), long('who '), long('status of '), long('update 7 '),
    long('?'), long('the '), long('all '), long('since '), long('for '), long('show me everything '), long('7 is at risk - '),
    `update 7 on-track ${long('x')}`.slice(0, MAX_COMMAND_LENGTH), `what is ${long('the status of ')}`.slice(0, MAX_COMMAND_LENGTH),
    long('updte '), long('ąčęėįšųū '), long('😀'), long('\u0000\u200b'), `who's in charge of ${long('13b ')}`.slice(0, MAX_COMMAND_LENGTH),
  ];
}

interface Timing {
  name: string;
  inputs: number;
  /** Median over all samples. */
  p50: number;
  /** The slowest input, by its median time over the rounds (what a person waits, without the machine's hiccups). */
  worstMedian: number;
  /** The single slowest sample (includes garbage collection and other processes on a shared machine). */
  max: number;
  worst: string;
}

async function time(name: string, inputs: string[], run: (input: string) => unknown, rounds = 15): Promise<Timing> {
  for (const input of inputs) await run(input); // warm up (JIT, MiniSearch's index)
  const all: number[] = [];
  let worstMedian = 0;
  let worst = '';
  for (const input of inputs) {
    const samples: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const start = process.hrtime.bigint();
      await run(input);
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    samples.sort((a, b) => a - b);
    all.push(...samples);
    const median = samples[Math.floor(samples.length / 2)]!;
    if (median > worstMedian) {
      worstMedian = median;
      worst = input;
    }
  }
  all.sort((a, b) => a - b);
  return { name, inputs: inputs.length, p50: all[Math.floor(all.length / 2)]!, worstMedian, max: all.at(-1)!, worst: worst.slice(0, 30) };
}

export async function runGrammarBench(): Promise<void> {
  const plan = readPlanFile();
  const now = new Date();
  const ctx = { plan, now, timeZone: 'Pacific/Auckland' } as unknown as CommandContext;
  const searches = ['gangs', 'methamphetamine', 'metamphetamine', 'money laundering', 'maritime', 'beneficial ownership', 'zebra crossing'];
  const dates = ['last week', 'yesterday', 'last Friday', 'end of last month', '1 Oct', '2026-10-01', '3 days ago', 'someday'];
  const results = [
    await time('parseCommand: everyday phrasings', EVERYDAY, parseCommand),
    await time('parseCommand: 4,000-character hostile text', hostile(), parseCommand, 7),
    await time('dates in words (chrono-node)', dates, (d) => readDay(d, now, 'Pacific/Auckland', 'past')),
    // search is async only by signature: it does no I/O.
    await time('search (MiniSearch over the plan)', searches, (q) => search({ query: q }, ctx)),
  ];

  console.log(`\nGrammar: time per input (budget ${BUDGET_MS} ms each); Node ${process.version}`);
  console.log(`${'what'.padEnd(46)}${'inputs'.padStart(7)}${'p50 ms'.padStart(9)}${'slowest input (median) ms'.padStart(27)}${'max ms'.padStart(9)}  slowest input`);
  for (const r of results) {
    console.log(`${r.name.padEnd(46)}${String(r.inputs).padStart(7)}${r.p50.toFixed(3).padStart(9)}${r.worstMedian.toFixed(3).padStart(27)}${r.max.toFixed(3).padStart(9)}  ${JSON.stringify(r.worst)}`);
  }
  console.log('(max: the single slowest sample, garbage collection and other processes on the machine included)');
  const over = results.filter((r) => r.worstMedian > BUDGET_MS);
  console.log(over.length === 0 ? `every input answered within ${BUDGET_MS} ms (median of its runs)` : `OVER BUDGET: ${over.map((r) => r.name).join('; ')}`);
}

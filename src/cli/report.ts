// `tsoc report --quarter 2026-Q4 --out report.html|report.pdf`: the board's
// quarterly report as a file (HTML, or PDF printed by a local Chromium).
import { writeFileSync } from 'node:fs';
import type { Config } from '../config.js';
import type { Plan } from '../core/plan/plan.js';
import type { PlanStore } from '../core/store-port.js';
import { reportBody } from '../board/pages/report.js';
import { standalonePage } from '../board/pages/standalone.js';
import { parseQuarter, quarterOf, type Quarter } from '../board/periods.js';
import { NoChromiumError, printPdf } from '../board/print-pdf.js';
import type { CliIo } from './main.js';

export interface ReportArgs {
  quarter?: string;
  out?: string;
}

/** Reads `--quarter X --out FILE` (either order, `=` allowed); a string is the error to show. */
export function parseReportArgs(words: readonly string[]): ReportArgs | string {
  const args: ReportArgs = {};
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const [flag, inline] = word.split(/=(.*)/s, 2) as [string, string | undefined];
    if (flag !== '--quarter' && flag !== '--out') return `report takes --quarter YYYY-Qn and --out FILE.html|FILE.pdf, not "${word}"`;
    const value = inline ?? words[++i];
    if (!value) return `${flag} needs a value`;
    args[flag === '--quarter' ? 'quarter' : 'out'] = value;
  }
  if (args.out && !/\.(html?|pdf)$/i.test(args.out)) return '--out must end in .html or .pdf';
  return args;
}

export async function runReport(args: ReportArgs, io: CliIo, deps: { plan: Plan; store: PlanStore; config: Config; now?: () => Date }): Promise<number> {
  const now = deps.now ?? (() => new Date());
  const tz = deps.config.PLAN_TIMEZONE;
  const q: Quarter | undefined = args.quarter ? parseQuarter(args.quarter, tz) : quarterOf(now(), tz);
  if (!q) {
    io.err(`"${args.quarter}" is not a quarter: give one as YYYY-Qn, e.g. --quarter 2026-Q4`);
    return 1;
  }
  const body = await reportBody({ plan: deps.plan, store: deps.store, timeZone: tz, staleAfterDays: deps.config.STALE_AFTER_DAYS, now }, q, { links: false });
  const page = standalonePage(`TSOC Action Plan quarterly report ${q.id}`, body, deps.config.CLASSIFICATION);
  if (!args.out) {
    io.write(page);
    return 0;
  }
  if (/\.pdf$/i.test(args.out)) {
    try {
      writeFileSync(args.out, await printPdf(page, io.env));
    } catch (err) {
      if (err instanceof NoChromiumError) {
        io.err(err.message);
        return 2;
      }
      throw err;
    }
  } else {
    writeFileSync(args.out, page);
  }
  io.out(`Wrote the ${q.id} report (${q.label}) to ${args.out}`);
  return 0;
}

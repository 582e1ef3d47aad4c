// The `tsoc` command: any bot command from a terminal, against the configured
// database. Exit 0 answered, 1 user error, 2 configuration or database failure.
import os from 'node:os';
import { ConfigError, loadConfig } from '../config.js';
import type { Identity } from '../core/identity.js';
import { readPlanFile } from '../core/plan/load-plan.js';
import { replyToText } from '../core/reply.js';
import { createLogger } from '../logger.js';
import { composeEngine, composeStores } from '../app/compose.js';
import { openDatabase } from '../app/open-database.js';
import { exportPlan, type ExportFormat } from './export.js';
import { parseReportArgs, runReport, type ReportArgs } from './report.js';

export { endQuietlyWhenReaderCloses } from './closed-pipe.js';
import { AUDIT_USAGE, parseAudit, runAudit } from './audit.js';

const USAGE = `Usage:
  tsoc <command text>                 run a command as a local steward, e.g. tsoc who coordinates 13b
  tsoc --as <email> <command text>    run it as that person (checks their permissions)
  tsoc export --format csv|json       current status of every action/part and the full history, on stdout
  tsoc report --quarter 2026-Q4 --out report.html|report.pdf   the quarterly report (PDF needs Chromium)
${AUDIT_USAGE}
  tsoc help                           what the bot understands`;

export interface CliIo {
  out: (text: string) => void;
  /** Raw output without an added newline (exports stream through it). */
  write: (chunk: string) => void;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
}

interface Args {
  as?: string;
  audit?: string[];
  exportFormat?: ExportFormat;
  report?: ReportArgs;
  text: string;
}

function parseArgs(argv: string[]): Args | string {
  const args: Args = { text: '' };
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--as') {
      const email = argv[++i];
      if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return '--as needs an email address, e.g. --as jane@police.govt.nz';
      args.as = email.toLowerCase();
    } else if (a === '--help' || a === '-h') {
      return USAGE;
    } else {
      words.push(a);
    }
  }
  if (words[0] === 'audit') {
    args.audit = words.slice(1);
    return args;
  }
  if (words[0] === 'export') {
    const rest = words.slice(1).join(' ');
    const m = /^--format(?:=|\s+)(csv|json)$/.exec(rest) ?? (rest === '' ? ['', 'csv'] : null);
    if (!m) return 'export takes --format csv or --format json';
    args.exportFormat = m[1] as ExportFormat;
    return args;
  }
  if (words[0] === 'report') {
    const report = parseReportArgs(words.slice(1));
    if (typeof report === 'string') return report;
    args.report = report;
    return args;
  }
  args.text = words.join(' ');
  return args;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    (args === USAGE ? io.out : io.err)(args);
    return args === USAGE ? 0 : 1;
  }
  let config;
  try {
    config = loadConfig(io.env);
  } catch (err) {
    io.err(err instanceof ConfigError ? err.message : String(err));
    return 2;
  }
  const logger = createLogger(io.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn', io.err);
  const plan = readPlanFile();
  let database;
  try {
    database = await openDatabase(config, plan, logger);
  } catch (err) {
    io.err(`The database is not reachable: ${(err as Error).message.split('\n')[0]}\nNothing was read or saved.`);
    return 2;
  }
  try {
    // The CLI exits at once: repair the current-status projection straight away, and wait for it.
    const stores = composeStores(config, database, { planStore: { repairDelayMs: 0 }, auditInstance: `cli:${os.hostname()}` });
    const { mongoStore, store } = stores;
    if (args.audit) {
      const parsed = parseAudit(args.audit, plan, config.PLAN_TIMEZONE);
      if (typeof parsed === 'string') {
        io.err(parsed);
        return 1;
      }
      return await runAudit(parsed, { db: database.db, writes: database.writes, config, io });
    }
    if (args.exportFormat) {
      await exportPlan(plan, store, args.exportFormat, io.write, new Date(), config.CLASSIFICATION);
      return 0;
    }
    if (args.report) return await runReport(args.report, io, { plan, store, config });
    const user = os.userInfo().username;
    const identity: Identity = args.as
      ? { platform: 'cli', userId: args.as, displayName: args.as, email: args.as }
      : { platform: 'cli', userId: user, displayName: `${user} (local steward)`, localSteward: true };
    // Made only for a command (not for audit, export or report above): making it sets the plan's agency naming.
    // Digest status, subscriptions and previews from a terminal come without delivery (the running bot's job);
    // `board` links point at the running bot (BOARD_URL, or this machine's PORT).
    const engine = composeEngine(config, database, stores, { plan, logger, boardUrl: () => config.BOARD_URL ?? `http://localhost:${config.PORT}` });
    const reply = await engine.run(args.text, identity);
    await mongoStore.settled();
    (reply.ok ? io.out : io.err)(replyToText(reply));
    return reply.ok ? 0 : reply.code === 'unavailable' ? 2 : 1;
  } catch (err) {
    io.err(`Failed: ${(err as Error).message}`);
    return 2;
  } finally {
    await database.shutdown();
  }
}

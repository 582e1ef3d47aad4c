// `tsoc audit verify` and `tsoc audit export …`: the audit log from a terminal
// (the operator at the terminal is trusted, as for every CLI command).
import { createWriteStream } from 'node:fs';
import type { Db } from 'mongodb';
import type { Config } from '../config.js';
import { exportAudit, type AuditFilter } from '../audit/export-audit.js';
import { MongoAuditChain } from '../audit/mongo-audit-chain.js';
import { verifyChain } from '../audit/verify-chain.js';
import type { Plan } from '../core/plan/plan.js';
import { resolveAgency } from '../core/resolve-agency.js';
import { zonedTime } from '../core/time.js';
import type { CliIo } from './main.js';
import type { WriteQueue } from '../store/write-queue.js';

export const AUDIT_USAGE = `  tsoc audit verify                   check the audit log's chain and every record against it
  tsoc audit export --from 2026-10-01 --to 2026-12-31 [--item 13b] [--agency police] [--person email]
                    [--format csv|json] [--out FILE]`;

type Parsed = { verb: 'verify' } | { verb: 'export'; filter: AuditFilter; format: 'csv' | 'json'; out?: string };

function day(text: string, end: boolean, timeZone: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return undefined;
  return end ? zonedTime(y, mo, d, 23, 59, 59, 999, timeZone) : zonedTime(y, mo, d, 0, 0, 0, 0, timeZone);
}

export function parseAudit(words: string[], plan: Plan, timeZone: string): Parsed | string {
  const [verb, ...rest] = words;
  if (verb === 'verify' && rest.length === 0) return { verb: 'verify' };
  if (verb !== 'export') return `audit takes verify or export:\n${AUDIT_USAGE}`;
  const filter: AuditFilter = {};
  let format: 'csv' | 'json' = 'csv';
  let out: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i]!;
    const value = rest[i + 1];
    if (value === undefined) return `${flag} needs a value`;
    i++;
    if (flag === '--from' || flag === '--to') {
      const at = day(value, flag === '--to', timeZone);
      if (!at) return `${flag} takes a date like 2026-10-01`;
      filter[flag === '--from' ? 'from' : 'to'] = at;
    } else if (flag === '--item') {
      if (!/^\d{1,2}[a-z]?$/i.test(value)) return '--item takes an action or part, like 13 or 13b';
      filter.item = value.toLowerCase();
    } else if (flag === '--agency') {
      const found = resolveAgency(plan.agencies, value);
      if (found.kind !== 'found') return `--agency: no single agency is called "${value}"`;
      filter.agency = found.agency.id;
    } else if (flag === '--person') {
      if (!/^[^\s@]+@[^\s@]+$/.test(value)) return '--person takes an email address';
      filter.person = value.toLowerCase();
    } else if (flag === '--format') {
      if (value !== 'csv' && value !== 'json') return '--format takes csv or json';
      format = value;
    } else if (flag === '--out') out = value;
    else return `unknown option ${flag}\n${AUDIT_USAGE}`;
  }
  if (filter.from && filter.to && filter.from.getTime() > filter.to.getTime()) return '--from is after --to';
  return { verb: 'export', filter, format, ...(out ? { out } : {}) };
}

export async function runAudit(parsed: Parsed, deps: { db: Db; writes: WriteQueue; config: Config; io: CliIo }): Promise<number> {
  const { db, writes, config, io } = deps;
  const chain = new MongoAuditChain(db, { timeZone: config.PLAN_TIMEZONE, writes });
  if (parsed.verb === 'verify') {
    const result = await verifyChain(db, chain);
    if (result.ok) {
      io.out(`Audit chain intact: ${result.count} entries, head ${result.head.slice(0, 12)}`);
      return 0;
    }
    io.err(`Audit chain NOT intact: ${result.problem}`);
    return 1;
  }
  const file = parsed.out ? createWriteStream(parsed.out, { mode: 0o600 }) : undefined;
  const write = file ? (chunk: string) => void file.write(chunk) : io.write;
  const count = await exportAudit(chain, { filter: parsed.filter, format: parsed.format, classification: config.CLASSIFICATION, now: new Date() }, write);
  if (file) {
    await new Promise<void>((resolve, reject) => file.end((err?: Error | null) => (err ? reject(err) : resolve())));
    io.err(`${count} audit entries written to ${parsed.out} (${config.CLASSIFICATION}).`);
  }
  return 0;
}

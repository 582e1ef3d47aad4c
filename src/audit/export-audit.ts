// `tsoc audit export`: the audit entries of a period (optionally one item,
// agency or person) with their metadata as columns, for an official
// information request or a person's request for their own information; the
// chain head closes the file so a recipient can check it with `audit verify`.
import { csvCell } from '../cli/export.js';
import type { AuditEntry } from './audit-entry.js';
import type { MongoAuditChain } from './mongo-audit-chain.js';

export interface AuditFilter {
  /** Inclusive, as instants (the start and end of the days asked for, in the plan's time zone). */
  from?: Date;
  to?: Date;
  /** An action ("13": itself and its parts) or a part ("13b"). */
  item?: string;
  /** An agency id: entries by its people or about it. */
  agency?: string;
  /** An email: entries by or about that person. */
  person?: string;
}

const COLUMNS = [
  'classification', 'seq', 'id', 'at_utc', 'at_local', 'activity', 'who_name', 'who_email', 'who_agencies', 'who_platform', 'who_user_id',
  'item', 'milestone', 'agency', 'person', 'channel', 'surface', 'where_channel', 'instance', 'before', 'after', 'reason', 'recorded_at', 'prev_hash', 'hash',
] as const;
type Column = (typeof COLUMNS)[number];

function matches(e: AuditEntry, f: AuditFilter): boolean {
  if (f.from && e.at.getTime() < f.from.getTime()) return false;
  if (f.to && e.at.getTime() > f.to.getTime()) return false;
  if (f.item) {
    const id = e.subject.itemId ?? '';
    if (id !== f.item && !(/^\d+$/.test(f.item) && new RegExp(`^${f.item}[a-z]$`).test(id))) return false;
  }
  if (f.agency && !e.who.agencies.includes(f.agency) && e.subject.agency !== f.agency) return false;
  if (f.person && e.who.email !== f.person && e.subject.person !== f.person) return false;
  return true;
}

function row(e: AuditEntry, classification: string): Record<Column, string | number> {
  return {
    classification, seq: e.seq, id: e.id, at_utc: e.at.toISOString(), at_local: e.atLocal, activity: e.activity,
    who_name: e.who.name, who_email: e.who.email ?? '', who_agencies: e.who.agencies.join(' '), who_platform: e.who.platform, who_user_id: e.who.userId,
    item: e.subject.itemId ?? '', milestone: e.subject.milestone ?? '', agency: e.subject.agency ?? '', person: e.subject.person ?? '', channel: e.subject.channel ?? '',
    surface: e.where.surface, where_channel: e.where.channelId ?? '', instance: e.where.instance,
    before: e.change.before ?? '', after: e.change.after ?? '', reason: e.change.reason ?? '',
    recorded_at: e.recordedAt.toISOString(), prev_hash: e.prevHash, hash: e.hash,
  };
}

/** Streams the matching entries; returns how many were written. */
export async function exportAudit(
  chain: MongoAuditChain,
  options: { filter: AuditFilter; format: 'csv' | 'json'; classification: string; now: Date },
  write: (chunk: string) => void,
): Promise<number> {
  const { format, classification } = options;
  if (format === 'csv') write(`${COLUMNS.join(',')}\n`);
  else write(`{"classification":${JSON.stringify(classification)},"exportedAt":${JSON.stringify(options.now.toISOString())},"filter":${JSON.stringify(options.filter)},"entries":[`);
  let count = 0;
  let head = { seq: 0, hash: '' };
  for await (const stored of chain.entries()) {
    const { storedAt: _ignored, ...entry } = stored;
    head = { seq: entry.seq, hash: entry.hash };
    if (!matches(entry, options.filter)) continue;
    if (format === 'csv') {
      const r = row(entry, classification);
      write(`${COLUMNS.map((c) => csvCell(r[c])).join(',')}\n`);
    } else write(`${count ? ',' : ''}${JSON.stringify(entry)}`);
    count++;
  }
  // The head of the whole chain at export time: `tsoc audit verify` prints the same.
  if (format === 'csv') {
    const last = Object.fromEntries(COLUMNS.map((c) => [c, ''])) as Record<Column, string | number>;
    write(`${COLUMNS.map((c) => csvCell(c === 'classification' ? classification : c === 'seq' ? head.seq : c === 'activity' ? 'chain-head' : c === 'hash' ? head.hash : last[c])).join(',')}\n`);
  } else write(`],"chainHead":${JSON.stringify(head)}}\n`);
  return count;
}

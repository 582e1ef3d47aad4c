// `tsoc export --format csv|json`: every item's current status and the full update history.
import type { Plan } from '../core/plan/plan.js';
import type { PlanStore, StatusUpdate } from '../core/store-port.js';

export type ExportFormat = 'csv' | 'json';

interface Row {
  record: 'current' | 'update';
  item: string;
  action: number;
  status: string;
  note: string;
  at: string;
  by_name: string;
  by_email: string;
  by_agencies: string;
  platform: string;
  channel: string;
  /** CLASSIFICATION: the export carries the marking on every row (last, so the columns before keep their places). */
  classification: string;
}

const COLUMNS: (keyof Row)[] = ['record', 'item', 'action', 'status', 'note', 'at', 'by_name', 'by_email', 'by_agencies', 'platform', 'channel', 'classification'];

function row(record: Row['record'], item: string, action: number, u: StatusUpdate | undefined, classification: string): Row {
  return {
    record, item, action, classification,
    status: u?.status ?? 'not-started',
    note: u?.note ?? '',
    at: u?.at.toISOString() ?? '',
    by_name: u?.by.displayName ?? '',
    by_email: u?.by.email ?? '',
    by_agencies: u?.by.agencies.join(' ') ?? '',
    platform: u?.source.platform ?? '',
    channel: u?.source.channelId ?? '',
  };
}

/** A CSV cell; a leading = + - @ is defused so spreadsheets never run a note as a formula. */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export async function exportPlan(
  plan: Plan, store: PlanStore, format: ExportFormat, write: (chunk: string) => void, now = new Date(), classification = 'IN-CONFIDENCE',
): Promise<number> {
  const statuses = await store.currentStatuses();
  const current = plan.items().map((i) => row('current', i.id, i.action.number, statuses.get(i.id), classification));
  if (format === 'csv') write(`${COLUMNS.join(',')}\n`);
  else write(`{"classification":${JSON.stringify(classification)},"plan":${JSON.stringify({ title: plan.title, version: plan.version })},"exportedAt":${JSON.stringify(now.toISOString())},"current":${JSON.stringify(current)},"updates":[`);
  if (format === 'csv') for (const r of current) write(`${COLUMNS.map((c) => csvCell(r[c])).join(',')}\n`);
  let count = 0;
  for await (const u of store.allUpdates()) {
    const r = row('update', u.itemId, u.action, u, classification);
    if (format === 'csv') write(`${COLUMNS.map((c) => csvCell(r[c])).join(',')}\n`);
    else write(`${count ? ',' : ''}${JSON.stringify(r)}`);
    count++;
  }
  if (format === 'json') write(']}\n');
  return count;
}

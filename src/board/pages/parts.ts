// Pieces several pages share: a status with its words and shape, item links,
// count tiles and count tables.
import { describeAgencies } from './agency-names.js';
import type { Plan, PlanItem } from '../../core/plan/plan.js';
import { STATUSES, STATUS_LABELS, type Status } from '../../core/status.js';
import type { StatusUpdate } from '../../core/store-port.js';
import { formatDateTime } from '../../core/time.js';
import { html, type Html } from '../html.js';
import { STATUS_SYMBOLS } from '../status-style.js';
import type { Counts } from '../summarise.js';

export function statusBadge(status: Status): Html {
  return html`<span class="status s-${status}"><span class="sym" aria-hidden="true">${STATUS_SYMBOLS[status]}</span>${STATUS_LABELS[status]}</span>`;
}

export function itemLink(item: PlanItem): Html {
  return html`<a href="/board/actions/${item.id}">${item.part ? `Part ${item.id}` : `Action ${item.id}`}</a>`;
}

export function actionLink(n: number): Html {
  return html`<a href="/board/actions/${n}">Action ${n}</a>`;
}

/** "Jane Smith (Police), Thu 26 Nov 2026, 9:05 am" */
export function byLine(plan: Plan, u: StatusUpdate, timeZone: string): Html {
  const agencies = u.by.agencies.length ? ` (${describeAgencies(plan, u.by.agencies)})` : '';
  return html`${u.by.displayName}${agencies}, <time datetime="${u.at.toISOString()}">${formatDateTime(u.at, timeZone)}</time>`;
}

export function countTiles(counts: Counts, label: string): Html {
  return html`<ul class="tiles" aria-label="${label}">${STATUSES.map((s) => html`<li class="tile c-${s}"><span class="n">${counts[s]}</span>${statusBadge(s)}</li>`)}</ul>`;
}

export function countTable(caption: string, firstColumn: string, rows: { label: Html | string; counts: Counts }[]): Html {
  return html`<table>
  <caption>${caption}</caption>
  <thead><tr><th scope="col">${firstColumn}</th>${STATUSES.map((s) => html`<th scope="col" class="num">${STATUS_LABELS[s]}</th>`)}<th scope="col" class="num">Total</th></tr></thead>
  <tbody>${rows.map((r) => html`<tr><th scope="row">${r.label}</th>${STATUSES.map((s) => html`<td class="num">${r.counts[s]}</td>`)}<td class="num">${STATUSES.reduce((n, s) => n + r.counts[s], 0)}</td></tr>`)}</tbody>
</table>`;
}

export function itemTitle(item: PlanItem, max = 160): string {
  const text = item.title ?? item.text;
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

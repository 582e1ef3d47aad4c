// /board/report?quarter=2026-Q4 (and `tsoc report`): the quarterly report — a
// printable document with the summary, the weekly chart, and, theme by
// theme, every action's status at the quarter's end, its change in the
// quarter and the reasons given.
import { netChanges, type NetChange } from '../../core/changes/net-changes.js';
import { actionHeading, actionStatus } from '../../core/describe.js';
import type { Action } from '../../core/plan/plan-schema.js';
import type { StatusUpdate } from '../../core/store-port.js';
import { formatDate, formatDateTime } from '../../core/time.js';
import { statusChart } from '../chart.js';
import { html, type Html } from '../html.js';
import { quarterOf, weeksBetween, type Quarter } from '../periods.js';
import { historiesReaching, type BoardDeps } from '../read-board.js';
import { countStatuses, themes, updateAt, weeklyCounts } from '../summarise.js';
import { changesTable } from './changes-table.js';
import { countTiles, itemTitle, statusBadge } from './parts.js';
import { describeAgencies } from './agency-names.js';

export interface ReportOptions {
  /** Links to the board's pages (false in a saved file, which has no board behind it). */
  links: boolean;
}

export async function reportBody(deps: BoardDeps, q: Quarter, options: ReportOptions = { links: true }): Promise<Html> {
  const { plan, timeZone } = deps;
  const now = deps.now();
  const until = new Date(Math.min(q.end.getTime(), now.getTime()));
  const before = new Date(q.start.getTime() - 1);
  const inProgress = q.end.getTime() > now.getTime();
  const histories = q.start.getTime() > now.getTime() ? new Map<string, StatusUpdate[]>() : await historiesReaching(deps.store, before, until);
  const items = plan.items();
  const at = new Map(items.flatMap((i) => { const u = updateAt(histories.get(i.id), until); return u ? [[i.id, u] as const] : []; }));
  const statusOf = (id: string) => at.get(id)?.status ?? 'not-started';
  const changes = netChanges(items, histories, { since: before, until });
  const changeOf = new Map(changes.map((c) => [c.item.id, c]));
  const series = weeklyCounts(items, histories, until.getTime() >= q.start.getTime() ? weeksBetween(q.start, until, timeZone) : []);
  const moved = changes.filter((c) => !c.unchanged);
  const previous = quarterOf(before, timeZone);
  const next = quarterOf(new Date(q.end.getTime() + 1), timeZone);

  return html`<div class="report-cover">
<p class="meta">Transnational, Serious and Organised Crime Action Plan 2026–2030</p>
<h1>Quarterly progress report: ${q.label}</h1>
<p class="lede">${inProgress ? `Quarter in progress — status as at ${formatDateTime(until, timeZone)}` : `Status at the end of the quarter, ${formatDate(q.end, timeZone)}`}. Prepared ${formatDateTime(now, timeZone)} from the TSOC status board.</p>
${options.links ? html`<p class="no-print"><a href="/board/report?quarter=${previous.id}">‹ ${previous.id}</a> · <a href="/board/report?quarter=${next.id}">${next.id} ›</a> · Print this page (Ctrl+P) or save it as PDF to attach to a briefing.</p>` : ''}
</div>
<h2 id="summary">Summary</h2>
<p>${items.length} actions and parts. ${changes.length} were updated during the quarter and ${moved.length} changed status; ${items.filter((i) => statusOf(i.id) === 'at-risk' || statusOf(i.id) === 'off-track').length} ${inProgress ? 'are' : 'were'} at risk or off track ${inProgress ? 'now' : 'at the quarter’s end'}.</p>
${countTiles(countStatuses(items, statusOf), `Actions and parts by status, ${inProgress ? 'now' : 'end of quarter'}`)}
${await statusChart(`Actions and parts by status at the end of each week, ${q.label}`, series, timeZone)}
${moved.length ? html`<h3>Status changes in the quarter</h3>${changesTable(deps, moved, `Net change in ${q.label}, latest first`)}` : ''}
${themes(plan).map((t) => html`<section class="theme" aria-labelledby="theme-${slug(t.theme)}">
<h2 id="theme-${slug(t.theme)}">${t.theme}</h2>
${t.actions.map((a) => actionBlock(deps, a, at, changeOf, histories, before, until, options))}
</section>`)}`;
}

function actionBlock(deps: BoardDeps, action: Action, at: Map<string, StatusUpdate>, changeOf: Map<string, NetChange>, histories: Map<string, StatusUpdate[]>, before: Date, until: Date, options: ReportOptions): Html {
  const { plan, timeZone } = deps;
  const ids = plan.itemIdsOf(action);
  const heading = options.links ? html`<a href="/board/actions/${action.number}">Action ${action.number}</a>` : html`Action ${action.number}`;
  return html`<article class="action">
<h3>${heading}: ${statusBadge(actionStatus(plan, action, at))}</h3>
<p class="meta">${actionHeading(action)} · coordinated by ${describeAgencies(plan, plan.coordinatorsOf(action))}</p>
<p>${action.text}</p>
<table>
<caption class="visually-hidden">Action ${action.number}: status and reasons</caption>
<thead><tr><th scope="col">${ids.length > 1 ? 'Part' : 'Item'}</th><th scope="col">Status</th><th scope="col">Change in the quarter</th><th scope="col">Reasons given in the quarter</th></tr></thead>
<tbody>${ids.map((id) => {
    const item = plan.item(id)!;
    const change = changeOf.get(id);
    const reasons = (histories.get(id) ?? []).filter((u) => u.at.getTime() > before.getTime() && u.at.getTime() <= until.getTime() && u.note);
    return html`<tr><th scope="row">${id}${ids.length > 1 ? html`<br><span class="meta">${itemTitle(item, 70)}</span>` : ''}</th>
<td>${statusBadge(at.get(id)?.status ?? 'not-started')}</td>
<td>${change ? (change.unchanged ? `No net change (${change.count} ${change.count === 1 ? 'update' : 'updates'})` : html`${statusBadge(change.from)} → ${statusBadge(change.to)}`) : 'Not updated'}</td>
<td>${reasons.length ? html`<ul>${reasons.map((u) => html`<li><span class="note">${u.note}</span> <span class="meta">(${u.by.displayName}, ${formatDate(u.at, timeZone)})</span></li>`)}</ul>` : html`<span class="meta">—</span>`}</td></tr>`;
  })}</tbody></table>
</article>`;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

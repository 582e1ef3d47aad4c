// /board: the plan at a glance — counts for the whole plan, by theme and by
// agency, what needs attention and why, and statuses week by week.
import { formatDateTime, daysBetween } from '../../core/time.js';
import { statusChart } from '../chart.js';
import { html, type Html } from '../html.js';
import { weeksBetween } from '../periods.js';
import { OVERVIEW_PER_ITEM, readOverview, type BoardDeps } from '../read-board.js';
import { countStatuses, itemsOfActions, themes, weeklyCounts } from '../summarise.js';
import { byLine, countTable, countTiles, itemLink, itemTitle, statusBadge } from './parts.js';

export const CHART_WEEKS = 12;

export async function overviewPage(deps: BoardDeps): Promise<Html> {
  const { plan, timeZone } = deps;
  const { now, current, histories } = await readOverview(deps);
  const items = plan.items();
  const statusOf = (id: string) => current.get(id)?.status ?? 'not-started';
  const attention = items
    .filter((i) => statusOf(i.id) === 'off-track' || statusOf(i.id) === 'at-risk')
    .sort((a, b) => (statusOf(a.id) === statusOf(b.id) ? 0 : statusOf(a.id) === 'off-track' ? -1 : 1));
  const stale = items.filter((i) => {
    const u = current.get(i.id);
    return statusOf(i.id) !== 'complete' && (!u || daysBetween(u.at, now) >= deps.staleAfterDays);
  });
  const chartFrom = new Date(now.getTime() - (CHART_WEEKS - 1) * 7 * 86_400_000);
  const series = weeklyCounts(items, histories, weeksBetween(chartFrom, now, timeZone), OVERVIEW_PER_ITEM);
  const agencies = plan.agencies
    .map((agency) => ({ agency, items: items.filter((i) => i.coordinators.includes(agency.id)) }))
    .filter((a) => a.items.length > 0);

  return html`<h1>Where the plan stands</h1>
<p class="lede">${items.length} actions and parts of the ${plan.title}, as at ${formatDateTime(now, timeZone)}.</p>
${countTiles(countStatuses(items, statusOf), 'Actions and parts by status, whole plan')}

<h2 id="attention">At risk and off track</h2>
${attention.length === 0 ? html`<p>Nothing is at risk or off track.</p>` : html`<ul class="attention">${attention.map((item) => {
    const u = current.get(item.id)!;
    return html`<li class="c-${u.status}"><p>${statusBadge(u.status)} — ${itemLink(item)}: ${itemTitle(item, 140)}</p>
  <p><strong>Reason:</strong> <span class="note">${u.note || 'none given'}</span></p>
  <p class="meta">Coordinated by ${coordinators(deps, item.coordinators)} · updated by ${byLine(plan, u, timeZone)}</p></li>`;
  })}</ul>`}

<h2 id="stale">No update in ${deps.staleAfterDays} days or more</h2>
${stale.length === 0 ? html`<p>Every action and part not yet complete has had an update in the last ${deps.staleAfterDays} days.</p>`
  : html`<p>${stale.length} not yet complete: ${stale.map((item, i) => html`${i ? ', ' : ''}${itemLink(item)}`)}.</p>`}

<h2 id="trend">Statuses week by week</h2>
${await statusChart(`Actions and parts by status at the end of each week, last ${series.length} weeks`, series, timeZone)}

<h2 id="themes">By theme</h2>
${countTable('Actions and parts by theme and status', 'Theme', themes(plan).map((t) => ({ label: t.theme, counts: countStatuses(itemsOfActions(plan, t.actions), statusOf) })))}

<h2 id="agencies">By coordinating agency</h2>
<p class="meta">An action or part with several coordinators counts once for each.</p>
${countTable('Actions and parts by coordinating agency and status', 'Agency', agencies.map((a) => ({
    label: html`<a href="/board/agencies/${a.agency.id}">${a.agency.shortName}</a>`,
    counts: countStatuses(a.items, statusOf),
  })))}`;
}

export function coordinators(deps: BoardDeps, ids: readonly string[]): Html {
  return html`${ids.map((id, i) => html`${i ? ', ' : ''}<a href="/board/agencies/${id}">${deps.plan.agency(id)?.shortName ?? id}</a>`)}`;
}

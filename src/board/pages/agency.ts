// /board/agencies/police: what an agency coordinates, where each stands, and
// the latest updates to them.
import { agencyLabel } from '../../core/describe.js';
import { resolveAgency } from '../../core/resolve-agency.js';
import { formatDateTime } from '../../core/time.js';
import { html, type Html } from '../html.js';
import { readOverview, type BoardDeps } from '../read-board.js';
import { countStatuses } from '../summarise.js';
import { byLine, countTiles, itemLink, itemTitle, statusBadge } from './parts.js';

const RECENT = 15;

export async function agencyPage(deps: BoardDeps, ref: string): Promise<{ title: string; body: Html } | undefined> {
  const { plan, timeZone } = deps;
  const match = plan.agency(ref) ?? (() => {
    const m = resolveAgency(plan.agencies, ref);
    return m.kind === 'found' ? m.agency : undefined;
  })();
  if (!match) return undefined;
  const items = plan.items().filter((i) => i.coordinators.includes(match.id));
  const { now, current, histories } = await readOverview(deps);
  const statusOf = (id: string) => current.get(id)?.status ?? 'not-started';
  const recent = items
    .flatMap((item) => (histories.get(item.id) ?? []).map((u) => ({ item, u })))
    .sort((a, b) => b.u.at.getTime() - a.u.at.getTime())
    .slice(0, RECENT);
  const title = agencyLabel(match);
  const body = html`<p class="meta"><a href="/board">Overview</a> › ${match.shortName}</p>
<h1>${title}</h1>
<p class="lede">Coordinates or co-coordinates ${items.length} actions and parts, as at ${formatDateTime(now, timeZone)}.</p>
${items.length ? countTiles(countStatuses(items, statusOf), `${match.shortName}'s actions and parts by status`) : ''}
<h2>Actions and parts</h2>
${items.length === 0 ? html`<p>${match.shortName} coordinates no action or part of the plan.</p>` : html`<table>
<caption>What ${match.shortName} coordinates</caption>
<thead><tr><th scope="col">Action or part</th><th scope="col">Status</th><th scope="col">Latest reason</th><th scope="col">Updated</th></tr></thead>
<tbody>${items.map((item) => {
    const u = current.get(item.id);
    return html`<tr><th scope="row">${itemLink(item)}<br><span class="meta">${itemTitle(item, 90)}</span></th><td>${statusBadge(statusOf(item.id))}</td>
<td class="note">${u?.note ?? ''}</td><td>${u ? byLine(plan, u, timeZone) : html`<span class="meta">never</span>`}</td></tr>`;
  })}</tbody></table>`}
<h2>Recent updates</h2>
${recent.length === 0 ? html`<p>No updates yet.</p>` : html`<ol class="timeline" aria-label="Latest updates, newest first">${recent.map(({ item, u }) => html`<li>
<p>${itemLink(item)}: ${statusBadge(u.status)} <span class="meta">— ${byLine(plan, u, timeZone)}</span></p>
${u.note ? html`<p class="note">${u.note}</p>` : ''}</li>`)}</ol>`}`;
  return { title, body };
}

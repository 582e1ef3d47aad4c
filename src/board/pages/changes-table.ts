// A table of net changes: from → to, how many updates, the latest reason and who gave it.
import type { NetChange } from '../../core/changes/net-changes.js';
import { html, type Html } from '../html.js';
import type { BoardDeps } from '../read-board.js';
import { byLine, itemLink, itemTitle, statusBadge } from './parts.js';

export function changesTable(deps: BoardDeps, changes: readonly NetChange[], caption: string): Html {
  return html`<table>
<caption>${caption}</caption>
<thead><tr><th scope="col">Action or part</th><th scope="col">Was</th><th scope="col">Now</th><th scope="col" class="num">Updates</th><th scope="col">Latest reason</th></tr></thead>
<tbody>${changes.map((c) => html`<tr><th scope="row">${itemLink(c.item)}<br><span class="meta">${itemTitle(c.item, 80)}</span></th>
<td>${statusBadge(c.from)}</td><td>${statusBadge(c.to)}${c.unchanged ? html`<br><span class="meta">no net change</span>` : ''}</td>
<td class="num">${c.count}</td>
<td><span class="note">${c.latest.note || '—'}</span><br><span class="meta">${byLine(deps.plan, c.latest, deps.timeZone)}</span></td></tr>`)}</tbody>
</table>`;
}

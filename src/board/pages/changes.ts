// /board/changes?since=2026-11-01: each item's net change since a day (where
// it stood then, where it stands now, how many updates, the latest reason),
// from the same netChanges() the digest and the `changes` command use.
import { netChanges } from '../../core/changes/net-changes.js';
import { formatDate, zonedDate } from '../../core/time.js';
import { html, type Html } from '../html.js';
import { startOfDay } from '../periods.js';
import { historiesReaching, type BoardDeps } from '../read-board.js';
import { changesTable } from './changes-table.js';

export const DEFAULT_DAYS = 28;

export async function changesPage(deps: BoardDeps, sinceText: string | null): Promise<{ status: number; body: Html }> {
  const now = deps.now();
  const fallback = zonedDate(new Date(now.getTime() - DEFAULT_DAYS * 86_400_000), deps.timeZone);
  const defaultText = `${fallback.y}-${String(fallback.m).padStart(2, '0')}-${String(fallback.d).padStart(2, '0')}`;
  const text = sinceText?.trim() || defaultText;
  const start = startOfDay(text, deps.timeZone);
  const form = html`<form class="inline no-print" method="get" action="/board/changes">
  <p><label for="since">Changes since (YYYY-MM-DD)</label><br><input id="since" name="since" value="${text}"></p>
  <p><button type="submit">Show changes</button></p></form>`;
  if (!start || start.getTime() > now.getTime()) {
    return { status: 400, body: html`<h1>Changes</h1>${form}
<p role="alert">“${text}” is not a past date. Give a day as YYYY-MM-DD, e.g. ${defaultText}.</p>` };
  }
  const since = new Date(start.getTime() - 1); // the period's start is exclusive: updates at midnight belong in it
  const changes = netChanges(deps.plan.items(), await historiesReaching(deps.store, since, now), { since, until: now });
  return { status: 200, body: html`<h1>Changes since ${formatDate(start, deps.timeZone)}</h1>
${form}
<p class="lede">${changes.length === 0 ? 'No action or part has been updated since then.' : `${changes.length} actions and parts updated; ${changes.filter((c) => !c.unchanged).length} changed status.`}</p>
${changes.length ? changesTable(deps, changes, `Net change since ${formatDate(start, deps.timeZone)}, latest first`) : ''}` };
}

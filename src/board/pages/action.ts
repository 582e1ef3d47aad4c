// /board/actions/13b (or /board/actions/13): the plan's words for an action
// or part, its coordinators, what success looks like, where it stands, and
// every update with who, when and why.
import { actionHeading, actionStatus } from '../../core/describe.js';
import type { PlanItem } from '../../core/plan/plan.js';
import { isReply, resolveTarget } from '../../core/resolve-item.js';
import { html, type Html } from '../html.js';
import type { BoardDeps } from '../read-board.js';
import { coordinators } from './overview.js';
import { byLine, statusBadge } from './parts.js';

export async function actionPage(deps: BoardDeps, ref: string): Promise<{ title: string; body: Html } | undefined> {
  const target = resolveTarget(deps.plan, ref);
  if (isReply(target)) return undefined;
  const { plan } = deps;
  const items = target.kind === 'action' ? target.items : [target.item];
  const [current, histories] = await Promise.all([
    deps.store.currentStatuses(undefined, items.map((i) => i.id)),
    Promise.all(items.map((i) => deps.store.history(i.id))),
  ]);
  const action = target.action;
  const title = target.kind === 'item' ? `Part ${target.item.id}` : `Action ${action.number}`;
  const partsOfAction = target.kind === 'action' && action.parts.length > 0;
  const body = html`<p class="meta"><a href="/board">Overview</a> › ${title}</p>
<h1>${title}</h1>
<p class="lede">${actionHeading(action)}</p>
${partsOfAction ? html`<p class="plan-text">${action.text}</p>
<p>Status of the action (from its parts): ${statusBadge(actionStatus(plan, action, current))}</p>
<p>Parts: ${items.map((i, k) => html`${k ? ', ' : ''}<a href="#part-${i.id}">${i.id}</a>`)}</p>` : ''}
${target.kind === 'item' && target.item.part ? html`<p class="meta">A part of <a href="/board/actions/${action.number}">action ${action.number}</a>: ${action.text}</p>` : ''}
${items.map((item, k) => itemSection(deps, item, current.get(item.id)?.status ?? 'not-started', histories[k]!, partsOfAction))}
${action.success.length && (target.kind === 'action' || items.every((i) => i.success.length === 0)) ? html`<h2>What success looks like${action.parts.length ? ' for the action' : ''}</h2>
<ul>${action.success.map((s) => html`<li>${s}</li>`)}</ul>` : ''}`;
  return { title, body };
}

function itemSection(deps: BoardDeps, item: PlanItem, status: Parameters<typeof statusBadge>[0], history: Awaited<ReturnType<BoardDeps['store']['history']>>, asPart: boolean): Html {
  const { plan, timeZone } = deps;
  const heading = asPart ? html`<h2 id="part-${item.id}">Part ${item.id}${item.title ? `: ${item.title}` : ''}</h2>` : html``;
  const sub = asPart ? 'h3' : 'h2';
  return html`<section aria-labelledby="${asPart ? `part-${item.id}` : `status-${item.id}`}">
${heading}
<p class="plan-text">${item.text}</p>
<dl class="cols">
  <div><dt><strong>Coordinators</strong></dt><dd>${coordinators(deps, item.coordinators)}</dd></div>
  <div><dt><strong>Current status</strong></dt><dd>${statusBadge(status)}</dd></div>
</dl>
${item.success.length ? html`${hx(sub, 'What success looks like')}<ul>${item.success.map((s) => html`<li>${s}</li>`)}</ul>` : ''}
${hx(sub, 'History', `status-${item.id}`)}
${history.length === 0 ? html`<p>No updates yet: not started.</p>` : html`<ol class="timeline" aria-label="History of ${item.id}, newest first">${history.map((u) => html`<li>
  <p>${statusBadge(u.status)} <span class="meta">— ${byLine(plan, u, timeZone)}</span></p>
  ${u.note ? html`<p class="note">${u.note}</p>` : html`<p class="meta">No reason given.</p>`}
</li>`)}</ol>`}
</section>`;
}

function hx(level: string, text: string, id?: string): Html {
  return level === 'h3' ? html`<h3${id ? html` id="${id}"` : ''}>${text}</h3>` : html`<h2${id ? html` id="${id}"` : ''}>${text}</h2>`;
}

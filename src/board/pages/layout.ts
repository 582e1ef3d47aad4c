// The frame of every board page: skip link, banner, navigation, main, footer.
import { html, type Html } from '../html.js';
import type { BoardUser } from '../sign-in-store.js';

export interface LayoutOptions {
  title: string;
  user?: BoardUser;
  /** Which navigation entry is this page ("overview", "changes", "report"). */
  current?: string;
  body: Html;
  /** CLASSIFICATION, marked at the top and the foot of every page. */
  classification?: string;
}

/**
 * The protective marking: at the top a labelled region of its own (every part of a page sits in a
 * landmark); at the foot a line inside the footer.
 */
export function marking(classification: string | undefined, where: 'top' | 'foot' = 'top'): Html | string {
  if (!classification) return '';
  return where === 'top'
    ? html`<section class="classification" aria-label="Security classification"><p>${classification}</p></section>`
    : html`<p class="classification">${classification}</p>`;
}

const NAV = [
  { id: 'overview', href: '/board', label: 'Overview' },
  { id: 'changes', href: '/board/changes', label: 'Changes' },
  { id: 'report', href: '/board/report', label: 'Quarterly report' },
];

export function layout(o: LayoutOptions): Html {
  return html`<html lang="en-NZ">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} — TSOC Action Plan status board</title>
<link rel="stylesheet" href="/board/board.css">
<link rel="icon" href="data:,">
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
${marking(o.classification)}
<header class="site">
  <a class="brand" href="/board">TSOC Action Plan 2026–2030 · Status board</a>
  ${o.user ? html`<span class="who">Signed in as ${o.user.displayName}${o.user.steward ? ' (steward)' : ''}
    <form method="post" action="/board/sign-out"><button type="submit">Sign out</button></form></span>` : ''}
</header>
${o.user ? html`<nav class="site" aria-label="Board"><ul>${NAV.map((n) => html`<li><a href="${n.href}"${n.id === o.current ? html` aria-current="page"` : ''}>${n.label}</a></li>`)}</ul></nav>` : ''}
<main id="main">
${o.body}
</main>
<footer class="site"><p>Transnational, Serious and Organised Crime Action Plan 2026–2030. Read-only: statuses are updated from Slack, Teams or the <code>tsoc</code> command.</p>${marking(o.classification, 'foot')}</footer>
</body>
</html>`;
}

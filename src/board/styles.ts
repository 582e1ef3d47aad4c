// The board's one stylesheet, served from /board/board.css (the CSP allows no
// inline style). Print rules make the report a briefing document: A4, no
// navigation, each theme on a new page, tables that do not split rows.
export const BOARD_CSS = `
:root { --ink: #1a1a1a; --muted: #4d4d4d; --rule: #c9c9c9; --accent: #0b3d6b; --bg-soft: #f3f5f8; }
* { box-sizing: border-box; }
html { font-family: Arial, Helvetica, sans-serif; color: var(--ink); line-height: 1.45; font-size: 100%; }
body { margin: 0; background: #fff; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, summary:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
.skip-link { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem 1rem; z-index: 10; }
.skip-link:focus { left: 1rem; }
header.site { background: var(--accent); color: #fff; padding: .75rem 1.5rem; display: flex; flex-wrap: wrap; gap: 1rem; align-items: baseline; justify-content: space-between; }
header.site a { color: #fff; }
header.site .brand { font-weight: bold; font-size: 1.1rem; text-decoration: none; }
header.site .who { font-size: .9rem; }
header.site form { display: inline; }
header.site button { background: none; border: 1px solid #fff; color: #fff; padding: .15rem .6rem; font: inherit; cursor: pointer; }
nav.site { background: var(--bg-soft); border-bottom: 1px solid var(--rule); padding: .4rem 1.5rem; }
nav.site ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 1.25rem; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.7rem; margin: .5rem 0 .25rem; color: var(--accent); }
h2 { font-size: 1.3rem; margin: 2rem 0 .5rem; border-bottom: 2px solid var(--accent); padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .35rem; }
.lede { color: var(--muted); margin-top: 0; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .75rem; margin: 1rem 0; padding: 0; list-style: none; }
.tile { border: 1px solid var(--rule); border-top: 6px solid var(--c, #666); padding: .6rem .8rem; background: #fff; }
.tile .n { display: block; font-size: 2rem; font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .95rem; }
caption { text-align: left; font-weight: bold; padding: .25rem 0; }
th, td { border-bottom: 1px solid var(--rule); padding: .35rem .5rem; text-align: left; vertical-align: top; }
thead th { background: var(--bg-soft); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.status { white-space: nowrap; font-weight: bold; }
.status .sym { display: inline-block; width: 1.1em; }
.s-not-started { color: #595959; } .s-on-track { color: #1b7a3e; } .s-at-risk { color: #8a4b00; } .s-off-track { color: #b3261e; } .s-complete { color: #1d4f91; }
.c-not-started { --c: #6b6b6b; } .c-on-track { --c: #1b7a3e; } .c-at-risk { --c: #a35a00; } .c-off-track { --c: #b3261e; } .c-complete { --c: #1d4f91; }
.attention { list-style: none; padding: 0; }
.attention li { border-left: 6px solid var(--c, #666); padding: .4rem .8rem; margin: .5rem 0; background: var(--bg-soft); }
.note { white-space: pre-wrap; overflow-wrap: anywhere; }
.meta { color: var(--muted); font-size: .9rem; }
figure.chart { margin: 1rem 0; }
figure.chart figcaption { font-weight: bold; margin-bottom: .25rem; }
figure.chart svg { max-width: 100%; height: auto; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
ol.timeline { list-style: none; padding: 0; border-left: 3px solid var(--rule); margin-left: .5rem; }
ol.timeline li { padding: .2rem 0 .8rem 1rem; position: relative; }
.plan-text { font-size: 1.05rem; }
dl.cols dd { margin: .2rem 0 .6rem; }
.cols { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: 0 2rem; }
.signin { max-width: 36rem; }
.signin button, .signin a.button { background: var(--accent); color: #fff; border: 0; padding: .6rem 1.4rem; font-size: 1rem; cursor: pointer; }
.signin a.button { display: inline-block; text-decoration: none; }
form.inline { display: flex; gap: .5rem; align-items: end; flex-wrap: wrap; margin: .5rem 0 1rem; }
form.inline input, form.inline button { font: inherit; padding: .3rem .5rem; }
.classification p { margin: 0; } .classification { padding: .25rem 1rem; text-align: center; font-weight: bold; letter-spacing: .05em; background: #fff; color: var(--ink); border-bottom: 1px solid var(--rule); }
footer.site { border-top: 1px solid var(--rule); color: var(--muted); font-size: .85rem; padding: 1rem 1.5rem; text-align: center; }
.report-cover { border-bottom: 3px solid var(--accent); margin-bottom: 1rem; }
.print-only { display: none; }
@media print {
  @page { size: A4; margin: 16mm 14mm; }
  html { font-size: 10.5pt; }
  header.site, nav.site, .skip-link, .no-print, footer.site form { display: none !important; }
  .print-only { display: block; }
  main { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  section.theme { break-before: page; }
  tr, li, figure { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  thead { display: table-header-group; }
}
`;

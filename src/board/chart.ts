// Charts: a Vega-Lite spec rendered to SVG on the server (no script reaches
// the browser), inside a figure with a caption, a text summary for screen
// readers, and the same numbers as a table. The SVG of identical data is kept
// (a few entries), and each chart's compiled view is reused with new data:
// compiling costs tens of milliseconds. The data is read fresh from the store
// for every page, so nothing shown is ever stale.
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { STATUSES, STATUS_LABELS } from '../core/status.js';
import { dateFormat, formatDate } from '../core/time.js';
import { html, raw, type Html } from './html.js';
import { STATUS_COLOURS } from './status-style.js';
import type { WeekCounts } from './summarise.js';

const DATA = 'statuses';
/** One compiled view per chart shape, fed new data for each render (compiling is most of the cost). */
const views = new Map<string, { view: vega.View; turn: Promise<unknown> }>();
const rendered = new Map<string, string>();
const KEEP = 16;

async function toSvg(spec: TopLevelSpec, values: readonly object[]): Promise<string> {
  const shape = JSON.stringify(spec);
  const key = shape + JSON.stringify(values);
  const hit = rendered.get(key);
  if (hit) return hit;
  let entry = views.get(shape);
  if (!entry) {
    entry = { view: new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' }), turn: Promise.resolve() };
    views.set(shape, entry);
  }
  // One render at a time per view: each sets the view's data, then draws it.
  const { view } = entry;
  const svg = entry.turn.then(async () => {
    view.data(DATA, values.slice());
    return view.toSVG();
  });
  entry.turn = svg.catch(() => undefined);
  const out = await svg;
  if (rendered.size >= KEEP) rendered.delete(rendered.keys().next().value!);
  rendered.set(key, out);
  return out;
}

/** The SVG, made a labelled image: its own role and name, its inner marks hidden from assistive technology. */
function asImage(svg: string, label: string): string {
  return svg
    .replace(/^<svg /, `<svg role="img" aria-label="${label.replace(/[&<>"]/g, '')}" focusable="false" `)
    .replace(/ aria-roledescription="[^"]*"/g, '')
    .replace(/<g class="mark-/g, '<g aria-hidden="true" class="mark-');
}

export async function statusChart(title: string, series: readonly WeekCounts[], timeZone: string): Promise<Html> {
  const weekLabel = (w: WeekCounts) => dateFormat('en-NZ', { timeZone, day: 'numeric', month: 'short' }).format(w.week.start);
  const values = series.flatMap((w) => STATUSES.map((s, order) => ({ week: weekLabel(w), status: STATUS_LABELS[s], order, count: w.counts[s] })));
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 720, height: 260, background: 'white',
    config: { font: 'Arial, Helvetica, sans-serif', axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { labelFontSize: 12, titleFontSize: 12 } },
    data: { name: DATA },
    mark: { type: 'bar', stroke: 'white', strokeWidth: 0.5 },
    encoding: {
      x: { field: 'week', type: 'ordinal', sort: null, title: 'Week commencing', axis: { labelAngle: -40 } },
      y: { field: 'count', type: 'quantitative', stack: 'zero', title: 'Actions and parts' },
      color: {
        field: 'status', type: 'nominal', title: 'Status',
        scale: { domain: STATUSES.map((s) => STATUS_LABELS[s]), range: STATUSES.map((s) => STATUS_COLOURS[s]) },
      },
      order: { field: 'order', type: 'quantitative' },
    },
  };
  const svg = series.length ? await toSvg(spec, values) : '';
  const last = series[series.length - 1];
  const summary = last
    ? `${title}: ${series.length} weeks, from the week commencing ${formatDate(series[0]!.week.start, timeZone)} to the week commencing ${formatDate(last.week.start, timeZone)}. In the latest week ${STATUSES.map((s) => `${last.counts[s]} ${STATUS_LABELS[s].toLowerCase()}`).join(', ')}. The table below gives every week's numbers.`
    : `${title}: no weeks to show yet.`;
  return html`<figure class="chart">
  <figcaption>${title}</figcaption>
  ${svg ? raw(asImage(svg, summary)) : html`<p>No weeks to show yet.</p>`}
  <p class="visually-hidden">${summary}</p>
  <table class="data">
    <caption>${title} (numbers)</caption>
    <thead><tr><th scope="col">Week commencing</th>${STATUSES.map((s) => html`<th scope="col">${STATUS_LABELS[s]}</th>`)}</tr></thead>
    <tbody>${series.map((w) => html`<tr><th scope="row">${formatDate(w.week.start, timeZone)}</th>${STATUSES.map((s) => html`<td>${w.counts[s]}</td>`)}</tr>`)}</tbody>
  </table>
</figure>`;
}

// The measure chart, drawn on the server as SVG: every figure over time (a dot
// for a point figure, a bar for a range, coloured by source), the consensus
// band and centre as they moved, and the departures ringed. Being plain SVG in
// the page, it needs no script and every mark is an element a test (or a
// screen reader, through <title>) can inspect.
import { scaleLinear, scaleLog, scaleUtc, type ScaleContinuousNumeric } from 'd3-scale';
import { area, curveStepAfter, line } from 'd3-shape';
import { fmtDate, fmtFigure, fmtNumber, fmtRounded, fmtRoundedRange, html, trusted, type Html } from './html.js';

export interface ChartFigure {
  id: number;
  low: number;
  high: number;
  unit: string;
  per?: string | null;
  qualifier: string;
  status: string;
  scope: string;
  /** Who it comes from (the originator); figures are coloured by it. */
  source: string;
  reportedAt: Date;
  /** Marked wrong by an operator: drawn faint, and in no consensus. */
  dismissed?: boolean;
  /** Set when the figure raised an alert. */
  departure?: {
    alertId: number;
    ratio: number;
    direction: string;
    /** For an `additional` figure: the total it implies on top of the consensus, which is what departs. */
    implied?: { low: number; high: number } | null;
    /** The alert's state: a `history` one (old news) was never posted. */
    state?: string;
    /** Kept out of the consensus: it departed, and neither an operator nor an independent source has backed it yet. */
    keptOut?: boolean;
  } | null;
}

export interface ChartConsensus {
  id: number;
  at: Date;
  centre: number;
  bandLow: number;
  bandHigh: number;
  figures: number;
  sources: number;
}

export interface ChartInput {
  figures: ChartFigure[];
  consensus: ChartConsensus[];
  unit: string;
  title: string;
}

/** Tableau 10: distinct for the handful of sources a measure usually has. */
export const SOURCE_COLOURS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#b07aa1', '#76b7b2', '#edc948', '#ff9da7', '#9c755f', '#bab0ac'];

export function sourceColours(figures: ChartFigure[]): Map<string, string> {
  const colours = new Map<string, string>();
  for (const f of figures) {
    if (!colours.has(f.source)) colours.set(f.source, SOURCE_COLOURS[colours.size % SOURCE_COLOURS.length]);
  }
  return colours;
}

const W = 960;
const H = 440;
const M = { top: 24, right: 24, bottom: 44, left: 76 };
const DAY = 86_400_000;

const r1 = (n: number) => Math.round(n * 10) / 10;
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

export function renderMeasureChart(input: ChartInput): Html {
  const { figures, unit } = input;
  const points = [...input.consensus].sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id);
  if (figures.length === 0 && points.length === 0) {
    return html`<p class="empty">No figures reported for this measure yet.</p>`;
  }

  const times = [...figures.map((f) => f.reportedAt.getTime()), ...points.map((p) => p.at.getTime())];
  let t0 = Math.min(...times);
  let t1 = Math.max(...times);
  const pad = Math.max((t1 - t0) * 0.04, 2 * DAY);
  t0 -= pad;
  t1 += pad;
  const x = scaleUtc().domain([new Date(t0), new Date(t1)]).range([M.left, W - M.right]);

  const values = [
    ...figures.flatMap((f) => [f.low, f.high, f.departure?.implied?.low ?? f.low, f.departure?.implied?.high ?? f.high]),
    ...points.flatMap((p) => [p.bandLow, p.bandHigh, p.centre]),
  ].filter(Number.isFinite);
  const vMin = Math.min(...values);
  const vMax = Math.max(...values);
  // A linear axis shows at a glance how far a figure is from the rest. Only
  // when the whole-measure figures themselves span orders of magnitude does
  // the axis turn logarithmic (parts of the whole, like "30 special forces",
  // may sit near zero: they never make the consensus).
  const wholes = [...figures.filter((f) => f.scope !== 'subset').flatMap((f) => [f.low, f.high]), ...points.map((p) => p.centre)].filter((v) => v > 0);
  const logScale = vMin > 0 && wholes.length > 0 && Math.max(...wholes) / Math.min(...wholes) > 100;
  const y: ScaleContinuousNumeric<number, number> = logScale
    ? scaleLog().domain([vMin / 1.6, vMax * 1.6]).range([H - M.bottom, M.top]).nice()
    : scaleLinear().domain([Math.min(0, vMin), vMax * 1.08 || 1]).range([H - M.bottom, M.top]).nice();

  const colours = sourceColours(figures);

  // Figures reported on the same day are spread sideways so none hides another.
  const slot = new Map<number, number>();
  const sameDay = new Map<number, number>();
  for (const f of figures) {
    const key = Math.round(x(f.reportedAt) / 6);
    sameDay.set(key, (sameDay.get(key) ?? 0) + 1);
  }
  const placed = new Map<number, number>();
  const cx = (f: ChartFigure) => {
    const key = Math.round(x(f.reportedAt) / 6);
    if (!slot.has(f.id)) {
      const i = placed.get(key) ?? 0;
      placed.set(key, i + 1);
      slot.set(f.id, i - ((sameDay.get(key) ?? 1) - 1) / 2);
    }
    return r1(x(f.reportedAt) + slot.get(f.id)! * 11);
  };

  // ── axes and grid ──
  const yTicks = y.ticks(6);
  // A log scale's formatter leaves the in-between ticks unlabelled (''): those are skipped.
  const shown = y.tickFormat(6, '~s');
  const yFormat = (v: number) => (shown(v) ? compact.format(v) : '');
  const yAxis = yTicks.map((v) => {
    const label = yFormat(v);
    if (!label) return html``;
    const py = r1(y(v));
    return html`<g class="tick y-tick" data-value="${v}"><line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${py}" y2="${py}"/><text x="${M.left - 8}" y="${py}" dy="0.32em" text-anchor="end">${label}</text></g>`;
  });
  const xFormat = x.tickFormat();
  const xAxis = x.ticks(7).map((d) => {
    const px = r1(x(d));
    return html`<g class="tick x-tick"><line class="grid" x1="${px}" x2="${px}" y1="${M.top}" y2="${H - M.bottom}"/><text x="${px}" y="${H - M.bottom + 18}" text-anchor="middle">${xFormat(d)}</text></g>`;
  });

  // ── consensus: a stepped band and centre, held until the next move ──
  let consensusMarks: Html = html``;
  if (points.length) {
    const last = points[points.length - 1];
    const held = [...points, { ...last, at: new Date(t1), id: -1 }];
    const band = area<ChartConsensus>()
      .x((p) => x(p.at)).y0((p) => y(p.bandLow)).y1((p) => y(p.bandHigh))
      .curve(curveStepAfter)(held) ?? '';
    const centre = line<ChartConsensus>().x((p) => x(p.at)).y((p) => y(p.centre)).curve(curveStepAfter)(held) ?? '';
    consensusMarks = html`
      <path class="consensus-band" d="${band}" data-steps="${points.length}"><title>Consensus band as it moved</title></path>
      <path class="consensus-centre" d="${centre}" data-steps="${points.length}"><title>Consensus centre as it moved</title></path>
      ${points.map((p) => html`<circle class="consensus-point" cx="${r1(x(p.at))}" cy="${r1(y(p.centre))}" r="3"
        data-consensus-id="${p.id}" data-at="${p.at.toISOString()}" data-centre="${p.centre}" data-band-low="${p.bandLow}" data-band-high="${p.bandHigh}"
        data-figures="${p.figures}" data-sources="${p.sources}"><title>${fmtDate(p.at)}: consensus about ${fmtRounded(p.centre)} (band ${fmtRoundedRange(p.bandLow, p.bandHigh)}), from ${p.figures} figures, ${p.sources} sources</title></circle>`)}`;
  }

  // ── figures ──
  const figureMarks = figures.map((f) => {
    const px = cx(f);
    const colour = colours.get(f.source)!;
    const kind = f.low === f.high ? 'point' : 'range';
    const keptOut = f.departure?.keptOut === true;
    const history = f.departure?.state === 'history';
    const cls = `figure ${kind} qualifier-${f.qualifier} status-${f.status} scope-${f.scope}${f.departure ? ' departs' : ''}${keptOut ? ' kept-out' : ''}${history ? ' history' : ''}${f.dismissed ? ' dismissed' : ''}`;
    const tip = `${fmtDate(f.reportedAt)}: ${fmtFigure(f.low, f.high, f.unit, f.per)} (${f.qualifier}, ${f.status}, ${f.scope}) from ${f.source}` +
      (f.dismissed ? '; dismissed as wrong' : '') +
      (f.departure ? `; departs from the consensus (×${f.departure.ratio.toFixed(1)} ${f.departure.direction})` : '') +
      (history ? '; old news: recorded as history, not posted' : '') +
      (keptOut ? '; kept out of the consensus until confirmed or corroborated' : '');
    const data = html`data-claim-id="${f.id}" data-low="${f.low}" data-high="${f.high}" data-source="${f.source}" data-date="${f.reportedAt.toISOString()}" data-qualifier="${f.qualifier}" data-status="${f.status}" data-scope="${f.scope}"`;
    const yHigh = r1(y(f.high));
    const yLow = r1(y(f.low));
    const mark = kind === 'point'
      ? html`<circle class="${cls}" ${data} cx="${px}" cy="${yLow}" r="5.5" fill="${colour}"><title>${tip}</title></circle>`
      : html`<rect class="${cls}" ${data} x="${r1(px - 4.5)}" y="${yHigh}" width="9" height="${Math.max(2, r1(yLow - yHigh))}" rx="2" fill="${colour}"><title>${tip}</title></rect>`;
    if (!f.departure) return mark;
    const ringCls = `departure${history ? ' history' : ''}`;
    const ring = kind === 'point'
      ? html`<circle class="${ringCls}" data-claim-id="${f.id}" data-alert-id="${f.departure.alertId}" cx="${px}" cy="${yLow}" r="11"/>`
      : html`<rect class="${ringCls}" data-claim-id="${f.id}" data-alert-id="${f.departure.alertId}" x="${r1(px - 9)}" y="${r1(yHigh - 5)}" width="18" height="${r1(Math.max(2, yLow - yHigh) + 10)}" rx="5"/>`;
    // The label sits left of the mark when the mark is near the right edge.
    const right = px > W - M.right - 220;
    const dx = right ? px - 16 : px + 16;
    const anchor = right ? 'end' : 'start';
    const implied = f.departure.implied;
    let impliedMark: Html = html``;
    let labelY = (yHigh + yLow) / 2;
    if (implied) {
      const iyHigh = r1(y(implied.high));
      const iyLow = r1(y(implied.low));
      labelY = (iyHigh + iyLow) / 2;
      impliedMark = html`<line class="implied-link" x1="${px}" x2="${px}" y1="${r1(yHigh - 5)}" y2="${iyLow}"/>
        <rect class="implied-total" data-claim-id="${f.id}" data-low="${implied.low}" data-high="${implied.high}" x="${r1(px - 4.5)}" y="${iyHigh}" width="9" height="${Math.max(2, r1(iyLow - iyHigh))}" rx="2"><title>With the consensus already there: about ${fmtRoundedRange(implied.low, implied.high, f.unit)} in all</title></rect>
        <text class="implied-label" x="${dx}" y="${r1(labelY + 16)}" dy="0.32em" text-anchor="${anchor}">≈ ${fmtRoundedRange(implied.low, implied.high)} in all</text>`;
    }
    const label = html`<text class="departure-label" x="${dx}" y="${r1(labelY)}" dy="0.32em" text-anchor="${anchor}">${f.status === 'additional' ? '+' : ''}${fmtFigure(f.low, f.high)} departs ×${f.departure.ratio.toFixed(1)}${history ? ' (history)' : ''}</text>`;
    return html`<g class="departure-group">${impliedMark}${ring}${mark}${label}</g>`;
  });

  const label = `${input.title}: ${figures.length} figures from ${colours.size} sources, ${points.length} consensus changes`;
  return html`<figure class="chart">
<svg class="measure-chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${label}" data-figures="${figures.length}" data-scale="${logScale ? 'log' : 'linear'}" xmlns="http://www.w3.org/2000/svg">
  <g class="axis y-axis">${yAxis}</g>
  <g class="axis x-axis">${xAxis}</g>
  <text class="axis-label" transform="translate(16 ${(M.top + H - M.bottom) / 2}) rotate(-90)" text-anchor="middle">${unit}${logScale ? ' (log scale)' : ''}</text>
  <g class="consensus">${consensusMarks}</g>
  <g class="figures">${figureMarks}</g>
  <line class="frame" x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${H - M.bottom}"/>
  <line class="frame" x1="${M.left}" x2="${W - M.right}" y1="${H - M.bottom}" y2="${H - M.bottom}"/>
</svg>
<figcaption>${chartLegend(colours, points.length > 0, {
    departure: figures.some((f) => f.departure), implied: figures.some((f) => f.departure?.implied),
    keptOut: figures.some((f) => f.departure?.keptOut), history: figures.some((f) => f.departure?.state === 'history'),
  })}</figcaption>
</figure>`;
}

function swatch(shape: Html): Html {
  return html`<svg class="swatch" width="22" height="16" viewBox="0 0 22 16" aria-hidden="true">${shape}</svg>`;
}

function chartLegend(colours: Map<string, string>, hasConsensus: boolean, has: { departure: boolean; implied: boolean; keptOut: boolean; history: boolean }): Html {
  const sources = [...colours].map(([source, colour]) => html`<li class="legend-source" data-source="${source}">${swatch(trusted(`<circle cx="11" cy="8" r="5.5" fill="${colour}"/>`))}${source}</li>`);
  return html`<ul class="legend">
    ${sources}
  </ul>
  <ul class="legend legend-keys">
    <li>${swatch(trusted('<circle class="key-point" cx="11" cy="8" r="5"/>'))}point figure</li>
    <li>${swatch(trusted('<rect class="key-range" x="7" y="1" width="8" height="14" rx="2"/>'))}range</li>
    <li>${swatch(trusted('<circle class="key-point scope-subset" cx="11" cy="8" r="5"/>'))}part of the whole (not in the consensus)</li>
    ${hasConsensus ? html`<li>${swatch(trusted('<rect class="consensus-band" x="0" y="3" width="22" height="10"/><line class="consensus-centre" x1="0" x2="22" y1="8" y2="8"/>'))}consensus band and centre</li>` : ''}
    ${has.departure ? html`<li>${swatch(trusted('<circle class="departure" cx="11" cy="8" r="6"/>'))}departs from the consensus (alert)</li>` : ''}
    ${has.keptOut ? html`<li class="legend-kept-out">${swatch(trusted('<circle class="key-point kept-out" cx="11" cy="8" r="5"/>'))}kept out of the consensus until confirmed or corroborated</li>` : ''}
    ${has.history ? html`<li class="legend-history">${swatch(trusted('<circle class="departure history" cx="11" cy="8" r="6"/>'))}history: old news, recorded and never posted</li>` : ''}
    ${has.implied ? html`<li>${swatch(trusted('<rect class="implied-total" x="7" y="1" width="8" height="14" rx="2"/>'))}an additional figure added to the consensus</li>` : ''}
  </ul>`;
}

/**
 * Charts as inline SVG, drawn at the width they are shown at (so text stays legible on
 * a phone) and redrawn when that width changes. Each chart also carries its numbers as
 * a visually hidden table for screen readers; the SVG itself is decorative.
 */
import { t } from './i18n.js';
import { h, s, type Child } from './dom.js';
import { date, num, pct } from './format.js';

export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly color?: string;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Series {
  readonly label: string;
  readonly points: readonly Point[];
  readonly color?: string;
}

/** One column of a stacked chart: an instant and a value per category. */
export interface Stack {
  readonly label: string;
  readonly values: Readonly<Record<string, number>>;
}

const PALETTE = ['#1d6f5f', '#3f8f6b', '#7aa95c', '#c7a33a', '#d9822b', '#c4513b', '#9b2c3c', '#6b4c9a', '#3b6ea8'];
const NEUTRAL = '#5b6b7f';

/** Colours for grades from best to worst: green through amber to red, whatever their number. */
export function gradeColors(grades: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const n = grades.length;
  grades.forEach((g, i) => {
    const idx = n <= 1 ? 0 : Math.round((i * 6) / (n - 1));
    out[g] = PALETTE[idx] ?? NEUTRAL;
  });
  out['(none)'] = '#9aa5b1';
  return out;
}

/** Statistics' grade counts in the scheme's order (best first), "no grade" last. */
export function inSchemeOrder<T extends { grade: string | null }>(rows: readonly T[], order: readonly string[]): T[] {
  const rank = (g: string | null): number => (g === null ? 1e6 : order.indexOf(g) === -1 ? 1e5 : order.indexOf(g));
  return [...rows].sort((a, b) => rank(a.grade) - rank(b.grade));
}

export const seriesColor = (i: number): string =>
  [PALETTE[8], PALETTE[4], PALETTE[7], PALETTE[1], PALETTE[6]][i % 5] ?? NEUTRAL;

function srTable(head: readonly string[], rows: readonly (readonly Child[])[]): HTMLElement {
  return h(
    'table',
    { class: 'sr-only' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        head.map((c) => h('th', { scope: 'col' }, c)),
      ),
    ),
    h(
      'tbody',
      null,
      rows.map((r) =>
        h(
          'tr',
          null,
          r.map((c) => h('td', null, c)),
        ),
      ),
    ),
  );
}

/** Wraps a drawing function: draws at the container's width and again when it changes. */
function responsive(
  label: string,
  draw: (width: number) => SVGElement,
  data: HTMLElement,
  className = 'chart',
): HTMLElement {
  const box = h('div', { class: 'chart-box' });
  const fig = h('figure', { class: className, role: 'group', 'aria-label': label }, box, data);
  let drawn = 0;
  const render = (w: number): void => {
    const width = Math.max(260, Math.round(w));
    if (Math.abs(width - drawn) < 8) return;
    drawn = width;
    box.replaceChildren(draw(width));
  };
  render(640);
  if (typeof ResizeObserver !== 'undefined') {
    new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w) render(w);
    }).observe(box);
  }
  return fig;
}

function svgRoot(width: number, height: number): SVGElement {
  return s('svg', { width, height, viewBox: `0 0 ${width} ${height}`, 'aria-hidden': 'true', focusable: 'false' });
}

/** Round numbers for an axis from 0 (or min) to max. */
function ticks(min: number, max: number, count = 4): number[] {
  const span = max - min || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((m) => m >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + 1e-9; v += step) out.push(Math.round(v * 1e6) / 1e6);
  return out;
}

const short = (n: number): string => (Math.abs(n) >= 10_000 ? `${Math.round(n / 1000)}k` : num(n));

/** Vertical bars with their values on top: population by grade. */
export function barChart(
  label: string,
  bars: readonly Bar[],
  options: { height?: number; share?: boolean } = {},
): HTMLElement {
  const total = bars.reduce((a, b) => a + b.value, 0);
  const data = srTable(
    ['', t('chart.count')],
    bars.map((b) => [b.label, num(b.value)]),
  );
  return responsive(
    label,
    (width) => {
      const height = options.height ?? 200;
      const top = 22;
      const bottom = 26;
      const max = Math.max(1, ...bars.map((b) => b.value));
      const slot = width / Math.max(1, bars.length);
      const bw = Math.min(72, slot * 0.68);
      const svg = svgRoot(width, height);
      const plot = height - top - bottom;
      svg.appendChild(s('line', { x1: 0, x2: width, y1: top + plot + 0.5, y2: top + plot + 0.5, class: 'axis' }));
      bars.forEach((b, i) => {
        const bh = Math.max(b.value > 0 ? 2 : 0, (b.value / max) * plot);
        const x = i * slot + (slot - bw) / 2;
        const y = top + plot - bh;
        svg.appendChild(
          s(
            'rect',
            { x, y, width: bw, height: bh, rx: 3, fill: b.color ?? NEUTRAL },
            s('title', {}, `${b.label}: ${num(b.value)}`),
          ),
        );
        const text = options.share && total > 0 ? pct(b.value / total, 0) : short(b.value);
        svg.appendChild(s('text', { x: x + bw / 2, y: y - 6, 'text-anchor': 'middle', class: 'value' }, text));
        svg.appendChild(s('text', { x: x + bw / 2, y: height - 8, 'text-anchor': 'middle', class: 'label' }, b.label));
      });
      return svg;
    },
    data,
  );
}

/** Horizontal bars with labels and values: statistics that compare a few quantities. */
export function statBars(
  label: string,
  bars: readonly Bar[],
  options: { format?: (n: number) => string } = {},
): HTMLElement {
  const fmt = options.format ?? num;
  const max = Math.max(1, ...bars.map((b) => b.value));
  return h(
    'figure',
    { class: 'stat-bars', role: 'group', 'aria-label': label },
    h(
      'ul',
      null,
      bars.map((b) =>
        h(
          'li',
          null,
          h('span', { class: 'stat-label' }, b.label),
          h(
            'span',
            { class: 'stat-track', 'aria-hidden': 'true' },
            h('span', {
              class: 'stat-fill',
              style: `width:${((b.value / max) * 100).toFixed(1)}%;background:${b.color ?? NEUTRAL}`,
            }),
          ),
          h('span', { class: 'stat-value' }, fmt(b.value)),
        ),
      ),
    ),
  );
}

/** Columns stacked to 100%: how the population by grade changed over time. */
export function stackedColumns(
  label: string,
  stacks: readonly Stack[],
  categories: readonly string[],
  colors: Readonly<Record<string, string>>,
): HTMLElement {
  const data = srTable(
    ['', ...categories],
    stacks.map((st) => [st.label, ...categories.map((c) => num(st.values[c] ?? 0))]),
  );
  const legend = h(
    'ul',
    { class: 'legend', 'aria-hidden': 'true' },
    categories.map((c) =>
      h('li', null, h('span', { class: 'swatch', style: `background:${colors[c] ?? NEUTRAL}` }), c),
    ),
  );
  const fig = responsive(
    label,
    (width) => {
      const height = 200;
      const top = 8;
      const bottom = 26;
      const plot = height - top - bottom;
      const slot = width / Math.max(1, stacks.length);
      const bw = Math.min(56, slot * 0.62);
      const svg = svgRoot(width, height);
      stacks.forEach((st, i) => {
        const total = categories.reduce((a, c) => a + (st.values[c] ?? 0), 0);
        const x = i * slot + (slot - bw) / 2;
        let y = top + plot;
        for (const c of [...categories].reverse()) {
          const v = st.values[c] ?? 0;
          if (v <= 0 || total === 0) continue;
          const hgt = (v / total) * plot;
          y -= hgt;
          svg.appendChild(
            s(
              'rect',
              { x, y, width: bw, height: hgt, fill: colors[c] ?? NEUTRAL },
              s('title', {}, `${st.label} · ${c}: ${num(v)} (${pct(v / total)})`),
            ),
          );
        }
        // Every label needs about 56 pixels; thin them out on narrow screens.
        if (i % Math.max(1, Math.ceil(56 / slot)) === 0) {
          svg.appendChild(
            s('text', { x: x + bw / 2, y: height - 8, 'text-anchor': 'middle', class: 'label' }, st.label),
          );
        }
      });
      return svg;
    },
    data,
  );
  fig.appendChild(legend);
  return fig;
}

/** A line chart over time (x in epoch milliseconds), with optional horizontal bands. */
export function lineChart(
  label: string,
  series: readonly Series[],
  options: {
    height?: number;
    bands?: readonly { from: number; label: string }[];
    yMin?: number;
    yMax?: number;
    step?: boolean;
  } = {},
): HTMLElement {
  const all = series.flatMap((se) => se.points);
  const rows = series.flatMap((se) => se.points.map((p) => [se.label, date(p.x), num(p.y)] as Child[]));
  const data = srTable([t('console.chart.series'), t('console.chart.date'), t('console.chart.value')], rows);
  const fig = responsive(
    label,
    (width) => {
      const height = options.height ?? 220;
      const left = 44;
      const right = 12;
      const top = 12;
      const bottom = 26;
      const svg = svgRoot(width, height);
      if (all.length === 0) return svg;
      const xs = all.map((p) => p.x);
      const ys = all.map((p) => p.y);
      const x0 = Math.min(...xs);
      const x1 = Math.max(...xs) === x0 ? x0 + 1 : Math.max(...xs);
      let y0 = options.yMin ?? Math.min(...ys);
      let y1 = options.yMax ?? Math.max(...ys);
      if (y1 - y0 < 10) {
        y0 -= 5;
        y1 += 5;
      }
      const pad = (y1 - y0) * 0.08;
      y0 = options.yMin ?? y0 - pad;
      y1 = options.yMax ?? y1 + pad;
      const X = (x: number): number => left + ((x - x0) / (x1 - x0)) * (width - left - right);
      const Y = (y: number): number => top + (1 - (y - y0) / (y1 - y0)) * (height - top - bottom);
      for (const b of options.bands ?? []) {
        if (b.from <= y0 || b.from >= y1) continue;
        svg.appendChild(s('line', { x1: left, x2: width - right, y1: Y(b.from), y2: Y(b.from), class: 'band' }));
        svg.appendChild(
          s('text', { x: width - right - 2, y: Y(b.from) - 3, 'text-anchor': 'end', class: 'band-label' }, b.label),
        );
      }
      for (const t of ticks(y0, y1)) {
        svg.appendChild(s('line', { x1: left, x2: width - right, y1: Y(t), y2: Y(t), class: 'grid' }));
        svg.appendChild(s('text', { x: left - 6, y: Y(t) + 4, 'text-anchor': 'end', class: 'tick' }, short(t)));
      }
      const nx = Math.max(2, Math.min(6, Math.floor((width - left) / 110)));
      for (let i = 0; i < nx; i++) {
        const x = x0 + ((x1 - x0) * i) / (nx - 1);
        svg.appendChild(
          s(
            'text',
            {
              x: X(x),
              y: height - 8,
              'text-anchor': i === 0 ? 'start' : i === nx - 1 ? 'end' : 'middle',
              class: 'tick',
            },
            date(x),
          ),
        );
      }
      series.forEach((se, i) => {
        const color = se.color ?? seriesColor(i);
        const pts = [...se.points].sort((a, b) => a.x - b.x);
        let d = '';
        pts.forEach((p, j) => {
          if (j === 0) d += `M${X(p.x).toFixed(1)},${Y(p.y).toFixed(1)}`;
          else if (options.step) d += `H${X(p.x).toFixed(1)}V${Y(p.y).toFixed(1)}`;
          else d += `L${X(p.x).toFixed(1)},${Y(p.y).toFixed(1)}`;
        });
        svg.appendChild(s('path', { d, fill: 'none', stroke: color, 'stroke-width': 2.5, 'stroke-linejoin': 'round' }));
        for (const p of pts)
          svg.appendChild(
            s('circle', { cx: X(p.x), cy: Y(p.y), r: 3.5, fill: color }, s('title', {}, `${date(p.x)}: ${num(p.y)}`)),
          );
      });
      return svg;
    },
    data,
  );
  if (series.length > 1) {
    fig.appendChild(
      h(
        'ul',
        { class: 'legend', 'aria-hidden': 'true' },
        series.map((se, i) =>
          h('li', null, h('span', { class: 'swatch', style: `background:${se.color ?? seriesColor(i)}` }), se.label),
        ),
      ),
    );
  }
  return fig;
}

/**
 * The pacing chart as a Vega spec, once, for both of its uses: the player
 * webview renders it on a canvas (CSP-safe: parsed to an AST and run by
 * vega-interpreter, see view.ts), `nao paths --svg` renders the same spec
 * headless to SVG (svg.ts). Nothing here knows which of the two it draws for.
 *
 * x is the beats' time, not their order on the path: paths of different
 * lengths then line up on the beats they share (an overlay meets the current
 * path at the same moment of the story), and gaps in time show as gaps. The
 * lines join the beats with an intensity in the order the limits checks read
 * them ("the next beat with an intensity on the same path").
 *
 * Story text (names, titles) is only ever data: it is never put into a Vega
 * expression, and the SVG renderer escapes every text and attribute.
 */
import type { Spec } from 'vega';
import type { PacingCurve, PacingInput, PacingLimits, PacingPoint } from './curve.js';

/** The chart's colours and font; the webview passes VS Code's, the CLI LIGHT_THEME. */
export interface PacingTheme {
  readonly background: string;
  readonly foreground: string;
  /** Axis labels, band and rule labels. */
  readonly muted: string;
  readonly grid: string;
  readonly fontFamily: string;
  readonly fontSize: number;
  /** The current path's line and points. */
  readonly current: string;
  /** The worst paths' lines, in order (repeated when there are more curves). */
  readonly worst: readonly string[];
  /** Fill colours of the limit bands (drawn at bandOpacity). */
  readonly bands: { readonly max: string; readonly peak: string; readonly calm: string };
  readonly bandOpacity: number;
  /** The `warn` rule. */
  readonly warn: string;
  /** Rises above `limits spike`, drawn over the line. */
  readonly spike: string;
}

/** A light default: a white page, colour-blind-safe line colours. */
export const LIGHT_THEME: PacingTheme = {
  background: '#ffffff',
  foreground: '#1f2328',
  muted: '#59636e',
  grid: '#d8dee4',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", sans-serif',
  fontSize: 12,
  current: '#0969da',
  worst: ['#8250df', '#bf8700', '#1a7f37'],
  bands: { max: '#cf222e', peak: '#fb8500', calm: '#2da44e' },
  bandOpacity: 0.12,
  warn: '#9a6700',
  spike: '#cf222e',
};

export interface PacingSpecOptions {
  /** Width and height of the plot area, in pixels (axes and legend come on top). */
  readonly width?: number;
  readonly height?: number;
  /** Draw a title (`Pacing of <story>`) above the chart: for a stand-alone picture. */
  readonly title?: boolean;
}

export const DEFAULT_WIDTH = 640;
export const DEFAULT_HEIGHT = 260;

/** The curves drawn: the current path first, then the worst paths. */
export function drawnCurves(input: PacingInput): PacingCurve[] {
  return [...(input.current ? [input.current] : []), ...input.worst];
}

/** Story text as XML allows it: control characters and lone surrogates become U+FFFD (they would make the SVG unreadable). */
export function plainText(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

function describe(point: PacingPoint, curve: PacingCurve): string {
  return `${point.beat}${point.title !== null ? ` "${point.title}"` : ''}, @${point.time}, intensity ${point.intensity}, on ${curve.label}`;
}

function tooltip(point: PacingPoint, curve: PacingCurve, focus: boolean): string {
  const lines = [`${point.beat}${point.title !== null ? ` "${point.title}"` : ''}`, `@${point.time} · intensity ${point.intensity}`, curve.label];
  if (focus) lines[2] += curve.id === 'spike' || curve.id === 'peak-spike' ? ' (the worst moment)' : ' (the peak)';
  if (point.conflicts.length > 0) lines.push(`conflicts: ${[...new Set(point.conflicts)].join(', ')}`);
  return lines.join('\n');
}

interface Band { readonly key: string; readonly from: number; readonly to: number; readonly color: string; readonly label: string; readonly align: 'top' | 'bottom' }
interface RuleLine { readonly key: string; readonly value: number; readonly color: string; readonly label: string; readonly dash: readonly number[]; readonly baseline: 'top' | 'bottom' }

/** The bands and rules the limits define (docs/language.md, `limits`), only those present. */
export function limitMarks(limits: PacingLimits | null, theme: PacingTheme): { bands: Band[]; rules: RuleLine[] } {
  const bands: Band[] = [];
  const rules: RuleLine[] = [];
  if (!limits) return { bands, rules };
  // calm N: a beat at N or below is calm.
  if (limits.calm !== undefined) bands.push({ key: 'calm', from: 0, to: limits.calm, color: theme.bands.calm, label: `calm ≤ ${limits.calm}`, align: 'top' });
  // peak N: a beat at N or above is a peak (a calm beat must follow within `within` beats).
  if (limits.peak !== undefined) {
    bands.push({ key: 'peak', from: limits.peak, to: 10, color: theme.bands.peak, label: `peak ≥ ${limits.peak} (calm within ${limits.within})`, align: 'bottom' });
  }
  // max N: no beat may be above N.
  if (limits.max !== undefined) {
    bands.push({ key: 'max', from: limits.max, to: 10, color: theme.bands.max, label: '', align: 'bottom' });
    rules.push({ key: 'max', value: limits.max, color: theme.bands.max, label: `max ${limits.max}`, dash: [], baseline: 'bottom' });
  }
  // warn N: a beat at N or above needs a content warning.
  if (limits.warn !== undefined) rules.push({ key: 'warn', value: limits.warn, color: theme.warn, label: `warn ≥ ${limits.warn}`, dash: [5, 4], baseline: 'top' });
  return { bands, rules };
}

/** The Vega spec of the chart. */
export function pacingSpec(input: PacingInput, theme: PacingTheme = LIGHT_THEME, options: PacingSpecOptions = {}): Spec {
  const width = options.width ?? DEFAULT_WIDTH;
  const height = options.height ?? DEFAULT_HEIGHT;
  const curves = drawnCurves(input);
  const colours = curves.map((curve, i) => curve.id === 'current' ? theme.current
    : theme.worst[(i - (input.current ? 1 : 0)) % Math.max(1, theme.worst.length)] ?? theme.foreground);

  const points = curves.flatMap((curve, c) => curve.points.map((point) => {
    const focus = curve.focus.includes(point.beat);
    return {
      curve: curve.label, id: curve.id, index: c, current: curve.id === 'current', solid: curve.id === 'current' || !input.current, focus,
      beat: point.beat, time: point.time, intensity: point.intensity, order: point.order,
      tooltip: plainText(tooltip(point, curve, focus)), description: plainText(describe(point, curve)),
    };
  }));

  // Rises above `spike N` (W402), per curve.
  const spikes: { index: number; x: number; y: number; x2: number; y2: number; tooltip: string }[] = [];
  const spikeLimit = input.limits?.spike;
  if (spikeLimit !== undefined) {
    curves.forEach((curve, c) => {
      for (let i = 1; i < curve.points.length; i++) {
        const a = curve.points[i - 1]!;
        const b = curve.points[i]!;
        const rise = b.intensity - a.intensity;
        if (rise > spikeLimit) {
          spikes.push({ index: c, x: a.time, y: a.intensity, x2: b.time, y2: b.intensity, tooltip: `rise +${rise} from ${a.beat} to ${b.beat}, above spike ${spikeLimit} (${curve.label})` });
        }
      }
    });
  }

  const times = points.map((p) => p.time);
  const low = times.length > 0 ? Math.min(...times) : 0;
  const high = times.length > 0 ? Math.max(...times) : 1;
  const pad = Math.max((high - low) * 0.04, 0.5);
  const integral = times.every(Number.isInteger);
  const { bands, rules } = limitMarks(input.limits, theme);
  const font = theme.fontFamily;
  const small = Math.max(9, theme.fontSize - 1);
  const label = input.title === null ? 'Pacing' : `Pacing of ${plainText(input.title)}`;

  return {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    description: `${label}: intensity over time${curves.length > 0 ? `, ${curves.map((c) => c.label).join(', ')}` : ''}`,
    width, height, padding: 8, autosize: { type: 'pad' },
    background: theme.background,
    ...(options.title ? { title: { text: label, anchor: 'start', color: theme.foreground, font, fontSize: theme.fontSize + 2, fontWeight: 'normal', offset: 8 } } : {}),
    config: {
      axis: {
        labelColor: theme.muted, titleColor: theme.foreground, gridColor: theme.grid, domainColor: theme.grid, tickColor: theme.grid,
        labelFont: font, titleFont: font, labelFontSize: small, titleFontSize: theme.fontSize, titleFontWeight: 'normal',
      },
      legend: { labelColor: theme.foreground, titleColor: theme.foreground, labelFont: font, titleFont: font, labelFontSize: theme.fontSize },
      text: { font, fill: theme.foreground, fontSize: small },
    },
    data: [
      { name: 'bands', values: bands },
      { name: 'rules', values: rules },
      { name: 'points', values: points },
      { name: 'spikes', values: spikes },
    ],
    scales: [
      { name: 'x', type: 'linear', domain: [low - pad, high + pad], range: 'width', zero: false, nice: false },
      { name: 'y', type: 'linear', domain: [0, 10], range: 'height', zero: true, nice: false },
      { name: 'color', type: 'ordinal', domain: curves.map((c) => c.label), range: colours.length > 0 ? colours : [theme.current] },
    ],
    axes: [
      {
        orient: 'bottom', scale: 'x', title: 'time', grid: true, tickMinStep: integral ? 1 : 0, labelFlush: true,
        encode: { labels: { update: { text: { signal: "'@' + datum.label" } } } },
      },
      { orient: 'left', scale: 'y', title: 'intensity', grid: true, values: [0, 2, 4, 6, 8, 10] },
    ],
    ...(curves.length > 0 ? {
      legends: [{
        fill: 'color', orient: 'top', direction: 'horizontal', symbolType: 'circle', symbolStrokeWidth: 0, labelLimit: 0,
        encode: { labels: { update: { fill: { value: theme.foreground } } } },
      }],
    } : {}),
    marks: [
      {
        type: 'rect', name: 'band-areas', from: { data: 'bands' }, interactive: false,
        encode: { update: {
          x: { value: 0 }, x2: { signal: 'width' }, y: { scale: 'y', field: 'to' }, y2: { scale: 'y', field: 'from' },
          fill: { field: 'color' }, fillOpacity: { value: theme.bandOpacity }, description: { field: 'label' },
        } },
      },
      {
        type: 'text', name: 'band-labels', from: { data: 'bands' }, interactive: false,
        encode: { update: {
          x: { signal: 'width', offset: -4 }, y: { scale: 'y', signal: "datum.align === 'top' ? datum.to : datum.from" },
          dy: { signal: "datum.align === 'top' ? 3 : -3" }, baseline: { field: 'align' }, align: { value: 'right' },
          text: { field: 'label' }, fill: { value: theme.muted },
        } },
      },
      {
        type: 'rule', name: 'limit-rules', from: { data: 'rules' }, interactive: false,
        encode: { update: {
          x: { value: 0 }, x2: { signal: 'width' }, y: { scale: 'y', field: 'value' },
          stroke: { field: 'color' }, strokeWidth: { value: 1.5 }, strokeDash: { field: 'dash' }, description: { field: 'label' },
        } },
      },
      {
        type: 'text', name: 'rule-labels', from: { data: 'rules' }, interactive: false,
        encode: { update: {
          x: { value: 4 }, y: { scale: 'y', field: 'value' }, dy: { signal: "datum.baseline === 'top' ? 3 : -3" },
          baseline: { field: 'baseline' }, align: { value: 'left' }, text: { field: 'label' }, fill: { field: 'color' },
        } },
      },
      {
        type: 'group', name: 'curve-groups',
        from: { facet: { name: 'curve', data: 'points', groupby: ['index'] } },
        marks: [{
          type: 'line', name: 'curve-line', from: { data: 'curve' }, interactive: false, sort: { field: 'datum.order' },
          encode: { update: {
            x: { scale: 'x', field: 'time' }, y: { scale: 'y', field: 'intensity' },
            stroke: { scale: 'color', field: 'curve' },
            strokeWidth: { signal: 'datum.solid ? 2.5 : 1.75' }, strokeDash: { signal: 'datum.solid ? [] : [6, 3]' },
            description: { field: 'curve' },
          } },
        }],
      },
      {
        type: 'rule', name: 'spike-rises', from: { data: 'spikes' },
        encode: { update: {
          x: { scale: 'x', field: 'x' }, y: { scale: 'y', field: 'y' }, x2: { scale: 'x', field: 'x2' }, y2: { scale: 'y', field: 'y2' },
          stroke: { value: theme.spike }, strokeWidth: { value: 4 }, strokeOpacity: { value: 0.6 }, strokeCap: { value: 'round' },
          tooltip: { field: 'tooltip' }, description: { field: 'tooltip' },
        } },
      },
      {
        type: 'symbol', name: 'beat-points', from: { data: 'points' },
        encode: { update: {
          x: { scale: 'x', field: 'time' }, y: { scale: 'y', field: 'intensity' },
          shape: { value: 'circle' }, size: { signal: 'datum.focus ? 140 : datum.solid ? 70 : 40' },
          fill: { scale: 'color', field: 'curve' }, stroke: { value: theme.background }, strokeWidth: { value: 1.5 },
          cursor: { value: 'pointer' }, tooltip: { field: 'tooltip' }, description: { field: 'description' },
        } },
      },
      ...(points.length === 0 ? [{
        type: 'text' as const, name: 'empty', interactive: false,
        encode: { update: {
          x: { signal: 'width / 2' }, y: { signal: 'height / 2' }, align: { value: 'center' as const }, baseline: { value: 'middle' as const },
          text: { value: curves.length === 0 ? 'no path to draw' : 'no beat on these paths has an intensity' }, fill: { value: theme.muted },
          fontSize: { value: theme.fontSize },
        } },
      }] : []),
    ],
  };
}

/**
 * The pacing chart in the player webview: the shared Vega spec
 * (server/src/pacing/spec.ts, the one `nao paths --svg` draws) on a canvas,
 * in VS Code's theme colours. Expressions run through vega-interpreter
 * (server/src/pacing/view.ts), so the page's Content Security Policy needs
 * no 'unsafe-eval'.
 *
 *   const chart = mountPacingChart(element, (beat) => reveal(beat));
 *   await chart.update(input, showWorst);   // input: PacingInput, as JSON from the extension
 *   chart.points();                         // the beats drawn, for a keyboard list
 *   chart.dispose();
 */
import type { View } from 'vega';
import type { PacingInput } from '../../../server/src/pacing/curve.js';
import { DEFAULT_HEIGHT, drawnCurves, LIGHT_THEME, pacingSpec, type PacingTheme } from '../../../server/src/pacing/spec.js';
import { pacingView } from '../../../server/src/pacing/view.js';

/** A beat drawn on the chart: what a list of buttons beside it needs. */
export interface PacingChartPoint {
  readonly beat: string;
  readonly title: string | null;
  readonly time: number;
  readonly intensity: number;
  /** The curve's legend label (`this path`, `highest peak`, …). */
  readonly curve: string;
}

export interface PacingChart {
  /** Draws `input`; the worst paths only when `showWorst`. Resolves once drawn. */
  update(input: PacingInput, showWorst: boolean): Promise<void>;
  /** The beats drawn, in order: the current path's, then each worst path's. */
  points(): readonly PacingChartPoint[];
  dispose(): void;
}

/** VS Code's theme as the chart's colours, from the CSS variables VS Code sets on the webview's body. */
export function readVsCodeTheme(style: Pick<CSSStyleDeclaration, 'getPropertyValue'>, fallback: PacingTheme = LIGHT_THEME): PacingTheme {
  const css = (name: string, otherwise: string): string => style.getPropertyValue(name).trim() || otherwise;
  const size = Number.parseFloat(style.getPropertyValue('--vscode-font-size'));
  return {
    background: css('--vscode-editor-background', fallback.background),
    foreground: css('--vscode-editor-foreground', fallback.foreground),
    muted: css('--vscode-descriptionForeground', fallback.muted),
    grid: css('--vscode-editorWidget-border', css('--vscode-panel-border', fallback.grid)),
    fontFamily: css('--vscode-font-family', fallback.fontFamily),
    fontSize: Number.isFinite(size) && size > 0 ? size : fallback.fontSize,
    current: css('--vscode-charts-blue', fallback.current),
    worst: [
      css('--vscode-charts-purple', fallback.worst[0] ?? fallback.current),
      css('--vscode-charts-yellow', fallback.worst[1] ?? fallback.current),
      css('--vscode-charts-green', fallback.worst[2] ?? fallback.current),
    ],
    bands: {
      max: css('--vscode-charts-red', fallback.bands.max),
      peak: css('--vscode-charts-orange', fallback.bands.peak),
      calm: css('--vscode-charts-green', fallback.bands.calm),
    },
    bandOpacity: fallback.bandOpacity,
    warn: css('--vscode-editorWarning-foreground', fallback.warn),
    spike: css('--vscode-charts-red', fallback.spike),
  };
}

/** Bands a little stronger on dark and high-contrast themes, where faint fills vanish. */
function bandOpacityFor(body: HTMLElement): number {
  if (body.classList.contains('vscode-high-contrast') || body.classList.contains('vscode-high-contrast-light')) return 0.28;
  return body.classList.contains('vscode-dark') ? 0.18 : LIGHT_THEME.bandOpacity;
}

/**
 * Mounts the chart in `container` (its canvas replaces what it holds). `onBeat` receives the beat's
 * name when its point is clicked. The theme is read again when VS Code
 * changes the body's theme class, and the chart is redrawn.
 */
export function mountPacingChart(container: HTMLElement, onBeat: (beat: string) => void): PacingChart {
  const body = container.ownerDocument.body;
  const window = container.ownerDocument.defaultView!;
  const readTheme = (): PacingTheme => ({ ...readVsCodeTheme(window.getComputedStyle(body)), bandOpacity: bandOpacityFor(body) });
  let theme = readTheme();
  let view: View | undefined;
  let last: { input: PacingInput; showWorst: boolean } | undefined;
  let drawn: PacingChartPoint[] = [];
  let generation = 0;
  let disposed = false;
  let width = 0;

  const draw = async (): Promise<void> => {
    if (!last || disposed) return;
    const mine = ++generation;
    const input: PacingInput = last.showWorst ? last.input : { ...last.input, worst: [] };
    width = container.clientWidth;
    // The plot area: the container less the axes (about 60 px) and padding.
    const plotWidth = Math.max(240, width - 72);
    view?.finalize();
    // The new view's canvas replaces the old one in the container.
    const next = pacingView(pacingSpec(input, theme, { width: plotWidth, height: DEFAULT_HEIGHT }), 'canvas', container);
    next.addEventListener('click', (_event, item) => {
      const hit = item as { mark?: { name?: string }; datum?: { beat?: unknown } } | null | undefined;
      if (hit?.mark?.name === 'beat-points' && typeof hit.datum?.beat === 'string') onBeat(hit.datum.beat);
    });
    view = next;
    await next.runAsync();
    if (mine !== generation) return; // a later update took over
    drawn = drawnCurves(input).flatMap((curve) => curve.points.map((p) => ({
      beat: p.beat, title: p.title, time: p.time, intensity: p.intensity, curve: curve.label,
    })));
  };

  const themeObserver = new window.MutationObserver(() => {
    theme = readTheme();
    void draw();
  });
  themeObserver.observe(body, { attributes: true, attributeFilter: ['class'] });
  const resizeObserver = new window.ResizeObserver(() => {
    if (container.clientWidth !== width) void draw();
  });
  resizeObserver.observe(container);

  return {
    async update(input, showWorst) {
      last = { input, showWorst };
      await draw();
    },
    points: () => drawn,
    dispose() {
      disposed = true;
      themeObserver.disconnect();
      resizeObserver.disconnect();
      view?.finalize();
      view = undefined;
      container.replaceChildren();
    },
  };
}

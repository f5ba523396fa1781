/**
 * The pacing chart as a stand-alone SVG document, headless (`nao paths
 * --svg`): the same spec and view as the webview, rendered with no renderer
 * attached (`'none'`), so no canvas module is needed. Vega escapes every text
 * and attribute it writes.
 */
import type { PacingInput } from './curve.js';
import { LIGHT_THEME, pacingSpec, type PacingSpecOptions, type PacingTheme } from './spec.js';
import { pacingView } from './view.js';

export async function renderPacingSvg(input: PacingInput, theme: PacingTheme = LIGHT_THEME, options: PacingSpecOptions = { title: true }): Promise<string> {
  const view = pacingView(pacingSpec(input, theme, options), 'none');
  try {
    await view.runAsync();
    return `<?xml version="1.0" encoding="UTF-8"?>\n${await view.toSVG()}\n`;
  } finally {
    view.finalize();
  }
}

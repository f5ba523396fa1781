/**
 * The one way the pacing chart becomes a Vega view, in the webview and in
 * Node alike: the spec is parsed to expression ASTs (`ast: true`) and the
 * expressions are run by vega-interpreter, so Vega never compiles code from
 * strings (no `eval`, no `new Function`): the webview's Content Security
 * Policy needs no 'unsafe-eval', and a test runs the CLI's rendering with
 * Node's --disallow-code-generation-from-strings.
 */
import { parse, View, type Spec, type ViewOptions } from 'vega';
import { expressionInterpreter } from 'vega-interpreter';

export type PacingRenderer = 'canvas' | 'svg' | 'none';

/** A view of the spec; with a container (the webview), it draws into it and handles hover and clicks. */
export function pacingView(spec: Spec, renderer: PacingRenderer, container?: NonNullable<ViewOptions['container']>): View {
  return new View(parse(spec, undefined, { ast: true }), {
    expr: expressionInterpreter, renderer, ...(container ? { container, hover: true } : {}),
  });
}

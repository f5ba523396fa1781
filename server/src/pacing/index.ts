/**
 * The pacing chart (docs/architecture.md, "The pacing chart"): the intensity along a path with the story's
 * `limits`, and the worst paths over it. `@nao/server/pacing` for the
 * language server and the CLI; the webview imports curve.ts, spec.ts and
 * view.ts directly (they import nothing of the orchestrator at run time).
 */
export * from './curve.js';
export * from './spec.js';
export * from './svg.js';
export * from './view.js';
export * from './worst.js';

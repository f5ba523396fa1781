/**
 * Code actions: the verified resolutions of the diagnostics in range as quick
 * fixes (the best one preferred), and the `source.fixAll.arc` source action.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver/node';
import { snapshotFor, type FeatureContext } from './context.js';
import { fixAll } from './fix-all.js';
import { conflictFor, resolutionsFor, workspaceEditFor } from './repairs.js';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.arc`;
export const FIX_ALL_TITLE = 'Fix all conflicts';
/** Resolutions are verified by re-analysis: at most this many diagnostics, and this long, per request. */
export const QUICK_FIX_DIAGNOSTICS = 12;
export const QUICK_FIX_BUDGET_MS = 1500;

function wants(only: readonly string[] | undefined, kind: string): boolean {
  if (!only || only.length === 0) return true;
  return only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

export async function codeActions(context: FeatureContext, params: CodeActionParams): Promise<CodeAction[]> {
  const uri = params.textDocument.uri;
  const only = params.context.only;
  const actions: CodeAction[] = [];
  const arcDiagnostics = (params.context.diagnostics ?? []).filter((d) => d.source === 'arc');

  if (wants(only, CodeActionKind.QuickFix) && arcDiagnostics.length > 0) {
    const snapshot = await snapshotFor(context, uri, 'analysed');
    if (snapshot) {
      const deadline = performance.now() + QUICK_FIX_BUDGET_MS;
      for (const diagnostic of arcDiagnostics.slice(0, QUICK_FIX_DIAGNOSTICS)) {
        if (performance.now() > deadline) {
          context.logger.debug(`codeAction: time budget spent; quick fixes of the remaining diagnostics left out`);
          break;
        }
        const conflict = conflictFor(snapshot, diagnostic);
        if (!conflict) continue;
        for (const resolution of resolutionsFor(context, snapshot, conflict)) {
          const edit = workspaceEditFor(snapshot, resolution.edits);
          if (!edit) continue;
          actions.push({
            title: resolution.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: resolution.preferred,
            edit,
          });
        }
      }
    }
  }

  // The fix-all source action: computed now when asked for explicitly,
  // otherwise offered cheaply and computed on resolve (when the client can resolve).
  const explicitlyAsked = !!only && only.some((o) => FIX_ALL_KIND === o || FIX_ALL_KIND.startsWith(`${o}.`));
  if (explicitlyAsked) {
    const result = await fixAllFor(context, uri);
    if (result) actions.push(result);
  } else if (!only && context.client.codeActionResolve && arcDiagnostics.length > 0) {
    actions.push({ title: FIX_ALL_TITLE, kind: FIX_ALL_KIND, data: { uri } });
  }
  return actions;
}

/** The fix-all action for a document, with its edit (undefined when the document is unknown). */
export async function fixAllFor(context: FeatureContext, uri: string): Promise<CodeAction | undefined> {
  const snapshot = await snapshotFor(context, uri, 'analysed');
  if (!snapshot) return undefined;
  const result = fixAll(context, snapshot, { file: uri });
  return {
    title: result.applied.length > 0 ? `${FIX_ALL_TITLE} (${result.applied.length} repair${result.applied.length === 1 ? '' : 's'})` : FIX_ALL_TITLE,
    kind: FIX_ALL_KIND,
    edit: result.edit,
  };
}

export async function resolveCodeAction(context: FeatureContext, action: CodeAction): Promise<CodeAction> {
  const uri = (action.data as { uri?: unknown } | undefined)?.uri;
  if (action.kind !== FIX_ALL_KIND || typeof uri !== 'string') return action;
  const resolved = await fixAllFor(context, uri);
  return resolved ? { ...action, edit: resolved.edit } : action;
}

/**
 * The status-bar item with the project's conflict counts, computed from the
 * diagnostics VS Code holds for Arc documents (whatever published them) and
 * refreshed whenever they change.
 */
import * as vscode from 'vscode';

export interface ConflictCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly files: number;
}

export function isArcUri(uri: vscode.Uri): boolean {
  if (uri.path.toLowerCase().endsWith('.arc')) return true;
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  return open?.languageId === 'arc';
}

export function countConflicts(): ConflictCounts {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  let files = 0;
  for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
    if (diagnostics.length === 0 || !isArcUri(uri)) continue;
    files++;
    for (const diagnostic of diagnostics) {
      if (diagnostic.severity === vscode.DiagnosticSeverity.Error) errors++;
      else if (diagnostic.severity === vscode.DiagnosticSeverity.Warning) warnings++;
      else infos++;
    }
  }
  return { errors, warnings, infos, files };
}

export function describeCounts(counts: ConflictCounts): { text: string; tooltip: string } {
  const total = counts.errors + counts.warnings + counts.infos;
  const text = total === 0
    ? '$(check) Arc: no conflicts'
    : `$(error) ${counts.errors} $(warning) ${counts.warnings} $(info) ${counts.infos} Arc`;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const tooltip = total === 0
    ? 'Arc: no conflicts in the story project'
    : `Arc: ${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}, ` +
      `${plural(counts.infos, 'note')} in ${plural(counts.files, 'file')}. Click to open the Problems panel.`;
  return { text, tooltip };
}

export class ConflictStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscription: vscode.Disposable;
  private latest: ConflictCounts = { errors: 0, warnings: 0, infos: 0, files: 0 };

  constructor() {
    this.item = vscode.window.createStatusBarItem('arc.conflicts', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'Arc conflicts';
    this.item.command = 'workbench.actions.view.problems';
    this.subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some(isArcUri)) this.update();
    });
    this.update();
    this.item.show();
  }

  get counts(): ConflictCounts {
    return this.latest;
  }

  update(): void {
    this.latest = countConflicts();
    const { text, tooltip } = describeCounts(this.latest);
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = this.latest.errors > 0
      ? new vscode.ThemeColor('statusBarItem.errorBackground')
      : undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}

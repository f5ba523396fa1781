/**
 * The read-only view of an impact (or of an arc's status): a virtual
 * markdown document of the `arc-impact:` scheme, titled after what it shows
 * ("Impact of lamp_fails"), opened in the markdown preview beside the story.
 * It is never an untitled document, so closing it never asks to save.
 */
import * as vscode from 'vscode';

export const IMPACT_SCHEME = 'arc-impact';

export class ImpactViewProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? 'Run "Arc: Show impact of beat" again to see this impact.';
  }

  /** The view's URI for a title: one document per title, updated when shown again. */
  uriFor(title: string): vscode.Uri {
    return vscode.Uri.from({ scheme: IMPACT_SCHEME, path: `/${title.replace(/[/\\]/g, '-')}` });
  }

  /** Shows `markdown` titled `title` (read-only, rendered); returns the document's URI. */
  async show(title: string, markdown: string): Promise<vscode.Uri> {
    const uri = this.uriFor(title);
    const known = this.contents.has(uri.toString());
    this.contents.set(uri.toString(), markdown);
    if (known) this.changed.fire(uri);
    let document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== 'markdown') document = await vscode.languages.setTextDocumentLanguage(document, 'markdown');
    try {
      await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
    } catch {
      // No markdown preview (the built-in extension disabled): the read-only document itself.
      await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    }
    return uri;
  }

  dispose(): void {
    this.changed.dispose();
    this.contents.clear();
  }
}

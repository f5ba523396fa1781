/**
 * The page every Arc webview starts from: a strict Content-Security-Policy
 * (nothing by default; the one bundled script by nonce; the bundled
 * stylesheet and fonts; images only as data: URLs), then the view's body.
 */
import * as vscode from 'vscode';

export function makeNonce(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
}

export interface WebviewPage {
  readonly webview: vscode.Webview;
  /** The folder of the bundles (the panel's only localResourceRoot). */
  readonly bundle: vscode.Uri;
  /** The bundle's base name: `<name>.js` and `<name>.css`. */
  readonly name: string;
  readonly title: string;
  /** The body's markup: fixed, never story text. */
  readonly body: string;
}

export function webviewHtml(page: WebviewPage): string {
  const { webview } = page;
  const nonce = makeNonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(page.bundle, `${page.name}.js`));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(page.bundle, `${page.name}.css`));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    'img-src data:',
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>${page.title}</title>
</head>
<body>
${page.body}
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

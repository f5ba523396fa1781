/**
 * Compiler-style text: `file:line:col: severity CODE message`, related
 * locations and the witness path indented beneath, then a summary line.
 */
import { formatPath, type Diagnostic } from '@narrative-arc/orchestrator';
import { displayPath, SEVERITY_STYLE, type Styler } from '../output.js';
import { summaryLine, type CheckReport } from '../report.js';

export interface TextOptions {
  readonly cwd: string;
  readonly style: Styler;
}

export function formatText(report: CheckReport, options: TextOptions): string {
  const { style } = options;
  const lines: string[] = [];
  const location = (file: string, span: Diagnostic['span']): string => {
    const { start } = report.positions.range(file, span);
    return `${displayPath(file, options.cwd)}:${start.line + 1}:${start.character + 1}`;
  };
  for (const diagnostic of report.diagnostics) {
    const severity = style(SEVERITY_STYLE[diagnostic.severity], `${diagnostic.severity} ${diagnostic.code}`);
    lines.push(`${style('bold', location(diagnostic.file, diagnostic.span) + ':')} ${severity} ${indentContinuation(diagnostic.message)}`);
    for (const related of diagnostic.related) {
      lines.push(`    ${location(related.file, related.span)}: ${style('cyan', 'note:')} ${indentContinuation(related.message)}`);
    }
    if (diagnostic.path) {
      lines.push(`    ${style('cyan', 'path:')} ${diagnostic.path.length > 0 ? formatPath(diagnostic.path) : 'every path'}`);
    }
  }
  if (lines.length > 0) lines.push('');
  lines.push(style('bold', summaryLine(report.diagnostics, report.files.length)));
  return lines.join('\n') + '\n';
}

/** Keeps a multi-line message under its diagnostic. */
function indentContinuation(message: string): string {
  return message.replace(/\r?\n/g, '\n      ');
}

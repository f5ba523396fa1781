/**
 * `nao check [--format text|json|sarif] [--root DIR] [--max-file-size SIZE] FILE...`: checks story
 * projects and reports their conflicts.
 */
import * as path from 'node:path';
import { choiceOption, EXIT, stringOption, type Command } from '../command.js';
import { formatJson } from '../formats/json.js';
import { formatSarif } from '../formats/sarif.js';
import { formatText } from '../formats/text.js';
import { styler, wantsColour } from '../output.js';
import { checkRoots } from '../report.js';
import { MAX_FILE_SIZE_OPTION, maxFileSize, resolveRootFiles } from '../workspace.js';

const FORMATS = ['text', 'json', 'sarif'] as const;

export const checkCommand: Command = {
  name: 'check',
  summary: 'Check story projects and report their conflicts',
  usage: 'check [--format text|json|sarif] [--root DIR] [--max-file-size SIZE] FILE...',
  description: `Checks each FILE as the root of a story project (the file and everything it
includes) and reports its problems: syntax and reference errors and the
conflicts of the language's checks, with the story's \`rules\` and the
\`allow\` items applied. A file reached from several FILEs is reported once.

Includes may not leave the workspace folder: DIR when --root is given,
else the folder of the FILE that is checked.`,
  options: {
    format: { type: 'string', short: 'f', valueName: 'FORMAT', description: "Output format: 'text' (default), 'json' or 'sarif'." },
    root: { type: 'string', valueName: 'DIR', description: 'Workspace folder that includes may not leave; base of SARIF URIs.' },
    'max-file-size': MAX_FILE_SIZE_OPTION,
  },
  notes: `Formats:
  text   file:line:col: severity CODE message, with related locations and
         the witness path indented beneath, then a summary line. Coloured
         only when stdout is a terminal and NO_COLOR is not set.
  json   {"diagnostics": [{file, range, severity, code, message, related,
         path}]} with 0-based LSP ranges (UTF-16 code units).
  sarif  SARIF 2.1.0 for GitHub code scanning; file URIs are relative to
         --root, else to the current directory.

Examples:
  nao check examples/lighthouse.arc
  nao check --format sarif --root . stories/*.arc > nao.sarif`,
  run(args, io) {
    const format = choiceOption(args, 'format', FORMATS, 'text', checkCommand);
    const rootOption = stringOption(args, 'root');
    const roots = resolveRootFiles(args.positionals, rootOption, io, checkCommand);
    const limit = maxFileSize(args, io, checkCommand);
    const report = checkRoots(roots, {}, limit !== undefined ? { maxFileSize: limit } : {});

    let output: string;
    if (format === 'json') {
      output = formatJson(report, io.cwd);
    } else if (format === 'sarif') {
      output = formatSarif(report, { baseFolder: rootOption !== undefined ? path.resolve(io.cwd, rootOption) : io.cwd });
    } else {
      output = formatText(report, { cwd: io.cwd, style: styler(wantsColour(io)) });
    }
    io.writeOut(output);
    return report.diagnostics.some((d) => d.severity === 'error') ? EXIT.problems : EXIT.ok;
  },
};

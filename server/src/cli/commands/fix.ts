/**
 * `nao fix [--code CODE] [--dry-run] [--root DIR] [--max-file-size SIZE] FILE`: applies the best
 * verified resolution per conflict, repeatedly, until nothing improves.
 */
import { checkProject, CODES, describeAdded, fixAllConflicts, nearest, type Diagnostic } from '@narrative-arc/orchestrator';
import { EXIT, stringOption, UsageError, type Command } from '../command.js';
import { displayPath } from '../output.js';
import { summaryLine } from '../report.js';
import { Hosts, MAX_FILE_SIZE_OPTION, maxFileSize, resolveRootFiles } from '../workspace.js';
import { writeAllOrNothing, WriteError } from '../write-files.js';

export const fixCommand: Command = {
  name: 'fix',
  summary: 'Apply the best verified repair to each conflict',
  usage: 'fix [--code CODE] [--dry-run] [--root DIR] [--max-file-size SIZE] FILE',
  description: `Loads the story project rooted at FILE and repairs its conflicts: for each
conflict, the best resolution that verifies (applied to a copy of the
project and re-checked, it removes the conflict and adds no error) is
applied, then the project is re-checked, until no conflict can be repaired.
A repair that would bring back a conflict repaired earlier in the run is
passed over: nao fix never undoes its own work.
\`allow\` is never added: it silences a conflict rather than repairing it.
Prints every repair it made, and what each added (conflicts of lower
severity it brought in), then writes the changed files, all or nothing:
each to a temporary file beside it, renamed over it only when every one is
written and no file changed on disk since nao read it. Encoding, byte order
mark and permissions are kept.

A file never gains a syntax or reference error it did not have.`,
  options: {
    code: { type: 'string', valueName: 'CODE', description: 'Repair only conflicts with this code (e.g. T101).' },
    'dry-run': { type: 'boolean', description: 'Print the repairs but write nothing.' },
    root: { type: 'string', valueName: 'DIR', description: 'Workspace folder that includes may not leave.' },
    'max-file-size': MAX_FILE_SIZE_OPTION,
  },
  notes: `Examples:
  nao fix --dry-run examples/lighthouse.arc
  nao fix --code W406 stories/main.arc`,
  exitCodesHelp: `Exit codes:
  0  done; no problem of error severity remains
  1  done, but problems of error severity remain
  2  usage problem (unknown option or code, missing FILE, no such file)
  3  internal error: nao itself failed (a bug; please report it); nothing
     was written
  4  the changed files could not be written (read-only, changed on disk
     while nao ran, outside the workspace, a write failed); nothing was
     written`,
  run(args, io) {
    const code = stringOption(args, 'code');
    if (code !== undefined && !CODES.has(code)) {
      const guess = nearest(code, [...CODES.keys()]);
      throw new UsageError(`unknown code '${code}'${guess ? ` (did you mean '${guess}'?)` : ''}`, fixCommand);
    }
    if (args.positionals.length !== 1) throw new UsageError('expected one FILE: nao fix FILE', fixCommand);
    const dryRun = args.values['dry-run'] === true;
    const [root] = resolveRootFiles(args.positionals, stringOption(args, 'root'), io, fixCommand);
    const limit = maxFileSize(args, io, fixCommand);
    const host = new Hosts({ recordReads: true, ...(limit !== undefined ? { maxFileSize: limit } : {}) }).for(root!.workspaceRoot);
    const before = checkProject(host, root!.file);
    const result = fixAllConflicts(before, { host, ...(code ? { code } : {}) });

    // The engine verifies every repair; this is the last guard before touching files.
    const gained = frontEndErrorsGained(before.diagnostics, result.analysis.diagnostics);
    if (gained) {
      io.writeErr(`nao: internal error: the repairs would add ${gained}; nothing was written\n`);
      return EXIT.internal;
    }

    const lines: string[] = [];
    for (const applied of result.applied) {
      lines.push(`${displayPath(applied.file, io.cwd)}: ${applied.code} ${applied.message}`);
      lines.push(`    ${dryRun ? 'would fix' : 'fixed'}: ${applied.title}`);
      const added = describeAdded(applied.adds);
      if (added) lines.push(`    ${dryRun ? 'would add' : 'added'}: ${added.replace(/^adds /, '')}`);
    }
    if (!dryRun && result.files.size > 0) {
      try {
        writeAllOrNothing(result.files, host, (file) => displayPath(file, io.cwd));
      } catch (error) {
        if (!(error instanceof WriteError)) throw error;
        io.writeErr(`nao: ${error.message}\n`);
        return EXIT.notWritten;
      }
    }
    const count = result.applied.length;
    const changed = [...result.files.keys()].map((f) => displayPath(f, io.cwd));
    lines.push(count === 0
      ? 'nothing to repair'
      : `${count} repair${count === 1 ? '' : 's'} ${dryRun ? 'would change' : 'changed'} ${changed.join(', ')}`);
    lines.push(`remaining: ${summaryLine(result.analysis.diagnostics, result.analysis.project.files.size)}`);
    io.writeOut(`${lines.join('\n')}\n`);
    return result.analysis.diagnostics.some((d) => d.severity === 'error') ? EXIT.problems : EXIT.ok;
  },
};

/** A description of the syntax or reference errors some file has after but not before, if any. */
function frontEndErrorsGained(before: readonly Diagnostic[], after: readonly Diagnostic[]): string | undefined {
  const count = (list: readonly Diagnostic[]): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const d of list) {
      if (!d.code.startsWith('E')) continue;
      const key = `${d.file}\u0000${d.code}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  };
  const was = count(before);
  for (const [key, n] of count(after)) {
    if (n > (was.get(key) ?? 0)) return key.split('\u0000')[1];
  }
  return undefined;
}

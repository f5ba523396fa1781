/**
 * SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one run, a
 * rule per stable code, a result per diagnostic. File URIs are relative to
 * a base folder (`%SRCROOT%`), whose absolute location is given in
 * `originalUriBaseIds`; files outside it get absolute `file:` URIs.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { ALL_CODES, CODES, type CodeInfo } from '@narrative-arc/orchestrator';
import { formatPath, type Diagnostic, type Severity } from '@narrative-arc/orchestrator';
import type { Span } from '@nao/grammar';
import { naoVersion } from '../output.js';
import type { CheckReport } from '../report.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SRCROOT = '%SRCROOT%';

/**
 * Where code scanning links a rule to: the checks reference in the project's
 * repository (docs/checks.md), one anchor per code (`#e002`). A file: URL of
 * the local installation would mean nothing to a reader of the scan.
 */
export const CHECKS_DOCS_URI = 'https://github.com/narrative-arc/narrative-arc-orchestrator/blob/main/docs/checks.md';

export function checkDocsUri(code: string): string {
  return `${CHECKS_DOCS_URI}#${code.toLowerCase()}`;
}

/** Friendly rule names (SARIF `name`), one per code of codes.ts. */
const RULE_NAMES: Readonly<Record<string, string>> = {
  E001: 'SyntaxError',
  E002: 'UndeclaredName',
  E003: 'DuplicateDeclaration',
  E004: 'BadInclude',
  E005: 'IncludeCycle',
  E006: 'WrongKindOfName',
  E007: 'ValueOutOfRange',
  T101: 'CauseNotBeforeEffect',
  T102: 'UnmetRequirement',
  T103: 'CausalCycle',
  T104: 'CauseNeverWithEffect',
  T105: 'PreventedBeatHappens',
  T106: 'OptionBeatBeforeChoice',
  C201: 'InvolvedAfterExit',
  C202: 'TwoPlacesAtOnce',
  C203: 'StageGoesBackwards',
  C204: 'InvolvedBeforeEntry',
  M301: 'UndeclaredTheme',
  M302: 'UncarriedTheme',
  M303: 'SetupWithoutPayoff',
  M304: 'PayoffWithoutSetup',
  W401: 'IntensityAboveMax',
  W402: 'IntensitySpike',
  W403: 'AvoidedTag',
  W404: 'NoCalmAfterPeak',
  W405: 'GoalNotAddressed',
  W406: 'MissingContentWarning',
  S501: 'ArcInsideSmallerScale',
  S502: 'UnresolvedArc',
  S503: 'BeatAfterArcResolved',
  S504: 'BeatOutsideSpan',
  S505: 'ResolvedFromOutsideArc',
  S506: 'ScaleLeap',
  U601: 'UnusedDeclaration',
};

export function sarifLevel(severity: Severity): Sarif.ReportingConfiguration.level {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

function ruleFor(code: string, info: CodeInfo | undefined): Sarif.ReportingDescriptor {
  const kind = info?.kind ?? 'other';
  const severity = info?.severity ?? 'warning';
  const summary = info?.summary ?? `Conflict ${code}.`;
  const silence = `To silence it in one block, add \`allow ${code}\` to that block; ` +
    `to change its severity or turn it off for the whole project, write \`rules { ${code} off }\` ` +
    '(or `error`, `warning`, `info`, `hint`) in the story header.';
  return {
    id: code,
    name: RULE_NAMES[code] ?? `${kind[0]!.toUpperCase()}${kind.slice(1)}${code}`,
    shortDescription: { text: summary },
    helpUri: checkDocsUri(code),
    fullDescription: { text: `${summary} A ${kind} check; default severity: ${severity}.` },
    help: {
      text: `${code}: ${summary}\n\nKind: ${kind}. Default severity: ${severity}.\n\n${silence}`,
      markdown: `**${code}** — ${summary}\n\nKind: ${kind}. Default severity: ${severity}.\n\n${silence}`,
    },
    defaultConfiguration: { level: sarifLevel(severity) },
    properties: { tags: ['arc', kind] },
  };
}

export interface SarifOptions {
  /** The folder that relative URIs start from (`%SRCROOT%`). */
  readonly baseFolder: string;
}

export function toSarifLog(report: CheckReport, options: SarifOptions): Sarif.Log {
  const rules = ALL_CODES.map((code) => ruleFor(code, CODES.get(code)));
  const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));
  const indexOf = (code: string): number => {
    let index = ruleIndex.get(code);
    if (index === undefined) {
      index = rules.push(ruleFor(code, CODES.get(code))) - 1;
      ruleIndex.set(code, index);
    }
    return index;
  };

  const physicalLocation = (file: string, span: Span): Sarif.PhysicalLocation => {
    const { start, end } = report.positions.range(file, span);
    return {
      artifactLocation: artifactLocation(file, options.baseFolder),
      region: { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 },
    };
  };

  const results = report.diagnostics.map((d: Diagnostic): Sarif.Result => {
    const result: Sarif.Result = {
      ruleId: d.code,
      ruleIndex: indexOf(d.code),
      level: sarifLevel(d.severity),
      message: { text: messageText(d) },
      locations: [{ physicalLocation: physicalLocation(d.file, d.span) }],
    };
    if (d.related.length > 0) {
      result.relatedLocations = d.related.map((r, i) => ({
        id: i + 1,
        physicalLocation: physicalLocation(r.file, r.span),
        message: { text: r.message },
      }));
    }
    if (d.path) result.properties = { path: d.path.map((step) => ({ choice: step.choice, option: step.option })) };
    return result;
  });

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'nao',
          fullName: 'nao (Narrative Arc Orchestrator)',
          version: naoVersion(),
          semanticVersion: naoVersion(),
          informationUri: CHECKS_DOCS_URI,
          rules,
        },
      },
      originalUriBaseIds: { [SRCROOT]: { uri: folderUri(options.baseFolder) } },
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
}

export function formatSarif(report: CheckReport, options: SarifOptions): string {
  return JSON.stringify(toSarifLog(report, options), null, 2) + '\n';
}

/** The message, with the witness path added when the message does not name it already. */
function messageText(d: Diagnostic): string {
  if (!d.path || d.path.length === 0) return d.message;
  const witness = formatPath(d.path);
  return d.message.includes(witness) ? d.message : `${d.message} (path: ${witness})`;
}

function artifactLocation(file: string, baseFolder: string): Sarif.ArtifactLocation {
  const relative = path.relative(baseFolder, file);
  if (relative === '' || relative === '..' || relative.startsWith('..' + path.sep) || path.isAbsolute(relative)) {
    return { uri: pathToFileURL(file).href };
  }
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function folderUri(folder: string): string {
  const href = pathToFileURL(folder).href;
  return href.endsWith('/') ? href : href + '/';
}

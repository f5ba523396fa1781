/**
 * The server's settings (section `arc` of the client's configuration, or the
 * `settings` field of `initializationOptions` for clients without
 * `workspace/configuration`).
 */
import { RULE_LEVELS, type RuleLevel } from '@nao/grammar';
import { CODES } from '@narrative-arc/orchestrator';
import type { LogLevel } from './logger.js';

export interface ArcSettings {
  /** Milliseconds to wait after an edit before analysing (edits during the analysis cancel it anyway). */
  readonly analysisDelay: number;
  /** Severity per code, winning over the story's `rules` (`{ "M302": "off" }`). */
  readonly rules: ReadonlyMap<string, RuleLevel>;
  /** Impact and resolution lenses above beats and arcs. */
  readonly codeLens: boolean;
  /** Also the lenses with nothing to say ("no downstream beats"). */
  readonly codeLensShowEmpty: boolean;
  readonly logLevel: LogLevel;
}

export const DEFAULT_SETTINGS: ArcSettings = {
  analysisDelay: 0,
  rules: new Map(),
  codeLens: true,
  codeLensShowEmpty: false,
  logLevel: 'info',
};

/** Reads settings leniently: anything malformed falls back to the default (and is reported). */
export function readSettings(raw: unknown, problems: string[] = []): ArcSettings {
  if (raw === null || raw === undefined) return DEFAULT_SETTINGS;
  if (typeof raw !== 'object') {
    problems.push('the `arc` settings are not an object');
    return DEFAULT_SETTINGS;
  }
  const value = raw as Record<string, unknown>;
  let analysisDelay = DEFAULT_SETTINGS.analysisDelay;
  if (value['analysisDelay'] !== undefined) {
    const delay = Number(value['analysisDelay']);
    if (Number.isFinite(delay) && delay >= 0 && delay <= 10_000) analysisDelay = delay;
    else problems.push('`arc.analysisDelay` must be a number of milliseconds between 0 and 10000');
  }
  const rules = new Map<string, RuleLevel>();
  const rawRules = value['rules'];
  if (rawRules && typeof rawRules === 'object') {
    for (const [code, level] of Object.entries(rawRules as Record<string, unknown>)) {
      if (!CODES.has(code)) problems.push(`\`arc.rules\`: unknown code \`${code}\``);
      else if (typeof level !== 'string' || !(RULE_LEVELS as readonly string[]).includes(level)) {
        problems.push(`\`arc.rules.${code}\` must be one of ${RULE_LEVELS.join(', ')}`);
      } else rules.set(code, level as RuleLevel);
    }
  }
  // `codeLens` is a boolean (enabled) or `{ enabled?, showEmpty? }`.
  const codeLensSetting = value['codeLens'];
  const lensObject = codeLensSetting && typeof codeLensSetting === 'object' ? codeLensSetting as { enabled?: unknown; showEmpty?: unknown } : undefined;
  const codeLens = typeof codeLensSetting === 'boolean' ? codeLensSetting
    : typeof lensObject?.enabled === 'boolean' ? lensObject.enabled
      : DEFAULT_SETTINGS.codeLens;
  const codeLensShowEmpty = typeof lensObject?.showEmpty === 'boolean' ? lensObject.showEmpty : DEFAULT_SETTINGS.codeLensShowEmpty;
  const level = value['logLevel'];
  const logLevel: LogLevel = level === 'error' || level === 'warn' || level === 'info' || level === 'debug' ? level : DEFAULT_SETTINGS.logLevel;
  return { analysisDelay, rules, codeLens, codeLensShowEmpty, logLevel };
}

import { RULES } from '../rules/registry';
import { SEVERITIES, Severity } from '../rules/types';

export interface Settings {
  readonly enable: boolean;
  /** Codes or prefixes to run; empty means every rule. */
  readonly select: readonly string[];
  /** Codes or prefixes never to run; wins over select. */
  readonly ignore: readonly string[];
  readonly severity: Readonly<Record<string, Severity>>;
  /** Files larger than this are skipped with one message. */
  readonly maxFileSizeMB: number;
  /**
   * Codes or prefixes never reported for this file (per-file-ignores of pyproject.toml): applied after
   * select/ignore, whatever their specificity.
   */
  readonly perFileIgnore?: readonly string[];
}

export const DEFAULT_SETTINGS: Settings = { enable: true, select: [], ignore: [], severity: {}, maxFileSizeMB: 5 };

export const CODE_OR_PREFIX = /^SM\d{0,3}$/i;

/**
 * Validates settings from an editor or a config file. Every bad value is named in a problem message and
 * replaced by its default; nothing throws.
 */
export function parseSettings(raw: unknown, origin = 'settings'): { settings: Settings; problems: string[] } {
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { settings: DEFAULT_SETTINGS, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { settings: DEFAULT_SETTINGS, problems: [`${origin}: expected an object of sagelint settings, got ${describe(raw)}; using the defaults.`] };
  }
  const value = raw as Record<string, unknown>;
  const enable = typeof value.enable === 'boolean' ? value.enable : value.enable === undefined ? true : (problems.push(`${origin}: "enable" must be true or false, got ${describe(value.enable)}; using true.`), true);
  const codes = (key: 'select' | 'ignore'): string[] => {
    const list = value[key];
    if (list === undefined) return [];
    if (!Array.isArray(list)) {
      problems.push(`${origin}: "${key}" must be a list of rule codes or prefixes such as "SM1" or "SM101", got ${describe(list)}; using [].`);
      return [];
    }
    const result: string[] = [];
    for (const item of list) {
      if (typeof item === 'string' && CODE_OR_PREFIX.test(item.trim())) {
        const code = item.trim().toUpperCase();
        // An unknown code is dropped, so the valid ones still apply (select: ["SM999"] must not turn every rule off).
        if (RULES.some((rule) => rule.code.startsWith(code))) result.push(code);
        else problems.push(`${origin}: "${key}" has "${item.trim()}", which matches no sagelint rule; ignoring it.`);
      } else problems.push(`${origin}: "${key}" has ${describe(item)}, which is not a rule code or prefix (like "SM1" or "SM101"); ignoring it.`);
    }
    return result;
  };
  const select = codes('select');
  const ignore = codes('ignore');
  const severity: Record<string, Severity> = {};
  if (value.severity !== undefined) {
    if (typeof value.severity !== 'object' || value.severity === null || Array.isArray(value.severity)) {
      problems.push(`${origin}: "severity" must map rule codes to one of ${SEVERITIES.join(', ')}, got ${describe(value.severity)}; using {}.`);
    } else {
      for (const [code, level] of Object.entries(value.severity)) {
        if (!CODE_OR_PREFIX.test(code)) problems.push(`${origin}: "severity" has the key "${code}", which is not a rule code or prefix; ignoring it.`);
        else if (!RULES.some((rule) => rule.code.startsWith(code.toUpperCase()))) problems.push(`${origin}: "severity" has the key "${code}", which matches no sagelint rule; ignoring it.`);
        else if (typeof level !== 'string' || !SEVERITIES.includes(level as Severity)) problems.push(`${origin}: "severity.${code}" must be one of ${SEVERITIES.join(', ')}, got ${describe(level)}; ignoring it.`);
        else severity[code.toUpperCase()] = level as Severity;
      }
    }
  }
  let maxFileSizeMB = DEFAULT_SETTINGS.maxFileSizeMB;
  if (value.maxFileSizeMB !== undefined) {
    if (typeof value.maxFileSizeMB === 'number' && Number.isFinite(value.maxFileSizeMB) && value.maxFileSizeMB > 0) maxFileSizeMB = value.maxFileSizeMB;
    else problems.push(`${origin}: "maxFileSizeMB" must be a positive number, got ${describe(value.maxFileSizeMB)}; using ${maxFileSizeMB}.`);
  }
  return { settings: { enable, select, ignore, severity, maxFileSizeMB }, problems };
}

export function describe(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

export function matchLength(code: string, prefixes: readonly string[]): number {
  let best = -1;
  for (const prefix of prefixes) if (code.startsWith(prefix) && prefix.length > best) best = prefix.length;
  return best;
}

/** ruff's resolution: the most specific of select/ignore wins; an empty select selects everything. */
export function isRuleEnabled(code: string, settings: Settings): boolean {
  if (settings.perFileIgnore && matchLength(code, settings.perFileIgnore) >= 0) return false;
  const selected = settings.select.length === 0 ? 0 : matchLength(code, settings.select);
  const ignored = matchLength(code, settings.ignore);
  if (selected < 0) return false;
  return ignored < 0 || selected > ignored;
}

export function severityFor(code: string, defaultSeverity: Severity, settings: Settings): Severity {
  let best: { length: number; severity: Severity } | undefined;
  for (const [prefix, severity] of Object.entries(settings.severity)) {
    if (code.startsWith(prefix) && (!best || prefix.length > best.length)) best = { length: prefix.length, severity };
  }
  return best?.severity ?? defaultSeverity;
}

import { RULES } from '../rules/registry';
import { Severity } from '../rules/types';
import { ProjectConfig, RuleSelection, relativeTo } from './pyproject';
import { DEFAULT_SETTINGS, Settings, matchLength } from './settings';

/** Rules enabled when nothing is configured. (A rule that must be opted into would be left out here.) */
export function defaultRuleCodes(): Set<string> {
  return new Set(RULES.map((rule) => rule.code));
}

/**
 * Applies one layer to the set of enabled rules, as ruff layers configuration: a layer's `select`
 * replaces what came before, `extend-select` adds, `ignore` removes; inside a layer the most specific
 * prefix wins and a tie goes to `ignore`.
 */
export function applySelection(current: ReadonlySet<string>, layer: RuleSelection): Set<string> {
  const selected = [...(layer.select ?? []), ...(layer.extendSelect ?? [])];
  const ignored = layer.ignore ?? [];
  const result = new Set<string>();
  for (const rule of RULES) {
    const code = rule.code;
    const sel = matchLength(code, selected);
    const ign = matchLength(code, ignored);
    const carried = layer.select === undefined && current.has(code);
    const enabled = sel >= 0 ? ign < 0 || sel > ign : carried && ign < 0;
    if (enabled) result.add(code);
  }
  return result;
}

/** The editor's settings as a layer: an empty list means "not set" there. */
export function editorLayer(settings: Settings): RuleSelection {
  return { select: settings.select.length ? settings.select : undefined, ignore: settings.ignore };
}

export interface Layers {
  /** Base settings (the editor's, or the defaults); its select/ignore form the layer after the config. */
  readonly base?: Settings;
  readonly config?: ProjectConfig;
  /** Command-line options: the last layer. */
  readonly overrides?: RuleSelection;
}

/**
 * The settings to analyse one file with: rule selection layered config → editor → command line,
 * severities merged (later layers win per key), and the per-file-ignores that match the file.
 */
export function settingsForFile(file: string | undefined, layers: Layers): Settings {
  const base = layers.base ?? DEFAULT_SETTINGS;
  let enabled = defaultRuleCodes();
  if (layers.config) enabled = applySelection(enabled, layers.config.selection);
  enabled = applySelection(enabled, editorLayer(base));
  if (layers.overrides) enabled = applySelection(enabled, layers.overrides);
  const severity: Record<string, Severity> = { ...(layers.config?.severity ?? {}), ...base.severity };
  const perFileIgnore: string[] = [];
  if (layers.config && file !== undefined) {
    const relative = relativeTo(layers.config, file);
    for (const entry of layers.config.perFileIgnores) if (entry.glob.matches(relative)) perFileIgnore.push(...entry.codes);
  }
  const select = [...enabled].sort();
  return {
    ...base,
    select,
    // An empty selection must not read as "every rule".
    ignore: select.length ? [] : ['SM'],
    severity,
    ...(perFileIgnore.length ? { perFileIgnore } : {}),
  };
}

import * as fs from 'fs';
import * as path from 'path';
import { TomlError, parse as parseToml } from 'smol-toml';
import { RULES } from '../rules/registry';
import { SEVERITIES, Severity } from '../rules/types';
import { Glob } from './glob';
import { PROJECT_FILE_MAX_BYTES, readBoundedText } from '../io/boundedRead';
import { CODE_OR_PREFIX, describe } from './settings';

/** One layer of rule selection, as ruff layers them: `select` replaces, the others adjust. */
export interface RuleSelection {
  readonly select?: readonly string[];
  readonly extendSelect?: readonly string[];
  readonly ignore?: readonly string[];
}

/** `[tool.sagelint]` of one pyproject.toml, validated. Bad values were dropped (defaults apply). */
export interface ProjectConfig {
  /** Absolute path of the pyproject.toml. */
  readonly file: string;
  /** Its folder: globs are relative to it. */
  readonly root: string;
  readonly selection: RuleSelection;
  readonly severity: Readonly<Record<string, Severity>>;
  readonly perFileIgnores: readonly { readonly glob: Glob; readonly codes: readonly string[] }[];
  readonly exclude: readonly Glob[];
  /** One message per problem, each naming the file and line: "pyproject.toml:12: ...". */
  readonly problems: readonly string[];
  /**
   * Rule codes that are malformed or match no rule, one message each (file and line). As in ruff, the
   * command line treats them as usage errors (exit 2); the editor reports them and drops the codes, so
   * the remaining valid codes apply.
   */
  readonly unknownCodes: readonly string[];
}

const KEYS = ['select', 'ignore', 'extend-select', 'per-file-ignores', 'severity', 'exclude'] as const;

/** Cheap pre-check: a pyproject.toml that never says "sagelint" has no configuration for us. */
export function mentionsSagelint(text: string): boolean {
  // `^[ \t]*`, not `^\s*`: \s crosses line breaks, so on 100,000 blank lines every line start rescanned the rest (quadratic).
  return /tool\s*\.\s*["']?sagelint/.test(text) || /^[ \t]*\[\s*tool\s*\]/m.test(text) && /^[ \t]*["']?sagelint["']?\s*[.=]/m.test(text);
}

/**
 * Parses the text of a pyproject.toml. Undefined when it has no `[tool.sagelint]` table; a file that
 * is not valid TOML yields an empty configuration (every default) and one problem.
 */
export function parsePyproject(text: string, file: string): ProjectConfig | undefined {
  const absolute = path.resolve(file);
  const empty = (problems: string[]): ProjectConfig => ({ file: absolute, root: path.dirname(absolute), selection: {}, severity: {}, perFileIgnores: [], exclude: [], problems, unknownCodes: [] });
  if (!mentionsSagelint(text)) return undefined;
  let document: Record<string, unknown>;
  try {
    document = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    const line = error instanceof TomlError ? error.line : undefined;
    const reason = String((error as Error).message ?? error).split('\n')[0].replace(/^Invalid TOML document: /, '');
    return empty([`${file}${line ? `:${line}` : ''}: invalid TOML (${reason}); sagelint uses its defaults.`]);
  }
  const tool = document.tool as Record<string, unknown> | undefined;
  const raw = tool && typeof tool === 'object' ? tool.sagelint : undefined;
  if (raw === undefined) return undefined;
  const problems: string[] = [];
  const unknownCodes: string[] = [];
  let keyLines: KeyLines | undefined;
  const at = (key?: string) => `${file}:${(keyLines ??= new KeyLines(text)).lineOf(key)}`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return empty([`${at()}: [tool.sagelint] must be a table, got ${describe(raw)}; sagelint uses its defaults.`]);
  }
  const table = raw as Record<string, unknown>;
  for (const key of Object.keys(table)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      const hint = KEYS.find((k) => k.replace(/-/g, '_') === key || k.replace(/-/g, '') === key.replace(/[-_]/g, ''));
      problems.push(`${at(key)}: unknown key "${key}" in [tool.sagelint]${hint ? ` (did you mean "${hint}"?)` : ''}; ignoring it. Known keys: ${KEYS.join(', ')}.`);
    }
  }
  const codeList = (key: string, value: unknown): string[] | undefined => {
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
      problems.push(`${at(key)}: "${key}" must be a list of rule codes or prefixes such as "SM1" or "SM101", got ${describe(value)}; ignoring it.`);
      return undefined;
    }
    const codes: string[] = [];
    for (const item of value) {
      if (typeof item !== 'string') {
        problems.push(`${at(key)}: "${key}" has ${describe(item)}, which is not a rule code or prefix (like "SM1" or "SM101"); ignoring it.`);
        continue;
      }
      const code = item.trim().toUpperCase();
      const unknown = unknownCodeReason(code);
      if (unknown) unknownCodes.push(`${at(key)}: "${key}" has "${item.trim()}", which ${unknown}.`);
      else codes.push(code);
    }
    return codes;
  };
  const selectList = codeList('select', table.select);
  const selection: RuleSelection = {
    // `select = []` reads as "not set": sagelint's convention is that an empty selection is every rule.
    select: selectList && selectList.length ? selectList : undefined,
    extendSelect: codeList('extend-select', table['extend-select']),
    ignore: codeList('ignore', table.ignore),
  };
  const severity: Record<string, Severity> = {};
  if (table.severity !== undefined) {
    if (typeof table.severity !== 'object' || table.severity === null || Array.isArray(table.severity)) {
      problems.push(`${at('severity')}: "severity" must be a table of rule codes to one of ${SEVERITIES.join(', ')}, got ${describe(table.severity)}; ignoring it.`);
    } else {
      for (const [code, level] of Object.entries(table.severity)) {
        const unknown = unknownCodeReason(code.toUpperCase());
        if (unknown) unknownCodes.push(`${at(code)}: "severity" has the key "${code}", which ${unknown}.`);
        else if (typeof level !== 'string' || !SEVERITIES.includes(level as Severity)) problems.push(`${at(code)}: "severity.${code}" must be one of ${SEVERITIES.join(', ')}, got ${describe(level)}; ignoring it.`);
        else severity[code.toUpperCase()] = level as Severity;
      }
    }
  }
  const perFileIgnores: { glob: Glob; codes: string[] }[] = [];
  const pfi = table['per-file-ignores'];
  if (pfi !== undefined) {
    if (typeof pfi !== 'object' || pfi === null || Array.isArray(pfi)) {
      problems.push(`${at('per-file-ignores')}: "per-file-ignores" must be a table of globs to lists of rule codes, e.g. "tests/**" = ["SM101"]; got ${describe(pfi)}; ignoring it.`);
    } else {
      for (const [pattern, value] of Object.entries(pfi)) {
        const codes = codeList(`per-file-ignores."${pattern}"`, value);
        const glob = new Glob(pattern);
        if (glob.error) problems.push(`${at(pattern)}: "per-file-ignores" has the glob "${pattern}", which is not valid (${glob.error}); it matches only that exact path.`);
        if (codes?.length) perFileIgnores.push({ glob, codes });
      }
    }
  }
  const exclude: Glob[] = [];
  if (table.exclude !== undefined) {
    if (!Array.isArray(table.exclude) || table.exclude.some((item) => typeof item !== 'string')) {
      problems.push(`${at('exclude')}: "exclude" must be a list of globs such as "build/**", got ${describe(table.exclude)}; ignoring it.`);
    } else {
      for (const pattern of table.exclude as string[]) {
        const glob = new Glob(pattern);
        if (glob.error) problems.push(`${at('exclude')}: "exclude" has the glob "${pattern}", which is not valid (${glob.error}); it matches only that exact path.`);
        exclude.push(glob);
      }
    }
  }
  return { file: absolute, root: path.dirname(absolute), selection, severity, perFileIgnores, exclude, problems, unknownCodes };
}

/** Why a code (upper case) names no rule, or undefined when it is a code or prefix of at least one rule. */
export function unknownCodeReason(code: string): string | undefined {
  if (!CODE_OR_PREFIX.test(code)) return 'is not a rule code or prefix (like "SM1" or "SM101")';
  if (!RULES.some((rule) => rule.code.startsWith(code))) return 'matches no sagelint rule (see "sagelint rules")';
  return undefined;
}

/**
 * 1-based lines of keys inside the sagelint section (or of the section header when a key is not found).
 * TOML keys can be written many ways; this finds the common ones (`key =`, `"key" =`, `table.key =`,
 * `tool.sagelint.key =`, `[tool.sagelint.key]`), and otherwise falls back. The text is indexed once, so
 * a file with 20,000 bad keys costs one pass, not one pass per key.
 */
class KeyLines {
  private readonly section: number;
  /** Each spelling a line could be found by → the first such line at or after the section (0-based). */
  private readonly first = new Map<string, number>();

  constructor(text: string) {
    const lines = text.split(/\r?\n/);
    let section = lines.findIndex((line) => /^\s*\[\s*tool\s*\.\s*["']?sagelint["']?\s*[\].]/.test(line));
    if (section < 0) section = lines.findIndex((line) => /sagelint/.test(line));
    this.section = section;
    for (let i = Math.max(section, 0); i < lines.length; i++) {
      for (const key of KeyLines.spellings(lines[i])) if (!this.first.has(key)) this.first.set(key, i);
    }
  }

  /** The keys a line names: an assignment's key (with and without a table prefix and quotes), or a [tool.sagelint.X] header's X. */
  private static spellings(line: string): string[] {
    // `([^\]]*)\]` and a trim, not `(.*?)\s*\]`, which is quadratic on a long run of spaces.
    const header = /^\s*\[\s*tool\.sagelint\.([^\]]*)\]/.exec(line);
    const heads: string[] = [];
    if (header) heads.push(header[1].trimEnd());
    else {
      const equals = line.indexOf('=');
      if (equals < 0) return [];
      const head = line.slice(0, equals).trim();
      heads.push(head);
      if (head.startsWith('tool.sagelint.')) heads.push(head.slice('tool.sagelint.'.length));
      for (const h of [...heads]) {
        const prefix = /^[\w-]+\./.exec(h);
        if (prefix) heads.push(h.slice(prefix[0].length));
      }
    }
    const out: string[] = [];
    for (const h of heads) {
      const bodies = [h];
      if (/^["']/.test(h)) bodies.push(h.slice(1));
      for (const b of [...bodies]) if (/["']$/.test(b)) bodies.push(b.slice(0, -1));
      out.push(...bodies);
    }
    return out;
  }

  lineOf(key?: string): number {
    if (key !== undefined) {
      const found = this.first.get(key.replace(/^"(.*)"$/, '$1'));
      if (found !== undefined) return found + 1;
    }
    return this.section + 1 || 1;
  }
}

/** Reads and parses one pyproject.toml. I/O problems become a problem message, never an exception. */
export function loadPyproject(file: string): ProjectConfig | undefined {
  // Only a regular file of sane size: a repository may ship pyproject.toml -> /dev/zero.
  const read = readBoundedText(file, { maxBytes: PROJECT_FILE_MAX_BYTES });
  if (!read.ok) {
    const absolute = path.resolve(file);
    const why = read.reason === 'unreadable' ? read.message : `not read: ${read.message}`;
    return { file: absolute, root: path.dirname(absolute), selection: {}, severity: {}, perFileIgnores: [], exclude: [], unknownCodes: [], problems: [`${file}: ${why}; sagelint uses its defaults.`] };
  }
  return parsePyproject(read.text, file);
}

/**
 * Finds the configuration of a file: the nearest pyproject.toml above it that has a [tool.sagelint]
 * table (as ruff does with [tool.ruff]). Parsed files are cached by path and re-read when their
 * modification time or size changes; `clear()` forgets everything (a watched file changed).
 */
export class ConfigResolver {
  private readonly parsed = new Map<string, { stamp: string; config: ProjectConfig | undefined }>();
  private readonly nearest = new Map<string, string | null>();

  /** The configuration for a file, or undefined when no pyproject.toml above it configures sagelint. */
  forFile(file: string): ProjectConfig | undefined {
    let dir = path.dirname(path.resolve(file));
    const visited: string[] = [];
    let found: ProjectConfig | undefined;
    for (;;) {
      const cached = this.nearest.get(dir);
      if (cached !== undefined) {
        found = cached === null ? undefined : this.load(cached);
        if (found || cached === null) break;
        // The cached file no longer configures sagelint: forget and search again.
        this.nearest.clear();
        return this.forFile(file);
      }
      visited.push(dir);
      const candidate = path.join(dir, 'pyproject.toml');
      const config = fs.existsSync(candidate) ? this.load(candidate) : undefined;
      if (config) {
        found = config;
        break;
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    for (const v of visited) this.nearest.set(v, found ? found.file : null);
    return found;
  }

  /** Parses a file, or returns the cached result when it has not changed on disk. */
  load(file: string): ProjectConfig | undefined {
    let stamp: string;
    try {
      const stat = fs.statSync(file);
      stamp = `${stat.mtimeMs}:${stat.size}`;
    } catch {
      this.parsed.delete(file);
      return undefined;
    }
    const cached = this.parsed.get(file);
    if (cached && cached.stamp === stamp) return cached.config;
    const config = loadPyproject(file);
    this.parsed.set(file, { stamp, config });
    return config;
  }

  /** True when a pyproject.toml that was read has changed on disk since (mtime or size). */
  changedOnDisk(): boolean {
    for (const [file, entry] of this.parsed) {
      try {
        const stat = fs.statSync(file);
        if (`${stat.mtimeMs}:${stat.size}` !== entry.stamp) return true;
      } catch {
        return true;
      }
    }
    return false;
  }

  clear(): void {
    this.parsed.clear();
    this.nearest.clear();
  }
}

/** Path of a file relative to a configuration's folder, with forward slashes. */
export function relativeTo(config: ProjectConfig, file: string): string {
  return path.relative(config.root, path.resolve(file)).split(path.sep).join('/');
}

/** True when the configuration's `exclude` covers the file. */
export function isExcluded(config: ProjectConfig | undefined, file: string): boolean {
  if (!config || !config.exclude.length) return false;
  const relative = relativeTo(config, file);
  return config.exclude.some((glob) => glob.matches(relative));
}

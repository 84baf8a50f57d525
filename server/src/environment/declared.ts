import * as fs from 'fs';
import * as path from 'path';
import { parse as parseToml } from 'smol-toml';
import { BoundedReadError, isInside, readProjectFile } from '../io/boundedRead';
import { parseVersionSpecifier, VersionRange } from './sdkVersionRange';

/** A sagemaker requirement found in a project file. */
export interface DeclaredSagemaker {
  /** The lowest version the requirement allows (or the locked version); undefined for "any". */
  readonly version?: string;
  readonly major?: number;
  /** The requirement as written, e.g. "sagemaker>=2.200,<3". */
  readonly requirement: string;
  /** The releases the requirement admits; undefined when its specifier is not understood (a URL, a typo). */
  readonly range?: VersionRange;
  readonly file: string;
}

/** A project file sagelint did not read (absolute path), and why. */
export interface NotRead {
  readonly file: string;
  readonly why: string;
}

/** One requirement of a project file, whatever the file's format. */
export interface DeclaredRequirement {
  /** The normalised distribution name (PEP 503: lower case, runs of -_. become -). */
  readonly name: string;
  /** Extras, lower case: `boto3-stubs[sagemaker]` → ["sagemaker"]. */
  readonly extras: readonly string[];
  /** The requirement as a PEP 508 string (poetry/Pipfile tables are turned into one). */
  readonly requirement: string;
  /** The lowest version the requirement allows (the locked version in lock files). */
  readonly version?: string;
  /** The exact version when pinned with == (or locked); undefined for ranges. */
  readonly exact?: string;
  readonly file: string;
  /** Lock files list what is installed, not what is asked for. */
  readonly locked?: boolean;
}

/** Everything the project files declare, read once. */
export interface DeclaredProject {
  /** Files that were read and understood, most exact first (lock files, pyproject.toml, requirements*.txt, setup.cfg, Pipfile). */
  readonly files: readonly string[];
  /** Every requirement, in the order of `files` and, within a file, in file order. */
  readonly requirements: readonly DeclaredRequirement[];
  /** Files that exist but could not be read or parsed (a malformed TOML, a missing `-r` include). */
  readonly unreadable: readonly string[];
  /**
   * Files not read, and why ("a symbolic link to /dev/zero, which is a device, not a regular file"):
   * special, oversized or outside files, and includes that leave the project.
   */
  readonly notRead: readonly NotRead[];
}

/** requirements*.txt in a folder, requirements.txt first. */
export function requirementsFiles(root: string): string[] {
  try {
    return fs.readdirSync(root).filter((n) => REQUIREMENTS_FILE.test(n)).sort((a, b) => (a === 'requirements.txt' ? -1 : b === 'requirements.txt' ? 1 : a.localeCompare(b)));
  } catch {
    return [];
  }
}

/** The file names sagelint reads as pip requirements files (and lints, SM703). */
export const REQUIREMENTS_FILE = /^requirements.*\.txt$/i;
/** pyproject.toml: its dependency arrays are linted like requirements files (SM703). */
export const PYPROJECT_FILE = /^pyproject\.toml$/i;

type Reader = (text: string, file: string, project: Collector) => void;

interface Collector {
  readonly requirements: DeclaredRequirement[];
  readonly files: string[];
  readonly unreadable: string[];
  readonly notRead: NotRead[];
  /** Folders every file read must be inside, symbolic links resolved (the project, the workspace folders). */
  readonly within: readonly string[];
}

/**
 * Reads every requirement a project folder declares: lock files (poetry.lock, uv.lock), pyproject.toml
 * (PEP 621 dependencies and optional dependencies, PEP 735 dependency groups, poetry, uv and pdm dev
 * dependencies), requirements*.txt (following `-r`/`-c` includes), setup.cfg (install_requires,
 * extras_require) and Pipfile. One generic pass: package-specific questions are answered from the result.
 *
 * Repository content is untrusted: files are read only when regular, small enough and inside `within`
 * (by default the root itself); includes that point elsewhere are not followed, and are unread.
 */
export function readDeclaredRequirements(root: string, within: readonly string[] = [root]): DeclaredProject {
  const project: Collector = { requirements: [], files: [], unreadable: [], notRead: [], within };
  const readers: [string, Reader][] = [
    ['poetry.lock', lockRequirements],
    ['uv.lock', lockRequirements],
    ['pyproject.toml', pyprojectRequirements],
    ...requirementsFiles(root).map((name): [string, Reader] => [name, requirementsTxtRequirements]),
    ['setup.cfg', setupCfgRequirements],
    ['Pipfile', pipfileRequirements],
  ];
  for (const [name, reader] of readers) readInto(path.join(root, name), reader, project);
  return project;
}

function readInto(file: string, reader: Reader, project: Collector): boolean {
  if (project.files.includes(file) || visiting.has(file)) return true; // read already, or an include cycle
  if (project.unreadable.includes(file)) return false;
  let text: string;
  try {
    text = readProjectFile(file, project.within);
  } catch (error) {
    if ((error as NodeJS.ErrnoException)?.code !== 'ENOENT') {
      project.unreadable.push(file);
      if (error instanceof BoundedReadError) project.notRead.push({ file, why: `${error.failure.message}; not read` });
    }
    return false;
  }
  const before = project.requirements.length;
  visiting.add(file);
  try {
    reader(text, file, project);
    project.files.push(file);
    return true;
  } catch {
    project.requirements.length = before; // malformed file: as if it declared nothing, but known to be unread
    project.unreadable.push(file);
    return false;
  } finally {
    visiting.delete(file);
  }
}

const visiting = new Set<string>();

/**
 * Looks for a sagemaker requirement in a project folder, most exact first: lock files (poetry.lock,
 * uv.lock), then pyproject.toml ([project] dependencies, [tool.poetry.dependencies]), requirements*.txt,
 * setup.cfg install_requires, Pipfile.
 */
export function readDeclaredSagemaker(root: string, project = readDeclaredRequirements(root)): DeclaredSagemaker | undefined {
  const found = project.requirements.find((r) => r.name === 'sagemaker');
  if (!found) return undefined;
  const version = found.version;
  const range = requirementRange(found.requirement);
  return { requirement: found.requirement, version, major: version ? Number(version.split('.')[0]) : upperBoundMajor(found.requirement), ...(range ? { range } : {}), file: found.file };
}

/**
 * The releases a PEP 508 requirement admits (`sagemaker[local]>=2.1,<3; python_version>"3.8"` → 2.1 up to
 * but not including 3), its text the requirement as written without markers. Undefined when the version part
 * is not a specifier set (`name @ https://...`) or not understood.
 */
export function requirementRange(requirement: string): VersionRange | undefined {
  const m = /^\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*(?:\[[^\]]*\])?/.exec(requirement);
  if (!m) return undefined;
  const withoutMarker = requirement.split(';')[0].trim();
  let spec = withoutMarker.slice(m[0].trim().length).trim();
  if (spec.startsWith('@')) return undefined;
  const parenthesised = /^\((.*)\)$/.exec(spec); // `sagemaker (>=2.0)`, the old setup.py style
  if (parenthesised) spec = parenthesised[1].trim();
  if (spec === '*') spec = ''; // poetry and Pipfile: any version
  return parseVersionSpecifier(spec, withoutMarker);
}

function add(project: Collector, requirement: string, file: string, locked = false): void {
  const parsed = parseRequirement(requirement);
  if (!parsed) return;
  project.requirements.push({ ...parsed, requirement: requirement.trim(), file, ...(locked ? { locked } : {}) });
}

/** Name, extras and versions of a PEP 508 requirement string; undefined when it names no distribution. */
export function parseRequirement(requirement: string): { name: string; extras: string[]; version?: string; exact?: string } | undefined {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?/.exec(requirement);
  if (!m) return undefined;
  const extras = (m[2] ?? '').split(',').map((e) => e.trim().toLowerCase()).filter(Boolean);
  const version = lowestVersion(requirement);
  const spec = requirement.slice(m[0].length).split(';')[0];
  const exact = /^\s*===?\s*v?(\d+(?:\.\d+)*)\s*$/.exec(spec)?.[1];
  return { name: normalize(m[1]), extras, ...(version ? { version } : {}), ...(exact ? { exact } : {}) };
}

/** `[[package]] name = "..." version = "..."` in poetry.lock and uv.lock: every locked package, pinned. */
function lockRequirements(text: string, file: string, project: Collector): void {
  const data = parseToml(text) as { package?: { name?: string; version?: string }[] };
  for (const entry of data.package ?? []) {
    if (typeof entry.name === 'string' && typeof entry.version === 'string') add(project, `${entry.name}==${entry.version}`, file, true);
  }
}

type TomlTable = Record<string, unknown>;

function isTable(value: unknown): value is TomlTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface Pyproject {
  project?: { dependencies?: unknown[]; 'optional-dependencies'?: Record<string, unknown[]> };
  'dependency-groups'?: Record<string, unknown[]>;
  tool?: {
    poetry?: { dependencies?: TomlTable; 'dev-dependencies'?: TomlTable; group?: Record<string, { dependencies?: TomlTable }> };
    uv?: { 'dev-dependencies'?: unknown[] };
    pdm?: { 'dev-dependencies'?: Record<string, unknown[]> };
  };
}

/**
 * The PEP 508 strings of pyproject.toml: [project] (optional) dependencies, PEP 735 groups, uv and pdm
 * dev dependencies. The file is repository content: a field of the wrong shape (`dependencies = 5`, a
 * table where an array belongs) is skipped, or with `strict` throws MalformedPyproject (the project's
 * declarations are then unknown, not empty).
 */
function pep508Dependencies(data: Pyproject, strict = false): string[] {
  const malformed = (field: string): [] => {
    if (strict) throw new MalformedPyproject(field);
    return [];
  };
  const array = (value: unknown, field: string): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : malformed(field));
  const arrays = (value: unknown, field: string): unknown[] => {
    if (value === undefined) return [];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return malformed(field);
    return Object.entries(value).flatMap(([key, entry]) => array(entry, `${field}.${key}`));
  };
  const table = (value: unknown): Record<string, unknown> | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined);
  const project = table(data.project);
  const tool = table(data.tool);
  return [
    ...array(project?.dependencies, '[project] dependencies'),
    ...arrays(project?.['optional-dependencies'], '[project.optional-dependencies]'),
    ...arrays(data['dependency-groups'], '[dependency-groups]'),
    ...array(table(tool?.uv)?.['dev-dependencies'], '[tool.uv] dev-dependencies'),
    ...arrays(table(tool?.pdm)?.['dev-dependencies'], '[tool.pdm.dev-dependencies]'),
  ].filter((dependency): dependency is string => typeof dependency === 'string');
}

/** A pyproject.toml field of the wrong shape. */
class MalformedPyproject extends Error {
  constructor(readonly field: string) {
    super(`${field} has the wrong type`);
  }
}

function pyprojectRequirements(text: string, file: string, project: Collector): void {
  const data = parseToml(text) as Pyproject;
  // Strict: a malformed field makes the whole file unknown (readInto catches the error).
  for (const dependency of pep508Dependencies(data, true)) add(project, dependency, file);
  const poetry = data.tool?.poetry;
  const groups = poetry?.group;
  const tables = [poetry?.dependencies, poetry?.['dev-dependencies'], ...(isTable(groups) ? Object.values(groups).map((g) => (isTable(g) ? g.dependencies : undefined)) : [])];
  for (const table of tables) {
    if (table !== undefined && !isTable(table)) throw new MalformedPyproject('[tool.poetry] dependencies');
    for (const [name, spec] of Object.entries(table ?? {})) {
      if (normalize(name) === 'python') continue;
      add(project, tableRequirement(name, spec, 'poetry'), file);
    }
  }
}

/** A poetry or Pipfile dependency (`"^2.1"`, `{ version = ">=1", extras = ["x"] }`) as a PEP 508 string. */
function tableRequirement(name: string, spec: unknown, style: 'poetry' | 'pipfile'): string {
  const table = typeof spec === 'object' && spec !== null ? (spec as { version?: unknown; extras?: unknown }) : undefined;
  const version = typeof spec === 'string' ? spec : typeof table?.version === 'string' ? table.version : '*';
  const extras = Array.isArray(table?.extras) ? table!.extras.filter((e): e is string => typeof e === 'string') : [];
  const withExtras = extras.length ? `${name}[${extras.join(',')}]` : name;
  if (style === 'poetry') return `${withExtras}${/^[\d]/.test(version) ? '==' : ''}${version}`;
  return `${withExtras}${version === '*' ? '' : version}`;
}

/** pip requirements: one requirement a line, `#` comments, `\` continuations, `-r`/`-c` includes (followed). */
function requirementsTxtRequirements(text: string, file: string, project: Collector): void {
  for (const line of parseRequirementsText(text)) {
    if (line.include) {
      const included = path.resolve(path.dirname(file), line.include);
      // An include that cannot be read may declare anything: remember it as unread.
      if (path.isAbsolute(line.include) || !project.within.some((folder) => isInside(path.resolve(folder), included))) {
        // `-r /dev/zero`, `-r ../../outside.txt`: a repository names files outside itself; not followed.
        if (!project.unreadable.includes(included)) {
          project.unreadable.push(included);
          project.notRead.push({ file, why: `the include ${line.include} is outside the project; not followed` });
        }
        continue;
      }
      if (!readInto(included, requirementsTxtRequirements, project) && !project.unreadable.includes(included)) project.unreadable.push(included);
      continue;
    }
    if (line.requirement) add(project, line.requirement, file);
  }
}

/** One meaningful line of a requirements file, with where its requirement sits (UTF-16 offsets in the text). */
export interface RequirementsLine {
  /** 0-based line number. */
  readonly line: number;
  /** The requirement without comment, options or trailing white space. */
  readonly requirement?: string;
  readonly start: number;
  readonly end: number;
  /** `-r FILE` / `-c FILE`: the file it includes. */
  readonly include?: string;
}

/**
 * The PEP 508 dependency strings of a pyproject.toml, located in its text (one entry per string, the
 * range inside the quotes), so requirement-file rules can report and fix them there. Poetry's tables
 * (`boto3 = "^1.35"`) are not located. A file that is not valid TOML has none.
 */
export function parsePyprojectRequirementLines(text: string): RequirementsLine[] {
  let data: Pyproject;
  try {
    data = parseToml(text) as Pyproject;
  } catch {
    return [];
  }
  const dependencies = new Set(pep508Dependencies(data));
  if (!dependencies.size) return [];
  const out: RequirementsLine[] = [];
  let line = 0;
  // One-line basic or literal strings without escapes: how dependency arrays are written.
  for (const match of text.matchAll(/\n|(["'])([^"'\\\r\n]*)\1/g)) {
    if (match[0] === '\n') {
      line++;
      continue;
    }
    const content = match[2];
    if (!dependencies.has(content)) continue;
    const requirement = content.trim();
    const start = match.index! + 1 + (content.length - content.trimStart().length);
    out.push({ line, requirement, start, end: start + requirement.length });
  }
  return out;
}

/** The lines of a pip requirements file that hold a requirement or include another file. */
export function parseRequirementsText(text: string): RequirementsLine[] {
  const out: RequirementsLine[] = [];
  const lines = text.split(/\r?\n|\r/);
  let offset = 0;
  const starts: number[] = [];
  for (const line of text.matchAll(/[^\r\n]*(\r\n|\r|\n|$)/g)) {
    starts.push(offset);
    offset += line[0].length;
    if (!line[0]) break;
  }
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const content = raw.replace(/(^|\s)#.*$/, '');
    const trimmed = content.trim();
    if (!trimmed) continue;
    const include = /^(?:-r|--requirement|-c|--constraint)(?:\s+|=)(\S+)/.exec(trimmed);
    if (include) {
      out.push({ line: i, start: starts[i] + raw.indexOf(trimmed), end: starts[i] + raw.indexOf(trimmed) + trimmed.length, include: include[1] });
      continue;
    }
    if (trimmed.startsWith('-') || /^[a-z+]+:\/\//i.test(trimmed) || trimmed.startsWith('.') || trimmed.startsWith('/')) continue; // options, URLs, local paths
    const requirement = withoutOptions(trimmed);
    const start = starts[i] + raw.indexOf(trimmed);
    out.push({ line: i, requirement, start, end: start + requirement.length });
  }
  return out;
}

/**
 * A requirement with pip options after it (`--hash=...`) keeps only the requirement, and a continuation
 * backslash goes. (Written without `\s+` / `\s*` before a literal: on a line of 100,000 spaces those
 * regular expressions backtracked quadratically.)
 */
function withoutOptions(line: string): string {
  const option = /\s--\S/.exec(line);
  let requirement = option ? line.slice(0, option.index).trimEnd() : line;
  if (requirement.endsWith('\\')) requirement = requirement.slice(0, -1).trimEnd();
  return requirement;
}

/** `[options] install_requires =` and `[options.extras_require]`, one requirement per continuation line (or ; separated). */
function setupCfgRequirements(text: string, file: string, project: Collector): void {
  let section = '';
  let collecting = false;
  for (const raw of text.split(/\r?\n/)) {
    const header = /^\s*\[([^\]]+)\]/.exec(raw);
    if (header) {
      section = header[1].trim();
      collecting = false;
      continue;
    }
    if (section !== 'options' && section !== 'options.extras_require') continue;
    const key = /^(\w[\w.-]*)\s*=\s*(.*)$/.exec(raw);
    if (key) {
      collecting = section === 'options.extras_require' || key[1] === 'install_requires';
      if (!collecting) continue;
      for (const item of key[2].replace(/#.*$/, '').split(';')) if (item.trim()) add(project, item.trim(), file);
      continue;
    }
    if (collecting && /^\s+\S/.test(raw)) {
      const item = raw.replace(/(^|\s)#.*$/, '').trim();
      if (item) add(project, item, file);
    }
  }
}

function pipfileRequirements(text: string, file: string, project: Collector): void {
  const data = parseToml(text) as { packages?: TomlTable; 'dev-packages'?: TomlTable };
  for (const table of [data.packages, data['dev-packages']]) {
    if (table !== undefined && !isTable(table)) throw new Error('Pipfile: [packages] is not a table'); // unknown, not empty
    for (const [name, spec] of Object.entries(table ?? {})) add(project, tableRequirement(name, spec, 'pipfile'), file);
  }
}

export function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The lowest version a specifier allows: ==, ===, ~=, >=, >, ^, ~ (poetry) and bare versions. */
export function lowestVersion(requirement: string): string | undefined {
  const spec = requirement.replace(/^\s*[A-Za-z0-9][A-Za-z0-9._-]*(\[[^\]]*\])?/, '').split(';')[0];
  // `^` rather than `^\s*` before the `\s*`: two adjacent \s* backtrack quadratically over a run of spaces.
  const m = /(?:===|==|~=|>=|>|\^|~|^)\s*v?(\d+(?:\.\d+)*)/.exec(spec);
  if (!m) return undefined;
  const parts = m[1].split('.');
  while (parts.length < 3) parts.push('0');
  return parts.join('.');
}

/** For "<3" alone: the major below the bound. */
function upperBoundMajor(requirement: string): number | undefined {
  const m = /<\s*(\d+)(?:\.0)*(?![.\d])/.exec(requirement);
  return m ? Math.max(1, Number(m[1]) - 1) : undefined;
}

import * as path from 'path';
import { BoundedReadError, isInside, readProjectFile } from '../io/boundedRead';
import { normalize, parseRequirement, parseRequirementsText, requirementRange } from '../environment/declared';
import { intersectRanges, parseVersionSpecifier, VersionRange } from '../environment/sdkVersionRange';
import type { SdkEnvironment } from '../environment/types';
import { CommandLine, commandLines } from './magics';

/**
 * The sagemaker a notebook installs into its own kernel: its `%pip install`, `!pip install`,
 * `%conda install`, `!{sys.executable} -m pip install`, `%%bash` lines. The kernel runs them before the
 * code that imports the SDK, so they decide the version that code runs, over whatever the workspace's
 * environment or requirement files say.
 */
export interface NotebookSdkPin {
  /** 1-based cell among all the notebook's cells (as the CLI counts), and 1-based line in that cell. */
  readonly cell: number;
  readonly line: number;
  /** The command as written (its first line). */
  readonly command: string;
  /**
   * range: the releases the command admits; newest: it upgrades to the newest release (`-U sagemaker`),
   * which admits every version as far as the code can tell; unknown: it installs sagemaker in a way
   * sagelint cannot read (a Python value, a URL, a requirements file it cannot read).
   */
  readonly outcome: 'range' | 'newest' | 'unknown';
  /** With outcome 'range': the releases; 'newest': every version. */
  readonly range?: VersionRange;
  /** The requirements file (`-r`) the pin came from. */
  readonly file?: string;
  /** With outcome 'unknown': why. */
  readonly why?: string;
}

/** A line that mentions installing sagemaker but does not decide the version, and why. */
export interface IgnoredInstall {
  readonly cell: number;
  readonly line: number;
  readonly command: string;
  readonly why: string;
}

export interface NotebookPinScan {
  /** The last command, in cell order, that decides the version; undefined when none does. */
  readonly pin?: NotebookSdkPin;
  readonly ignored: readonly IgnoredInstall[];
}

/** A word of a shell command, as the shell hands it to the program. */
interface Word {
  readonly text: string;
  /** Part of it was quoted (so `>` or `<` inside it reached the program). */
  readonly quoted: boolean;
  /** IPython replaces `{expression}` and `$name` before running the line: the word's value is not in the text. */
  readonly expands: boolean;
  /** An unquoted `>` or `<` right after the word: a redirection the shell took out (`sagemaker>=2.1` → `sagemaker`). */
  readonly cutBy?: string;
}

/**
 * Shell words of a command line, split into commands at `;`, `&&`, `||`, `|`, `&`; redirections removed
 * (and noted on the word before them), comments dropped. Both `!cmd` and `%pip` run through `sh -c`
 * (IPython's `%pip` calls `shell.system(python -m pip <line>)`), so an unquoted `>=` in a requirement is
 * a redirection: pip never sees the version.
 */
function shellCommands(line: string): Word[][] {
  const commands: Word[][] = [[]];
  let text = '';
  let quoted = false;
  let started = false;
  const current = () => commands[commands.length - 1];
  const finish = () => {
    if (started) current().push({ text, quoted, expands: /\{[^}]*\}|\$\w/.test(text) });
    text = '';
    quoted = false;
    started = false;
  };
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t') {
      finish();
      i++;
    } else if (c === '#' && !started) {
      break;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      text += line.slice(i + 1, end < 0 ? line.length : end);
      quoted = started = true;
      i = end < 0 ? line.length : end + 1;
    } else if (c === '"') {
      let j = i + 1;
      while (j < line.length && line[j] !== '"') {
        if (line[j] === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1])) j++;
        text += line[j++];
      }
      quoted = started = true;
      i = j + 1;
    } else if (c === '\\') {
      if (i + 1 < line.length) text += line[i + 1];
      started = true;
      i += 2;
    } else if (c === ';' || c === '|' || c === '&') {
      if (c === '&' && line[i + 1] === '>') {
        i = skipRedirect(line, i + 1);
        continue;
      }
      finish();
      commands.push([]);
      i += line[i + 1] === c ? 2 : 1;
    } else if (c === '>' || c === '<') {
      // `2>&1`: the digits before the operator name a file descriptor, not a word.
      if (started && !quoted && /^\d+$/.test(text)) {
        text = '';
        started = false;
      }
      const before = started ? { text, quoted } : undefined;
      const end = skipRedirect(line, i);
      const operator = line.slice(i, end).trim();
      if (before) {
        current().push({ text: before.text, quoted: before.quoted, expands: /\{[^}]*\}|\$\w/.test(before.text), cutBy: operator });
        text = '';
        quoted = false;
        started = false;
      }
      i = end;
    } else {
      text += c;
      started = true;
      i++;
    }
  }
  finish();
  return commands.filter((c) => c.length);
}

/** The end of a redirection starting at `i` (`>`, `>>`, `<`, `>&1`, `> file`, `>=2.1`): operator and target word. */
function skipRedirect(line: string, i: number): number {
  let j = i;
  while (j < line.length && (line[j] === '>' || line[j] === '<')) j++;
  if (line[j] === '&') j++;
  while (j < line.length && (line[j] === ' ' || line[j] === '\t')) j++;
  while (j < line.length && !' \t;|&<>'.includes(line[j])) {
    if (line[j] === "'" || line[j] === '"') {
      const end = line.indexOf(line[j], j + 1);
      j = end < 0 ? line.length : end + 1;
    } else j++;
  }
  return j;
}

/** pip install options that take a value (as the next word, or after `=`). */
const PIP_VALUE_OPTIONS = new Set([
  '--requirement', '--constraint', '--editable', '--index-url', '--extra-index-url', '--find-links', '--target', '--prefix', '--root',
  '--no-binary', '--only-binary', '--platform', '--python-version', '--implementation', '--abi', '--trusted-host', '--upgrade-strategy',
  '--progress-bar', '--log', '--log-file', '--proxy', '--retries', '--timeout', '--cache-dir', '--src', '--global-option', '--install-option',
  '--build-option', '--config-settings', '--exists-action', '--python', '--report', '--root-user-action', '--keyring-provider', '--cert',
  '--client-cert', '--group', '--index', '--default-index', '--extra-index', '--resolution', '--prerelease', '--override', '--channel',
  '--name', '--file',
]);
/** Short options taking a value: -r FILE, -c FILE, -e PATH, -i URL, -f URL, -t DIR, -C SETTING (pip); -n/-p (conda). */
const SHORT_VALUE_OPTIONS = new Set(['r', 'c', 'e', 'i', 'f', 't', 'C', 'n', 'p', 'b']);

/** What one install command says about sagemaker. */
interface InstallCommand {
  readonly manager: 'pip' | 'conda';
  readonly upgrade: boolean;
  readonly requirements: readonly Word[];
  readonly files: readonly Word[];
}

/** The install command a shell command runs, if it is one: pip/pip3, python -m pip, uv pip, conda/mamba. */
function installCommand(words: readonly Word[], kind: '!' | '%'): InstallCommand | undefined {
  let rest = [...words];
  let manager: 'pip' | 'conda' | undefined;
  const program = (w: Word | undefined) => (w ? w.text.replace(/^.*\//, '') : '');
  if (kind === '%') {
    const magic = program(rest[0]);
    if (/^pip\d*(\.\d+)?$/.test(magic)) manager = 'pip';
    else if (/^(conda|mamba|micromamba)$/.test(magic)) manager = 'conda';
    else return undefined;
    rest = rest.slice(1);
  } else {
    const first = program(rest[0]);
    if (/^pip\d*(\.\d+)?$/.test(first)) {
      manager = 'pip';
      rest = rest.slice(1);
    } else if (first === 'uv' && rest[1]?.text === 'pip') {
      manager = 'pip';
      rest = rest.slice(2);
    } else if (/^(conda|mamba|micromamba)$/.test(first)) {
      manager = 'conda';
      rest = rest.slice(1);
    } else if (/^python[\d.]*$/.test(first) || /^\{sys\.executable\}$/.test(rest[0]?.text ?? '') || /^\$\{?PYTHON/.test(rest[0]?.text ?? '')) {
      const m = rest.findIndex((w) => w.text === '-m');
      if (m < 0 || !/^pip\d*$/.test(rest[m + 1]?.text ?? '')) return undefined;
      manager = 'pip';
      rest = rest.slice(m + 2);
    } else return undefined;
  }
  // Global options before the subcommand (`pip -q install`, `conda -y install`).
  while (rest.length && rest[0].text.startsWith('-')) rest = rest.slice(1);
  const sub = rest[0]?.text;
  if (sub !== 'install' && !(manager === 'conda' && sub === 'update')) return undefined;
  let upgrade = manager === 'conda' && sub === 'update';
  const requirements: Word[] = [];
  const files: Word[] = [];
  for (let i = 1; i < rest.length; i++) {
    const word = rest[i];
    const arg = word.text;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq > 0 ? arg.slice(0, eq) : arg;
      if (name === '--upgrade' || name === '--force-reinstall' || name === '--update-all' || name === '--update-deps') upgrade = true;
      if (!PIP_VALUE_OPTIONS.has(name)) continue;
      const value = eq > 0 ? { ...word, text: arg.slice(eq + 1) } : rest[++i];
      if (value && (name === '--requirement' || (manager === 'conda' && name === '--file'))) files.push(value);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let k = 1; k < arg.length; k++) {
        const flag = arg[k];
        if (flag === 'U') upgrade = true;
        if (SHORT_VALUE_OPTIONS.has(flag)) {
          const attached = arg.slice(k + 1);
          const value = attached ? { ...word, text: attached } : rest[++i];
          if (value && flag === 'r' && manager === 'pip') files.push(value);
          break;
        }
      }
      continue;
    }
    requirements.push(word);
  }
  return { manager, upgrade, requirements, files };
}

/** What a requirement (a word of the command or a line of a `-r` file) says about sagemaker. */
type RequirementVerdict =
  | { readonly kind: 'other' }
  | { readonly kind: 'range'; readonly range: VersionRange }
  | { readonly kind: 'bare'; readonly cutBy?: string }
  | { readonly kind: 'unknown'; readonly why: string };

/** A wheel or sdist of sagemaker named by path or URL (`sagemaker-2.72.2-py3-none-any.whl`): its version. */
const ARCHIVE = /(?:^|\/)sagemaker-(\d[^-/]*?)(?:-py[^/]*\.whl|\.tar\.gz|\.zip)$/i;

function judgeRequirement(text: string, manager: 'pip' | 'conda', word?: Word): RequirementVerdict {
  const trimmed = text.trim();
  if (/^(?:[a-z+]+:\/\/|git\+|\.{0,2}\/|~\/)/i.test(trimmed) || /\.(whl|tar\.gz|zip)$/i.test(trimmed)) {
    const archive = ARCHIVE.exec(trimmed);
    if (archive) return { kind: 'range', range: parseVersionSpecifier(`==${archive[1]}`, trimmed)! };
    // A checkout or an archive of the SDK without a version in its name (`/tmp/sagemaker.tar.gz`, `git+...sagemaker-python-sdk`).
    const sdk = /sagemaker-python-sdk|(?:^|\/)sagemaker(?:\/?$|\.git\b|(?:[-_.]\d[^/]*)?\.(?:whl|tar\.gz|zip)$)/i.test(trimmed);
    return sdk ? { kind: 'unknown', why: 'it installs sagemaker from a path or URL, whose version sagelint does not read' } : { kind: 'other' };
  }
  const nameMatch = /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(trimmed);
  if (!nameMatch) return { kind: 'other' };
  const name = normalize(nameMatch[0]);
  const isSagemaker = name === 'sagemaker' || (manager === 'conda' && name === 'sagemaker-python-sdk');
  if (!isSagemaker) return { kind: 'other' };
  if (word?.expands && /\{|\$/.test(trimmed.slice(nameMatch[0].length))) return { kind: 'unknown', why: 'its version comes from a Python value ({...} or $name), which sagelint does not evaluate' };
  let spec = trimmed;
  if (manager === 'conda') {
    // conda: `name=2.100` is the 2.100 series (`==2.100.*`), `name=2.1=build` drops the build string.
    const conda = /^([A-Za-z0-9._-]+)=(\d+(?:\.\d+)*)(?:=\S*)?$/.exec(trimmed);
    spec = conda ? `sagemaker==${conda[2]}.*` : `sagemaker${trimmed.slice(nameMatch[0].length)}`;
  }
  const parsed = parseRequirement(spec);
  if (!parsed) return { kind: 'other' };
  const range = requirementRange(spec);
  const rest = spec.replace(/^[A-Za-z0-9][A-Za-z0-9._-]*/, '').replace(/^\s*\[[^\]]*\]/, '').split(';')[0].trim();
  if (!rest) return { kind: 'bare', ...(word?.cutBy ? { cutBy: word.cutBy } : {}) };
  if (!range) return { kind: 'unknown', why: `sagelint does not understand the version in "${trimmed}"` };
  return { kind: 'range', range: { ...range, text: trimmed } };
}

/** The requirements a `-r` file (and its own `-r` includes) lists, read only inside `within`. */
function readRequirementsFile(file: string, within: readonly string[], seen: Set<string>): { lines: string[]; error?: string } {
  if (seen.has(file)) return { lines: [] };
  seen.add(file);
  let text: string;
  try {
    text = readProjectFile(file, within);
  } catch (error) {
    return { lines: [], error: error instanceof BoundedReadError ? error.failure.message : (error as NodeJS.ErrnoException)?.code === 'ENOENT' ? 'no such file' : 'not readable' };
  }
  const lines: string[] = [];
  for (const line of parseRequirementsText(text)) {
    if (line.include) {
      const included = path.resolve(path.dirname(file), line.include);
      const nested = readRequirementsFile(included, within, seen);
      if (nested.error) return { lines, error: `${line.include}: ${nested.error}` };
      lines.push(...nested.lines);
    } else if (line.requirement) lines.push(line.requirement);
  }
  return { lines };
}

export interface PinScanContext {
  /** The notebook's path: `-r` files are relative to its folder. Undefined (standard input without a name): none is read. */
  readonly notebook?: string;
  /** Folders a `-r` file may be read from (the repository, the workspace folders); empty: none is read. */
  readonly within?: readonly string[];
}

/**
 * The sagemaker a notebook installs into its kernel: the last install command, in cell order, that
 * decides the version. A command that installs sagemaker without a version and without `--upgrade`
 * leaves the kernel's sagemaker as it is, and is ignored (noted); so are uninstalls, installs of other
 * packages, and indented commands (inside a block, they may not run).
 */
export function scanNotebookSdkPins(
  cells: readonly { index: number; text: string }[],
  context: PinScanContext = {},
  /** A cell's command lines (the server remembers those of unchanged cells between keystrokes). */
  commandsOf: (cell: string) => readonly CommandLine[] = commandLines,
): NotebookPinScan {
  let pin: NotebookSdkPin | undefined;
  const ignored: IgnoredInstall[] = [];
  for (const cell of cells) {
    if (!/sagemaker/i.test(cell.text) && !/-r\s|--requirement|--file/.test(cell.text)) continue;
    for (const command of commandsOf(cell.text)) {
      const found = judgeCommand(command, cell.index, context, ignored);
      if (found) pin = found;
    }
  }
  return { ...(pin ? { pin } : {}), ignored };
}

function judgeCommand(line: CommandLine, cellIndex: number, context: PinScanContext, ignored: IgnoredInstall[]): NotebookSdkPin | undefined {
  const where = { cell: cellIndex + 1, line: line.line + 1, command: line.written };
  // IPython's %conda splits the line with shlex and joins it again: quotes are gone before the shell runs it.
  const text = line.kind === '%' && /^(conda|mamba|micromamba)\b/.test(line.text) ? line.text.replace(/["']/g, '') : line.text;
  let pin: NotebookSdkPin | undefined;
  for (const words of shellCommands(text)) {
    const install = installCommand(words, line.kind);
    if (!install) continue;
    const verdicts: { verdict: RequirementVerdict; file?: string }[] = install.requirements.map((word) => ({ verdict: judgeRequirement(word.text, install.manager, word) }));
    for (const fileWord of install.files) {
      if (fileWord.expands) {
        verdicts.push({ verdict: { kind: 'unknown', why: `the requirements file ${fileWord.text} is named by a Python value` } });
        continue;
      }
      const within = context.within ?? [];
      const file = context.notebook ? path.resolve(path.dirname(context.notebook), fileWord.text) : undefined;
      if (!file || !within.length || !within.some((folder) => isInside(path.resolve(folder), file))) {
        ignored.push({ ...where, why: `${fileWord.text} is not read (${!file ? 'the notebook has no path' : within.length ? 'outside the project' : 'no project folder may be read'}); it may install sagemaker` });
        continue;
      }
      const read = readRequirementsFile(file, within, new Set());
      if (read.error) ignored.push({ ...where, why: `${fileWord.text} is not read (${read.error}); it may install sagemaker` });
      for (const requirement of read.lines) verdicts.push({ verdict: judgeRequirement(requirement, 'pip'), file });
    }
    const mentions = verdicts.filter((v) => v.verdict.kind !== 'other');
    if (!mentions.length) continue;
    if (line.indented) {
      ignored.push({ ...where, why: 'it is indented, inside a block that may not run' });
      continue;
    }
    const unknown = mentions.find((v) => v.verdict.kind === 'unknown');
    if (unknown) {
      pin = { ...where, outcome: 'unknown', why: (unknown.verdict as { why: string }).why, ...(unknown.file ? { file: unknown.file } : {}) };
      continue;
    }
    const ranges = mentions.filter((v) => v.verdict.kind === 'range');
    if (ranges.length) {
      // pip applies every specifier given for one package: `"sagemaker>=2" "sagemaker<3"` is both.
      const range = ranges.map((v) => (v.verdict as { range: VersionRange }).range).reduce((a, b) => ({ ...intersectRanges(a, b), text: `${a.text}, ${b.text}` }));
      pin = { ...where, outcome: 'range', range, ...(ranges[ranges.length - 1].file ? { file: ranges[ranges.length - 1].file } : {}) };
      continue;
    }
    const bare = mentions[mentions.length - 1].verdict as { kind: 'bare'; cutBy?: string };
    const redirect = bare.cutBy ? `the unquoted "${bare.cutBy}" is a shell redirection, so pip gets "sagemaker" without a version` : undefined;
    if (install.upgrade) {
      pin = { ...where, outcome: 'newest', range: { intervals: [{}], text: 'sagemaker' }, ...(redirect ? { why: `${redirect} and upgrades to the newest release` } : {}) };
      continue;
    }
    const tool = install.manager === 'conda' ? 'conda' : 'pip';
    ignored.push({ ...where, why: `${redirect ? `${redirect}; without --upgrade` : 'sagemaker without a version and without --upgrade:'} ${tool} keeps the sagemaker the kernel already has` });
  }
  return pin;
}

/** The lowest release a range admits, as "X.Y.Z"; undefined when it has no lower bound. */
function lowestOf(range: VersionRange): string | undefined {
  const from = range.intervals[0]?.from;
  if (from === undefined) return undefined;
  const release = /^(?:\d+!)?(\d+(?:\.\d+)*)/.exec(from)?.[1];
  if (!release) return undefined;
  const parts = release.split('.');
  while (parts.length < 3) parts.push('0');
  return parts.join('.');
}

/** The major an upper bound alone implies (`<3` → 2, `<2.81` → 2). */
function majorBelow(range: VersionRange): number | undefined {
  const until = range.intervals[range.intervals.length - 1]?.until;
  const release = until !== undefined ? /^(\d+)((?:\.\d+)*)/.exec(until) : null;
  if (!release) return undefined;
  const major = Number(release[1]);
  const rest = release[2].split('.').filter(Boolean).map(Number);
  return rest.every((n) => n === 0) && /^\d+(\.0)*(\.dev0)?$/.test(until!) ? Math.max(1, major - 1) : major;
}

/**
 * The environment a notebook's code runs in: its own pin over the workspace's environment. A pin the
 * code cannot be tied to one generation (the newest release, every version, not understood) removes the
 * SDK version: sagelint then checks against both generations, as when nothing is known.
 */
export function notebookEnvironment(base: SdkEnvironment | undefined, scan: NotebookPinScan, notebook?: string): SdkEnvironment | undefined {
  const pin = scan.pin;
  if (!pin) return base;
  const { sdk: _replaced, ...rest } = base ?? {};
  const range = pin.outcome === 'range' ? pin.range : undefined;
  if (!range || !range.intervals.length) return rest;
  const lowest = lowestOf(range);
  const major = lowest !== undefined ? Number(lowest.split('.')[0]) : majorBelow(range);
  if (major === undefined || !Number.isFinite(major)) return rest;
  const from = pin.file ?? notebook;
  return { ...rest, sdk: { major, version: lowest ?? `${major}.x`, source: 'notebook', ...(from ? { from } : {}), range, cell: pin.cell, line: pin.line } };
}

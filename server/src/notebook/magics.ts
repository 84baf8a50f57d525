/**
 * IPython syntax in notebook cells, made invisible to the Python parser without moving anything: every
 * replacement has the same length and keeps the line breaks, so offsets in the cleaned text are offsets
 * in the cell as the user sees it.
 *
 * - `%%magic` cells: blanked whole (they are not Python), except Python-running ones (%%time, %%capture, ...),
 *   whose first line alone is blanked.
 * - `%line_magic`, `!shell`, `?name`, `name?`, `name??` lines become comments (`...#` when indented,
 *   so a block keeps a statement).
 * - `x = !cmd` and `x = %magic` keep the assignment with `...` as the value.
 * Lines inside triple-quoted strings are left alone.
 */

/** Cell magics whose body is Python. */
const PYTHON_CELL_MAGICS = new Set(['python', 'python3', 'time', 'timeit', 'capture', 'prun', 'debug']);

export function blankMagics(cell: string): string {
  const lines = splitKeepingBreaks(cell);
  const firstCode = lines.findIndex((l) => l.body.trim() !== '');
  if (firstCode >= 0) {
    const first = lines[firstCode].body.trimStart();
    if (first.startsWith('%%')) {
      const name = /^%%(\w+)/.exec(first)?.[1] ?? '';
      if (!PYTHON_CELL_MAGICS.has(name)) return cell.replace(/[^\r\n]/g, ' ');
      lines[firstCode].body = lines[firstCode].body.replace(/[^\r\n]/g, ' ');
    }
  }
  // Only lines that start a statement can be magics: not inside a triple-quoted string, open brackets
  // (`"%s"\n    % name` in parentheses is Python) or after a backslash continuation.
  let state: ScanState = { depth: 0, continued: false };
  for (const line of lines) {
    if (!state.open && state.depth === 0 && !state.continued) line.body = blankLine(line.body);
    state = scanLine(line.body, state);
  }
  return lines.map((l) => l.body + l.eol).join('');
}

/** Shell cell magics whose body lines are shell commands (the kernel runs them, `pip install` included). */
const SHELL_CELL_MAGICS = new Set(['bash', 'sh', 'system']);

/** `pip install x` without `%`: IPython's automagic runs it as `%pip install x` (no Python statement starts so). */
const AUTOMAGIC_INSTALL = /^(?:pip|conda|mamba|micromamba)\s+(?:install|uninstall|update)\s/;

/** One line of a cell that IPython hands to a shell or to a line magic, as IPython would run it. */
export interface CommandLine {
  /** 0-based line in the cell where the command starts. */
  readonly line: number;
  /** `!` for a shell line (`!cmd`, `x = !cmd`, a `%%bash` body line), `%` for a line magic; the text after it. */
  readonly kind: '!' | '%';
  /** The command without its `!`/`%`, continuation lines joined (`\` + line break becomes a space). */
  readonly text: string;
  /** The command as written, continuation lines joined, for messages. */
  readonly written: string;
  /** Indented: inside a block (`if ...:`), so it may not run. */
  readonly indented: boolean;
}

/**
 * The shell and line-magic commands of a cell, in order: the lines blankMagics turns into comments (and
 * the body lines of `%%bash` / `%%sh` cells). Lines inside strings or brackets are Python, not commands.
 */
export function commandLines(cell: string): CommandLine[] {
  const lines = splitKeepingBreaks(cell).map((l) => l.body);
  const out: CommandLine[] = [];
  const firstCode = lines.findIndex((l) => l.trim() !== '');
  if (firstCode < 0) return out;
  const first = lines[firstCode].trimStart();
  const cellMagic = first.startsWith('%%') ? /^%%(\w+)(?:\s+(\S+))?/.exec(first) : null;
  if (cellMagic) {
    const shell = SHELL_CELL_MAGICS.has(cellMagic[1]) || (cellMagic[1] === 'script' && /^(?:.*\/)?(?:ba)?sh$/.test(cellMagic[2] ?? ''));
    if (shell) {
      for (let i = firstCode + 1; i < lines.length; i++) {
        const start = i;
        let text = lines[i];
        while (text.endsWith('\\') && i + 1 < lines.length) text = `${text.slice(0, -1).trimEnd()} ${lines[++i].trim()}`;
        if (text.trim() && !text.trimStart().startsWith('#')) out.push({ line: start, kind: '!', text: text.trim(), written: text.trim(), indented: false });
      }
      return out;
    }
    if (!PYTHON_CELL_MAGICS.has(cellMagic[1])) return out;
  }
  let state: ScanState = { depth: 0, continued: false };
  for (let i = cellMagic ? firstCode + 1 : 0; i < lines.length; i++) {
    const body = lines[i];
    const atStatement = !state.open && state.depth === 0 && !state.continued;
    const indent = /^[ \t]*/.exec(body)![0];
    const rest = body.slice(indent.length);
    const command = !atStatement
      ? undefined
      : /^([!%])(?!%)/.exec(rest)
        ? rest
        : /^[\w., ]+=\s*[!%]/.test(rest) && !/^[\w., ]+[=!<>]=/.test(rest)
          ? rest.slice(rest.search(/[!%]/))
          : AUTOMAGIC_INSTALL.test(rest) ? `%${rest}` : undefined;
    // A command is a comment to Python (blankMagics): it opens no string or bracket.
    if (!command) {
      state = scanLine(body, state);
      continue;
    }
    const start = i;
    let text = command.slice(1);
    let written = rest;
    // IPython joins a command's `\` continuation lines before running it.
    while (text.endsWith('\\') && i + 1 < lines.length) {
      text = `${text.slice(0, -1)} ${lines[++i]}`;
      written = `${written.slice(0, -1).trimEnd()} ${lines[i].trim()}`;
    }
    out.push({ line: start, kind: command[0] as '!' | '%', text: text.trim(), written: written.trim(), indented: indent.length > 0 });
  }
  return out;
}

function blankLine(body: string): string {
  const indent = /^[ \t]*/.exec(body)![0];
  const rest = body.slice(indent.length);
  if (!rest) return body;
  const asComment = () => (indent.length && rest.length >= 4 ? `${indent}...#${rest.slice(4)}` : `${indent}#${rest.slice(1)}`);
  if (rest[0] === '%' || rest[0] === '!' || rest[0] === '?') return asComment();
  if (!rest.includes('#') && /^[\w.[\]()'", ]*[\w)\]]\?\??\s*$/.test(rest)) return asComment(); // name? / name??
  const assigned = /^([\w., ]+=\s*)([!%])/.exec(rest);
  if (assigned && !/[=!<>]=/.test(assigned[1])) {
    const valueStart = indent.length + assigned[1].length;
    const length = body.length - valueStart;
    const value = length >= 3 ? `...${' '.repeat(length - 3)}` : `0${' '.repeat(length - 1)}`;
    return body.slice(0, valueStart) + value;
  }
  return body;
}

interface ScanState {
  /** The open triple quote, if any. */
  readonly open?: string;
  /** Open brackets. */
  readonly depth: number;
  /** The line ended with a backslash. */
  readonly continued: boolean;
}

/** The lexical state at the end of a line, given the state at its start (strings, brackets, continuation). */
function scanLine(line: string, start: ScanState): ScanState {
  let open = start.open;
  let depth = start.depth;
  let i = 0;
  while (i < line.length) {
    if (open) {
      const close = line.indexOf(open, i);
      if (close < 0) return { open, depth, continued: false };
      i = close + 3;
      open = undefined;
      continue;
    }
    const c = line[i];
    if (c === '#') return { depth, continued: false };
    if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
    if (c === '"' || c === "'") {
      const triple = c.repeat(3);
      if (line.startsWith(triple, i)) {
        open = triple;
        i += 3;
        continue;
      }
      let j = i + 1;
      while (j < line.length && line[j] !== c) j += line[j] === '\\' ? 2 : 1;
      i = j + 1;
      continue;
    }
    i++;
  }
  return { open, depth, continued: !open && line.endsWith('\\') };
}

function splitKeepingBreaks(text: string): { body: string; eol: string }[] {
  const out: { body: string; eol: string }[] = [];
  const re = /\r\n|\r|\n/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ body: text.slice(last, m.index), eol: m[0] });
    last = m.index + m[0].length;
  }
  out.push({ body: text.slice(last), eol: '' });
  return out;
}

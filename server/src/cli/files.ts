import * as fs from 'fs';
import * as path from 'path';
import ignore, { Ignore } from 'ignore';
import { PROJECT_FILE_MAX_BYTES, readBoundedText } from '../io/boundedRead';

/** Folders never worth linting: version control, dependencies, caches and virtual environments. */
const SKIPPED_DIRECTORIES = new Set(['.git', '.hg', '.svn', 'node_modules', '__pycache__', '.venv', 'venv', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.ipynb_checkpoints', 'site-packages']);

interface IgnoreLevel {
  readonly base: string;
  readonly matcher: Ignore;
}

/**
 * Expands files and folders into the Python files to check, in a stable order. Folders are walked
 * iteratively; .gitignore files on the way are honoured, as are virtual environments (pyvenv.cfg).
 */
export function collectFiles(
  inputs: readonly string[],
  /** File name endings (".py") or patterns of whole file names (/^requirements.*\.txt$/i). */
  extensions: readonly (string | RegExp)[] = ['.py'],
  /** Files and folders found while walking that the configuration excludes. */
  excluded: (full: string, directory: boolean) => boolean = () => false,
): { files: string[]; errors: string[]; skipped: { file: string; why: string }[] } {
  const files: string[] = [];
  const errors: string[] = [];
  /** Named paths that are neither files nor folders (a named pipe, a device): never read, but said. */
  const skipped: { file: string; why: string }[] = [];
  for (const input of inputs) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(input);
    } catch {
      errors.push(`${input}: no such file or directory`);
      continue;
    }
    if (stat.isFile()) {
      files.push(input);
      continue;
    }
    if (!stat.isDirectory()) {
      skipped.push({ file: input, why: `${stat.isFIFO() ? 'a named pipe' : stat.isSocket() ? 'a socket' : 'a device'}, not a regular file` });
      continue;
    }
    const stack: { dir: string; levels: IgnoreLevel[] }[] = [{ dir: input, levels: gitignoreLevels(input) }];
    while (stack.length) {
      const { dir, levels: parentLevels } = stack.pop()!;
      const levels = [...parentLevels, ...readGitignore(dir)];
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch (error) {
        errors.push(`${dir}: ${(error as Error).message}`);
        continue;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const subdirectories: string[] = [];
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (SKIPPED_DIRECTORIES.has(entry.name) || isIgnored(levels, full, true) || fs.existsSync(path.join(full, 'pyvenv.cfg')) || excluded(full, true)) continue;
          subdirectories.push(full);
        } else if (entry.isFile() && extensions.some((ext) => (typeof ext === 'string' ? entry.name.endsWith(ext) : ext.test(entry.name))) && !isIgnored(levels, full, false) && !excluded(full, false)) {
          files.push(full);
        }
      }
      for (let i = subdirectories.length - 1; i >= 0; i--) stack.push({ dir: subdirectories[i], levels });
    }
  }
  return { files, errors, skipped };
}

function readGitignore(dir: string): IgnoreLevel[] {
  // A .gitignore that is a pipe, a device or huge is treated as absent.
  const read = readBoundedText(path.join(dir, '.gitignore'), { maxBytes: PROJECT_FILE_MAX_BYTES });
  return read.ok ? [{ base: dir, matcher: ignore().add(read.text) }] : [];
}

/** .gitignore files of the folders above a starting folder, up to the repository root. */
function gitignoreLevels(start: string): IgnoreLevel[] {
  const levels: IgnoreLevel[] = [];
  let dir = path.resolve(start);
  for (;;) {
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
    levels.unshift(...readGitignore(dir));
    if (fs.existsSync(path.join(dir, '.git'))) break;
  }
  return levels;
}

function isIgnored(levels: readonly IgnoreLevel[], full: string, directory: boolean): boolean {
  for (const level of levels) {
    const relative = path.relative(level.base, path.resolve(full));
    if (!relative || relative.startsWith('..')) continue;
    if (level.matcher.ignores(directory ? `${relative.split(path.sep).join('/')}/` : relative.split(path.sep).join('/'))) return true;
  }
  return false;
}

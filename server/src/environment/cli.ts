import * as fs from 'fs';
import * as path from 'path';
import { AnalyzeOptions } from '../analysis/analyze';
import { detectEnvironment } from './detect';

/** Files and folders that mark a project root (where requirement files, mypy config and .venv live). */
const ROOT_MARKERS = ['pyproject.toml', 'setup.cfg', 'setup.py', 'Pipfile', 'poetry.lock', 'uv.lock', 'requirements.txt', 'mypy.ini', '.venv', 'venv', '.git'];

const byRoot = new Map<string, AnalyzeOptions>();
const notRead = new Set<string>();
const rootOfDir = new Map<string, string>();

/** The nearest folder above a file holding a project marker; the current folder when none does. */
export function projectRoot(file: string): string {
  const start = path.dirname(path.resolve(file));
  const visited: string[] = [];
  let dir = start;
  let found: string | undefined;
  for (;;) {
    const known = rootOfDir.get(dir);
    if (known) {
      found = known;
      break;
    }
    visited.push(dir);
    if (ROOT_MARKERS.some((m) => fs.existsSync(path.join(dir, m)))) {
      found = dir;
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const root = found ?? process.cwd();
  for (const v of visited) rootOfDir.set(v, root);
  return root;
}

/**
 * The repository a project folder belongs to (the nearest folder above it with `.git`), else the folder
 * itself: project files and their `-r` includes are read only inside it (a monorepo's subproject may
 * include `../common-requirements.txt`; `-r /etc/...` or `../../outside` is not followed).
 */
export function repositoryRoot(root: string): string {
  for (let dir = root; ; ) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return root;
    dir = parent;
  }
}

/**
 * The CLI's environment for a file: that of its project root (its .venv/venv, else $VIRTUAL_ENV, else
 * declared versions), detected once per root. Plain data, so it crosses to worker threads.
 */
export function cliAnalyzeOptions(file: string): AnalyzeOptions {
  // The files a module names (a Lambda helper's script) are read from its folder, inside its repository.
  const directory = path.dirname(path.resolve(file));
  return { ...environmentOptions(file), scripts: { directory, within: [repositoryRoot(directory)] } };
}

function environmentOptions(file: string): AnalyzeOptions {
  const root = projectRoot(file);
  let options = byRoot.get(root);
  if (!options) {
    try {
      const detected = detectEnvironment({ root, env: process.env, pythonPath: process.env.SAGELINT_PYTHON, within: [repositoryRoot(root)] });
      for (const { file, why } of detected.notRead) notRead.add(`${path.relative(process.cwd(), file) || file}: ${why}`);
      options = { environment: detected.environment };
    } catch {
      options = {};
    }
    byRoot.set(root, options);
  }
  return options;
}

/** Project files the environment detection did not read so far, and why (one line each, with the path). */
export function cliProjectFilesNotRead(): string[] {
  return [...notRead];
}

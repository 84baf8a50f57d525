import * as fs from 'fs';
import * as path from 'path';
import { AnalyzeOptions } from '../analysis/analyze';
import { detectEnvironment } from './detect';

/** Files and folders that mark a project root (where requirement files, mypy config and .venv live). */
const ROOT_MARKERS = ['pyproject.toml', 'setup.cfg', 'setup.py', 'Pipfile', 'poetry.lock', 'uv.lock', 'requirements.txt', 'mypy.ini', '.venv', 'venv', '.git'];

const byRoot = new Map<string, AnalyzeOptions>();
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
 * The CLI's environment for a file: that of its project root (its .venv/venv, else $VIRTUAL_ENV, else
 * declared versions), detected once per root. Plain data, so it crosses to worker threads.
 */
export function cliAnalyzeOptions(file: string): AnalyzeOptions {
  const root = projectRoot(file);
  let options = byRoot.get(root);
  if (!options) {
    try {
      options = { environment: detectEnvironment({ root, env: process.env, pythonPath: process.env.SAGELINT_PYTHON }).environment };
    } catch {
      options = {};
    }
    byRoot.set(root, options);
  }
  return options;
}

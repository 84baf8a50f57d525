import * as fs from 'fs';
import * as path from 'path';
import { readProjectFile } from '../io/boundedRead';

/** The file that configures mypy in a project folder, if any: mypy.ini, .mypy.ini, pyproject.toml [tool.mypy], setup.cfg [mypy]. */
export function findMypyConfig(root: string, within: readonly string[] = [root]): string | undefined {
  for (const name of ['mypy.ini', '.mypy.ini']) {
    const file = path.join(root, name);
    if (fs.existsSync(file)) return file;
  }
  const checks: [string, RegExp][] = [
    // `^[ \t]*`, not `^\s*`, which crosses line breaks and rescans the rest of the file from every line start.
    ['pyproject.toml', /^[ \t]*\[\s*tool\.mypy(\.overrides)?\s*\]|^[ \t]*\[\[\s*tool\.mypy\.overrides\s*\]\]/m],
    ['setup.cfg', /^[ \t]*\[\s*mypy(-[^\]]*)?\s*\]/m],
  ];
  for (const [name, pattern] of checks) {
    const file = path.join(root, name);
    try {
      if (pattern.test(readProjectFile(file, within))) return file;
    } catch {
      // absent, or not a regular file within bounds
    }
  }
  return undefined;
}

/** The pre-commit hook: its definition, and the npm package pre-commit installs it from. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

declare const SAGELINT_ROOT: string;
const ROOT = SAGELINT_ROOT;

test('.pre-commit-hooks.yaml defines the sagelint hooks (language node, python and jupyter files)', () => {
  const text = fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8');
  const hooks = text.split(/^- /m).slice(1);
  assert.equal(hooks.length, 2);
  for (const hook of hooks) {
    assert.match(hook, /^id: sagelint(-fix)?$/m);
    assert.match(hook, /^\s+entry: sagelint check( |$)/m);
    assert.match(hook, /^\s+language: node$/m);
    assert.match(hook, /^\s+types_or: \[python, jupyter\]$/m);
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
  assert.equal(pkg.bin.sagelint, 'dist/cli.js', 'the hook runs the package\'s "sagelint" bin');
  assert.match(pkg.scripts.prepare, /esbuild\.config\.mjs/, 'pre-commit installs from git with npm, whose "prepare" must build dist/');
});

test('the npm package (what pre-commit installs) holds the built CLI and its wasm files, and no sources', () => {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // --ignore-scripts: no production build here, while other tests use dist/.
  const result = spawnSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(result.status, 0, result.stderr);
  const files = (JSON.parse(result.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path).sort();
  // `sagelint lsp` runs the server from cli.js's own bundle: dist/server.js (the extension's) is not needed.
  for (const required of ['dist/cli.js', 'dist/tree-sitter-python.wasm', 'dist/web-tree-sitter.wasm', 'dist/sdk-signatures-v2.json', 'dist/sdk-signatures-v3.json', 'dist/sdk-history.json', 'package.json']) assert.ok(files.includes(required), `${required} is not in the npm package`);
  assert.deepEqual(files.filter((f) => /\.(ts|map)$/.test(f) || /^(server|client|test|scripts|node_modules)\//.test(f)), []);
});

/**
 * The README's install path for the command, as a user runs it: `npm pack` in a checkout, then
 * `npm install -g ./sagelint-X.tgz` (here into a temporary prefix), then the installed `sagelint`.
 * Runs in a scratch copy of the repository, so `npm pack`'s production build does not overwrite dist/
 * under tests running in parallel.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

declare const SAGELINT_ROOT: string;
const ROOT = SAGELINT_ROOT;

/** The environment without the npm_* variables `npm test` exports (they would configure the child npm). */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
}

test('npm pack + npm install -g ./sagelint-X.tgz gives a working `sagelint` command', { timeout: 300_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sagelint-npm-'));
  try {
    const checkout = path.join(dir, 'checkout');
    fs.mkdirSync(checkout);
    for (const entry of fs.readdirSync(ROOT)) {
      if (['node_modules', 'out', 'dist', '.git', '.e2e-tools'].includes(entry) || /\.(vsix|tgz)$/.test(entry)) continue;
      fs.cpSync(path.join(ROOT, entry), path.join(checkout, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(checkout, 'node_modules'), 'dir');
    const env = cleanEnv();
    const npm = (args: string[], cwd: string) => {
      const result = spawnSync('npm', args, { cwd, env, encoding: 'utf8', timeout: 240_000 });
      assert.equal(result.status, 0, `npm ${args.join(' ')}: ${result.stdout}${result.stderr}`);
      return result.stdout;
    };
    // 1. npm pack (its `prepare` script builds dist/ first).
    const packOutput = npm(['pack', '--json'], checkout);
    const [packed] = JSON.parse(packOutput.slice(packOutput.search(/^\[/m))) as { filename: string; files: { path: string }[] }[];
    const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    assert.equal(packed.filename, `sagelint-${version}.tgz`);
    // Everything the build wrote that the command loads: dist/ without the editor's bundles and source maps.
    const runtime = fs.readdirSync(path.join(checkout, 'dist')).filter((f) => !/\.map$/.test(f) && !['extension.js', 'server.js', 'server-bundle.js', 'server-bundle.cache'].includes(f)).map((f) => `dist/${f}`);
    assert.ok(runtime.includes('dist/cli.js') && runtime.includes('dist/tree-sitter-python.wasm'), runtime.join(', '));
    assert.deepEqual(packed.files.map((f) => f.path).sort(), ['LICENSE', 'README.md', 'package.json', ...runtime].sort());
    // 2. npm install -g into a prefix of its own (nothing to download: the package has no dependencies).
    const prefix = path.join(dir, 'prefix');
    npm(['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, `./${packed.filename}`], checkout);
    const sagelint = path.join(prefix, 'bin', 'sagelint');
    assert.ok(fs.existsSync(sagelint), 'the package puts bin/sagelint in the prefix');
    // 3. The installed command, run by its shebang like a user's shell does.
    const run = (args: string[]) => spawnSync(sagelint, args, { cwd: dir, env: { ...env, NO_COLOR: '1' }, encoding: 'utf8', timeout: 60_000 });
    const versionOut = run(['--version']);
    assert.equal(versionOut.status, 0, versionOut.stderr);
    assert.equal(versionOut.stdout, `sagelint ${version}\n`);
    const fixture = path.join(dir, 'job.py');
    fs.writeFileSync(fixture, 'from sagemaker.workflow.parameters import ParameterString\nbucket = ParameterString(name="Bucket")\nprint(bucket)\n');
    const checked = run(['check', fixture]);
    assert.equal(checked.status, 1, checked.stderr);
    assert.match(checked.stdout, /job\.py:3:7: SM101 /);
    const lsp = run(['lsp', '--help']);
    assert.equal(lsp.status, 0, lsp.stderr);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

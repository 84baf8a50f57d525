// `npm test`: builds the bundles, compiles every test file with esbuild, and runs them with Node's
// test runner, whose closing summary (tests / pass / fail) is the result.
import * as esbuild from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { webTreeSitterOptions } from './webTreeSitter.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
execFileSync(process.execPath, ['esbuild.config.mjs'], { stdio: 'inherit' });

function findTests(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    // e2e tests run in real editors through `npm run test:e2e`; vscode-api tests run inside an editor.
    if (entry.isDirectory() && !['e2e', 'vscode', 'fixtures'].includes(entry.name)) found.push(...findTests(full));
    else if (entry.isFile() && entry.name.endsWith('.test.ts')) found.push(full);
  }
  return found;
}

// SAGELINT_TESTS=differential,closest runs only the test files whose path contains one of the words.
const only = process.env.SAGELINT_TESTS?.split(',').filter(Boolean);
const entryPoints = findTests(path.join(root, 'test')).filter((file) => !only || only.some((word) => file.includes(word)));
fs.rmSync(path.join(root, 'out/test'), { recursive: true, force: true });
await esbuild.build({
  entryPoints,
  outdir: 'out/test',
  outbase: 'test',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  logLevel: 'warning',
  external: ['vscode'],
  ...webTreeSitterOptions(root),
  define: { SAGELINT_ROOT: JSON.stringify(root) },
});
const files = entryPoints.map((file) => path.join('out/test', path.relative('test', file)).replace(/\.ts$/, '.js'));
const extra = process.argv.slice(2);
// The tests get a temporary folder of their own (TMPDIR, which os.tmpdir() and child processes follow):
// whatever a test leaves in it is a failure of the run, and the folder is removed either way.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sagelint-npm-test-'));
let status;
try {
  const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=2', ...extra, ...files], { stdio: 'inherit', env: { ...process.env, TMPDIR: tmp } });
  status = result.status ?? 1;
  const left = fs.readdirSync(tmp);
  if (left.length) {
    console.error(`\nnpm test: the tests left ${left.length} entr${left.length === 1 ? 'y' : 'ies'} in the temporary folder (each test must remove what it creates): ${left.sort().join(', ')}`);
    status = 1;
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(status);

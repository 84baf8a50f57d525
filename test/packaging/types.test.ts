/**
 * esbuild strips types without checking them, so a type error (a test that reads a `string | null` hover as
 * a string) landed unnoticed and sat on main. The whole project, tests included, must type-check.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

declare const SAGELINT_ROOT: string;

test('the project type-checks (tsc --noEmit over server, client and tests)', () => {
  const tsc = path.join(SAGELINT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '--noEmit', '-p', SAGELINT_ROOT], { cwd: SAGELINT_ROOT, encoding: 'utf8', timeout: 600_000 });
  assert.equal(result.status, 0, `tsc reported:\n${result.stdout}${result.stderr}`);
});

/**
 * package.json says `engines.node >=20` and CI runs Node 20 (20.20.2): every locked package must accept
 * it, or `npm ci` prints EBADENGINE (as @vscode/test-electron 3.1, which needs Node 22, did).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';

declare const SAGELINT_ROOT: string;

test('every locked package accepts the Node 20 that package.json promises and CI runs', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(SAGELINT_ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
  assert.equal(manifest.engines.node, '>=20');
  const CI_NODE = '20.20.2';
  const lock = JSON.parse(fs.readFileSync(path.join(SAGELINT_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; engines?: { node?: string } | string[]; optional?: boolean }> };
  const refusing: string[] = [];
  for (const [where, entry] of Object.entries(lock.packages)) {
    const range = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
    if (!where || !range || entry.optional) continue;
    if (!semver.satisfies(CI_NODE, range)) refusing.push(`${where.replace(/^.*node_modules\//, '')}@${entry.version} needs node ${range}`);
  }
  assert.deepEqual(refusing, []);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_SETTINGS } from '../../server/src/config/settings';

declare const SAGELINT_ROOT: string;

// The editor's settings UI comes from package.json; the server validates the same keys. They must agree
// (bash-language-server's config-drift test), or a setting silently does nothing.
test('package.json declares every server setting with the server default, and nothing the server ignores', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(SAGELINT_ROOT, 'package.json'), 'utf8'));
  const declared = pkg.contributes.configuration.properties as Record<string, { default: unknown }>;
  const clientOnly = new Set(['sagelint.trace.server', 'sagelint.pythonPath']);
  for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) {
    assert.ok(declared[`sagelint.${key}`], `sagelint.${key} is missing from package.json`);
    assert.deepEqual(declared[`sagelint.${key}`].default, value, `sagelint.${key} has a different default`);
  }
  for (const key of Object.keys(declared)) {
    assert.ok(clientOnly.has(key) || key.slice('sagelint.'.length) in DEFAULT_SETTINGS, `${key} is declared but the server does not read it`);
  }
});

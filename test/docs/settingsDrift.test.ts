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

test('the README names every command by its title in package.json', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(SAGELINT_ROOT, 'package.json'), 'utf8'));
  const readmes = ['README.md', 'MARKETPLACE.md'].map((file) => [file, fs.readFileSync(path.join(SAGELINT_ROOT, file), 'utf8')]);
  for (const command of pkg.contributes.commands as { title: string; category: string }[]) {
    for (const [file, text] of readmes) assert.ok(text.includes(`**${command.category}: ${command.title}**`), `${file} does not name "${command.category}: ${command.title}"`);
  }
  for (const [file, text] of readmes) {
    for (const named of text.matchAll(/\*\*SageLint: ([^*]+)\*\*/g)) {
      assert.ok(pkg.contributes.commands.some((c: { title: string }) => c.title === named[1]), `${file} names "SageLint: ${named[1]}", which is no command`);
    }
  }
});

// SM703 checks requirements*.txt and pyproject.toml: opening one (or a folder with one) must start the
// extension even when no Python file is open. The server reads files from disk, so virtual workspaces
// (a repository opened without a clone) are declared unsupported rather than silently empty.
test('package.json activates on requirement files and declares virtual workspaces unsupported', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(SAGELINT_ROOT, 'package.json'), 'utf8'));
  for (const event of ['onLanguage:python', 'onNotebook:jupyter-notebook', 'onLanguage:pip-requirements', 'onLanguage:toml', 'workspaceContains:**/requirements*.txt', 'workspaceContains:**/pyproject.toml']) {
    assert.ok(pkg.activationEvents.includes(event), `activationEvents lacks ${event}`);
  }
  assert.equal(pkg.capabilities.virtualWorkspaces?.supported, false);
  assert.match(pkg.capabilities.virtualWorkspaces.description, /reads the files from disk/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigResolver, isExcluded, parsePyproject } from '../../server/src/config/pyproject';
import { applySelection, defaultRuleCodes, settingsForFile } from '../../server/src/config/resolve';
import { DEFAULT_SETTINGS, isRuleEnabled } from '../../server/src/config/settings';
import { RULES } from '../../server/src/rules/registry';

const ALL = RULES.map((r) => r.code);

test('a pyproject.toml without [tool.sagelint] configures nothing', () => {
  assert.equal(parsePyproject('[project]\nname = "x"\n', 'pyproject.toml'), undefined);
  assert.equal(parsePyproject('[tool.ruff]\nselect = ["E"]\n', 'pyproject.toml'), undefined);
});

test('every key of [tool.sagelint] is read', () => {
  const config = parsePyproject(
    [
      '[project]',
      'name = "demo"',
      '',
      '[tool.sagelint]',
      'select = ["SM1", "sm301"]',
      'ignore = ["SM103"]',
      'extend-select = ["SM302"]',
      'exclude = ["build/**", "generated"]',
      '',
      '[tool.sagelint.per-file-ignores]',
      '"tests/**" = ["SM101", "SM102"]',
      '',
      '[tool.sagelint.severity]',
      'SM101 = "warning"',
    ].join('\n'),
    '/p/pyproject.toml',
  )!;
  assert.deepEqual(config.problems, []);
  assert.equal(config.root, path.resolve('/p'));
  assert.deepEqual(config.selection, { select: ['SM1', 'SM301'], extendSelect: ['SM302'], ignore: ['SM103'] });
  assert.deepEqual(config.severity, { SM101: 'warning' });
  assert.deepEqual(config.perFileIgnores.map((e) => [e.glob.pattern, e.codes]), [['tests/**', ['SM101', 'SM102']]]);
  assert.deepEqual(config.exclude.map((g) => g.pattern), ['build/**', 'generated']);
  assert.equal(isExcluded(config, '/p/build/x/y.py'), true);
  assert.equal(isExcluded(config, '/p/src/generated/y.py'), true);
  assert.equal(isExcluded(config, '/p/src/y.py'), false);
});

test('dotted keys and inline tables are the same configuration', () => {
  const config = parsePyproject('tool.sagelint.select = ["SM101"]\ntool.sagelint.per-file-ignores = { "a.py" = ["SM101"] }\n', 'pyproject.toml')!;
  assert.deepEqual(config.problems, []);
  assert.deepEqual(config.selection.select, ['SM101']);
  assert.equal(config.perFileIgnores.length, 1);
});

test('malformed TOML: one message with the file and line, and the defaults', () => {
  const config = parsePyproject('[tool.sagelint]\nselect = ["SM101"\nignore = []\n', 'proj/pyproject.toml')!;
  assert.equal(config.problems.length, 1);
  assert.match(config.problems[0], /^proj\/pyproject\.toml:\d+: invalid TOML/);
  assert.match(config.problems[0], /defaults/);
  assert.deepEqual(config.selection, {});
});

test('an unknown key: a message naming the file, line and key; the other keys still apply', () => {
  const config = parsePyproject('[tool.sagelint]\nselect = ["SM101"]\n\nper_file_ignores = {}\nfoo = 1\n', 'pyproject.toml')!;
  assert.equal(config.problems.length, 2);
  assert.match(config.problems[0], /^pyproject\.toml:4: unknown key "per_file_ignores".*did you mean "per-file-ignores"/);
  assert.match(config.problems[1], /^pyproject\.toml:5: unknown key "foo"/);
  assert.deepEqual(config.selection.select, ['SM101']);
});

test('bad values are named with their line and dropped', () => {
  const config = parsePyproject(
    ['[tool.sagelint]', 'select = "SM101"', 'ignore = ["SM101", "E501", 3]', 'exclude = [1]', '', '[tool.sagelint.severity]', 'SM101 = "fatal"', 'X1 = "error"'].join('\n'),
    'pyproject.toml',
  )!;
  const text = config.problems.join('\n');
  assert.match(text, /pyproject\.toml:2: "select" must be a list/);
  assert.match(text, /pyproject\.toml:3: "ignore" has 3/);
  assert.match(text, /pyproject\.toml:4: "exclude" must be a list of globs/);
  assert.match(text, /pyproject\.toml:7: "severity.SM101" must be one of/);
  // Codes that name no rule are kept apart: usage errors on the command line, dropped in the editor.
  assert.deepEqual(config.unknownCodes, [
    'pyproject.toml:3: "ignore" has "E501", which is not a rule code or prefix (like "SM1" or "SM101").',
    'pyproject.toml:8: "severity" has the key "X1", which is not a rule code or prefix (like "SM1" or "SM101").',
  ]);
  assert.equal(config.selection.select, undefined);
  assert.deepEqual(config.selection.ignore, ['SM101']);
  assert.deepEqual(config.severity, {});
});

test('[tool.sagelint] that is not a table', () => {
  const config = parsePyproject('[tool]\nsagelint = 3\n', 'pyproject.toml')!;
  assert.equal(config.problems.length, 1);
  assert.match(config.problems[0], /pyproject\.toml:2: \[tool\.sagelint\] must be a table/);
});

test('selection layers as ruff does: select replaces, extend-select adds, ignore removes, most specific wins', () => {
  const all = defaultRuleCodes();
  assert.deepEqual([...applySelection(all, {})].sort(), [...ALL].sort());
  assert.deepEqual([...applySelection(all, { select: ['SM101'] })], ['SM101']);
  assert.deepEqual([...applySelection(all, { select: ['SM1'], ignore: ['SM103'] })], ALL.filter((code) => code.startsWith('SM1') && code !== 'SM103'));
  assert.deepEqual([...applySelection(all, { select: ['SM101'], ignore: ['SM1'] })], ['SM101']);
  assert.deepEqual([...applySelection(all, { select: ['SM1'], ignore: ['SM1'] })], []);
  const config = applySelection(all, { select: ['SM101'] });
  assert.deepEqual([...applySelection(config, { extendSelect: ['SM102'] })].sort(), ['SM101', 'SM102']);
  assert.deepEqual([...applySelection(config, { ignore: ['SM101'] })], []);
  // A later layer's select re-enables what an earlier layer ignored.
  const ignored = applySelection(all, { ignore: ['SM101'] });
  assert.deepEqual([...applySelection(ignored, { select: ['SM101'] })], ['SM101']);
});

test('settingsForFile: config, then the editor (which wins), then the command line; per-file-ignores beat select', () => {
  const config = parsePyproject('[tool.sagelint]\nselect = ["SM1"]\nignore = ["SM103"]\n[tool.sagelint.per-file-ignores]\n"tests/**" = ["SM101"]\n[tool.sagelint.severity]\nSM102 = "hint"\nSM101 = "warning"\n', '/p/pyproject.toml')!;
  const fromConfig = settingsForFile('/p/src/a.py', { config });
  assert.deepEqual(['SM101', 'SM102', 'SM103', 'SM301'].map((c) => isRuleEnabled(c, fromConfig)), [true, true, false, false]);
  assert.deepEqual(fromConfig.severity, { SM102: 'hint', SM101: 'warning' });
  const inTests = settingsForFile('/p/tests/unit/a.py', { config, overrides: { select: ['SM101', 'SM102'] } });
  assert.equal(isRuleEnabled('SM101', inTests), false, 'per-file-ignores apply whatever the selection');
  assert.equal(isRuleEnabled('SM102', inTests), true);
  const editor = { ...DEFAULT_SETTINGS, select: ['SM3'], severity: { SM102: 'error' as const } };
  const withEditor = settingsForFile('/p/src/a.py', { base: editor, config });
  assert.deepEqual(['SM101', 'SM301'].map((c) => isRuleEnabled(c, withEditor)), [false, true]);
  assert.equal(withEditor.severity.SM102, 'error');
  const none = settingsForFile('/p/a.py', { overrides: { select: ['SM1'], ignore: ['SM1'] } });
  assert.deepEqual(ALL.filter((c) => isRuleEnabled(c, none)), [], 'an empty selection is no rule, not every rule');
});

test('ConfigResolver: nearest pyproject.toml with [tool.sagelint], cached, re-read when it changes', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sagelint-config-'));
  fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.sagelint]\nselect = ["SM101"]\n');
  fs.mkdirSync(path.join(dir, 'pkg/sub'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'pkg/pyproject.toml'), '[project]\nname = "not configured here"\n');
  fs.mkdirSync(path.join(dir, 'other'));
  fs.writeFileSync(path.join(dir, 'other/pyproject.toml'), '[tool.sagelint]\nselect = ["SM102"]\n');
  const resolver = new ConfigResolver();
  assert.deepEqual(resolver.forFile(path.join(dir, 'pkg/sub/a.py'))?.selection.select, ['SM101']);
  assert.deepEqual(resolver.forFile(path.join(dir, 'other/a.py'))?.selection.select, ['SM102']);
  assert.equal(resolver.changedOnDisk(), false);
  fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.sagelint]\nselect = ["SM103", "SM1"]\n');
  assert.equal(resolver.changedOnDisk(), true);
  assert.deepEqual(resolver.forFile(path.join(dir, 'pkg/sub/a.py'))?.selection.select, ['SM103', 'SM1']);
  fs.rmSync(dir, { recursive: true, force: true });
});

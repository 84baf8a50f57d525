import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Glob } from '../../server/src/config/glob';
import { parsePyproject } from '../../server/src/config/pyproject';

const cases: [string, string, boolean][] = [
  // No slash: any path segment (file or folder name), as in ruff and .gitignore.
  ['*.py', 'a.py', true],
  ['*.py', 'src/pkg/a.py', true],
  ['test_*.py', 'tests/test_x.py', true],
  ['test_*.py', 'tests/x_test.py', false],
  ['tests', 'tests/unit/a.py', true],
  ['tests', 'src/tests/a.py', true],
  ['tests', 'src/tests_old/a.py', false],
  ['__init__.py', 'pkg/__init__.py', true],
  // A slash anchors at the configuration's folder; folders above the file count.
  ['src/legacy', 'src/legacy/a.py', true],
  ['src/legacy/', 'src/legacy/deep/a.py', true],
  ['src/legacy', 'other/src/legacy/a.py', false],
  ['tests/**', 'tests/a.py', true],
  ['tests/**', 'tests/x/y/a.py', true],
  ['tests/**/*.py', 'tests/a.py', true],
  ['tests/**/*.py', 'tests/x/y/a.py', true],
  ['**/generated/*.py', 'a/b/generated/c.py', true],
  ['**/generated/*.py', 'generated/c.py', true],
  ['./scripts/*.py', 'scripts/run.py', true],
  ['./scripts/*.py', 'scripts/sub/run.py', false],
  ['/build', 'build/x.py', true],
  ['src/*/model.py', 'src/a/model.py', true],
  ['src/*/model.py', 'src/a/b/model.py', false],
  ['src/?.py', 'src/a.py', true],
  ['src/?.py', 'src/ab.py', false],
  ['src/[ab].py', 'src/b.py', true],
  ['src/[!ab].py', 'src/c.py', true],
  ['src/[!ab].py', 'src/a.py', false],
  ['{tests,docs}/**', 'docs/conf.py', true],
  ['{tests,docs}/**', 'src/conf.py', false],
  ['*.py', '../outside.py', false],
  ['a.b', 'axb', false],
];

for (const [pattern, file, expected] of cases) {
  test(`glob ${pattern} ${expected ? 'matches' : 'does not match'} ${file}`, () => {
    assert.equal(new Glob(pattern).matches(file), expected);
  });
}

test('backslash paths are matched like forward-slash paths', () => {
  assert.equal(new Glob('tests/**').matches('tests\\unit\\a.py'), true);
});

test('no pattern makes the matcher throw; invalid ones are flagged and match literally', () => {
  const bad = new Glob('src/[z-a].py');
  assert.ok(bad.error);
  assert.equal(bad.matches('src/[z-a].py'), true);
  assert.equal(bad.matches('src/b.py'), false);
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom('a', '/', '*', '?', '[', ']', '!', '-', '{', '}', ',', '.', '\\', '(', ')', '+', '^', '$', '|') }), fc.string(), (pattern, file) => {
      const glob = new Glob(pattern);
      assert.equal(typeof glob.matches(file), 'boolean');
    }),
    { numRuns: 2000 },
  );
});

test('an invalid glob in pyproject.toml is a problem with its line, not a crash', () => {
  const config = parsePyproject('[tool.sagelint]\nexclude = ["[z-a]"]\n[tool.sagelint.per-file-ignores]\n"x/[z-a]/*.py" = ["SM101"]\n', 'pyproject.toml')!;
  assert.equal(config.problems.length, 2);
  assert.match(config.problems[0], /^pyproject\.toml:4: "per-file-ignores" has the glob "x\/\[z-a\]\/\*\.py", which is not valid/);
  assert.match(config.problems[1], /^pyproject\.toml:2: "exclude" has the glob/);
});

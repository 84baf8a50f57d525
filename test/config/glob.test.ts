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

/** The previous matcher (a regular expression per glob), kept as the reference for small inputs, where backtracking is cheap. */
function referenceRegex(pattern: string): RegExp | undefined {
  const escape = (char: string) => (/[.+^${}()|[\]\\/*?]/.test(char) ? `\\${char}` : char);
  let out = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const atStart = i === 0 || pattern[i - 1] === '/';
        const atEnd = i + 2 === pattern.length || pattern[i + 2] === '/';
        if (atStart && atEnd) {
          if (i + 2 === pattern.length) out += '.*';
          else {
            out += '(?:.*/)?';
            i++;
          }
          i++;
          continue;
        }
        i++;
      }
      out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) out += '\\[';
      else {
        let set = pattern.slice(i + 1, close);
        const negate = set.startsWith('!') || set.startsWith('^');
        if (negate) set = set.slice(1);
        out += `[${negate ? '^/' : ''}${set.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else out += escape(c);
  }
  try {
    return new RegExp(`^${out + ')'.repeat(braces)}$`);
  } catch {
    return undefined;
  }
}

test('the automaton matches what the regular-expression translation matched, on random globs and paths', () => {
  const unit = fc.constantFrom('a', 'b', '/', '*', '?', '[', ']', '!', '-', '{', '}', ',', '.', '^', 'z');
  fc.assert(
    fc.property(fc.string({ unit, maxLength: 10 }), fc.string({ unit: fc.constantFrom('a', 'b', '/', '.', '-', 'z', '{', ']'), maxLength: 10 }), (pattern, file) => {
      // A class starting with ] (`[]a]`) was an empty class to the regular expression, and `[!-a]` a range from
      // the / it added; the automaton takes the ] and the - literally, as fnmatch does.
      if (/\[[!^]?\]|\[[!^]-/.test(pattern)) return;
      const body = pattern.replace(/^\.\//, '').replace(/^\/+/, '').replace(/\/+$/, '');
      const reference = referenceRegex(body);
      const glob = new Glob(pattern);
      assert.equal(!!glob.error, !reference, `validity of ${pattern}`);
      if (!reference) return;
      // Compare on the whole path, through the public matcher (segments, anchoring) and the reference.
      const segments = file.split('/').filter((s) => s && s !== '.');
      if (!segments.length || segments[0] === '..') return;
      const anchored = pattern.startsWith('/') || pattern.startsWith('./') || pattern.replace(/\/+$/, '').includes('/');
      const expected = anchored ? segments.some((_, i) => reference.test(segments.slice(0, segments.length - i).join('/'))) : segments.some((s) => reference.test(s));
      assert.equal(glob.matches(file), expected, `${pattern} on ${file}`);
    }),
    { numRuns: 20_000 },
  );
});

test('a pathological glob costs work linear in the path (the regular expression backtracked for minutes)', () => {
  const glob = new Glob('*?*?*?*?*?*?*?*?*?*?*?*?#');
  const exclude = parsePyproject('[tool.sagelint]\nexclude = ["*?*?*?*?*?*?*?*?*?*?*?*?#", "src/**/{a,b}*?*?*?*?*?*?*?*?*?*?#"]\n', 'pyproject.toml')!.exclude;
  for (const length of [100, 1_000, 10_000]) {
    const path = `src/${'a'.repeat(length)}/${'b'.repeat(length)}.py`;
    const before = Glob.visits;
    assert.equal(glob.matches(path), false);
    assert.equal(exclude.some((g) => g.matches(path)), false);
    const work = Glob.visits - before;
    // Each match visits each state at most once per character; anchored globs try each folder prefix of the path.
    const bound = (glob.states + exclude.reduce((n, g) => n + g.states * 3, 0)) * (2 * length + 10);
    assert.ok(work <= bound, `${work} state visits for a path of ${path.length} characters (bound ${bound})`);
  }
  assert.equal(glob.matches('x/ab#'), false, '# needs 12 characters before it');
  assert.equal(glob.matches(`x/${'ab'.repeat(6)}#`), true);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, TWO_FINDINGS, runCli, scratch } from './run';

const codes = (json: string) => (JSON.parse(json) as { code: string; filename: string; location: { row: number } }[]).map((f) => `${path.basename(f.filename)}:${f.location.row} ${f.code}`);

test('exit status: 0 without findings, 1 with findings, 2 for usage and I/O errors', () => {
  const dir = scratch({ 'clean.py': 'import sagemaker\nprint("hello")\n', 'bad.py': TWO_FINDINGS });
  assert.equal(runCli(['check', path.join(dir, 'clean.py')]).status, 0);
  const found = runCli(['check', path.join(dir, 'bad.py')]);
  assert.equal(found.status, 1);
  assert.match(found.stdout, /Found 2 problems/);
  assert.equal(runCli(['check', path.join(dir, 'missing.py')]).status, 2);
  assert.equal(runCli(['check', '--format', 'xml', dir]).status, 2);
  assert.equal(runCli(['check', '--bogus', dir]).status, 2);
  assert.equal(runCli(['check']).status, 2);
  assert.equal(runCli(['check', '--fix', '--diff', dir]).status, 2);
  assert.equal(runCli(['check', '--config', path.join(dir, 'nope.toml'), dir]).status, 2);
  const zero = runCli(['check', '--exit-zero', path.join(dir, 'bad.py')]);
  assert.equal(zero.status, 0);
  assert.match(zero.stdout, /Found 2 problems/);
});

test('an unknown rule code is a usage error (exit 2), on the command line and in [tool.sagelint], as in ruff', () => {
  const dir = scratch({ 'bad.py': TWO_FINDINGS });
  for (const option of ['--select', '--ignore', '--extend-select']) {
    const result = runCli(['check', option, 'SM101,SM999', dir]);
    assert.equal(result.status, 2, `${option} SM999`);
    assert.match(result.stderr, new RegExp(`${option}: "SM999" matches no sagelint rule`));
    assert.doesNotMatch(result.stdout, /All checks passed/);
  }
  assert.equal(runCli(['check', '--select=E501', dir]).status, 2, 'not a rule code at all');
  assert.equal(runCli(['check', '--select', 'sm1', dir]).status, 1, 'a prefix of known rules, any case');
  const configured = scratch({ 'pyproject.toml': '[tool.sagelint]\nselect = ["SM101"]\nignore = ["SM9"]\n', 'bad.py': TWO_FINDINGS });
  const result = runCli(['check', configured]);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /pyproject\.toml:3: "ignore" has "SM9", which matches no sagelint rule/);
  assert.equal(result.stdout, '', 'nothing checked');
  assert.equal(runCli(['check', '--no-config', configured]).status, 1, '--no-config does not read it');
});

test('every command\'s --help prints the usage and exits 0', () => {
  for (const args of [['check', '--help'], ['check', '-h'], ['check', 'src', '--help'], ['rule', '--help'], ['rules', '--help'], ['lsp', '--help'], ['--help'], ['help']]) {
    const result = runCli(args);
    assert.equal(result.status, 0, args.join(' '));
    assert.match(result.stdout, /^Usage:\n  sagelint check \[OPTIONS\] PATH/, args.join(' '));
    assert.equal(result.stderr, '', args.join(' '));
  }
});

test('--select, --ignore and --extend-select', () => {
  const dir = scratch({ 'bad.py': TWO_FINDINGS });
  const run = (...args: string[]) => codes(runCli(['check', '--format', 'json', ...args, dir]).stdout);
  assert.deepEqual(run(), ['bad.py:4 SM101', 'bad.py:5 SM102']);
  assert.deepEqual(run('--select', 'SM101'), ['bad.py:4 SM101']);
  assert.deepEqual(run('--ignore=SM101'), ['bad.py:5 SM102']);
  assert.deepEqual(run('--select', 'SM101', '--extend-select', 'SM102'), ['bad.py:4 SM101', 'bad.py:5 SM102']);
  assert.deepEqual(run('--select', 'SM1', '--ignore', 'SM102'), ['bad.py:4 SM101']);
});

test('[tool.sagelint] in the nearest pyproject.toml: select, ignore, per-file-ignores, severity, exclude', () => {
  const dir = scratch({
    'pyproject.toml': [
      '[tool.sagelint]',
      'ignore = ["SM102"]',
      'exclude = ["build"]',
      '[tool.sagelint.per-file-ignores]',
      '"tests/**" = ["SM101"]',
      '[tool.sagelint.severity]',
      'SM101 = "warning"',
    ].join('\n'),
    'src/a.py': TWO_FINDINGS,
    'tests/test_a.py': TWO_FINDINGS,
    'build/gen.py': TWO_FINDINGS,
    'sub/pyproject.toml': '[tool.sagelint]\nselect = ["SM102"]\n',
    'sub/b.py': TWO_FINDINGS,
  });
  const result = runCli(['check', '--format', 'json', '.'], { cwd: dir });
  assert.equal(result.status, 1, result.stderr);
  assert.deepEqual(codes(result.stdout), ['a.py:4 SM101', 'b.py:5 SM102']);
  // An excluded file named on the command line is still checked, unless --force-exclude (as in ruff).
  assert.deepEqual(codes(runCli(['check', '--format', 'json', 'build/gen.py'], { cwd: dir }).stdout), ['gen.py:4 SM101']);
  assert.equal(runCli(['check', '--force-exclude', 'build/gen.py'], { cwd: dir }).status, 0);
  // Severity overrides reach the output formats.
  assert.match(runCli(['check', '--format', 'github', 'src'], { cwd: dir }).stdout, /^::warning file=src\/a\.py,line=4/);
  // The command line overrides the configuration.
  assert.deepEqual(codes(runCli(['check', '--format', 'json', '--select', 'SM102', 'src'], { cwd: dir }).stdout), ['a.py:5 SM102']);
  assert.deepEqual(codes(runCli(['check', '--format', 'json', '--extend-select', 'SM102', 'src'], { cwd: dir }).stdout), ['a.py:4 SM101', 'a.py:5 SM102']);
  // --no-config ignores every pyproject.toml; --config uses one for every file.
  assert.deepEqual(codes(runCli(['check', '--format', 'json', '--no-config', 'tests'], { cwd: dir }).stdout), ['test_a.py:4 SM101', 'test_a.py:5 SM102']);
  assert.deepEqual(codes(runCli(['check', '--format', 'json', '--config', 'sub/pyproject.toml', 'src'], { cwd: dir }).stdout), ['a.py:5 SM102']);
});

test('a malformed pyproject.toml: one warning with the file and line, the defaults, no crash', () => {
  const dir = scratch({ 'pyproject.toml': '[tool.sagelint]\nselect = ["SM101"\n', 'a.py': TWO_FINDINGS, 'b.py': TWO_FINDINGS });
  const result = runCli(['check', '--format', 'json', '.'], { cwd: dir });
  assert.equal(result.status, 1);
  assert.deepEqual(codes(result.stdout), ['a.py:4 SM101', 'a.py:5 SM102', 'b.py:4 SM101', 'b.py:5 SM102']);
  const warnings = result.stderr.split('\n').filter((line) => line.includes('pyproject.toml'));
  assert.equal(warnings.length, 1, result.stderr);
  assert.match(warnings[0], /pyproject\.toml:\d+: invalid TOML/);
});

test('an unknown key: a warning naming file, line and key; the rest of the configuration applies', () => {
  const dir = scratch({ 'pyproject.toml': '[tool.sagelint]\nselect = ["SM101"]\nignroe = ["SM101"]\n', 'a.py': TWO_FINDINGS });
  const result = runCli(['check', '--format', 'json', '.'], { cwd: dir });
  assert.match(result.stderr, /pyproject\.toml:3: unknown key "ignroe"/);
  assert.deepEqual(codes(result.stdout), ['a.py:4 SM101']);
});

test('# noqa as ruff reads it: bare, with codes, case-insensitive, other codes still reported', () => {
  const text = [
    'from sagemaker.workflow.parameters import ParameterString',
    'bucket = ParameterString(name="Bucket")',
    'a = str(bucket)  # noqa',
    'b = str(bucket)  # noqa: SM101',
    'c = str(bucket)  # NOQA:SM102',
    'd = str(bucket) + "x"  # noqa: SM101',
    'e = str(bucket) + "x"  # noqa: SM101, SM102',
    'f = str(bucket)',
    '',
  ].join('\n');
  const dir = scratch({ 'a.py': text });
  assert.deepEqual(codes(runCli(['check', '--format', 'json', dir]).stdout), ['a.py:5 SM101', 'a.py:8 SM101']);
});

test('standard input: "-" with --stdin-filename, which selects the configuration and per-file-ignores', () => {
  const dir = scratch({ 'pyproject.toml': '[tool.sagelint.per-file-ignores]\n"tests/*" = ["SM102"]\n' });
  const plain = runCli(['check', '-'], { cwd: dir, input: TWO_FINDINGS });
  assert.equal(plain.status, 1);
  assert.match(plain.stdout, /^-:4:5: SM101/m);
  const named = runCli(['check', '--stdin-filename', 'tests/t.py', '-', '--format', 'json'], { cwd: dir, input: TWO_FINDINGS });
  const findings = JSON.parse(named.stdout) as { code: string; filename: string }[];
  assert.deepEqual(findings.map((f) => f.code), ['SM101']);
  assert.equal(findings[0].filename, path.join(dir, 'tests/t.py'));
  // --fix on standard input prints the fixed text on stdout and the report on stderr.
  const fixed = runCli(['check', '-', '--fix', '--no-config'], { cwd: dir, input: TWO_FINDINGS });
  assert.match(fixed.stdout, /a = bucket\.to_string\(\)/);
  assert.match(fixed.stdout, /Join\(on="", values=\["s3:\/\/", bucket\]\)/);
  assert.match(fixed.stderr, /Found 2 problems \(2 fixed, 0 remaining/);
  assert.equal(fixed.status, 0);
});

test('--diff prints the fixes as a unified diff, changes nothing, exits 1 when there are changes', () => {
  const dir = scratch({ 'a.py': TWO_FINDINGS, 'clean.py': 'x = 1\n' });
  const result = runCli(['check', '--diff', 'a.py', 'clean.py'], { cwd: dir });
  assert.equal(result.status, 1);
  assert.equal(fs.readFileSync(path.join(dir, 'a.py'), 'utf8'), TWO_FINDINGS);
  assert.equal(
    result.stdout,
    [
      '--- a.py',
      '+++ a.py',
      '@@ -1,5 +1,6 @@',
      ' from sagemaker.workflow.parameters import ParameterString',
      '+from sagemaker.workflow.functions import Join',
      ' ',
      ' bucket = ParameterString(name="Bucket")',
      '-a = str(bucket)',
      '-b = "s3://" + bucket',
      '+a = bucket.to_string()',
      '+b = Join(on="", values=["s3://", bucket])',
      '',
    ].join('\n'),
  );
  assert.match(result.stderr, /Would fix 2 problems in 1 file/);
  assert.equal(runCli(['check', '--diff', 'clean.py'], { cwd: dir }).status, 0);
});

test('output is in input order and identical with and without worker threads', () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 80; i++) files[`pkg${i % 7}/m${String(i).padStart(3, '0')}.py`] = i % 3 ? TWO_FINDINGS : 'import sagemaker\n';
  const dir = scratch(files);
  const serial = runCli(['check', '--format', 'json', '--jobs', '1', '.'], { cwd: dir });
  const parallel = runCli(['check', '--format', 'json', '--jobs', '2', '.'], { cwd: dir });
  assert.equal(serial.status, 1);
  assert.equal(parallel.stdout, serial.stdout);
  assert.equal(parallel.status, serial.status);
  const names = (JSON.parse(serial.stdout) as { filename: string }[]).map((f) => path.relative(dir, f.filename));
  assert.deepEqual(names, [...names].sort());
  // Piped stderr gets no progress line.
  assert.doesNotMatch(parallel.stderr, /files checked/);
});

test('github format: workflow commands with escaped data', () => {
  const dir = scratch({ 'a,b.py': TWO_FINDINGS });
  const result = runCli(['check', '--format', 'github', 'a,b.py'], { cwd: dir });
  const lines = result.stdout.trim().split('\n');
  assert.equal(lines.length, 2);
  assert.match(lines[0], /^::error file=a%2Cb\.py,line=4,col=5,endLine=4,endColumn=16,title=SM101::SM101 str\(\) on pipeline variable `bucket` raises TypeError: use `bucket\.to_string\(\)`\. /);
  assert.match(lines[1], /^::error file=a%2Cb\.py,line=5,col=15,endLine=5,endColumn=21,title=SM102::SM102 /);
});

test('sagelint rule prints the documentation; rules lists every rule', () => {
  const rule = runCli(['rule', 'SM101']);
  assert.equal(rule.status, 0);
  assert.match(rule.stdout, /^# .*\(SM101\)/);
  assert.equal(fs.readFileSync(path.join(ROOT, 'docs/rules/SM101.md'), 'utf8'), rule.stdout);
  assert.equal(runCli(['rule', 'SM999']).status, 2);
  assert.match(runCli(['rules']).stdout, /^SM101 /m);
});

test('a progress line on a terminal stderr for a large tree; none when piped', (t) => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 60; i++) files[`m${i}.py`] = 'import sagemaker\n';
  const dir = scratch(files);
  assert.doesNotMatch(runCli(['check', '.'], { cwd: dir }).stderr, /files checked/);
  // `script` runs the command with a pseudo-terminal as its stdin/stdout/stderr.
  const script = spawnSync('script', ['-qec', `"${process.execPath}" "${path.join(ROOT, 'dist/cli.js')}" check . > /dev/null`, '/dev/null'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  if (script.error || script.status === null) {
    t.skip('no `script` command to provide a terminal');
    return;
  }
  assert.match(script.stdout, /\rsagelint: \d+\/60 files checked/);
});

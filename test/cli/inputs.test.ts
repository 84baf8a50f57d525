/**
 * What the command line does with inputs it cannot check: each is reported, none passes silently.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';

const temp = tempDir();
after(() => temp.cleanup());

const FINDING = [
  'from sagemaker.workflow.execution_variables import ExecutionVariables',
  'print(ExecutionVariables.PIPELINE_EXECUTION_ID)',
  '',
].join('\n');

test('a named pipe or a device named on the command line is reported, and the other files are still checked', () => {
  const fifo = path.join(temp.dir, 'pipe.py');
  execFileSync('mkfifo', [fifo]);
  const normal = temp.write('normal.py', FINDING);
  const result = runCli(['check', fifo, '/dev/null', normal], { timeoutMs: 20_000 });
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stderr, /skipped .*pipe\.py: a named pipe, not a regular file/);
  assert.match(result.stderr, /skipped \/dev\/null: a device, not a regular file/);
  assert.match(result.stdout, /normal\.py:2:7: SM101/);
});

const json = (stdout: string) => JSON.parse(stdout) as { code: string; filename: string; message: string; location: { row: number; column: number }; cell: number | null; url: string }[];

test('a syntax error is reported per file (SM001) where it starts; the code that parses is still checked', () => {
  const file = temp.write('syntax.py', `${FINDING}def f(:\n    pass\n`);
  const result = runCli(['check', '--format', 'json', file]);
  assert.equal(result.status, 1, result.stderr);
  const findings = json(result.stdout);
  assert.deepEqual(findings.map((f) => `${f.location.row}:${f.location.column} ${f.code}`), ['2:7 SM101', '3:7 SM001']);
  assert.match(findings[1].message, /^Syntax error: Python cannot run this file/);
  assert.match(findings[1].url, /#files-that-could-not-be-checked$/);
  assert.equal(runCli(['check', '--exit-zero', file]).status, 0, '--exit-zero covers it');
  // Text output: a problem, never "All checks passed!".
  const text = runCli(['check', file]);
  assert.match(text.stdout, /syntax\.py:3:7: SM001 Syntax error/);
  assert.doesNotMatch(text.stdout, /All checks passed/);
});

test('random bytes or an ELF binary named .py: not checkable (SM002), not "All checks passed!"', () => {
  const elf = temp.write('tool.py', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0]), Buffer.from('sagemaker\0\0\x01')]));
  let seed = 7;
  const random = temp.write('noise.py', Buffer.from(Array.from({ length: 4096 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff)));
  const result = runCli(['check', '--format', 'json', elf, random]);
  assert.equal(result.status, 1, result.stderr);
  const findings = json(result.stdout);
  assert.deepEqual(findings.map((f) => `${path.basename(f.filename)} ${f.location.row}:${f.location.column} ${f.code}`), ['tool.py 1:1 SM002', 'noise.py 1:1 SM002']);
  assert.match(findings[0].message, /File not checked: it contains NUL bytes \(a binary file, not Python source\)\./);
  assert.doesNotMatch(runCli(['check', elf]).stdout, /All checks passed/);
});

test('a nonexistent path is an error (exit 2) and stdout never says "All checks passed!"', () => {
  const normal = temp.write('ok.py', 'import sagemaker\n');
  const result = runCli(['check', path.join(temp.dir, 'missing.py'), normal]);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /missing\.py: no such file or directory/);
  assert.doesNotMatch(result.stdout, /All checks passed/);
  assert.match(result.stdout, /1 error \(see above\); no problems found in the rest \(1 file checked\)/);
  assert.equal(runCli(['check', '--exit-zero', path.join(temp.dir, 'missing.py')]).status, 2, '--exit-zero does not cover usage errors');
});

test('a folder with no Python files warns; an explicitly named readme.md is not counted as checked', () => {
  const empty = path.join(temp.dir, 'docs-only');
  temp.write('docs-only/readme.md', '# Notes\n');
  const folder = runCli(['check', empty]);
  assert.equal(folder.status, 0);
  assert.match(folder.stderr, /warning: no Python files, notebooks or requirements files found under the given paths/);
  assert.match(folder.stdout, /^No files checked\.$/m);
  const readme = runCli(['check', path.join(empty, 'readme.md')]);
  assert.equal(readme.status, 0);
  assert.match(readme.stderr, /readme\.md is not a Python file, notebook or requirements file; not checked/);
  assert.doesNotMatch(readme.stdout, /1 file checked|All checks passed/);
  // Named next to a Python file, the readme is still left out of the count.
  const both = runCli(['check', path.join(empty, 'readme.md'), temp.write('plain.py', 'import sagemaker\n')]);
  assert.match(both.stdout, /All checks passed! \(1 file checked\)/);
});

test('one malformed .ipynb is reported per file (SM002): exit 1, which --exit-zero turns into 0; the rest is checked', () => {
  const bad = temp.write('broken.ipynb', '{"cells": [');
  const normal = temp.write('fine.py', FINDING);
  const result = runCli(['check', '--format', 'json', bad, normal]);
  assert.equal(result.status, 1, result.stderr);
  const findings = json(result.stdout);
  assert.deepEqual(findings.map((f) => `${path.basename(f.filename)} ${f.code}`), ['broken.ipynb SM002', 'fine.py SM101']);
  assert.match(findings[0].message, /File not checked: not valid notebook JSON/);
  assert.equal(runCli(['check', '--exit-zero', bad]).status, 0);
  const notNotebook = temp.write('list.ipynb', '[1, 2]');
  assert.match(runCli(['check', notNotebook]).stdout, /list\.ipynb:1:1: SM002 File not checked: not a Jupyter notebook/);
});

test('a file nested deeper than Python allows is reported as not checked (SM002)', () => {
  const lines = ['import sagemaker', ...Array.from({ length: 150 }, (_, i) => `${' '.repeat(i)}if x:`), `${' '.repeat(150)}s = "a"`];
  const file = temp.write('deep.py', `${lines.join('\n')}\n`);
  const result = runCli(['check', file]);
  assert.equal(result.status, 1);
  assert.match(result.stdout, /deep\.py:1:1: SM002 File not checked: it has 150 levels of indentation \(Python allows at most 100\)\./);
});

test('an indented first statement (Python: "unexpected indent", which the parser accepts) is SM001 too', () => {
  const file = temp.write('indented.py', `# a comment\n\n    import json\n    ${FINDING.split('\n').join('\n    ')}`);
  const result = runCli(['check', '--format', 'json', file]);
  assert.equal(result.status, 1, result.stderr);
  assert.deepEqual(json(result.stdout).filter((f) => f.code === 'SM001').map((f) => `${f.location.row}:${f.location.column}`), ['3:5']);
  const clean = temp.write('not-indented.py', `# a comment\n\n${FINDING}`);
  assert.deepEqual(json(runCli(['check', '--format', 'json', clean]).stdout).map((f) => f.code), ['SM101']);
});

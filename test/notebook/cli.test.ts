import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

declare const SAGELINT_ROOT: string;
const CLI = path.join(SAGELINT_ROOT, 'dist/cli.js');
const NOTEBOOKS = path.join(SAGELINT_ROOT, 'test/fixtures/notebooks');

const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: SAGELINT_ROOT });

test('the CLI reports notebook findings as path:cell N:row:col', () => {
  const result = run('check', path.join(NOTEBOOKS, 'pipeline.ipynb'));
  assert.equal(result.status, 1, result.stderr);
  const lines = result.stdout.trim().split('\n');
  assert.match(lines[0], /pipeline\.ipynb:cell 5:3:18: SM101 \[\*\] Pipeline variable `bucket` in an f-string raises TypeError: build the string with Join\(on="", values=\[\.\.\.\]\)\. /);
  assert.equal(lines.length, 2, result.stdout); // the %%bash cell, magics and shell lines make no noise
});

test('JSON output has a 1-based "cell" and rows within the cell', () => {
  const result = run('check', '--format', 'json', path.join(NOTEBOOKS, 'pipeline.ipynb'));
  const findings = JSON.parse(result.stdout) as { cell: number; code: string; location: { row: number; column: number }; fix: { edits: { content: string; location: { row: number } }[] } }[];
  assert.deepEqual(findings.map((f) => [f.cell, f.code, f.location]), [[5, 'SM101', { row: 3, column: 18 }]]);
  assert.ok(findings[0].fix.edits.some((e) => e.content.includes('import Join')));
});

test('a folder includes notebooks; invalid notebook JSON is reported (SM002) for that file only', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sagelint-nb-'));
  try {
    fs.copyFileSync(path.join(NOTEBOOKS, 'pipeline.ipynb'), path.join(dir, 'a.ipynb'));
    fs.copyFileSync(path.join(NOTEBOOKS, 'invalid.ipynb'), path.join(dir, 'b.ipynb'));
    fs.writeFileSync(path.join(dir, 'c.py'), 'from sagemaker.workflow.parameters import ParameterString\np = ParameterString(name="P")\nprint(f"{p}")\n');
    const result = run('check', dir);
    assert.equal(result.status, 1);
    assert.match(result.stdout, /b\.ipynb:1:1: SM002 File not checked: not valid notebook JSON/);
    assert.match(result.stdout, /a\.ipynb:cell 5:3:18: SM101/);
    assert.match(result.stdout, /c\.py:3:10: SM101/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--fix writes the fixed cells back into the notebook, the rest of the JSON kept', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sagelint-nbfix-'));
  try {
    const file = path.join(dir, 'nb.ipynb');
    const original = fs.readFileSync(path.join(NOTEBOOKS, 'pipeline.ipynb'), 'utf8');
    fs.writeFileSync(file, original);
    const result = run('check', '--fix', file);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    const before = JSON.parse(original);
    const after = JSON.parse(fs.readFileSync(file, 'utf8'));
    const source = (nb: { cells: { source: string[] }[] }, i: number) => nb.cells[i].source.join('');
    assert.equal(source(after, 4), '%time x = 1\nprefix = "s3://"\nuri = Join(on="", values=[prefix, bucket, "/data"])');
    assert.equal(source(after, 1), `${source(before, 1)}\nfrom sagemaker.workflow.functions import Join`);
    for (const i of [0, 2, 3]) assert.equal(source(after, i), source(before, i));
    assert.deepEqual({ ...after, cells: [] }, { ...before, cells: [] });
    assert.ok(after.cells[4].source.length === 3 && after.cells[4].source[0] === '%time x = 1\n', 'source stays a list of lines');
    assert.equal(run('check', file).status, 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a notebook that reruns a step cell and sets pipeline.steps again: only the step in no list is SM210', () => {
  const result = run('check', '--format', 'json', path.join(NOTEBOOKS, 'steps-changed-later.ipynb'));
  const findings = JSON.parse(result.stdout) as { cell: number; code: string; location: { row: number; column: number }; message: string }[];
  assert.deepEqual(findings.map((f) => [f.cell, f.code, f.location.row]), [[8, 'SM210', 1]]);
  assert.match(findings[0].message, /"Forgotten"/);
});

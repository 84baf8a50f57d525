import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeText, scriptOptions } from '../helpers/python';
import { describeFindings, keyOf, parseExpectations } from '../helpers/fixtures';

declare const SAGELINT_ROOT: string;
const fixturesDir = path.join(SAGELINT_ROOT, 'test/fixtures/rules');

function fixtureFiles(): string[] {
  const files: string[] = [];
  for (const code of fs.readdirSync(fixturesDir).sort()) {
    if (!/^SM\d{3}$/.test(code)) continue; // fixes/ holds fix fixtures (test/rules/fixes.test.ts)
    const dir = path.join(fixturesDir, code);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const name of fs.readdirSync(dir).sort()) {
      if (name.endsWith('.py') && !name.endsWith('.fixed.py')) files.push(path.join(dir, name));
    }
  }
  return files;
}

const files = fixtureFiles();

test('there are firing and silent fixtures for every pipeline-variable rule', () => {
  for (const code of ['SM101', 'SM102', 'SM103']) {
    const names = files.filter((f) => path.basename(path.dirname(f)) === code).map((f) => path.basename(f));
    assert.ok(names.some((n) => n.startsWith('silent_')), `${code} has no silent fixture`);
    assert.ok(names.some((n) => !n.startsWith('silent_')), `${code} has no firing fixture`);
  }
});

for (const file of files) {
  const name = path.relative(fixturesDir, file);
  test(`fixture ${name}`, async () => {
    const text = fs.readFileSync(file, 'utf8');
    const expected = parseExpectations(text);
    const silent = path.basename(file).startsWith('silent_');
    if (silent) assert.equal(expected.length, 0, `${name} is a silent fixture but has # expect: comments`);
    else assert.ok(expected.length > 0, `${name} has no # expect: comments (name it silent_*.py if nothing should fire)`);

    // A fixture may name scripts next to it (SM224 reads a Lambda helper's script): its folder is the workspace.
    const analysis = await analyzeText(text, {}, await scriptOptions(path.dirname(file)));
    assert.deepEqual(analysis.ruleErrors, [], `rules threw on ${name}`);
    const actual = describeFindings(text, analysis.findings, analysis.lines);
    const listing = (items: { line: number; column: number; code: string; text?: string }[]) =>
      items.map((i) => `  ${keyOf(i)}${i.text !== undefined ? ` \`${i.text}\`` : ''}`).join('\n') || '  (none)';
    const expectedKeys = new Set(expected.map(keyOf));
    const actualKeys = new Set(actual.map(keyOf));
    const missing = expected.filter((e) => !actualKeys.has(keyOf(e)));
    const extra = actual.filter((a) => !expectedKeys.has(keyOf(a)));
    assert.ok(
      missing.length === 0 && extra.length === 0,
      `${name}: findings differ from the # expect: comments\nmissing:\n${listing(missing)}\nunexpected:\n${listing(extra)}\nall actual:\n${listing(actual)}`,
    );
    assert.equal(actual.length, expected.length, `${name}: duplicate findings at one place`);
    for (const e of expected) {
      if (e.text === undefined) continue;
      const a = actual.find((x) => keyOf(x) === keyOf(e))!;
      assert.equal(a.text, e.text, `${name}:${keyOf(e)}: finding covers \`${a.text}\`, expected \`${e.text}\``);
    }
  });
}

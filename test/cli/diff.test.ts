import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { unifiedDiff } from '../../server/src/cli/diff';

/** Applies a unified diff to `before` (checking every context and removed line), as `patch` would. */
function applyDiff(before: string, diff: string): string {
  const old = before.split(/(?<=\n)/).filter((l) => l !== '');
  const lines = diff.split(/(?<=\n)/);
  assert.ok(lines[0].startsWith('--- ') && lines[1].startsWith('+++ '));
  const out: string[] = [];
  let cursor = 0;
  let i = 2;
  while (i < lines.length) {
    const header = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@\n$/.exec(lines[i]);
    assert.ok(header, `bad hunk header ${JSON.stringify(lines[i])}`);
    const oldCount = header[2] === undefined ? 1 : Number(header[2]);
    const oldStart = oldCount === 0 ? Number(header[1]) : Number(header[1]) - 1;
    while (cursor < oldStart) out.push(old[cursor++]);
    i++;
    let seenOld = 0;
    while (i < lines.length && !lines[i].startsWith('@@')) {
      let line = lines[i];
      const kind = line[0];
      line = line.slice(1);
      if (lines[i + 1] === '\\ No newline at end of file\n') {
        line = line.replace(/\n$/, '');
        i++;
      }
      if (kind === ' ' || kind === '-') {
        assert.equal(old[cursor], line, 'context or removed line differs');
        cursor++;
        seenOld++;
      }
      if (kind === ' ' || kind === '+') out.push(line);
      i++;
    }
    assert.equal(seenOld, oldCount, 'hunk length');
  }
  while (cursor < old.length) out.push(old[cursor++]);
  return out.join('');
}

test('unified diff: a small example, exactly', () => {
  assert.equal(unifiedDiff('a\nb\nc\n', 'a\nB\nc\n', 'f.py', 'f.py'), '--- f.py\n+++ f.py\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n');
  assert.equal(unifiedDiff('same\n', 'same\n', 'f', 'f'), '');
  assert.equal(unifiedDiff('a', 'b', 'f', 'f'), '--- f\n+++ f\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n');
});

test('unified diff: far-apart changes make separate hunks with three lines of context', () => {
  const before = Array.from({ length: 30 }, (_, i) => `line ${i}\n`).join('');
  const after = before.replace('line 2\n', 'LINE 2\n').replace('line 25\n', 'LINE 25\n');
  const diff = unifiedDiff(before, after, 'f', 'f');
  assert.deepEqual(diff.split('\n').filter((l) => l.startsWith('@@')), ['@@ -1,6 +1,6 @@', '@@ -23,7 +23,7 @@']);
  assert.equal(applyDiff(before, diff), after);
});

test('unified diff: applying the diff to the old text gives the new text (property)', () => {
  const text = fc.array(fc.constantFrom('a\n', 'b\n', 'c\n', 'd\n', '\n', 'x'), { maxLength: 40 }).map((lines) => lines.join(''));
  fc.assert(
    fc.property(text, text, (before, after) => {
      const diff = unifiedDiff(before, after, 'f', 'f');
      if (before === after) assert.equal(diff, '');
      else assert.equal(applyDiff(before, diff), after);
    }),
    { numRuns: 1500 },
  );
});

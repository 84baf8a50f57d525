import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LineIndex } from '../../server/src/text/lineIndex';

test('positions are UTF-16 columns across \\n, \\r\\n and lone \\r line breaks', () => {
  const text = 'a\r\nb😀c\rd\ne';
  const lines = new LineIndex(text);
  assert.equal(lines.lineCount, 4);
  assert.deepEqual(lines.positionAt(text.indexOf('c')), { line: 1, character: 3 });
  assert.deepEqual(lines.positionAt(text.indexOf('d')), { line: 2, character: 0 });
  assert.equal(lines.offsetAt({ line: 1, character: 3 }), text.indexOf('c'));
  assert.equal(lines.lineText(1), 'b😀c');
  assert.equal(lines.offsetAt({ line: 99, character: 0 }), text.length);
  assert.equal(lines.offsetAt({ line: 0, character: 99 }), 1);
});

test('a line index updated by an edit equals one built from the new text, whatever breaks the edit touches (fast-check)', () => {
  // Texts and edits made of line breaks of every kind around a few letters: \r\n pairs split and joined.
  const piece = fc.constantFrom('a', 'b', '\n', '\r', '\r\n', '\n\r');
  const textArb = fc.array(piece, { maxLength: 14 }).map((parts) => parts.join(''));
  fc.assert(
    fc.property(textArb, fc.array(fc.tuple(fc.nat(), fc.nat(3), textArb), { minLength: 1, maxLength: 6 }), (base, edits) => {
      let text = base;
      let lines = new LineIndex(text);
      for (const [at, removed, inserted] of edits) {
        const start = at % (text.length + 1);
        const oldEnd = Math.min(text.length, start + removed);
        text = text.slice(0, start) + inserted + text.slice(oldEnd);
        lines = lines.afterEdit(text, start, oldEnd, start + inserted.length);
        const fresh = new LineIndex(text);
        assert.equal(lines.lineCount, fresh.lineCount, JSON.stringify(text));
        for (let line = 0; line < fresh.lineCount; line++) assert.equal(lines.lineStartOffset(line), fresh.lineStartOffset(line), JSON.stringify(text));
      }
    }),
    { numRuns: 3000, seed: Number(process.env.SAGELINT_SEED ?? 5) },
  );
});

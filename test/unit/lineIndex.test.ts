import { test } from 'node:test';
import assert from 'node:assert/strict';
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

/**
 * The build writes the signature tables beside the bundle in the lazy form (io/lazyJson.ts), parsed entry
 * by entry; tests read the plain JSON of the source tree. Both must answer every question alike.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { signatureModelOf } from '../../server/src/semantic/sdk/signatures';
import { isLazyJson, readLazyJson } from '../../server/src/io/lazyJson';
import { lazyJsonText } from '../../scripts/lazyJson.mjs';

declare const SAGELINT_ROOT: string;
const DIR = path.join(SAGELINT_ROOT, 'server/src/semantic/sdk/signatures');

for (const generation of ['v2', 'v3'] as const) {
  test(`the lazy form of the ${generation} signature tables answers every class, function and import path as the plain JSON does`, () => {
    const text = fs.readFileSync(path.join(DIR, `data-${generation}.json`), 'utf8');
    const data = JSON.parse(text) as { label: string; classes: object; functions: object; aliases: Record<string, string> };
    const lazyText = lazyJsonText(data, ['classes', 'functions', 'params']);
    assert.ok(isLazyJson(lazyText) && !isLazyJson(text));
    const plain = signatureModelOf(generation, text);
    const lazy = signatureModelOf(generation, lazyText);
    assert.equal(lazy.label, plain.label);
    const paths = [...Object.keys(data.classes), ...Object.keys(data.functions), ...Object.keys(data.aliases), 'sagemaker.NoSuchThing', 'constructor', '__proto__'];
    for (const name of paths) {
      assert.equal(lazy.resolve(name), plain.resolve(name), name);
      assert.deepEqual(lazy.classAt(name), plain.classAt(name), name);
      assert.deepEqual(lazy.functionAt(name), plain.functionAt(name), name);
    }
    // The same object each time (signatures are cached by the identity of their raw entry).
    const someClass = Object.keys(data.classes)[0];
    assert.equal(lazy.classAt(someClass), lazy.classAt(someClass));
  });
}

test('lazy JSON: entries parsed on demand equal the data, members kept whole read as they are, non-ASCII text and odd keys included', () => {
  const data = { label: 'x', table: { a: { n: 1, s: 'é ☃ 😀 "q" \\u2028' }, 'b c': [1, 2], constructor: null, __proto__x: 'p', ключ: 'ß' }, list: [[1, 'ü'], { k: 'v' }, 'three'], whole: { k: 1, ä: '☃' } };
  const text = lazyJsonText(data, ['table', 'list']);
  // ASCII only (escapes for the rest), so that Node reads the file into a one-byte string.
  assert.ok(!/[^\x00-\x7f]/.test(text));
  const lazy = readLazyJson(text);
  const table = lazy.table<unknown>('table');
  for (const [key, value] of Object.entries(data.table)) {
    assert.ok(table.has(key), key);
    assert.deepEqual(table.get(key), value, key);
  }
  assert.ok(!table.has('missing') && !table.has('toString') && !table.has('hasOwnProperty'));
  assert.equal(table.get('toString'), undefined);
  const list = lazy.list<unknown>('list');
  assert.equal(list.length, 3);
  data.list.forEach((item, i) => assert.deepEqual(list.at(i), item));
  assert.equal(list.at(3), undefined);
  assert.equal(list.at(-1), undefined);
  assert.deepEqual(lazy.table<number>('whole').get('k'), 1);
  assert.deepEqual(lazy.eager.whole, data.whole);
  assert.equal(lazy.eager.label, 'x');
});

test('lazy JSON: a file that lost its final line break still reads its last entry whole', () => {
  const text = lazyJsonText({ list: [[1, 12], [3, 45]] }, ['list']);
  assert.ok(text.endsWith('\n'));
  const list = readLazyJson(text.slice(0, -1)).list<number[]>('list');
  assert.deepEqual(list.at(0), [1, 12]);
  assert.deepEqual(list.at(1), [3, 45]);
});

/**
 * The build writes the signature tables beside the bundle in the lazy form (io/lazyJson.ts), parsed entry
 * by entry; tests read the plain JSON of the source tree. Both must answer every question alike.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { signatureModelOf } from '../../server/src/semantic/sdk/signatures';
import { LazyJson, isLazyJson, readLazyJson, readLazyJsonFile } from '../../server/src/io/lazyJson';
import { IdleCollector } from '../../server/src/lsp/idleCollector';
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

// The server reads the data files beside the bundle entry by entry from disk (readLazyJsonFile) instead of
// holding their text: every entry must read as from the text, and where the file is not as its index says
// (cut short, not ASCII), as readLazyJson reads the file's text then. A file written over in place is not
// read again: its entries not read yet are unknown.

/** Runs `body` with a temporary folder, removed afterwards. */
function inTemporaryFolder(body: (dir: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lazy-json-'));
  try {
    body(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const ODD_DATA = {
  label: 'x',
  table: { a: { n: 1, s: 'é ☃ 😀 "q" \\u2028 \n' }, 'b c': [1, 2], constructor: null, __proto__x: 'p', ключ: 'ß', empty: {}, zero: 0 },
  list: [[1, 'ü'], { k: 'v' }, 'three', null, 'last'],
  whole: { k: 1, ä: '☃' },
};

/** Every entry of ODD_DATA's lazy members read through `lazy`. */
function entriesOf(lazy: LazyJson): unknown {
  const table = lazy.table<unknown>('table');
  const list = lazy.list<unknown>('list');
  return {
    table: Object.fromEntries(Object.keys(ODD_DATA.table).reverse().map((key) => [key, table.get(key)])),
    has: ['a', 'missing', 'toString'].map((key) => table.has(key)),
    list: Array.from({ length: list.length + 1 }, (_, i) => list.at(list.length - i)),
    eager: lazy.eager,
  };
}

test('lazy JSON from a file: every entry, the last and those with non-ASCII text or odd keys included, reads as from its text', () => {
  inTemporaryFolder((dir) => {
    const text = lazyJsonText(ODD_DATA, ['table', 'list']);
    const file = path.join(dir, 'data.json');
    fs.writeFileSync(file, text);
    const fromFile = readLazyJsonFile(file);
    assert.deepEqual(entriesOf(fromFile), entriesOf(readLazyJson(text)));
    assert.deepEqual(fromFile.table('table').get('a'), ODD_DATA.table.a);
    assert.equal(fromFile.list('list').at(4), 'last');
    // Asked twice: the same object.
    const table = fromFile.table('table');
    assert.equal(table.get('a'), table.get('a'));
    // Plain JSON reads whole.
    fs.writeFileSync(file, JSON.stringify(ODD_DATA));
    assert.deepEqual(readLazyJsonFile(file).table('table').get('ключ'), 'ß');
  });
});

test('lazy JSON from a file cut short: the last entry reads whole without its final line break, and cut inside it fails as from the text', () => {
  inTemporaryFolder((dir) => {
    const text = lazyJsonText(ODD_DATA, ['table', 'list']);
    const file = path.join(dir, 'data.json');
    fs.writeFileSync(file, text.slice(0, -1));
    assert.deepEqual(entriesOf(readLazyJsonFile(file)), entriesOf(readLazyJson(text)));
    const cut = text.slice(0, -4);
    fs.writeFileSync(file, cut);
    const fromFile = readLazyJsonFile(file);
    const fromText = readLazyJson(cut);
    assert.throws(() => fromText.list('list').at(4), SyntaxError);
    assert.throws(() => fromFile.list('list').at(4), SyntaxError);
    assert.equal(fromFile.list('list').at(2), 'three');
    assert.deepEqual(fromFile.table('table').get('b c'), [1, 2]);
  });
});

test('lazy JSON from a file written over in place after it was opened: entries read before stay, the others are unknown, never mixed with the new file', () => {
  inTemporaryFolder((dir) => {
    const file = path.join(dir, 'data.json');
    fs.writeFileSync(file, lazyJsonText(ODD_DATA, ['table', 'list']));
    const lazy = readLazyJsonFile(file);
    assert.deepEqual(lazy.table('table').get('zero'), 0);
    // Another build of the file: the same entries in another order, so that each offset holds another
    // entry, line breaks where they were and a file of the same size: only its time tells.
    const before = { order: { x: 'one', y: 'two' } };
    fs.writeFileSync(file, lazyJsonText(before, ['order']));
    const order = readLazyJsonFile(file).table<string>('order');
    assert.equal(order.get('x'), 'one');
    fs.writeFileSync(file, lazyJsonText({ order: { y: 'TWO', x: 'ONE' } }, ['order']));
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    assert.equal(order.get('x'), 'one', 'read before the file changed');
    assert.equal(order.get('y'), undefined, 'not read before: neither the new value nor the old offset');
    // And one with other entries at other offsets, and the list.
    const newer = { ...ODD_DATA, table: { ...ODD_DATA.table, a: 'a newer a', 'b c': ['newer'] }, list: ['x', ...ODD_DATA.list] };
    fs.writeFileSync(file, lazyJsonText(newer, ['table', 'list']));
    const again = readLazyJsonFile(file);
    fs.writeFileSync(file, lazyJsonText(ODD_DATA, ['table', 'list']));
    assert.equal(again.table('table').get('b c'), undefined);
    assert.equal(again.list('list').at(0), undefined);
    // A file replaced by a rename (how the build writes them) is still read from the file opened.
    fs.writeFileSync(file, lazyJsonText(newer, ['table', 'list']));
    const renamed = readLazyJsonFile(file);
    fs.writeFileSync(path.join(dir, 'next.json'), lazyJsonText(ODD_DATA, ['table', 'list']));
    fs.renameSync(path.join(dir, 'next.json'), file);
    assert.deepEqual(renamed.table('table').get('b c'), ['newer']);
    assert.equal(renamed.list('list').at(0), 'x');
  });
});

test('lazy JSON from a file still reads its entries once the file is deleted (an extension update replaces its folder)', { skip: process.platform === 'win32' }, () => {
  inTemporaryFolder((dir) => {
    const file = path.join(dir, 'data.json');
    fs.writeFileSync(file, lazyJsonText(ODD_DATA, ['table', 'list']));
    const lazy = readLazyJsonFile(file);
    fs.rmSync(file);
    assert.deepEqual(entriesOf(lazy), entriesOf(readLazyJson(lazyJsonText(ODD_DATA, ['table', 'list']))));
  });
});

test('lazy JSON from a file whose text is not ASCII (offsets in characters, not bytes): every entry reads as from its text', () => {
  inTemporaryFolder((dir) => {
    // The lazy layout without the writer's escapes: the index counts characters, the file has more bytes.
    const entries = { a: 'ä ö ü', b: { k: '☃☃☃' }, c: 'plain', d: '😀' };
    let body = '';
    const index: Record<string, number> = {};
    for (const [key, value] of Object.entries(entries)) {
      index[key] = body.length;
      body += `${JSON.stringify(value)}\n`;
    }
    const text = `${JSON.stringify({ lazyJson: 2, eager: {}, lazy: { table: index } })}\n${body}`;
    const file = path.join(dir, 'data.json');
    fs.writeFileSync(file, text);
    const table = readLazyJsonFile(file).table<unknown>('table');
    for (const [key, value] of Object.entries(entries).reverse()) assert.deepEqual(table.get(key), value, key);
  });
});

test('lazy JSON from a file does not hold the text of the entries it has not read', () => {
  inTemporaryFolder((dir) => {
    const file = path.join(dir, 'data.json');
    ((): void => {
      const data = { table: Object.fromEntries(Array.from({ length: 4000 }, (_, i) => [`entry${i}`, `${i % 10}`.repeat(4000)])) };
      fs.writeFileSync(file, lazyJsonText(data, ['table']));
    })();
    const collector = new IdleCollector(20, 0);
    /** MB of heap held by what `read` returns, after reading two entries of it; and the two. */
    const heldBy = (read: () => LazyJson): { mb: number; entries: unknown[] } => {
      collector.collectNow();
      const before = v8.getHeapStatistics().used_heap_size;
      const lazy = read();
      const table = lazy.table<string>('table');
      const first = [table.get('entry3999'), table.get('entry0')];
      collector.collectNow();
      const mb = (v8.getHeapStatistics().used_heap_size - before) / (1024 * 1024);
      return { mb, entries: [...first, table.get('entry1')] };
    };
    const fromFile = heldBy(() => readLazyJsonFile(file));
    const fromText = heldBy(() => readLazyJson(fs.readFileSync(file, 'utf8')));
    assert.deepEqual(fromFile.entries, ['9'.repeat(4000), '0'.repeat(4000), '1'.repeat(4000)]);
    assert.deepEqual(fromText.entries, fromFile.entries);
    // The text holds 16 MB of entries; read from the file, only the index and the entries read are held.
    assert.ok(fromText.mb > 15, `${fromText.mb.toFixed(1)} MB held with the text`);
    assert.ok(fromFile.mb < 4, `${fromFile.mb.toFixed(1)} MB held reading from the file`);
    collector.dispose();
  });
});

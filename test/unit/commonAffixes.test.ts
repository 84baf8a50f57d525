import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commonAffixes } from '../../server/src/text/commonAffixes';

test('common prefix and suffix of two texts; they never overlap', () => {
  assert.deepEqual(commonAffixes('abcXdef', 'abcYYdef'), { prefix: 3, suffix: 3 });
  assert.deepEqual(commonAffixes('aaa', 'aaaa'), { prefix: 3, suffix: 0 });
  assert.deepEqual(commonAffixes('', 'x'), { prefix: 0, suffix: 0 });
});

test('lengths known to be equal are not compared again, and a known suffix is cut where the prefix ends', () => {
  // 'Q' differs from 'a' at offset 0, but the caller knows the first cell is unchanged: the scan starts past it.
  assert.deepEqual(commonAffixes('Qbc', 'abc', { prefix: 1 }), { prefix: 3, suffix: 0 });
  assert.deepEqual(commonAffixes('ab', 'abb', { suffix: 2 }), { prefix: 2, suffix: 0 });
});

test('with keepLineBreaks a \\r\\n pair stays whole on the changed side', () => {
  assert.deepEqual(commonAffixes('a\r\nb', 'a\rb'), { prefix: 2, suffix: 1 });
  assert.deepEqual(commonAffixes('a\r\nb', 'a\rb', {}, true), { prefix: 1, suffix: 1 });
  assert.deepEqual(commonAffixes('a\r\nb', 'a\nb', {}, true), { prefix: 1, suffix: 1 });
  assert.deepEqual(commonAffixes('a\nb', 'a\r\nb', {}, true), { prefix: 1, suffix: 1 });
});

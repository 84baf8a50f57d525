import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CallContext, enclosingCalls, givenKeywords } from '../../server/src/features/callContext';

/** The calls around `|` in `textWithCursor`, innermost first. */
function callsAt(textWithCursor: string): { calls: CallContext[]; text: string } {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  return { calls: enclosingCalls(text, offset), text };
}

function describe(textWithCursor: string) {
  const { calls, text } = callsAt(textWithCursor);
  const call = calls[0];
  if (!call) return undefined;
  return {
    callee: text.slice(call.calleeStart, call.calleeEnd),
    active: call.active,
    activeKeyword: call.arguments[call.active]?.keyword,
    positionalBefore: call.positionalBefore,
    namePosition: call.namePosition,
    keywords: [...givenKeywords(call)],
    count: call.arguments.length,
  };
}

test('right after the parenthesis: the first argument, where a name goes', () => {
  assert.deepEqual(describe('est = PyTorch(|'), { callee: 'PyTorch', active: 0, activeKeyword: undefined, positionalBefore: 0, namePosition: true, keywords: [], count: 1 });
  assert.deepEqual(describe('est = PyTorch(|)'), { callee: 'PyTorch', active: 0, activeKeyword: undefined, positionalBefore: 0, namePosition: true, keywords: [], count: 1 });
});

test('half-typed keyword arguments without a closing parenthesis, with the next statement after them', () => {
  const d = describe('est = PyTorch(entry_point="x", |\nprint(1)\n');
  assert.deepEqual(d, { callee: 'PyTorch', active: 1, activeKeyword: undefined, positionalBefore: 0, namePosition: true, keywords: ['entry_point'], count: 2 });
  // A typed prefix of the next name is still a name position.
  assert.equal(describe('est = PyTorch(entry_point="x", ro|')!.namePosition, true);
  // After `=`, the value of that keyword.
  const value = describe('est = PyTorch(entry_point="x", role=|');
  assert.equal(value!.activeKeyword, 'role');
  assert.equal(value!.namePosition, false);
});

test('keywords after the cursor count as given, up to the closing parenthesis only', () => {
  const d = describe('est = PyTorch(entry_point="x", |, role=role, instance_count=1)\nother(max_run=3)\n');
  assert.deepEqual(d!.keywords, ['entry_point', 'role', 'instance_count']);
  assert.equal(d!.active, 1);
  assert.equal(d!.count, 4);
});

test('an unclosed call ends where the next statement starts (indentation at or left of the call\'s line)', () => {
  const text = [
    'def f():',
    '    est = PyTorch(',
    '        entry_point="x",',
    '        |',
    '        role=role,',
    '    )',
    'y = g(max_run=1)',
  ].join('\n');
  assert.deepEqual(describe(text)!.keywords, ['entry_point', 'role']);
  const unclosed = ['est = PyTorch(', '    entry_point="x",', '    |', 'x = dict(max_run=3)', ''].join('\n');
  assert.deepEqual(describe(unclosed)!.keywords, ['entry_point']);
});

test('commas in strings, comments and nested brackets do not split arguments', () => {
  const d = describe('f = PyTorch(source_dir="a,b", # x, y=1\n hyperparameters={"a": 1, "b": [1, 2]}, tags=[("k", "v")], |');
  assert.deepEqual(d!.keywords, ['source_dir', 'hyperparameters', 'tags']);
  assert.equal(d!.active, 3);
  // A comment line before a keyword argument does not hide its name.
  assert.deepEqual(describe('PyTorch(\n    # the script\n    entry_point="x",\n    |)')!.keywords, ['entry_point']);
});

test('positional arguments are counted until a *args, after which their number is unknown', () => {
  assert.equal(describe('est.fit(inputs, |')!.positionalBefore, 1);
  assert.equal(describe('est.fit(inputs, wait=True, |')!.positionalBefore, 1);
  assert.equal(describe('est.fit(*args, |')!.positionalBefore, undefined);
  assert.equal(describe('est.fit(**kw, |')!.positionalBefore, 0);
  // Positional args followed by a keyword value in progress.
  assert.equal(describe('f(a, b, c=|')!.activeKeyword, 'c');
});

test('the cursor inside a string argument is in that argument', () => {
  const d = describe('PyTorch(entry_point="tr|ain.py", role=r)');
  assert.equal(d!.activeKeyword, 'entry_point');
  assert.equal(d!.active, 0);
});

test('enclosing calls from the innermost out, through list and dict brackets', () => {
  const { calls, text } = callsAt('PyTorch(entry_point="x", hyperparameters=dict(epochs=|');
  assert.deepEqual(calls.map((c) => text.slice(c.calleeStart, c.calleeEnd)), ['dict', 'PyTorch']);
  assert.equal(calls[1].arguments[calls[1].active].keyword, 'hyperparameters');
  const list = callsAt('Processor(inputs=[ProcessingInput(source="s"), |');
  assert.equal(list.text.slice(list.calls[0].calleeStart, list.calls[0].calleeEnd), 'Processor');
  assert.equal(list.calls[0].arguments[list.calls[0].active].keyword, 'inputs');
});

test('method calls, dotted callees and calls on call results', () => {
  assert.equal(describe('est.fit(|')!.callee, 'est.fit');
  assert.equal(describe('sagemaker.pytorch.PyTorch(|')!.callee, 'sagemaker.pytorch.PyTorch');
  assert.equal(describe('PyTorch(a=1).fit(|')!.callee, 'PyTorch(a=1).fit');
});

test('no call: parentheses of expressions, tuples, keywords and definitions', () => {
  assert.equal(describe('x = (1 + |'), undefined);
  assert.equal(describe('if (|'), undefined);
  assert.equal(describe('def train(|'), undefined);
  assert.equal(describe('class Est(|'), undefined);
  assert.equal(describe('x = [|'), undefined);
  assert.equal(describe('x = 1|'), undefined);
  // Inside a comment or after the call closed.
  assert.equal(describe('f(a)|'), undefined);
});

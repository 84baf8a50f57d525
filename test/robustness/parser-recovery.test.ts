/**
 * One bad input must not break the rest: a wasm failure in the parser (tree-sitter-python's scanner
 * writes past its 1 KB state buffer beyond ~510 indentation levels with a string open) used to leave the
 * parser broken for every later file. Texts over Python's own indentation limit are now refused before
 * parsing, and any parser failure replaces the parser.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { WasmPythonParser } from '../../server/src/parse/wasmParser';
import { MAX_INDENTATION_LEVELS, indentationLevels, tooDeeplyIndented } from '../../server/src/parse/nesting';
import { analyze } from '../../server/src/analysis/analyze';
import { DEFAULT_SETTINGS } from '../../server/src/config/settings';
import { runCli, tempDir } from '../helpers/cli';
import { ProtocolClient } from '../protocol/client';

/** `levels` nested blocks (one space each) with a string literal at the bottom. */
export function deeplyNested(levels: number): string {
  const lines = ['import sagemaker'];
  for (let i = 0; i < levels; i++) lines.push(`${' '.repeat(i)}if x:`);
  lines.push(`${' '.repeat(levels)}s = "hello"`);
  return `${lines.join('\n')}\n`;
}

const NORMAL = [
  'from sagemaker.workflow.execution_variables import ExecutionVariables',
  'print(ExecutionVariables.PIPELINE_EXECUTION_ID)',
  '',
].join('\n');

const temp = tempDir();
after(() => temp.cleanup());

test('indentation levels are counted at logical line starts only', () => {
  assert.equal(indentationLevels(deeplyNested(700)), 700);
  assert.equal(tooDeeplyIndented(deeplyNested(MAX_INDENTATION_LEVELS)), undefined);
  assert.equal(tooDeeplyIndented(deeplyNested(MAX_INDENTATION_LEVELS + 1)), MAX_INDENTATION_LEVELS + 1);
  // Lines inside brackets, strings and backslash continuations are not logical line starts.
  const staircase = (open: string, close: string) => `x = ${open}\n${Array.from({ length: 150 }, (_, i) => `${' '.repeat(i + 1)}1,`).join('\n')}\n${close}\n`;
  assert.equal(tooDeeplyIndented(staircase('[', ']')), undefined);
  assert.equal(tooDeeplyIndented(staircase('"""', '"""')), undefined);
  assert.equal(tooDeeplyIndented(`x = 1 + \\\n${Array.from({ length: 150 }, (_, i) => `${' '.repeat(i + 1)}1 + \\`).join('\n')}\n 1\n`), undefined);
  // Tabs count as one level each, as blocks.
  assert.equal(indentationLevels(Array.from({ length: 120 }, (_, i) => `${'\t'.repeat(i)}if x:`).join('\n')), 119);
});

test('a parser failure replaces the parser: the next texts parse and get their findings', async () => {
  const parser = await WasmPythonParser.create({ indentationLimit: false });
  const before = parser.parse(NORMAL);
  assert.ok(before);
  assert.equal(parser.parse(deeplyNested(600)), undefined);
  assert.equal(parser.lastRefusal?.reason, 'parser-failure');
  for (let i = 0; i < 3; i++) {
    const tree = parser.parse(NORMAL);
    assert.ok(tree, `parse ${i} after the failure`);
    assert.equal(parser.lastRefusal, undefined);
    const analysis = analyze(tree.toSyntaxTree(NORMAL), DEFAULT_SETTINGS);
    tree.free();
    assert.deepEqual(analysis.findings.map((f) => f.code), ['SM101']);
  }
  // A tree from before the failure can still be freed.
  before.free();
});

test('with the indentation limit (the default), a text over it is refused before parsing', async () => {
  const parser = await WasmPythonParser.create();
  assert.equal(parser.parse(deeplyNested(600)), undefined);
  assert.deepEqual(parser.lastRefusal, { reason: 'too-deeply-nested', levels: 600 });
  assert.ok(parser.parse(deeplyNested(MAX_INDENTATION_LEVELS))?.free() === undefined);
});

test('CLI: a deeply nested file does not cost the next file its findings', () => {
  const deep = temp.write('a_deep.py', deeplyNested(700));
  const normal = temp.write('b_normal.py', NORMAL);
  const result = runCli(['check', '--format', 'json', deep, normal]);
  const findings = JSON.parse(result.stdout) as { code: string; filename: string }[];
  assert.ok(findings.some((f) => f.code === 'SM101' && f.filename.endsWith('b_normal.py')), `${result.stdout}\n${result.stderr}`);
  // The deep file is reported as not checked (SM002), with the reason.
  assert.ok(findings.some((f) => f.code === 'SM002' && f.filename.endsWith('a_deep.py') && /it has 700 levels of indentation \(Python allows at most 100\)/.test((f as { message?: string }).message ?? '')), result.stdout);
});

test('server: after a deeply nested document, other documents still get diagnostics and hovers', async () => {
  const client = await ProtocolClient.start();
  try {
    await client.open(pathToFileURL('/tmp/sagelint-deep/deep.py').href, deeplyNested(700));
    const uri = pathToFileURL('/tmp/sagelint-deep/normal.py').href;
    const diagnostics = await client.open(uri, NORMAL);
    assert.deepEqual(diagnostics.map((d) => d.code), ['SM101']);
    const hover = await client.hover(uri, { line: 1, character: 10 });
    assert.match(JSON.stringify(hover?.contents), /ExecutionVariables/);
    assert.ok(client.logs.some((m) => /deep\.py: it has 700 levels of indentation/.test(m.message)), JSON.stringify(client.logs));
  } finally {
    await client.dispose();
  }
});

// Each code cell parses on its own, as the kernel runs it: a syntax error stays in its cell, and a cell
// edit reparses that cell only, with or without an error elsewhere in the notebook.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeNotebook, freeParse } from '../../server/src/notebook/analyzeNotebook';
import { DEFAULT_SETTINGS } from '../../server/src/config/settings';
import { getParser } from '../helpers/python';

const HEADER = 'from sagemaker.workflow.parameters import ParameterString\nbucket = ParameterString(name="Bucket")\n';
const cellsOf = (texts: string[]) => texts.map((text, index) => ({ index, text }));
const codes = (findings: readonly { cell: number; code: string }[]) => findings.map((f) => `${f.cell} ${f.code}`);

test('an unclosed bracket in one cell does not swallow the next cell (its findings are reported)', async () => {
  const parser = await getParser();
  const result = analyzeNotebook(parser, cellsOf([HEADER, 'x = foo(\n', 'print(bucket)\n']), DEFAULT_SETTINGS);
  assert.deepEqual(codes(result.findings), ['2 SM101']);
  assert.ok(result.analysis!.tree.root.children.some((s) => s.type === 'expression_statement' && !s.containsError && result.notebook.text.slice(s.start, s.end) === 'print(bucket)'));
});

test('a cell that continues the block of the cell before it is not read as that block (the kernel runs cells one by one)', async () => {
  const parser = await getParser();
  const result = analyzeNotebook(parser, cellsOf([HEADER, 'if True:\n    y = 1\n', '    print(bucket)\n']), DEFAULT_SETTINGS);
  const ifStatement = result.analysis!.tree.root.children.find((s) => s.type === 'if_statement')!;
  assert.ok(ifStatement.end <= result.notebook.cells[1].start + result.notebook.cells[1].text.length, 'the if statement ends in its own cell');
});

test('with a syntax error in one cell, editing another reparses only that cell and takes the unchanged cells over; the findings equal a fresh analysis', async () => {
  const parser = await getParser();
  const texts = [HEADER, 'x = foo(\n', 'print(bucket)\n', 'other = 1\nprint(str(bucket))\n'];
  const first = analyzeNotebook(parser, cellsOf(texts), DEFAULT_SETTINGS, { incremental: true }, undefined, null);
  const before = [...first.analysis!.tree.root.children];
  texts[2] = 'print(bucket)\nprint(f"{bucket}")\n';
  const second = analyzeNotebook(parser, cellsOf(texts), DEFAULT_SETTINGS, { incremental: true }, first.analysis, first.parsed);
  const fresh = analyzeNotebook(parser, cellsOf(texts), DEFAULT_SETTINGS);
  assert.deepEqual(second.findings, fresh.findings);
  assert.deepEqual(codes(second.findings), ['2 SM101', '2 SM101', '3 SM101']);
  const after = second.analysis!.tree.root.children;
  // Cells 0, 1 (with its error) and 3 are the same nodes; cell 3's moved with the edit.
  const kept = before.filter((s) => after.includes(s));
  assert.equal(kept.length, before.length, `statements taken over: ${kept.length} of ${before.length}`);
  assert.equal(second.notebook.text.slice(after[after.length - 1].start, after[after.length - 1].end), 'print(str(bucket))');
  freeParse(second.parsed);
});

/**
 * A notebook keystroke places anew only the findings from the edited cell on: a finding taken over from
 * the analysis before keeps its placement (the same CellFinding) while every offset it holds lies before
 * the first changed cell. Every result must equal a fresh analysis of the same cells.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS } from '../../server/src/config/settings';
import { NotebookAnalysis, analyzeNotebook } from '../../server/src/notebook/analyzeNotebook';
import { WasmPythonParser } from '../../server/src/parse/wasmParser';

let parser: WasmPythonParser;
before(async () => {
  parser = await WasmPythonParser.create();
});

const CELLS = [
  'from sagemaker.workflow.parameters import ParameterString\nbucket = ParameterString(name="Bucket")\n',
  'print(bucket)\nkey = "data/" + bucket\n',
  '%pip install boto3\nother = 1\nprint(bucket)  # twice\n',
  'last = "s3://x/" + bucket\nprint(bucket)\n',
];

function editor() {
  const cells = CELLS.map((text, index) => ({ index, text }));
  let result = analyzeNotebook(parser, cells, DEFAULT_SETTINGS, { incremental: true }, undefined, null);
  const edit = (change: (cells: { index: number; text: string }[]) => void, label: string): { before: NotebookAnalysis; after: NotebookAnalysis } => {
    change(cells);
    const before = result;
    result = analyzeNotebook(parser, cells, DEFAULT_SETTINGS, { incremental: true }, before.analysis, before.parsed);
    const fresh = analyzeNotebook(parser, cells, DEFAULT_SETTINGS);
    assert.deepEqual(result.findings, fresh.findings, `${label}: the findings of a fresh analysis`);
    return { before, after: result };
  };
  return { first: result, edit, cells };
}

test('findings of the cells before an edited cell keep their placement; the rest equal a fresh analysis', () => {
  const { first, edit } = editor();
  assert.ok(first.findings.filter((f) => f.cell === 1).length >= 2, 'cell 1 has findings');
  const { before, after } = edit((cells) => (cells[3] = { index: 3, text: cells[3].text.replace('print(bucket)', 'print(bucket )') }), 'an edit in the last cell');
  // The print() findings are taken over by the analysis (their statements are unchanged); SM102's fix adds
  // an import, which is placed again for each analysis (ImportPlaces.relocate).
  const prints = after.findings.filter((f) => f.cell < 3 && f.code === 'SM101');
  assert.equal(prints.length, 2, prints.map((f) => `${f.cell} ${f.code}`).join());
  for (const finding of prints) assert.ok(before.findings.includes(finding), `kept as placed: ${finding.cell} ${finding.code} ${finding.start}`);
});

test('an edit in an earlier cell places the findings after it anew, at their new offsets', () => {
  const { edit } = editor();
  const { before, after } = edit((cells) => (cells[0] = { index: 0, text: `# a new first line\n${cells[0].text}` }), 'a line inserted in the first cell');
  for (const finding of after.findings.filter((f) => f.cell > 0)) assert.ok(!before.findings.includes(finding), `placed anew: ${finding.cell} ${finding.code}`);
  // Cell offsets are cell-relative: the findings of the later cells are where they were in their cells.
  assert.deepEqual(after.findings.filter((f) => f.cell > 0).map((f) => [f.cell, f.start, f.end]), before.findings.filter((f) => f.cell > 0).map((f) => [f.cell, f.start, f.end]));
});

test('cells added, removed and moved before a finding: every placement equals a fresh analysis', () => {
  const { edit } = editor();
  edit((cells) => cells.splice(1, 0, { index: 1, text: 'x = 1\n' }), 'a cell inserted');
  edit((cells) => cells.forEach((cell, i) => (cell.index = i)), 'the cells renumbered');
  edit((cells) => cells.splice(1, 1), 'the inserted cell removed');
  edit((cells) => cells.forEach((cell, i) => (cell.index = i)), 'renumbered again');
  edit((cells) => cells.push(cells.shift()!), 'the first cell moved last');
  edit((cells) => (cells[cells.length - 1] = { ...cells[cells.length - 1], text: `${cells[cells.length - 1].text}y = 2\n` }), 'a line appended to the last cell');
});

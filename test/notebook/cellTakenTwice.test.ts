/**
 * A cell edited into the text of another cell is matched to that cell's old tree; the cell it displaced is
 * parsed afresh and may take statements by text from anywhere in the old tree, among them one of a later,
 * unchanged cell. That cell must then not take the same node again: one node at two places in the module
 * lost findings and gave nodes ranges that overlap (found by a fuzzer comparing with fresh analyses).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WasmPythonParser } from '../../server/src/parse/wasmParser';
import { DEFAULT_SETTINGS } from '../../server/src/config/settings';
import { analyzeNotebook } from '../../server/src/notebook/analyzeNotebook';

test('a cell edited to equal another cell keeps the findings of a later cell holding the same statement', async () => {
  const parser = await WasmPythonParser.create();
  const head = 'import boto3\nsm = boto3.client("sagemaker")\n';
  const before = [`${head}xy.describe_trainig_job()\n`, `${head}sm.describe_trainig_job()\n`, 'sm.describe_trainig_job()\n'];
  const after = [`${head}sm.describe_trainig_job()\n`, ...before.slice(1)];
  const cellsOf = (texts: string[]) => texts.map((text, index) => ({ index, text }));
  const first = analyzeNotebook(parser, cellsOf(before), DEFAULT_SETTINGS, { incremental: true }, undefined, null);
  const incremental = analyzeNotebook(parser, cellsOf(after), DEFAULT_SETTINGS, { incremental: true }, first.analysis, first.parsed);
  const fresh = analyzeNotebook(parser, cellsOf(after), DEFAULT_SETTINGS);
  const statements = incremental.analysis!.tree.root.children;
  assert.equal(new Set(statements).size, statements.length, 'no node twice among the module statements');
  assert.deepEqual(incremental.findings, fresh.findings);
  assert.equal(fresh.findings.filter((f) => f.code === 'SM401').length, 3);
});

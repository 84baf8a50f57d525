/**
 * Found by the incremental differential test (SAGELINT_DIFF_SEED=20, pipeline26-93.py, edit 140): a
 * quote typed over a line break opens an unterminated string; tree-sitter's incremental reparse kept the
 * statements after it (and the SM401 finding in one of them), where a fresh parse of the same text makes
 * them one ERROR region and reports nothing there.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DocumentState } from '../../server/src/lsp/documents';
import { WasmPythonParser } from '../../server/src/parse/wasmParser';
import { DEFAULT_SETTINGS } from '../../server/src/config/settings';

declare const SAGELINT_ROOT: string;

let parser: WasmPythonParser;
before(async () => {
  parser = await WasmPythonParser.create();
});

const findings = (state: DocumentState): string[] => {
  const outcome = state.analysis(parser, DEFAULT_SETTINGS);
  return outcome.kind === 'analyzed' ? outcome.analysis.findings.map((f) => `${f.start}-${f.end} ${f.code} ${f.message} ${JSON.stringify(f.fix)}`) : [outcome.kind];
};

/**
 * Also found by it (seed 20, pipeline5-45.py, edit 28): `return ` typed into an indented import; the
 * import statement, taken over from the tree before the edit, kept an SM606 fix that a fresh analysis
 * withholds.
 */
for (const fixture of ['unterminated-quote.json', 'statement-beside-error.json']) test(`an edit that leaves a syntax error gives the findings and fixes of a fresh analysis, whatever the tree before it (${fixture})`, () => {
  const repro = JSON.parse(fs.readFileSync(path.join(SAGELINT_ROOT, 'test/fixtures/differential', fixture), 'utf8')) as { text: string; edits: { range: never; text: string }[] };
  const state = new DocumentState('file:///recovery/edited.py', 1, repro.text);
  findings(state);
  for (const edit of repro.edits) {
    state.applyChange({ range: edit.range, text: edit.text });
    state.version++;
  }
  const fresh = new DocumentState('file:///recovery/fresh.py', 1, state.text);
  assert.deepEqual(findings(state), findings(fresh));
  state.dispose();
  fresh.dispose();
});

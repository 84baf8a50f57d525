/**
 * Statements taken over out of their order (a line moved with Alt+Up/Down, a notebook cell moved): a
 * finding's recorded reads keep only their place relative to its own statement, so the findings that read
 * other statements or module names are made again (found by a fuzzer comparing with fresh analyses).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DocumentState } from '../../server/src/lsp/documents';
import { WasmPythonParser } from '../../server/src/parse/wasmParser';
import { DEFAULT_SETTINGS } from '../../server/src/config/settings';

let parser: WasmPythonParser;
before(async () => {
  parser = await WasmPythonParser.create();
});

function findings(state: DocumentState): string[] {
  const outcome = state.analysis(parser, DEFAULT_SETTINGS);
  return outcome.kind === 'analyzed' ? outcome.analysis.findings.map((f) => `${f.code}@${f.start}`) : [];
}

test('moving an import below the statement that uses it (one edit) drops the findings that needed it', () => {
  const text = ['import sagemaker', 'x = 1', 'import boto3', 'sm_client = boto3.client("sagemaker")', 'y = 2', 'sm_client.list_pipeline(MaxResults=10)', 'z = 3', ''].join('\n');
  const state = new DocumentState('file:///move.py', 1, text);
  assert.deepEqual(findings(state), [`SM401@${text.indexOf('list_pipeline')}`]);
  // Alt+Down on `import boto3`, as one change: the client is now made before boto3 is imported.
  const from = text.indexOf('import boto3');
  const to = text.indexOf('y = 2');
  state.applyChange({ range: { start: state.lines.positionAt(from), end: state.lines.positionAt(to) }, text: 'sm_client = boto3.client("sagemaker")\nimport boto3\n' });
  state.version = 2;
  const incremental = findings(state);
  const fresh = findings(new DocumentState('file:///fresh.py', 1, state.text));
  assert.deepEqual(incremental, fresh);
  assert.deepEqual(incremental, []);
});

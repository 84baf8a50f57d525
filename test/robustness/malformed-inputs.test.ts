/**
 * Repository content of the wrong shape is "unknown", never a stack trace: pyproject.toml fields of the
 * wrong type, notebook metadata that is not a string, and notebooks with NaN / Infinity (which Python's
 * json module writes and Jupyter reads).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { parsePyprojectRequirementLines, readDeclaredRequirements } from '../../server/src/environment/declared';
import { parseIpynb, withoutNonFiniteNumbers } from '../../server/src/notebook/ipynb';
import { runCli, tempDir } from '../helpers/cli';
import { ProtocolClient } from '../protocol/client';

const temp = tempDir();
after(() => temp.cleanup());

const FINDING = [
  'from sagemaker.workflow.execution_variables import ExecutionVariables',
  'print(ExecutionVariables.PIPELINE_EXECUTION_ID)',
  '',
].join('\n');

const MALFORMED_PYPROJECT = [
  '[project]',
  'name = "demo"',
  'dependencies = 5',
  '[project.optional-dependencies]',
  'extra = "boto3"',
  '[tool.uv]',
  'dev-dependencies = {a = 1}',
  '[tool.pdm]',
  'dev-dependencies = ["x"]',
  '[dependency-groups]',
  'dev = ["boto3==1.35.0", "boto3-stubs[sagemaker]==1.34.0", {include-group = "x"}]',
  '',
].join('\n');

test('pyproject.toml fields of the wrong type: skipped for SM703, the rest still checked; the project declarations are unknown', () => {
  // The well-formed group still gets its drift finding; the wrong-typed fields are skipped, not thrown on.
  assert.deepEqual(parsePyprojectRequirementLines(MALFORMED_PYPROJECT).map((l) => l.requirement), ['boto3==1.35.0', 'boto3-stubs[sagemaker]==1.34.0']);
  const dir = temp.write('malformed/pyproject.toml', MALFORMED_PYPROJECT).replace(/pyproject\.toml$/, '');
  const project = readDeclaredRequirements(dir);
  assert.ok(project.unreadable.some((file) => file.endsWith('pyproject.toml')), 'a malformed pyproject.toml declares unknown requirements, not none');
  temp.write('malformed/pipeline.py', FINDING);
  const result = runCli(['check', '--format', 'json', dir]);
  assert.doesNotMatch(result.stderr, /TypeError|checking failed|is not iterable/);
  assert.equal(result.status, 1, result.stderr);
  const codes = (JSON.parse(result.stdout) as { code: string; filename: string }[]).map((f) => `${f.filename.split('/').pop()} ${f.code}`).sort();
  assert.deepEqual(codes, ['pipeline.py SM101', 'pyproject.toml SM703']);
});

test('the editor: a malformed pyproject.toml gets its diagnostics, no failure in the log', async () => {
  const client = await ProtocolClient.start();
  try {
    const uri = pathToFileURL(`${temp.dir}/editor/pyproject.toml`).href;
    const diagnostics = await client.open(uri, MALFORMED_PYPROJECT, 1, 'toml');
    assert.deepEqual(diagnostics.map((d) => d.code), ['SM703']);
    assert.deepEqual(client.logs.filter((m) => /failed|TypeError/.test(m.message)), []);
  } finally {
    await client.dispose();
  }
});

const notebook = (metadata: string, outputs = '[]') =>
  `{"cells": [{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": ${outputs}, "source": ${JSON.stringify(FINDING.split(/(?<=\n)/))}}], "metadata": ${metadata}, "nbformat": 4, "nbformat_minor": 5}\n`;

test('notebook metadata of the wrong shape is unknown (Python), not a TypeError', () => {
  for (const metadata of ['{"language_info": {"name": {"toString": 1}}}', '{"language_info": 5}', 'null', '{"kernelspec": {"language": ["python"]}}', '[]']) {
    const parsed = parseIpynb(notebook(metadata));
    assert.equal(parsed.language, 'python', metadata);
    assert.equal(parsed.cells[0].text, FINDING);
  }
  // Sources of the wrong shape hold no code.
  assert.equal(parseIpynb('{"cells": [{"cell_type": "code", "source": [{"toString": 1}, "x = 1"]}]}').cells[0].text, 'x = 1');
  const file = temp.write('odd-metadata.ipynb', notebook('{"language_info": {"name": {"toString": 1}}}'));
  const result = runCli(['check', file]);
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stdout, /odd-metadata\.ipynb:cell 1:2:7: SM101/);
});

test('notebooks with NaN, Infinity and -Infinity (as Python writes them) are read as Jupyter reads them', () => {
  const outputs = '[{"data": {"text/plain": "NaN Infinity \\"-Infinity\\""}, "metadata": {"score": NaN, "high": Infinity, "low": -Infinity, "big": 9007199254740993, "e": 1e-05}, "output_type": "execute_result", "execution_count": 1}]';
  const text = notebook('{"language_info": {"name": "python"}, "x": [NaN,Infinity,-Infinity]}', outputs);
  assert.throws(() => JSON.parse(text));
  const parsed = parseIpynb(text);
  assert.equal(parsed.cells[0].text, FINDING);
  // Only the bare words change; strings that contain them and every other number stay as they are.
  const cleaned = withoutNonFiniteNumbers(text);
  assert.match(cleaned, /"text\/plain": "NaN Infinity \\"-Infinity\\""/);
  assert.match(cleaned, /"score": null, "high": null, "low": null, "big": 9007199254740993, "e": 1e-05/);
  const file = temp.write('nan.ipynb', text);
  const result = runCli(['check', file]);
  assert.equal(result.status, 1, result.stderr);
  assert.match(result.stdout, /nan\.ipynb:cell 1:2:7: SM101/);
});

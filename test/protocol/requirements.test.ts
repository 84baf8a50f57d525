/**
 * The built server over stdio with a workspace folder: SM702's quick fix edits the Python file and
 * requirements.txt in one WorkspaceEdit; requirements*.txt documents get SM703 diagnostics and fixes.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ProtocolClient, applyEdits, codes, rangeOf } from './client';

declare const SAGELINT_ROOT: string;

let client: ProtocolClient;
let dir: string;
const uriOf = (name: string) => pathToFileURL(path.join(dir, name)).href;

before(async () => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sagelint-req-')));
  fs.cpSync(path.join(SAGELINT_ROOT, 'test/fixtures/environments/stubs-none-txt'), dir, { recursive: true });
  client = await ProtocolClient.start({ workspaceFolders: [pathToFileURL(dir).href] });
});
after(async () => {
  await client?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const PYTHON = 'import boto3\n\nsm = boto3.client("sagemaker")\nsm.list_training_jobs()\n';

test('SM702: one information diagnostic on the creation; its quick fix edits the .py file and requirements.txt', async () => {
  const uri = uriOf('app.py');
  const diagnostics = await client.open(uri, PYTHON);
  assert.deepEqual(codes(diagnostics), ['2:5 SM702']);
  const [diagnostic] = diagnostics;
  assert.equal(diagnostic.severity, 3);
  assert.deepEqual(diagnostic.range, rangeOf(PYTHON, 'boto3.client("sagemaker")'));
  assert.match(diagnostic.codeDescription?.href ?? '', /SM702\.md$/);
  const actions = await client.codeActions(uri, diagnostic.range, [diagnostic]);
  assert.deepEqual(actions.map((a) => a.title), [
    'Annotate the client as SageMakerClient (import under TYPE_CHECKING) (unsafe fix)',
    'Add boto3-stubs[sagemaker]==1.35.0 to requirements.txt and annotate the client (unsafe fix)',
    'Disable SM702 for this line',
  ]);
  const both = actions[1].edit!;
  const requirementsUri = uriOf('requirements.txt');
  assert.deepEqual(Object.keys(both.changes ?? {}).sort(), [uri, requirementsUri].sort());
  assert.deepEqual(both.changes![requirementsUri], [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, newText: 'boto3-stubs[sagemaker]==1.35.0\n' }]);
  const requirements = fs.readFileSync(path.join(dir, 'requirements.txt'), 'utf8');
  assert.equal(applyEdits(requirements, both.changes![requirementsUri]), `${requirements}boto3-stubs[sagemaker]==1.35.0\n`);
  assert.equal(
    applyEdits(PYTHON, both.changes![uri]),
    'import boto3\nfrom typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from mypy_boto3_sagemaker import SageMakerClient\n\nsm: "SageMakerClient" = boto3.client("sagemaker")\nsm.list_training_jobs()\n',
  );
  // The annotation alone touches only the Python file.
  assert.deepEqual(Object.keys(actions[0].edit!.changes ?? {}), [uri]);
  // Fix-all (safe fixes) never includes them.
  assert.deepEqual(await client.codeActions(uri, diagnostic.range, [], ['source.fixAll']), []);
  await client.close(uri);
});

test('SM703: diagnostics for a requirements.txt document, its re-pin quick fix, and noqa', async () => {
  const uri = uriOf('requirements-dev.txt');
  const text = '-r requirements.txt\nboto3-stubs[sagemaker]==1.33.0\nmypy==1.14.0\n';
  const diagnostics = await client.open(uri, text, 1, 'pip-requirements');
  assert.deepEqual(codes(diagnostics), ['1:0 SM703']);
  const [diagnostic] = diagnostics;
  assert.equal(diagnostic.severity, 2);
  assert.equal(diagnostic.source, 'sagelint');
  assert.match(String(diagnostic.message), /^boto3-stubs 1\.33\.0 does not match boto3 1\.35\.0 \(requirements\.txt\): pin boto3-stubs==1\.35\.0\./);
  assert.match(diagnostic.codeDescription?.href ?? '', /SM703\.md$/);
  const actions = await client.codeActions(uri, diagnostic.range, [diagnostic]);
  assert.deepEqual(actions.map((a) => a.title), ['Pin boto3-stubs to 1.35.0 (unsafe fix)', 'Disable SM703 for this line']);
  assert.deepEqual(await client.applyWorkspaceEdit(uri, actions[0].edit), []);
  assert.equal(client.text(uri), '-r requirements.txt\nboto3-stubs[sagemaker]==1.35.0\nmypy==1.14.0\n');
  // Back to a drifting pin, then the noqa action silences it.
  await client.changeAndWait(uri, [{ range: rangeOf(client.text(uri), '1.35.0'), text: '1.30.0' }]);
  const again = client.latest(uri)!.diagnostics;
  assert.deepEqual(codes(again), ['1:0 SM703']);
  const noqa = (await client.codeActions(uri, again[0].range, again)).find((a) => a.title.startsWith('Disable'))!;
  assert.deepEqual(await client.applyWorkspaceEdit(uri, noqa.edit), []);
  assert.match(client.text(uri), /==1\.30\.0  # noqa: SM703\n/);
  await client.close(uri);
});

test('SM703 in a pyproject.toml document: the stubs string of a dependency array, its re-pin fix inside the quotes', async () => {
  const uri = uriOf('pyproject.toml');
  const text = '[project]\nname = "demo"\ndependencies = ["boto3==1.35.0"]\n\n[dependency-groups]\ndev = [\n    "boto3-stubs[sagemaker]==1.33.0",\n]\n';
  const diagnostics = await client.open(uri, text, 1, 'toml');
  assert.deepEqual(codes(diagnostics), ['6:5 SM703']);
  assert.match(String(diagnostics[0].message), /^boto3-stubs 1\.33\.0 does not match boto3 1\.35\.0 \(line 3\): pin boto3-stubs==1\.35\.0\./);
  const actions = await client.codeActions(uri, diagnostics[0].range, diagnostics);
  assert.deepEqual(await client.applyWorkspaceEdit(uri, actions[0].edit), []);
  assert.equal(client.text(uri), text.replace('==1.33.0', '==1.35.0'));
  await client.close(uri);
});

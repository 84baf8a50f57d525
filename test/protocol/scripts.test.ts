/**
 * A finding made from another file than the document (SM224 reads a Lambda helper's script): the built
 * server registers a watcher for Python files, and re-analyses the open module when its script changes on
 * disk (workspace/didChangeWatchedFiles) or is saved from the editor (didSave), without an edit of the
 * module itself.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ProtocolClient } from './client';
import { HANDLER_RETURNS as RETURNS, HANDLER_WAITS as WAITS } from '../helpers/lambdaScripts';

const MODULE = [
  'from sagemaker.lambda_helper import Lambda',
  'from sagemaker.workflow.lambda_step import LambdaStep',
  '',
  'func = Lambda(function_name="f", execution_role_arn="arn:aws:iam::111122223333:role/r", script="train.py", handler="train.handler")',
  'step = LambdaStep(name="Train", lambda_func=func)',
  '',
].join('\n');

const made: string[] = [];
after(() => {
  for (const folder of made) fs.rmSync(folder, { recursive: true, force: true });
});

function workspace(): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'sagelint-protocol-scripts-')));
  made.push(root);
  fs.writeFileSync(path.join(root, 'train.py'), WAITS);
  fs.writeFileSync(path.join(root, 'pipeline.py'), MODULE);
  return root;
}

const sm224 = (client: ProtocolClient, uri: string) => (client.latest(uri)?.diagnostics ?? []).filter((d) => d.code === 'SM224');

test('the finding from a script goes away when the script changes on disk (didChangeWatchedFiles), and comes back', async () => {
  const root = workspace();
  const client = await ProtocolClient.start({ workspaceFolders: [pathToFileURL(root).href], watch: true });
  try {
    // The server watches Python files (with the environment's files).
    await client.until('the watcher registration', () =>
      client.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles' && JSON.stringify(r.registerOptions).includes('**/*.py')));
    const uri = pathToFileURL(path.join(root, 'pipeline.py')).href;
    const diagnostics = await client.open(uri, MODULE);
    const found = diagnostics.filter((d) => d.code === 'SM224');
    assert.equal(found.length, 1, JSON.stringify(diagnostics));
    assert.match(String(found[0].message), /^Lambda handler train.handler waits for a SageMaker job/);
    assert.match(String(found[0].message), /At train\.py:7, the boto3 waiter "training_job_completed_or_stopped"/);

    fs.writeFileSync(path.join(root, 'train.py'), RETURNS);
    await client.watchedFileChanged(path.join(root, 'train.py'));
    await client.until('SM224 to go away', () => client.latest(uri)!.diagnostics.length === 0 || undefined);
    assert.deepEqual(sm224(client, uri), []);

    fs.writeFileSync(path.join(root, 'train.py'), WAITS);
    await client.watchedFileChanged(path.join(root, 'train.py'));
    await client.until('SM224 to come back', () => sm224(client, uri).length === 1 || undefined);
  } finally {
    await client.dispose();
  }
});

test('without a watcher, saving the script in the editor re-analyses the module that reads it', async () => {
  const root = workspace();
  const client = await ProtocolClient.start({ workspaceFolders: [pathToFileURL(root).href] });
  try {
    const uri = pathToFileURL(path.join(root, 'pipeline.py')).href;
    assert.equal((await client.open(uri, MODULE)).filter((d) => d.code === 'SM224').length, 1);
    const scriptUri = pathToFileURL(path.join(root, 'train.py')).href;
    await client.didOpen(scriptUri, WAITS);
    fs.writeFileSync(path.join(root, 'train.py'), RETURNS);
    await client.save(scriptUri);
    await client.until('SM224 to go away', () => sm224(client, uri).length === 0 || undefined);
  } finally {
    await client.dispose();
  }
});

test('outside a workspace folder no script is read', async () => {
  const root = workspace();
  const client = await ProtocolClient.start();
  try {
    const diagnostics = await client.open(pathToFileURL(path.join(root, 'pipeline.py')).href, MODULE);
    assert.deepEqual(diagnostics.filter((d) => d.code === 'SM224'), []);
  } finally {
    await client.dispose();
  }
});

test('a notebook is re-analysed when the script it names changes on disk (the script is read from the notebook\'s folder)', async () => {
  const root = workspace();
  const client = await ProtocolClient.start({ workspaceFolders: [pathToFileURL(root).href], watch: true });
  try {
    const notebook = pathToFileURL(path.join(root, 'pipeline.ipynb')).href;
    const cell = `vscode-notebook-cell:${path.join(root, 'pipeline.ipynb')}#cell1`;
    await client.notifyServer('notebookDocument/didOpen', {
      notebookDocument: { uri: notebook, notebookType: 'jupyter-notebook', version: 1, cells: [{ kind: 2, document: cell }] },
      cellTextDocuments: [{ uri: cell, languageId: 'python', version: 1, text: MODULE }],
    });
    await client.until('SM224 in the cell', () => sm224(client, cell).length === 1 || undefined);
    fs.writeFileSync(path.join(root, 'train.py'), RETURNS);
    await client.watchedFileChanged(path.join(root, 'train.py'));
    await client.until('SM224 gone from the cell', () => (client.latest(cell) && sm224(client, cell).length === 0) || undefined);
  } finally {
    await client.dispose();
  }
});

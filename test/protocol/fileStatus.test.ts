/**
 * `sagelint/fileStatus`: the SDK version one document runs, for the status bar of the active editor. A
 * notebook's own `%pip install` wins over the workspace's environment, in the status and in the rules;
 * when the pin changes the server sends `sagelint/status`, and the answer changes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ProtocolClient } from './client';

declare const SAGELINT_ROOT: string;
const FOLDER = path.join(SAGELINT_ROOT, 'test/fixtures/versions/installed-wins');
const NOTEBOOK = pathToFileURL(path.join(FOLDER, 'status.ipynb')).href;
const CELL = `vscode-notebook-cell:${path.join(FOLDER, 'status.ipynb')}#pin`;
const CODE_CELL = `vscode-notebook-cell:${path.join(FOLDER, 'status.ipynb')}#code`;
const CODE = 'import sagemaker\nfrom sagemaker.workflow.steps import ProcessingStep\n';

interface FileStatus {
  uri: string;
  summary: string;
  details: string[];
  version: { summary: string; reason: string; source?: string };
  sdk?: { major: number; version: string; source: string; range?: string };
}

test('sagelint/fileStatus: a .py file runs the installed SDK; a notebook its own pin, which the rules see and which follows edits', async () => {
  const client = await ProtocolClient.start({ workspaceFolders: [pathToFileURL(FOLDER).href] });
  let statuses = 0;
  client.connection.onNotification('sagelint/status', () => {
    statuses++;
  });
  try {
    const train = pathToFileURL(path.join(FOLDER, 'train.py')).href;
    await client.open(train, CODE);
    const file = await client.request<FileStatus>('sagelint/fileStatus', { uri: train });
    assert.equal(file.summary, 'SageMaker 2.257.6 (venv)');
    assert.deepEqual(file.version, { summary: 'sagemaker 2.257.6', reason: 'installed: venv/lib/python3.11/site-packages', source: 'installed' });
    assert.equal(file.details[0], 'This file: sagemaker 2.257.6 (installed: venv/lib/python3.11/site-packages)');

    await client.notifyServer('notebookDocument/didOpen', {
      notebookDocument: { uri: NOTEBOOK, notebookType: 'jupyter-notebook', version: 1, cells: [{ kind: 2, document: CELL }, { kind: 2, document: CODE_CELL }] },
      cellTextDocuments: [
        { uri: CELL, languageId: 'python', version: 1, text: '%pip install -q "sagemaker>=3,<4"' },
        { uri: CODE_CELL, languageId: 'python', version: 1, text: CODE },
      ],
    });
    // The v3 pin reaches the rules: the v2 import is SM606 in this notebook, though the folder's venv is v2.
    const v3 = await client.until('SM606 in the code cell', () => client.published(CODE_CELL).find((p) => p.diagnostics.some((d) => d.code === 'SM606')));
    assert.ok(v3);
    for (const uri of [NOTEBOOK, CELL]) {
      const status = await client.request<FileStatus>('sagelint/fileStatus', { uri });
      assert.equal(status.summary, 'SageMaker >=3,<4 (notebook)', uri);
      assert.deepEqual(status.version, { summary: 'sagemaker 3 up to but not including 4', reason: 'cell 1, line 1: %pip install -q "sagemaker>=3,<4"', source: 'notebook' });
      assert.deepEqual(status.sdk, { major: 3, version: '3.0.0', source: 'notebook', range: '3 up to but not including 4' });
    }

    const before = statuses;
    const publications = client.published(CODE_CELL).length;
    await client.notifyServer('notebookDocument/didChange', {
      notebookDocument: { uri: NOTEBOOK, version: 2 },
      change: { cells: { textContent: [{ document: { uri: CELL, version: 2 }, changes: [{ text: '!pip install sagemaker==2.160.0' }] }] } },
    });
    await client.until('SM606 gone with the v2 pin', () => client.published(CODE_CELL).length > publications && client.published(CODE_CELL).slice(-1)[0].diagnostics.every((d) => d.code !== 'SM606'));
    await client.until('a status notification after the pin changed', () => statuses > before);
    const pinned = await client.request<FileStatus>('sagelint/fileStatus', { uri: NOTEBOOK });
    assert.equal(pinned.summary, 'SageMaker 2.160.0 (notebook)');
    assert.equal(pinned.version.reason, 'cell 1, line 1: !pip install sagemaker==2.160.0');

    // No pin: the notebook runs the workspace's environment.
    await client.notifyServer('notebookDocument/didChange', {
      notebookDocument: { uri: NOTEBOOK, version: 3 },
      change: { cells: { textContent: [{ document: { uri: CELL, version: 3 }, changes: [{ text: 'x = 1' }] }] } },
    });
    const plain = await client.request<FileStatus>('sagelint/fileStatus', { uri: NOTEBOOK });
    assert.equal(plain.summary, 'SageMaker 2.257.6 (venv)');
  } finally {
    await client.dispose();
  }
});

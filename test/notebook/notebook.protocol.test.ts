import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { CodeAction, Diagnostic, Hover, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { ProtocolClient, applyEdits, rangeOf } from '../protocol/client';

declare const SAGELINT_ROOT: string;

const NOTEBOOK = `file:///sagelint-notebook/${process.pid}/pipeline.ipynb`;
const cellUri = (id: string) => `vscode-notebook-cell:/sagelint-notebook/${process.pid}/pipeline.ipynb#${id}`;

const CELLS = {
  md: '# Pipeline\nParameters live in the next cells.',
  imports: '%pip install sagemaker\nimport sagemaker\nfrom sagemaker.workflow.parameters import ParameterString',
  params: '!ls -la\nbucket = ParameterString(name="Bucket", default_value="b")\nbucket?',
  bash: '%%bash\necho "{bucket}" + 1',
  use: '%time x = 1\nuri = f"s3://{bucket}/data"',
};

class NotebookClient {
  readonly texts = new Map<string, string>();
  readonly versions = new Map<string, number>();
  version = 1;
  constructor(readonly client: ProtocolClient) {}

  async open(cells: { id: string; kind: 1 | 2; text: string }[]): Promise<void> {
    for (const c of cells) {
      this.texts.set(cellUri(c.id), c.text);
      this.versions.set(cellUri(c.id), 1);
    }
    await this.client.notifyServer('notebookDocument/didOpen', {
      notebookDocument: { uri: NOTEBOOK, notebookType: 'jupyter-notebook', version: this.version, cells: cells.map((c) => ({ kind: c.kind, document: cellUri(c.id) })) },
      cellTextDocuments: cells.map((c) => ({ uri: cellUri(c.id), languageId: c.kind === 2 ? 'python' : 'markdown', version: 1, text: c.text })),
    });
  }

  async change(change: unknown): Promise<void> {
    this.version++;
    await this.client.notifyServer('notebookDocument/didChange', { notebookDocument: { uri: NOTEBOOK, version: this.version }, change });
  }

  /** Edits a cell's text like an editor: one range change per edit, last first. */
  async editCell(uri: string, edits: readonly TextEdit[]): Promise<void> {
    const text = this.texts.get(uri)!;
    const next = applyEdits(text, edits);
    const version = this.versions.get(uri)! + 1;
    this.texts.set(uri, next);
    this.versions.set(uri, version);
    await this.change({ cells: { textContent: [{ document: { uri, version }, changes: [{ text: next }] }] } });
  }

  /** The diagnostics of a cell once the server published for its current version (and after `after` publications). */
  async diagnostics(uri: string, after = 0): Promise<Diagnostic[]> {
    const version = this.versions.get(uri);
    const publish = await this.client.until(`diagnostics for ${uri}`, () => this.client.published(uri).slice(after).find((p) => p.version === version));
    return publish.diagnostics;
  }
}

const editsByUri = (edit: WorkspaceEdit | undefined): Map<string, TextEdit[]> => {
  const map = new Map<string, TextEdit[]>();
  for (const change of edit?.documentChanges ?? []) if ('textDocument' in change) map.set(change.textDocument.uri, change.edits as TextEdit[]);
  for (const [uri, edits] of Object.entries(edit?.changes ?? {})) map.set(uri, edits);
  return map;
};

test('a notebook is analysed as one module; diagnostics, hovers and fixes land in the right cell', async () => {
  const client = await ProtocolClient.start({ documentChanges: true });
  try {
    assert.ok(client.initializeResult.capabilities.notebookDocumentSync, 'the server declares notebookDocumentSync');
    const nb = new NotebookClient(client);
    await nb.open([
      { id: 'md', kind: 1, text: CELLS.md },
      { id: 'imports', kind: 2, text: CELLS.imports },
      { id: 'params', kind: 2, text: CELLS.params },
      { id: 'bash', kind: 2, text: CELLS.bash },
      { id: 'use', kind: 2, text: CELLS.use },
    ]);
    // The parameter defined in cell 3 is known in cell 5; magics and shell lines make no noise.
    const use = await nb.diagnostics(cellUri('use'));
    assert.deepEqual(use.map((d) => d.code), ['SM101']);
    assert.deepEqual(use[0].range, rangeOf(CELLS.use, 'bucket'));
    for (const id of ['imports', 'params', 'bash']) assert.deepEqual(await nb.diagnostics(cellUri(id)), [], `cell ${id}`);
    assert.equal(client.published(cellUri('md')).length, 0, 'markdown cells get nothing');

    // Hover in a cell, at a cell position, with a cell range.
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: cellUri('use') }, position: rangeOf(CELLS.use, 'bucket').start });
    assert.ok(hover, 'hover over a pipeline variable in the last cell');
    assert.deepEqual(hover.range, rangeOf(CELLS.use, 'bucket'));
    assert.match(JSON.stringify(hover.contents), /ParameterString/);
    const classHover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: cellUri('imports') }, position: rangeOf(CELLS.imports, 'ParameterString').start });
    assert.deepEqual(classHover?.range, rangeOf(CELLS.imports, 'ParameterString'));

    // The Join fix edits the f-string in cell 5 and adds the import to the first code cell, after its imports.
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: cellUri('use') }, range: use[0].range, context: { diagnostics: use } });
    const fix = actions.find((a) => a.isPreferred)!;
    assert.ok(fix, `a preferred fix among ${actions.map((a) => a.title).join(', ')}`);
    const edits = editsByUri(fix.edit);
    assert.deepEqual([...edits.keys()].sort(), [cellUri('imports'), cellUri('use')].sort());
    const fixedUse = applyEdits(CELLS.use, edits.get(cellUri('use'))!);
    const fixedImports = applyEdits(CELLS.imports, edits.get(cellUri('imports'))!);
    assert.equal(fixedUse, '%time x = 1\nuri = Join(on="", values=["s3://", bucket, "/data"])');
    assert.equal(fixedImports, `${CELLS.imports}\nfrom sagemaker.workflow.functions import Join`);
    const noqa = actions.find((a) => a.title.startsWith('Disable SM101'))!;
    assert.deepEqual([...editsByUri(noqa.edit).keys()], [cellUri('use')]);

    // Apply the fix cell by cell: everything clean.
    const afterUse = client.published(cellUri('use')).length;
    await nb.editCell(cellUri('imports'), edits.get(cellUri('imports'))!);
    await nb.editCell(cellUri('use'), edits.get(cellUri('use'))!);
    assert.deepEqual(await nb.diagnostics(cellUri('use'), afterUse), []);

    // Insert a cell between "params" and "bash": its finding is reported in the new cell, at its position.
    const inserted = 'prefix = "s3://"\npath = prefix + bucket';
    await nb.change({
      cells: {
        structure: { array: { start: 3, deleteCount: 0, cells: [{ kind: 2, document: cellUri('new') }] }, didOpen: [{ uri: cellUri('new'), languageId: 'python', version: 1, text: inserted }] },
      },
    });
    nb.texts.set(cellUri('new'), inserted);
    nb.versions.set(cellUri('new'), 1);
    const added = await nb.diagnostics(cellUri('new'));
    assert.deepEqual(added.map((d) => [d.code, d.range]), [['SM102', rangeOf(inserted, 'bucket')]]);

    // An incremental (range) edit inside that cell moves the finding within the cell.
    const shifted = await (async () => {
      const count = client.published(cellUri('new')).length;
      await nb.change({ cells: { textContent: [{ document: { uri: cellUri('new'), version: 2 }, changes: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '  # moved\n' }] }] } });
      nb.versions.set(cellUri('new'), 2);
      return client.until('shifted', () => client.published(cellUri('new')).slice(count).find((p) => p.version === 2)?.diagnostics);
    })();
    assert.deepEqual(shifted.map((d) => [d.code, d.range.start]), [['SM102', { line: 2, character: 16 }]]);

    // Delete the cell that defines the parameter: later cells no longer know it; its diagnostics are cleared.
    const before = client.published(cellUri('new')).length;
    await nb.change({ cells: { structure: { array: { start: 2, deleteCount: 1 }, didClose: [{ uri: cellUri('params') }] } } });
    assert.deepEqual(await client.until('cleared', () => client.published(cellUri('new')).slice(before)[0]?.diagnostics), []);
    assert.deepEqual(client.latest(cellUri('params'))?.diagnostics, []);

    // Closing the notebook clears every cell.
    await client.notifyServer('notebookDocument/didClose', { notebookDocument: { uri: NOTEBOOK }, cellTextDocuments: [...nb.texts.keys()].filter((u) => !u.endsWith('#params') && !u.endsWith('#md')).map((uri) => ({ uri })) });
    await client.settle();
    assert.deepEqual(client.latest(cellUri('use'))?.diagnostics, []);
  } finally {
    await client.dispose();
  }
});

test('the v2/v3 environment decides which Join import a notebook fix adds', async () => {
  const fixFor = async (interpreter: string) => {
    const client = await ProtocolClient.start({ documentChanges: false });
    try {
      const statuses: { summary: string }[] = [];
      client.connection.onNotification('sagelint/status', (status: { summary: string }) => {
        statuses.push(status);
      });
      await client.notifyServer('sagelint/setInterpreter', { interpreter });
      const nb = new NotebookClient(client);
      const cell = 'import sagemaker\nfrom sagemaker.workflow.parameters import ParameterString\nbucket = ParameterString(name="B")\nuri = "s3://" + bucket';
      await nb.open([{ id: 'only', kind: 2, text: cell }]);
      const diagnostics = await nb.diagnostics(cellUri('only'));
      const sm102 = diagnostics.find((d) => d.code === 'SM102')!;
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: cellUri('only') }, range: sm102.range, context: { diagnostics: [sm102] } });
      const fix = actions.find((a) => a.isPreferred)!;
      await client.until('a status', () => statuses.length > 0);
      const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: cellUri('only') }, position: rangeOf(cell, 'ParameterString', 1).start });
      return { text: applyEdits(cell, editsByUri(fix.edit).get(cellUri('only'))!), status: statuses[statuses.length - 1].summary, hover: JSON.stringify(hover?.contents) };
    } finally {
      await client.dispose();
    }
  };
  const envs = path.join(SAGELINT_ROOT, 'test/fixtures/environments');
  const v2 = await fixFor(path.join(envs, 'v2-untyped/bin/python'));
  const v3 = await fixFor(path.join(envs, 'v3/bin/python'));
  assert.match(v2.text, /^from sagemaker\.workflow\.functions import Join$/m);
  assert.match(v3.text, /^from sagemaker\.core\.workflow\.functions import Join$/m);
  assert.equal(v2.status, 'SageMaker 2.232.0 (v2-untyped)');
  assert.equal(v3.status, 'SageMaker 3.20.0 (v3)');
  // Hovers name the import path of the environment's SDK generation.
  assert.match(v2.hover, /Import\*\* \(sagemaker 2\.232\.0\): `from sagemaker\.workflow\.parameters import ParameterString`/);
  assert.match(v3.hover, /Import\*\* \(sagemaker 3\.20\.0\): `from sagemaker\.core\.workflow\.parameters import ParameterString`/);
});

test('fix-all on a notebook cell applies the safe fixes that stay in that cell', async () => {
  const client = await ProtocolClient.start({ documentChanges: true });
  try {
    const nb = new NotebookClient(client);
    const first = 'from sagemaker.workflow.functions import Join\nfrom sagemaker.workflow.parameters import ParameterString';
    const second = 'bucket = ParameterString(name="B")\nuri = f"s3://{bucket}"\nkey = f"{bucket}/k"';
    await nb.open([{ id: 'fa1', kind: 2, text: first }, { id: 'fa2', kind: 2, text: second }]);
    assert.equal((await nb.diagnostics(cellUri('fa2'))).length, 2);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: cellUri('fa2') }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] } });
    assert.equal(actions.length, 1);
    const edits = editsByUri(actions[0].edit);
    assert.deepEqual([...edits.keys()], [cellUri('fa2')]);
    assert.equal(applyEdits(second, edits.get(cellUri('fa2'))!), 'bucket = ParameterString(name="B")\nuri = Join(on="", values=["s3://", bucket])\nkey = Join(on="", values=[bucket, "/k"])');
  } finally {
    await client.dispose();
  }
});

test('a forged notebook diagnostic (data naming /etc/passwd) gets no edit outside the notebook', async () => {
  const client = await ProtocolClient.start({ documentChanges: true });
  try {
    const nb = new NotebookClient(client);
    await nb.open([
      { id: 'imports', kind: 2, text: CELLS.imports },
      { id: 'params', kind: 2, text: CELLS.params },
      { id: 'use', kind: 2, text: CELLS.use },
    ]);
    const [real] = await nb.diagnostics(cellUri('use'));
    assert.equal(real.code, 'SM101');
    const evil = { uri: 'file:///etc/passwd', edit: { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'evil::0:0::/:/bin/sh\n' } };
    const data = { fix: { title: 'Forged', applicability: 'safe', edits: [evil] }, noqa: evil };
    const forged: Diagnostic[] = [{ ...real, data }, { ...real, code: 'SM999', message: 'made up', data }];
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: cellUri('use') }, range: real.range, context: { diagnostics: forged } });
    const targets = new Set(actions.flatMap((a) => [...editsByUri(a.edit).keys()]));
    assert.ok(![...targets].some((uri) => !uri.startsWith('vscode-notebook-cell:')), [...targets].join(', '));
    assert.doesNotMatch(JSON.stringify(actions.map((a) => a.edit)), /evil::0:0/);
    assert.ok(actions.some((a) => a.isPreferred), 'the real diagnostic keeps its own fix');
  } finally {
    await client.dispose();
  }
});

test('a notebook quick fix puts its import where Run All still works: never above %pip, in the cell importing sagemaker', async () => {
  const client = await ProtocolClient.start({ documentChanges: true });
  try {
    const nb = new NotebookClient(client);
    // Cell 1 installs the SDK; cell 2 imports from it after a shell line; cell 3 uses a parameter.
    const install = '%pip install -q sagemaker==2.232.1';
    const imports = '!nvidia-smi\nfrom sagemaker.workflow.parameters import ParameterString\nimport os';
    const use = 'bucket = ParameterString(name="B")\nuri = f"s3://{bucket}/x"';
    await nb.open([{ id: 'ri1', kind: 2, text: install }, { id: 'ri2', kind: 2, text: imports }, { id: 'ri3', kind: 2, text: use }]);
    const [diagnostic] = await nb.diagnostics(cellUri('ri3'));
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: cellUri('ri3') }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    const edits = editsByUri(actions.find((a) => a.isPreferred)!.edit);
    assert.deepEqual([...edits.keys()].sort(), [cellUri('ri2'), cellUri('ri3')].sort());
    assert.equal(applyEdits(imports, edits.get(cellUri('ri2'))!), `${imports}\nfrom sagemaker.workflow.functions import Join`);
  } finally {
    await client.dispose();
  }
});

test('a cell edit publishes the edited cell first and the cells it changed, and nothing for cells left as they were', async () => {
  const client = await ProtocolClient.start({ documentChanges: true });
  try {
    const nb = new NotebookClient(client);
    const params = 'from sagemaker.workflow.parameters import ParameterString\nbucket = ParameterString(name="Bucket")';
    const use = 'uri = f"s3://{bucket}/data"';
    const other = 'path = "s3://" + bucket';
    const plain = 'x = 1';
    await nb.open([{ id: 'p1', kind: 2, text: params }, { id: 'p2', kind: 2, text: use }, { id: 'p3', kind: 2, text: other }, { id: 'p4', kind: 2, text: plain }]);
    assert.deepEqual((await nb.diagnostics(cellUri('p2'))).map((d) => d.code), ['SM101']);
    assert.deepEqual((await nb.diagnostics(cellUri('p3'))).map((d) => d.code), ['SM102']);
    const counts = () => ['p1', 'p2', 'p3', 'p4'].map((id) => client.published(cellUri(id)).length);
    // The hover is answered from the analysis of the notebook as it is now, published before the answer.
    const settled = () => client.request('textDocument/hover', { textDocument: { uri: cellUri('p4') }, position: { line: 0, character: 0 } });
    await settled();
    const before = counts();

    // A keystroke in the plain cell: only that cell is published again (its version changed).
    await nb.editCell(cellUri('p4'), [{ range: { start: { line: 0, character: 5 }, end: { line: 0, character: 5 } }, newText: '0' }]);
    assert.deepEqual(await nb.diagnostics(cellUri('p4')), []);
    await settled();
    assert.deepEqual(counts(), [before[0], before[1], before[2], before[3] + 1]);

    // Renaming the parameter in the first cell changes the diagnostics of two other cells: the edited cell
    // comes first, then both changed cells (at their unchanged versions); the plain cell is left alone.
    const published = client.publishedUris.length;
    const renamed = counts();
    await nb.editCell(cellUri('p1'), [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 6 } }, newText: 'bucket_name' }]);
    assert.deepEqual(await nb.diagnostics(cellUri('p1')), []);
    await settled();
    assert.deepEqual(client.publishedUris.slice(published).map((uri) => uri.slice(uri.indexOf('#') + 1)), ['p1', 'p2', 'p3']);
    assert.deepEqual(counts(), [renamed[0] + 1, renamed[1] + 1, renamed[2] + 1, renamed[3]]);
    assert.deepEqual(client.latest(cellUri('p2'))?.diagnostics, []);
    assert.deepEqual(client.latest(cellUri('p3'))?.diagnostics, []);
    assert.equal(client.latest(cellUri('p2'))?.version, 1);

    // Renaming it back brings both findings back.
    await nb.editCell(cellUri('p1'), [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 11 } }, newText: 'bucket' }]);
    await settled();
    assert.deepEqual(client.latest(cellUri('p2'))?.diagnostics.map((d) => d.code), ['SM101']);
    assert.deepEqual(client.latest(cellUri('p3'))?.diagnostics.map((d) => d.code), ['SM102']);
  } finally {
    await client.dispose();
  }
});

test('a cell whose fix edits another cell is published again when that cell\'s lines change, even if the offsets do not', async () => {
  const client = await ProtocolClient.start({ documentChanges: true });
  try {
    const nb = new NotebookClient(client);
    // The Join fix of q2's f-string adds its import to q1, after q1's import line.
    const params = 'a = 1\nb = 2\nfrom sagemaker.workflow.parameters import ParameterString\nbucket = ParameterString(name="Bucket")';
    await nb.open([{ id: 'q1', kind: 2, text: params }, { id: 'q2', kind: 2, text: 'uri = f"s3://{bucket}/data"' }]);
    type Data = { fix?: { edits: { uri: string; edit: { range: { start: { line: number } }; newText: string } }[] } };
    const importLine = () => {
      const diagnostic = client.latest(cellUri('q2'))?.diagnostics.find((d) => d.code === 'SM101');
      const edit = (diagnostic?.data as Data | undefined)?.fix?.edits.find((e) => e.edit.newText.includes('import Join'));
      return edit && { uri: edit.uri, line: edit.edit.range.start.line };
    };
    assert.deepEqual((await nb.diagnostics(cellUri('q2'))).map((d) => d.code), ['SM101']);
    assert.deepEqual(importLine(), { uri: cellUri('q1'), line: 2 });
    // Two lines become one, same length: the import goes at the same offset of q1, one line up.
    await nb.editCell(cellUri('q1'), [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 5 } }, newText: 'a = 1;b = 2' }]);
    await client.request('textDocument/hover', { textDocument: { uri: cellUri('q2') }, position: { line: 0, character: 0 } });
    assert.deepEqual(importLine(), { uri: cellUri('q1'), line: 1 });
  } finally {
    await client.dispose();
  }
});


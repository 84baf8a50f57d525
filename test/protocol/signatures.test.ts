/**
 * The SDK's signatures in the editor, through the built server over stdio: signature help inside SDK
 * calls (half-typed ones too), keyword-argument completion, and hovers on SDK classes, methods and
 * keyword arguments; in documents and in notebook cells. Facts from the SDK at v2.257.6
 * (src/sagemaker/pytorch/estimator.py, src/sagemaker/estimator.py).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, CompletionList, MarkupContent, SignatureHelp, TextEdit } from 'vscode-languageserver-protocol';
import { ProtocolClient, applyEdits, docUri, positionAt } from './client';

let client: ProtocolClient;
before(async () => {
  client = await ProtocolClient.start();
});
after(async () => {
  await client?.dispose();
});

const PYTORCH = 'import sagemaker\nfrom sagemaker.pytorch import PyTorch\n';

/** Opens `text` (with `|` as the cursor), asks `method` at the cursor, closes the document. */
async function askAt<T>(method: string, textWithCursor: string): Promise<{ result: T; text: string; offset: number }> {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  const uri = docUri('signatures');
  await client.open(uri, text);
  try {
    const result = await client.request<T>(method, { textDocument: { uri }, position: positionAt(text, offset) });
    return { result, text, offset };
  } finally {
    await client.close(uri);
  }
}

const signatureAt = async (textWithCursor: string) => (await askAt<SignatureHelp | null>('textDocument/signatureHelp', textWithCursor)).result;

/** The active signature's label and the text of its active parameter. */
function active(help: SignatureHelp | null): { label: string; parameter: string | undefined; documentation: string } {
  assert.ok(help, 'expected signature help');
  const signature = help.signatures[help.activeSignature ?? 0];
  const index = signature.activeParameter ?? help.activeParameter ?? 0;
  const param = signature.parameters?.[index ?? -1];
  const parameter = param && (typeof param.label === 'string' ? param.label : signature.label.slice(param.label[0], param.label[1]));
  const documentation = param?.documentation && typeof param.documentation !== 'string' ? param.documentation.value : String(param?.documentation ?? '');
  return { label: signature.label, parameter, documentation };
}

test('initialize advertises signature help, triggered by ( and ,', () => {
  const provider = client.initializeResult.capabilities.signatureHelpProvider;
  assert.ok(provider, 'signatureHelpProvider');
  assert.deepEqual([...(provider.triggerCharacters ?? [])].sort(), ['(', ',']);
});

test('signature help right after PyTorch( on a half-typed line: the constructor, first parameter active', async () => {
  const help = active(await signatureAt(`${PYTORCH}est = PyTorch(|\n`));
  // 57 parameters: the label leaves the types to each parameter's documentation.
  assert.match(help.label, /^PyTorch\(entry_point=None, framework_version=None, .*, \*, container_log_level=logging\.INFO, .*use_spot_instances=False, /);
  assert.equal(help.parameter, 'entry_point=None');
  assert.match(help.documentation, /^\*\*entry_point\*\* — `str \| PipelineVariable \| None`, default `None`\n\nPath \(absolute or relative\) to the Python source file/);
});

test('the active parameter follows the keyword being written, also in a call that does not parse yet', async () => {
  const role = active(await signatureAt(`${PYTORCH}est = PyTorch(entry_point="x", role=|\nprint(1)\n`));
  assert.match(role.parameter ?? '', /^role\b/, 'a keyword reached through **kwargs (EstimatorBase)');
  assert.match(role.documentation, /EstimatorBase/, 'says where **kwargs takes it');
  const typing = active(await signatureAt(`${PYTORCH}est = PyTorch(entry_point="x", instance_co|`));
  assert.match(typing.parameter ?? '', /^instance_count\b/);
  assert.match(typing.documentation, /int/);
  const nested = active(await signatureAt(`${PYTORCH}est = PyTorch(entry_point="x", hyperparameters=dict(epochs=|`));
  assert.match(nested.label, /^PyTorch\(/, 'dict( is not the SDK: the enclosing PyTorch call');
  assert.match(nested.parameter ?? '', /^hyperparameters\b/);
});

test('signature help for a method on an SDK object: est.fit(', async () => {
  const help = active(await signatureAt(`${PYTORCH}est = PyTorch(entry_point="x")\nest.fit(|`));
  assert.match(help.label, /^fit\(inputs\b/);
  assert.match(help.parameter ?? '', /^inputs\b/);
  const wait = active(await signatureAt(`${PYTORCH}est = PyTorch(entry_point="x")\nest.fit("s3://b/train", |`));
  assert.match(wait.parameter ?? '', /^wait\b/, 'the second positional slot');
});

test('no signature help outside SDK calls', async () => {
  assert.equal(await signatureAt(`${PYTORCH}print(|`), null);
  assert.equal(await signatureAt(`${PYTORCH}def train(|`), null);
  assert.equal(await signatureAt(`${PYTORCH}x = (1 + |`), null);
  assert.equal(await signatureAt('from mylib import PyTorch\nest = PyTorch(|'), null, 'a PyTorch that is not the SDK\'s');
});

test('keyword completion inside PyTorch(: names with types, defaults and docs, given keywords left out', async () => {
  const { result, text, offset } = await askAt<CompletionItem[] | CompletionList | null>('textDocument/completion', `${PYTORCH}est = PyTorch(entry_point="x", |, max_run=3600)\n`);
  const items = !result ? [] : Array.isArray(result) ? result : result.items;
  const labels = items.map((i) => i.label);
  for (const name of ['role', 'instance_type', 'instance_count', 'use_spot_instances', 'framework_version']) assert.ok(labels.includes(name), `${name} in ${labels.join(', ')}`);
  assert.ok(!labels.includes('entry_point') && !labels.includes('max_run'), 'keywords given before and after the cursor are left out');
  assert.ok(!labels.includes('kwargs'));
  const spot = items.find((i) => i.label === 'use_spot_instances')!;
  assert.match(spot.detail ?? '', /bool/);
  assert.match(spot.detail ?? '', /False/, 'the default');
  assert.match((spot.documentation as MarkupContent).value, /[Ss]pot/);
  assert.equal(applyEdits(text, [spot.textEdit as TextEdit]), `${text.slice(0, offset)}use_spot_instances=${text.slice(offset)}`);
});

test('hover on an SDK class: its signature, summary and the keywords it silently drops; on a method; on a keyword', async () => {
  const text = `${PYTORCH}est = PyTorch(entry_point="x", use_spot_instances=True)\nest.fit("s3://b/train")\n`;
  const uri = docUri('signature-hover');
  await client.open(uri, text);
  try {
    const at = (needle: string, occurrence = 0) => {
      let index = -1;
      for (let i = 0; i <= occurrence; i++) index = text.indexOf(needle, index + 1);
      return positionAt(text, index + 1);
    };
    const cls = (await client.hover(uri, at('PyTorch(')))!.contents as MarkupContent;
    assert.match(cls.value, /```python\nclass PyTorch\(\n    entry_point: str \| PipelineVariable \| None = None,\n/);
    assert.match(cls.value, /Handle end-to-end training and deployment of custom PyTorch code\./, 'the class docstring\'s summary');
    assert.match(cls.value, /silently drops/);
    assert.match(cls.value, /v2/);
    const imported = (await client.hover(uri, at('PyTorch\n')))!.contents as MarkupContent;
    assert.match(imported.value, /```python\nclass PyTorch\(/, 'the name in its import statement');
    assert.equal(await client.hover(uri, at('est =')), null, 'an instance is not a callable');
    const fit = (await client.hover(uri, at('fit(')))!.contents as MarkupContent;
    assert.match(fit.value, /```python\ndef fit\(\n    inputs: /);
    assert.match(fit.value, /TypeError/, 'fit() has no **kwargs: an unknown keyword raises');
    const keyword = (await client.hover(uri, at('use_spot_instances')))!.contents as MarkupContent;
    assert.match(keyword.value, /\*\*use_spot_instances\*\* — `bool \| PipelineVariable`, default `False`/);
  } finally {
    await client.close(uri);
  }
});

test('the curated hovers stay and win over the signature model', async () => {
  const text = 'from sagemaker.workflow.parameters import ParameterString\nbucket = ParameterString(name="Bucket")\n';
  const uri = docUri('curated-hover');
  await client.open(uri, text);
  try {
    const hover = (await client.hover(uri, positionAt(text, text.lastIndexOf('ParameterString') + 2)))!.contents as MarkupContent;
    assert.doesNotMatch(hover.value, /```python\nclass ParameterString\(/, 'not the generated signature hover');
  } finally {
    await client.close(uri);
  }
});

test('notebook cells: signature help and keyword completion across cells, positions in the cell', async () => {
  const notebook = `file:///sagelint-signatures/${process.pid}/train.ipynb`;
  const cell = (id: string) => `vscode-notebook-cell:/sagelint-signatures/${process.pid}/train.ipynb#${id}`;
  const cells = [
    { id: 'a', text: '%pip install sagemaker\nfrom sagemaker.pytorch import PyTorch' },
    { id: 'b', text: 'est = PyTorch(\n    entry_point="x",\n    ' },
  ];
  await client.notifyServer('notebookDocument/didOpen', {
    notebookDocument: { uri: notebook, notebookType: 'jupyter-notebook', version: 1, cells: cells.map((c) => ({ kind: 2, document: cell(c.id) })) },
    cellTextDocuments: cells.map((c) => ({ uri: cell(c.id), languageId: 'python', version: 1, text: c.text })),
  });
  const position = { line: 2, character: 4 };
  const help = active(await client.request<SignatureHelp | null>('textDocument/signatureHelp', { textDocument: { uri: cell('b') }, position }));
  assert.match(help.label, /^PyTorch\(/);
  const result = await client.request<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri: cell('b') }, position });
  const items = !result ? [] : Array.isArray(result) ? result : result.items;
  const role = items.find((i) => i.label === 'role');
  assert.ok(role, `role in ${items.map((i) => i.label).join(', ')}`);
  assert.deepEqual((role.textEdit as TextEdit).range, { start: position, end: position }, 'the edit is placed in the cell');
  assert.ok(!items.some((i) => i.label === 'entry_point'));
  await client.notifyServer('notebookDocument/didClose', { notebookDocument: { uri: notebook }, cellTextDocuments: cells.map((c) => ({ uri: cell(c.id) })) });
});

test('signature help and completion sent right after start (parser still loading) are answered fully', async () => {
  const own = await ProtocolClient.start();
  try {
    const uri = docUri('early-signature');
    const text = `${PYTORCH}est = PyTorch(entry_point="x", `;
    await own.notifyServer('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    const position = positionAt(text, text.length);
    const [help, completion] = await Promise.all([
      own.request<SignatureHelp | null>('textDocument/signatureHelp', { textDocument: { uri }, position }),
      own.request<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri }, position }),
    ]);
    assert.ok(help, 'signature help waits for the parser instead of answering null');
    assert.ok(completion, 'completion waits for the parser too');
  } finally {
    await own.dispose();
  }
});

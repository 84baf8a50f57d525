/**
 * Completions and API-model hovers through the built server over stdio: capabilities, members after
 * `step.properties.` while the line is still incomplete, boto3 methods, keyword arguments and enum values,
 * and hovers on boto3 methods.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, CompletionList, MarkupContent, TextEdit } from 'vscode-languageserver-protocol';
import { ProtocolClient, applyEdits, docUri, positionAt } from './client';

let client: ProtocolClient;
before(async () => {
  client = await ProtocolClient.start();
});
after(async () => {
  await client?.dispose();
});

/** Opens `text` (with `|` as the cursor) and asks for completions at the cursor. */
async function completeAt(textWithCursor: string): Promise<{ items: CompletionItem[]; text: string; uri: string }> {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  const uri = docUri('completion');
  await client.open(uri, text);
  const result = await client.request<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: positionAt(text, offset) });
  const items = !result ? [] : Array.isArray(result) ? result : result.items;
  return { items, text, uri };
}

const STEPS = 'from sagemaker.workflow.steps import TrainingStep\nstep_train = TrainingStep(name="Train", step_args=args)\n';
const BOTO = 'import boto3\nsm = boto3.client("sagemaker")\n';

test('initialize advertises completion with . ( , and quotes as trigger characters', () => {
  const provider = client.initializeResult.capabilities.completionProvider;
  assert.ok(provider, 'completionProvider');
  for (const trigger of ['.', '(', ',', '"', "'"]) assert.ok(provider.triggerCharacters?.includes(trigger), trigger);
});

test('members after step.properties. on an incomplete line, with type details, markdown docs and a text edit', async () => {
  const { items, text, uri } = await completeAt(`${STEPS}uri = step_train.properties.ModelArtifacts.S3|\n`);
  const item = items.find((i) => i.label === 'S3ModelArtifacts');
  assert.ok(item, `got ${items.map((i) => i.label).join(', ')}`);
  assert.equal(item.detail, 'str');
  assert.equal((item.documentation as MarkupContent).kind, 'markdown');
  const edit = item.textEdit as TextEdit;
  assert.equal(applyEdits(text, [edit]), `${STEPS}uri = step_train.properties.ModelArtifacts.S3ModelArtifacts\n`);
  await client.close(uri);
});

test('boto3 client methods, then keyword arguments without the ones already given, then enum values', async () => {
  const methods = await completeAt(`${BOTO}sm.|`);
  assert.ok(methods.items.some((i) => i.label === 'create_training_job'));
  await client.close(methods.uri);
  const args = await completeAt(`${BOTO}sm.create_endpoint_config(EndpointConfigName="c", |`);
  const labels = args.items.map((i) => i.label);
  assert.ok(labels.includes('ProductionVariants'));
  assert.ok(!labels.includes('EndpointConfigName'));
  assert.equal((args.items.find((i) => i.label === 'ProductionVariants')!.textEdit as TextEdit).newText, 'ProductionVariants=');
  await client.close(args.uri);
  const values = await completeAt(`${BOTO}sm.list_training_jobs(SortOrder="|")`);
  assert.deepEqual(values.items.map((i) => i.label), ['Ascending', 'Descending']);
  await client.close(values.uri);
});

test('no completions where the model knows nothing', async () => {
  const { items, uri } = await completeAt('import boto3\nimport sagemaker\ns3 = boto3.client("s3")\ns3.|');
  assert.deepEqual(items, []);
  await client.close(uri);
});

test('hover on a boto3 method and on a property member comes from the API model', async () => {
  const text = `${BOTO}${STEPS}sm.describe_training_job(TrainingJobName="j")\nx = step_train.properties.ModelArtifacts\n`;
  const uri = docUri('hover-api');
  await client.open(uri, text);
  const method = await client.hover(uri, positionAt(text, text.indexOf('describe_training_job') + 2));
  assert.match((method!.contents as MarkupContent).value, /\*\*Required parameters\*\*[\s\S]*TrainingJobName/);
  const member = await client.hover(uri, positionAt(text, text.lastIndexOf('ModelArtifacts') + 2));
  assert.match((member!.contents as MarkupContent).value, /\*\*ModelArtifacts\*\*/);
  await client.close(uri);
});

test('a boto3 parameter typo gets a "did you mean" quick fix over the protocol', async () => {
  const text = `${BOTO}sm.describe_training_job(TrainingJobname="j")\n`;
  const uri = docUri('fix-api');
  const diagnostics = await client.open(uri, text);
  const diagnostic = diagnostics.find((d) => d.code === 'SM402');
  assert.ok(diagnostic, JSON.stringify(diagnostics));
  const actions = await client.codeActions(uri, diagnostic.range, [diagnostic], ['quickfix']);
  const fix = actions.find((a) => a.title === 'Replace with TrainingJobName');
  assert.ok(fix, actions.map((a) => a.title).join(', '));
  assert.equal(applyEdits(text, ProtocolClient.editsFor(fix.edit, uri)), `${BOTO}sm.describe_training_job(TrainingJobName="j")\n`);
  await client.close(uri);
});

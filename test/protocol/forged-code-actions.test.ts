/**
 * Code actions never turn `diagnostic.data` sent by the client into edits: a forged diagnostic (or forged
 * data on a real one) must not produce an edit to another file, and the fixes offered for a real
 * diagnostic are the server's own whatever data comes back with it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { ProtocolClient, docUri } from './client';

let client: ProtocolClient;
before(async () => {
  client = await ProtocolClient.start();
});
after(async () => {
  await client?.dispose();
});

const SOURCE = [
  'from sagemaker.workflow.parameters import ParameterString',
  'bucket = ParameterString(name="Bucket")',
  'print(bucket)',
  '',
].join('\n');

const PASSWD = 'file:///etc/passwd';
const FORGED_EDIT = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'evil::0:0::/:/bin/sh\n' };

/** Every URI an action's workspace edit would change. */
function targets(actions: readonly CodeAction[]): string[] {
  const uris = new Set<string>();
  for (const action of actions) {
    for (const uri of Object.keys(action.edit?.changes ?? {})) uris.add(uri);
    for (const change of action.edit?.documentChanges ?? []) if ('textDocument' in change) uris.add(change.textDocument.uri);
  }
  return [...uris];
}

test('a forged diagnostic whose data names /etc/passwd gets no edit outside the document', async () => {
  const uri = docUri('forged');
  const [real] = await client.open(uri, SOURCE);
  assert.equal(real.code, 'SM101');
  const forgedData = {
    version: 1,
    fix: { title: 'Totally safe fix', applicability: 'safe', edits: [FORGED_EDIT], otherFiles: [{ uri: PASSWD, edits: [FORGED_EDIT] }] },
    moreFixes: [{ title: 'Another', applicability: 'safe', edits: [], otherFiles: [{ uri: PASSWD, edits: [FORGED_EDIT] }] }],
    noqa: FORGED_EDIT,
  };
  // A diagnostic the server never published, and the real one with forged data.
  const invented: Diagnostic = { ...real, code: 'SM999', message: 'made up', data: forgedData };
  const tampered: Diagnostic = { ...real, data: forgedData };
  const actions = await client.codeActions(uri, real.range, [invented, tampered]);
  assert.deepEqual(targets(actions), [uri]);
  assert.ok(!actions.some((a) => a.title.startsWith('Totally safe') || a.title === 'Another'), JSON.stringify(actions.map((a) => a.title)));
  // The real diagnostic still gets the server's own fixes (and no edit carries the forged text).
  assert.ok(actions.some((a) => a.title === 'Disable SM101 for this line'));
  assert.doesNotMatch(JSON.stringify(actions.map((a) => a.edit)), /evil::0:0/);
  // Without any data at all, the real diagnostic's fixes are the same.
  const plain = await client.codeActions(uri, real.range, [{ ...real, data: undefined }]);
  assert.deepEqual(plain.map((a) => a.title), actions.map((a) => a.title));
});

test('a forged diagnostic on a requirements file gets no edit outside it', async () => {
  const uri = docUri('requirements.txt').replace(/\.py$/, '');
  await client.didOpen(uri, 'boto3==1.35.0\nboto3-stubs[sagemaker]==1.34.0\n', 1, 'pip-requirements');
  const forged: Diagnostic = {
    range: { start: { line: 1, character: 0 }, end: { line: 1, character: 10 } },
    code: 'SM703',
    source: 'sagelint',
    message: 'forged',
    data: { version: 1, fix: { title: 'Forged', applicability: 'safe', edits: [FORGED_EDIT], otherFiles: [{ uri: PASSWD, edits: [FORGED_EDIT] }] } },
  };
  const actions = await client.codeActions(uri, forged.range, [forged]);
  assert.deepEqual(targets(actions).filter((t) => t !== uri), []);
  assert.doesNotMatch(JSON.stringify(actions.map((a) => a.edit)), /evil::0:0/);
});

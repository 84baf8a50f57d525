/**
 * Settings over the protocol: initializationOptions.settings, workspace/didChangeConfiguration with and
 * without the client's workspace/configuration capability, and invalid values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProtocolClient, codes, docUri } from './client';
import { SMALL } from './samples';

const BOTH = ['2:6 SM101', '3:16 SM102'];

/** Sends a configuration change and returns the diagnostics re-published for `uri` (same version). */
async function reconfigure(client: ProtocolClient, uri: string, settings: unknown) {
  const count = client.published(uri).length;
  await client.notifyServer('workspace/didChangeConfiguration', { settings });
  return client.diagnostics(uri, undefined, count);
}

test('initializationOptions.settings: ignore ["SM101"]', async () => {
  const client = await ProtocolClient.start({ settings: { ignore: ['SM101'] } });
  try {
    assert.deepEqual(codes(await client.open(docUri('init'), SMALL)), ['3:16 SM102']);
    assert.equal(client.configurationRequests.length, 0, 'no workspace/configuration without the capability');
    assert.equal(client.shown.length, 0, 'valid settings: no message');
  } finally {
    await client.dispose();
  }
});

test('didChangeConfiguration without workspace/configuration: pushed settings apply live to open documents', async () => {
  const client = await ProtocolClient.start({ settings: { ignore: ['SM101'] } });
  try {
    const uri = docUri('push');
    assert.deepEqual(codes(await client.open(uri, SMALL)), ['3:16 SM102']);
    assert.deepEqual(codes(await reconfigure(client, uri, { sagelint: { ignore: [] } })), BOTH);
    const narrowed = await reconfigure(client, uri, { sagelint: { select: ['SM102'], severity: { SM102: 'warning' } } });
    assert.deepEqual(codes(narrowed), ['3:16 SM102']);
    assert.equal(narrowed[0].severity, 2);
    assert.equal(client.latest(uri)!.version, 1, 're-published for the same version');
    assert.deepEqual(await reconfigure(client, uri, { sagelint: { enable: false } }), []);
    assert.deepEqual(codes(await reconfigure(client, uri, {})), BOTH, 'no sagelint section: defaults');
    assert.equal(client.configurationRequests.length, 0);
  } finally {
    await client.dispose();
  }
});

test('didChangeConfiguration with workspace/configuration: the server pulls the sagelint section', async () => {
  const client = await ProtocolClient.start({ configuration: true });
  try {
    client.configuration = { ignore: ['SM101'] };
    // The server asks once initialized.
    await client.until('a workspace/configuration request', () => client.configurationRequests.length >= 1);
    assert.deepEqual(client.configurationRequests[0], [{ section: 'sagelint' }]);
    await client.settle();
    const uri = docUri('pull');
    assert.deepEqual(codes(await client.open(uri, SMALL)), ['3:16 SM102']);
    // Pushed settings are ignored in favour of what the client answers.
    client.configuration = { select: ['SM101'] };
    assert.deepEqual(codes(await reconfigure(client, uri, { sagelint: { ignore: ['SM101'] } })), ['2:6 SM101']);
    assert.equal(client.configurationRequests.length, 2);
    // VS Code sends `settings: null` in the pull model.
    client.configuration = null;
    assert.deepEqual(codes(await reconfigure(client, uri, null)), BOTH, 'no settings: defaults');
    assert.equal(client.configurationRequests.length, 3);
  } finally {
    await client.dispose();
  }
});

test('a bad value: one logMessage warning naming it, one showMessage, defaults for that value', async () => {
  const bad = { severity: { SM101: 'loud', SM102: 'hint' } };
  const client = await ProtocolClient.start({ settings: bad });
  try {
    const uri = docUri('bad');
    const diagnostics = await client.open(uri, SMALL);
    assert.deepEqual(codes(diagnostics), BOTH);
    assert.equal(diagnostics[0].severity, 1, 'SM101 keeps its default severity (error)');
    assert.equal(diagnostics[1].severity, 4, 'the valid SM102 override still applies');
    const warnings = client.logs.filter((l) => l.type === 2);
    assert.equal(warnings.length, 1, JSON.stringify(client.logs));
    assert.match(warnings[0].message, /SM101/);
    assert.match(warnings[0].message, /loud/);
    await client.until('a showMessage', () => client.shown.length >= 1);
    assert.equal(client.shown.length, 1);
    assert.match(client.shown[0].message, /SM101.*loud/);
    // The same bad settings pushed again are not reported again; a new problem is.
    await reconfigure(client, uri, { sagelint: bad });
    assert.equal(client.logs.filter((l) => l.type === 2).length, 1);
    assert.equal(client.shown.length, 1);
    const fixed = await reconfigure(client, uri, { sagelint: { ignore: 'SM101' } });
    assert.deepEqual(codes(fixed), BOTH, 'a string instead of a list: ignored');
    assert.equal(client.shown.length, 2);
    assert.match(client.logs.filter((l) => l.type === 2)[1].message, /"ignore" must be a list/);
  } finally {
    await client.dispose();
  }
});

test('a bad value pulled through workspace/configuration is reported once too', async () => {
  const client = await ProtocolClient.start({ configuration: true });
  try {
    client.configuration = { severity: { SM101: 'loud' } };
    await client.until('a showMessage', () => client.shown.length >= 1);
    const uri = docUri('bad-pull');
    const diagnostics = await client.open(uri, SMALL);
    assert.equal(diagnostics[0].severity, 1);
    await reconfigure(client, uri, null);
    const warnings = client.logs.filter((l) => l.type === 2);
    assert.equal(warnings.length, 1, JSON.stringify(client.logs));
    assert.match(warnings[0].message, /SM101.*loud/);
    assert.equal(client.shown.length, 1);
  } finally {
    await client.dispose();
  }
});

test('enable: false turns off diagnostics, hovers and fixes (fix-all on save must not edit); re-enabled live', async () => {
  const client = await ProtocolClient.start({ settings: { enable: false } });
  try {
    const uri = docUri('disabled');
    const whole = { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } };
    assert.deepEqual(await client.open(uri, SMALL), []);
    assert.deepEqual(await client.codeActions(uri, whole, [], ['source.fixAll']), []);
    assert.equal(await client.hover(uri, { line: 2, character: 7 }), null);
    const enabled = await reconfigure(client, uri, { sagelint: { enable: true } });
    assert.deepEqual(codes(enabled), BOTH);
    assert.ok(await client.hover(uri, { line: 2, character: 7 }));
    const quick = await client.codeActions(uri, enabled[0].range, [enabled[0]]);
    assert.ok(quick.length >= 1);
    // Turned off again: the quick fixes of the diagnostics the client still holds are withdrawn too.
    assert.deepEqual(await reconfigure(client, uri, { sagelint: { enable: false } }), []);
    assert.deepEqual(await client.codeActions(uri, enabled[0].range, [enabled[0]]), []);
  } finally {
    await client.dispose();
  }
});

test('an unknown code in sagelint.select is reported and dropped: the valid codes still apply', async () => {
  const client = await ProtocolClient.start({ settings: { select: ['SM999', 'SM102'] } });
  try {
    assert.deepEqual(codes(await client.open(docUri('unknown'), SMALL)), ['3:16 SM102']);
    await client.until('a warning', () => client.shown.length >= 1);
    assert.match(client.shown[0].message, /"select" has "SM999", which matches no sagelint rule; ignoring it/);
    const only = await ProtocolClient.start({ settings: { select: ['SM999'] } });
    try {
      assert.deepEqual(codes(await only.open(docUri('unknown-only'), SMALL)), BOTH, 'no valid code left: every rule, not none');
    } finally {
      await only.dispose();
    }
  } finally {
    await client.dispose();
  }
});

/**
 * What the server writes to the client's log (VS Code's "SageLint" output channel, through
 * window/logMessage): its start and version, the detected environment and where it came from,
 * configuration errors, and slow analyses with file and time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ProtocolClient } from './client';
import { SAMPLE } from './samples';

declare const SAGELINT_ROOT: string;
const WORKSPACE = path.join(SAGELINT_ROOT, 'test/fixtures/environments/stubs-none-txt');

test('the log says the server started (version), the environment and its source, settings errors and slow analyses', async () => {
  const version = (await import('../../package.json')).version;
  // A threshold of 0 ms makes every analysis "slow", so the line can be checked without timing anything.
  const client = await ProtocolClient.start({ workspaceFolders: [pathToFileURL(WORKSPACE).href], settings: { select: ['SM999'] }, env: { SAGELINT_SLOW_ANALYSIS_MS: '0' } });
  try {
    const logged = () => client.logs.map((l) => l.message).join('\n');
    await client.until('the start line', () => /server .* started/.test(logged()));
    assert.match(logged(), new RegExp(`sagelint: server ${version.replace(/\./g, '\\.')} started \\(Node v\\d+`));
    await client.until('the environment line', () => /environment:/.test(logged()));
    assert.match(logged(), /sagelint: environment: .*sagemaker declared in .*requirements\.txt: sagemaker>=2\.200,<3/);
    assert.match(logged(), /"select" has "SM999", which matches no sagelint rule/);
    const file = path.join(WORKSPACE, 'app.py');
    await client.open(pathToFileURL(file).href, SAMPLE);
    await client.until('the slow-analysis line', () => logged().includes(`slow analysis: ${file} took`));
    assert.match(logged(), /slow analysis: .*app\.py took \d+ ms \(the threshold is 0 ms\)/);
    const environmentLines = client.logs.filter((l) => /environment:/.test(l.message));
    assert.equal(environmentLines.length, 1, 'the same environment is logged once');
  } finally {
    await client.dispose();
  }
});

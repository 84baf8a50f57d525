import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { TWO_FINDINGS, scratch } from '../cli/run';
import { LspClient, summarize } from './lspClient';

const PROJECT = {
  'pyproject.toml': ['[tool.sagelint]', 'ignore = ["SM103"]', 'exclude = ["generated"]', '[tool.sagelint.per-file-ignores]', '"tests/**" = ["SM101"]', '[tool.sagelint.severity]', 'SM102 = "hint"'].join('\n'),
};

test('server: per-file-ignores, exclude, severity and noqa from the nearest pyproject.toml', async () => {
  const dir = scratch(PROJECT);
  const client = await LspClient.start({ watch: true, rootPath: dir });
  try {
    const src = await client.open(path.join(dir, 'src/a.py'), TWO_FINDINGS);
    assert.deepEqual(summarize(src.diagnostics), ['4:5 SM101', '5:15 SM102']);
    assert.equal(src.diagnostics.find((d) => d.code === 'SM102')!.severity, 4, 'severity "hint" from pyproject.toml');
    const tests = await client.open(path.join(dir, 'tests/unit/test_a.py'), TWO_FINDINGS);
    assert.deepEqual(summarize(tests.diagnostics), ['5:15 SM102']);
    const excluded = await client.open(path.join(dir, 'generated/g.py'), TWO_FINDINGS);
    assert.deepEqual(excluded.diagnostics, []);
    const noqa = await client.open(path.join(dir, 'src/b.py'), TWO_FINDINGS.replace('a = str(bucket)', 'a = str(bucket)  # noqa: SM101').replace('+ bucket', '+ bucket  # noqa'));
    assert.deepEqual(noqa.diagnostics, []);
    const other = await client.open(path.join(dir, 'src/c.py'), TWO_FINDINGS.replace('a = str(bucket)', 'a = str(bucket)  # noqa: SM102'));
    assert.deepEqual(summarize(other.diagnostics), ['4:5 SM101', '5:15 SM102']);
  } finally {
    await client.stop();
  }
});

test('server: watches pyproject.toml when the client supports dynamic registration, and re-lints on change', async () => {
  const dir = scratch(PROJECT);
  const client = await LspClient.start({ watch: true, rootPath: dir });
  try {
    await client.until('watcher registration', () => client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles'));
    const registration = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles')!;
    assert.match(JSON.stringify(registration.registerOptions), /pyproject\.toml/);
    const { uri, diagnostics } = await client.open(path.join(dir, 'src/a.py'), TWO_FINDINGS);
    assert.deepEqual(summarize(diagnostics), ['4:5 SM101', '5:15 SM102']);
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.sagelint]\nselect = ["SM102"]\n');
    const count = client.publishedCount(uri);
    await client.watchedFileChanged(path.join(dir, 'pyproject.toml'));
    assert.deepEqual(summarize(await client.diagnosticsAfter(uri, count)), ['5:15 SM102']);
  } finally {
    await client.stop();
  }
});

test('server: without file watching, re-reads pyproject.toml on save when it changed', async () => {
  const dir = scratch(PROJECT);
  const client = await LspClient.start({ watch: false, rootPath: dir });
  try {
    const { uri, diagnostics } = await client.open(path.join(dir, 'src/a.py'), TWO_FINDINGS);
    assert.deepEqual(summarize(diagnostics), ['4:5 SM101', '5:15 SM102']);
    assert.equal(client.registrations.length, 0);
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.sagelint]\nignore = ["SM1"]\n');
    const count = client.publishedCount(uri);
    await client.save(uri);
    assert.deepEqual(await client.diagnosticsAfter(uri, count), []);
    // A new, nearer pyproject.toml is found when another file is opened.
    fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'src/pyproject.toml'), '[tool.sagelint]\nselect = ["SM101"]\n');
    const next = await client.open(path.join(dir, 'src/b.py'), TWO_FINDINGS);
    assert.deepEqual(summarize(next.diagnostics), ['4:5 SM101']);
  } finally {
    await client.stop();
  }
});

test('server: editor settings win over pyproject.toml', async () => {
  const dir = scratch({ 'pyproject.toml': '[tool.sagelint]\nselect = ["SM101"]\n[tool.sagelint.severity]\nSM102 = "hint"\n' });
  const client = await LspClient.start({ watch: false, rootPath: dir, settings: { select: ['SM102'], severity: { SM102: 'warning' } } });
  try {
    const { diagnostics } = await client.open(path.join(dir, 'a.py'), TWO_FINDINGS);
    assert.deepEqual(summarize(diagnostics), ['5:15 SM102']);
    assert.equal(diagnostics[0].severity, 2);
  } finally {
    await client.stop();
  }
});

test('server: a malformed pyproject.toml or unknown key is one warning with file and line; defaults apply', async () => {
  const dir = scratch({ 'bad/pyproject.toml': '[tool.sagelint]\nselect = ["SM101"\n', 'typo/pyproject.toml': '[tool.sagelint]\nselect = ["SM102"]\nignroe = []\n' });
  const client = await LspClient.start({ watch: false, rootPath: dir });
  try {
    const bad = await client.open(path.join(dir, 'bad/a.py'), TWO_FINDINGS);
    assert.deepEqual(summarize(bad.diagnostics), ['4:5 SM101', '5:15 SM102']);
    await client.until('a warning', () => client.messages.length >= 1);
    assert.match(client.messages[0].message, /bad[/\\]pyproject\.toml:\d+: invalid TOML/);
    assert.equal(client.messages[0].type, 2);
    const typo = await client.open(path.join(dir, 'typo/a.py'), TWO_FINDINGS);
    assert.deepEqual(summarize(typo.diagnostics), ['5:15 SM102']);
    await client.until('a second warning', () => client.messages.length >= 2);
    assert.match(client.messages[1].message, /typo[/\\]pyproject\.toml:3: unknown key "ignroe"/);
    // Opening another file under the same broken configuration does not warn again.
    await client.open(path.join(dir, 'bad/b.py'), TWO_FINDINGS);
    assert.equal(client.messages.length, 2);
  } finally {
    await client.stop();
  }
});

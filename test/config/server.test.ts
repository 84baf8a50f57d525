import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TWO_FINDINGS, scratch } from '../cli/run';
import { ProtocolClient, summarize } from '../protocol/client';

/** Starts the server with `rootPath` as the workspace root (no workspace folders); waits up to 15 s by default. */
function start(options: { watch: boolean; settings?: unknown; rootPath: string }): Promise<ProtocolClient> {
  return ProtocolClient.start({ watch: options.watch, settings: options.settings, rootUri: pathToFileURL(options.rootPath).href, timeout: 15_000 });
}

/** Opens the file at `file` (version 1) and waits for the next diagnostics published for it. */
async function open(client: ProtocolClient, file: string, text: string) {
  const uri = pathToFileURL(file).href;
  const before = client.published(uri).length;
  await client.didOpen(uri, text);
  return { uri, diagnostics: await client.diagnostics(uri, undefined, before) };
}

const PROJECT = {
  'pyproject.toml': ['[tool.sagelint]', 'ignore = ["SM103"]', 'exclude = ["generated"]', '[tool.sagelint.per-file-ignores]', '"tests/**" = ["SM101"]', '[tool.sagelint.severity]', 'SM102 = "hint"'].join('\n'),
};

test('server: per-file-ignores, exclude, severity and noqa from the nearest pyproject.toml', async () => {
  const dir = scratch(PROJECT);
  const client = await start({ watch: true, rootPath: dir });
  try {
    const src = await open(client, path.join(dir, 'src/a.py'), TWO_FINDINGS);
    assert.deepEqual(summarize(src.diagnostics), ['4:5 SM101', '5:15 SM102']);
    assert.equal(src.diagnostics.find((d) => d.code === 'SM102')!.severity, 4, 'severity "hint" from pyproject.toml');
    const tests = await open(client, path.join(dir, 'tests/unit/test_a.py'), TWO_FINDINGS);
    assert.deepEqual(summarize(tests.diagnostics), ['5:15 SM102']);
    const excluded = await open(client, path.join(dir, 'generated/g.py'), TWO_FINDINGS);
    assert.deepEqual(excluded.diagnostics, []);
    const noqa = await open(client, path.join(dir, 'src/b.py'), TWO_FINDINGS.replace('a = str(bucket)', 'a = str(bucket)  # noqa: SM101').replace('+ bucket', '+ bucket  # noqa'));
    assert.deepEqual(noqa.diagnostics, []);
    const other = await open(client, path.join(dir, 'src/c.py'), TWO_FINDINGS.replace('a = str(bucket)', 'a = str(bucket)  # noqa: SM102'));
    assert.deepEqual(summarize(other.diagnostics), ['4:5 SM101', '5:15 SM102']);
  } finally {
    await client.dispose();
  }
});

test('server: watches pyproject.toml when the client supports dynamic registration, and re-lints on change', async () => {
  const dir = scratch(PROJECT);
  const client = await start({ watch: true, rootPath: dir });
  try {
    await client.until('watcher registration', () => client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles'));
    const registration = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles')!;
    assert.match(JSON.stringify(registration.registerOptions), /pyproject\.toml/);
    const { uri, diagnostics } = await open(client, path.join(dir, 'src/a.py'), TWO_FINDINGS);
    assert.deepEqual(summarize(diagnostics), ['4:5 SM101', '5:15 SM102']);
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.sagelint]\nselect = ["SM102"]\n');
    const count = client.published(uri).length;
    await client.watchedFileChanged(path.join(dir, 'pyproject.toml'));
    assert.deepEqual(summarize(await client.diagnostics(uri, undefined, count)), ['5:15 SM102']);
  } finally {
    await client.dispose();
  }
});

test('server: without file watching, re-reads pyproject.toml on save when it changed', async () => {
  const dir = scratch(PROJECT);
  const client = await start({ watch: false, rootPath: dir });
  try {
    const { uri, diagnostics } = await open(client, path.join(dir, 'src/a.py'), TWO_FINDINGS);
    assert.deepEqual(summarize(diagnostics), ['4:5 SM101', '5:15 SM102']);
    assert.equal(client.registrations.length, 0);
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.sagelint]\nignore = ["SM1"]\n');
    const count = client.published(uri).length;
    await client.save(uri);
    assert.deepEqual(await client.diagnostics(uri, undefined, count), []);
    // A new, nearer pyproject.toml is found when another file is opened.
    fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'src/pyproject.toml'), '[tool.sagelint]\nselect = ["SM101"]\n');
    const next = await open(client, path.join(dir, 'src/b.py'), TWO_FINDINGS);
    assert.deepEqual(summarize(next.diagnostics), ['4:5 SM101']);
  } finally {
    await client.dispose();
  }
});

test('server: editor settings win over pyproject.toml', async () => {
  const dir = scratch({ 'pyproject.toml': '[tool.sagelint]\nselect = ["SM101"]\n[tool.sagelint.severity]\nSM102 = "hint"\n' });
  const client = await start({ watch: false, rootPath: dir, settings: { select: ['SM102'], severity: { SM102: 'warning' } } });
  try {
    const { diagnostics } = await open(client, path.join(dir, 'a.py'), TWO_FINDINGS);
    assert.deepEqual(summarize(diagnostics), ['5:15 SM102']);
    assert.equal(diagnostics[0].severity, 2);
  } finally {
    await client.dispose();
  }
});

test('server: a malformed pyproject.toml or unknown key is one warning with file and line; defaults apply', async () => {
  const dir = scratch({ 'bad/pyproject.toml': '[tool.sagelint]\nselect = ["SM101"\n', 'typo/pyproject.toml': '[tool.sagelint]\nselect = ["SM102"]\nignroe = []\n' });
  const client = await start({ watch: false, rootPath: dir });
  try {
    const bad = await open(client, path.join(dir, 'bad/a.py'), TWO_FINDINGS);
    assert.deepEqual(summarize(bad.diagnostics), ['4:5 SM101', '5:15 SM102']);
    await client.until('a warning', () => client.shown.length >= 1);
    assert.match(client.shown[0].message, /bad[/\\]pyproject\.toml:\d+: invalid TOML/);
    assert.equal(client.shown[0].type, 2);
    const typo = await open(client, path.join(dir, 'typo/a.py'), TWO_FINDINGS);
    assert.deepEqual(summarize(typo.diagnostics), ['5:15 SM102']);
    await client.until('a second warning', () => client.shown.length >= 2);
    assert.match(client.shown[1].message, /typo[/\\]pyproject\.toml:3: unknown key "ignroe"/);
    // Opening another file under the same broken configuration does not warn again.
    await open(client, path.join(dir, 'bad/b.py'), TWO_FINDINGS);
    assert.equal(client.shown.length, 2);
  } finally {
    await client.dispose();
  }
});

test('server: an unknown code in [tool.sagelint] is one warning; the valid codes still apply', async () => {
  const dir = scratch({ 'pyproject.toml': '[tool.sagelint]\nselect = ["SM999", "SM102"]\n', 'only/pyproject.toml': '[tool.sagelint]\nselect = ["SM999"]\n' });
  const client = await start({ watch: false, rootPath: dir });
  try {
    const opened = await open(client, path.join(dir, 'a.py'), TWO_FINDINGS);
    assert.deepEqual(summarize(opened.diagnostics), ['5:15 SM102'], 'SM102 selected; SM999 dropped, not "no rule at all"');
    await client.until('a warning', () => client.shown.length >= 1);
    assert.match(client.shown[0].message, /pyproject\.toml:2: "select" has "SM999", which matches no sagelint rule/);
    await open(client, path.join(dir, 'b.py'), TWO_FINDINGS);
    assert.equal(client.shown.length, 1, 'warned once');
    const only = await open(client, path.join(dir, 'only/a.py'), TWO_FINDINGS);
    assert.deepEqual(summarize(only.diagnostics), ['4:5 SM101', '5:15 SM102'], 'no valid code left: every rule, not none');
  } finally {
    await client.dispose();
  }
});

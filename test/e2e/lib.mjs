// Shared by the code-server drivers: start code-server on fresh directories, open headless Chromium,
// find the extension's log. playwright-core lives in the e2e tools folder (.e2e-tools/tools), not in
// the extension's node_modules, so it is loaded with createRequire from there.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const TOOLS = process.env.E2E_TOOLS || path.join(REPO, '.e2e-tools/tools');
export const CS_BIN = process.env.CS_BIN || path.join(TOOLS, 'node_modules/.bin/code-server');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const { chromium } = createRequire(path.join(TOOLS, 'package.json'))('playwright-core');

/** Temporary folders of this run, removed when the driver exits (passed or failed). */
const temporary = [];
process.on('exit', () => {
  for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
});
function temporaryDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

/** A fresh temporary root with user-data (settings.json from this folder) and extensions dirs; removed at exit. */
export function freshDirs(prefix) {
  const root = temporaryDir(prefix);
  const userData = path.join(root, 'user-data');
  const extensions = path.join(root, 'extensions');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(extensions);
  fs.copyFileSync(path.join(REPO, 'test/e2e/settings.json'), path.join(userData, 'User/settings.json'));
  return { root, userData, extensions, log: path.join(root, 'code-server.log') };
}

export function installVsix(dirs, vsix) {
  const r = spawnSync(CS_BIN, ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--install-extension', vsix], { encoding: 'utf8', env: { ...process.env, TMPDIR: codeServerTmp(dirs) } });
  if (r.status !== 0) throw new Error(`code-server --install-extension failed (${r.status}): ${r.stdout}${r.stderr}`);
  return r.stdout.trim().split('\n').pop();
}

async function freePort() {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

/** code-server's own temporary files (IPC sockets, the TypeScript server's folders) stay inside the run's root. */
function codeServerTmp(dirs) {
  const tmp = path.join(dirs.root, 'tmp');
  fs.mkdirSync(tmp, { recursive: true });
  return tmp;
}

/** Starts code-server on 127.0.0.1 (its own process group) and waits for /healthz. */
export async function startCodeServer(dirs, workspace, extraArgs = []) {
  const port = await freePort();
  const out = fs.openSync(dirs.log, 'w');
  const cs = spawn(CS_BIN, ['--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--disable-getting-started-override', '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions, ...extraArgs, workspace], { detached: true, stdio: ['ignore', out, out], env: { ...process.env, TMPDIR: codeServerTmp(dirs) } });
  const stop = () => { try { process.kill(-cs.pid, 'SIGTERM'); } catch {} };
  process.on('exit', stop);
  for (const t0 = Date.now(); ;) {
    try { if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break; } catch {}
    if (cs.exitCode !== null) throw new Error(`code-server exited with ${cs.exitCode}; log ${dirs.log}`);
    if (Date.now() - t0 > 60000) throw new Error(`code-server did not come up in 60 s; log ${dirs.log}`);
    await new Promise((r) => setTimeout(r, 150));
  }
  return { port, url: `http://127.0.0.1:${port}`, stop };
}

export async function openBrowser() {
  // The Chromium profile (~10 MB) goes at exit with the other temporary folders.
  const ctx = await chromium.launchPersistentContext(temporaryDir('sagelint-chrome-'), {
    executablePath: CHROMIUM, headless: true, viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  return { ctx, page };
}

/** The last lines of the extension's output channel ("SageLint"), found in the code-server data dirs. */
export function extensionLogTail(dirs, lines = 30) {
  const found = [];
  const walk = (d) => {
    let entries = [];
    try { entries = fs.readdirSync(d, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/sagelint/i.test(e.name) && e.name.endsWith('.log')) found.push(p); // the output channel's log
    }
  };
  walk(dirs.root);
  if (!found.length) return `(no SageLint log under ${dirs.root})`;
  return found.map((f) => `--- ${f}\n` + fs.readFileSync(f, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')).join('\n');
}

// Runs the vscode-API mocha suite (test/vscode/, compiled to out/vscode-test/) inside code-server's real
// extension host, as @vscode/test-electron would: extensionDevelopmentPath = the repository root (dist/
// must be built), extensionTestsPath = out/vscode-test/index.js, passed through the `payload` URL
// parameter, which the workbench honours when the server runs with enable-smoke-test-driver.
// Prints the suite's results and `N passed, N failed`.
import fs from 'node:fs';
import path from 'node:path';
import { REPO, freshDirs, startCodeServer, openBrowser, extensionLogTail } from './lib.mjs';
import { buildVscodeSuite } from '../vscode/build.mjs';

const T0 = Date.now();
const WS = path.join(REPO, 'test/e2e/workspace');
const SHOTS = process.env.SHOTS || path.join(REPO, 'test/e2e/screenshots');
const TIMEOUT = Number(process.env.MOCHA_TIMEOUT_MS || 180000);
fs.mkdirSync(SHOTS, { recursive: true });
const tests = await buildVscodeSuite();
const resultsFile = path.join(path.dirname(tests), 'results.json');
const dirs = freshDirs('sagelint-mocha-'); // empty extensions dir: only the development copy loads

let server, ctx, page, exitCode, how = 'error', timer;
try {
  server = await startCodeServer(dirs, WS, ['--vscode-option', 'enable-smoke-test-driver']);
  ({ ctx, page } = await openBrowser());
  const done = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => { exitCode = code; resolve('exit'); }));
  page.on('console', (m) => {
    const t = m.text();
    // mocha's reporter output reaches the browser console; drop the workbench's offline noise
    if (/^\s*(✔|✓|\d+\)|passing|failing|\d+ passed, \d+ failed)|SageLint in the VS Code|Error/.test(t) && !/open-vsx|ERR_NAME_NOT_RESOLVED|ENOTFOUND/.test(t)) {
      console.log(`[ext host] ${t.replace(/%c\s*\S*\s*color: #\w+\s*/g, '').slice(0, 300)}`);
    }
  });
  const remote = `vscode-remote://127.0.0.1:${server.port}`;
  const payload = JSON.stringify([['extensionDevelopmentPath', remote + REPO], ['extensionTestsPath', remote + tests]]);
  await page.goto(`${server.url}/?folder=${encodeURIComponent(WS)}&payload=${encodeURIComponent(payload)}`);
  const timeout = new Promise((r) => { timer = setTimeout(() => r('timeout'), TIMEOUT); });
  how = await Promise.race([done, timeout]);
  await page.screenshot({ path: path.join(SHOTS, 'mocha-end.png') }).catch(() => {});
} catch (e) {
  console.log(`driver error: ${e?.stack ?? e}`);
} finally {
  clearTimeout(timer);
  await ctx?.close().catch(() => {});
  server?.stop();
}

let summary = `0 passed, 1 failed`;
if (how === 'exit' && fs.existsSync(resultsFile)) {
  const r = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  for (const t of r.results) console.log(`${t.state === 'passed' ? 'PASS' : 'FAIL'} ${t.title}${t.err ? ` — ${t.err.split('\n')[0]}` : ''}`);
  summary = r.summary;
} else {
  console.log(`FAIL mocha suite did not report (${how === 'timeout' ? `timed out after ${TIMEOUT} ms` : how})`);
}
const ok = how === 'exit' && exitCode === 0;
if (!ok) console.log(`codeAutomationExit(${exitCode}); code-server log: ${dirs.log}\nextension output (tail):\n${extensionLogTail(dirs)}`);
else fs.rmSync(dirs.root, { recursive: true, force: true });
console.log(`# vscode-mocha took ${((Date.now() - T0) / 1000).toFixed(1)} s`);
console.log(summary);
process.exitCode = ok ? 0 : 1;

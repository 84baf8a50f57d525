// Test entry loaded by the extension host (@vscode/test-electron's --extensionTestsPath, or code-server's
// `payload` URL parameter): runs every compiled *.test.js beside it with mocha (tdd), writes results.json
// and prints `N passed, N failed`.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30000 });
  for (const f of fs.readdirSync(__dirname).sort()) if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  const results: { title: string; state: 'passed' | 'failed'; err?: string }[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const passed = results.filter((r) => r.state === 'passed').length;
      const summary = `${passed} passed, ${failures} failed`;
      fs.writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify({ summary, results }, null, 2));
      console.log(summary);
      if (failures > 0) reject(new Error(`${failures} tests failed.`));
      else resolve();
    });
    runner.on('pass', (t) => results.push({ title: t.fullTitle(), state: 'passed' }));
    runner.on('fail', (t, err) => results.push({ title: t.fullTitle(), state: 'failed', err: String(err?.stack ?? err) }));
  });
}

// Message lengths as the Problems panel shows them: runs the built CLI over the rule fixtures (and any
// extra paths given), and prints, per rule and overall, the median and longest FIRST SENTENCE of the
// messages (up to the first ". " or the end) and of the whole message.
// Usage: node scripts/message-lengths.mjs [--json] [PATH...]   (after npm run build)
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const json = args.includes('--json');
const paths = args.filter((a) => a !== '--json');
const run = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), 'check', '--format', 'json', '--exit-zero', '--no-config', path.join(root, 'test/fixtures/rules'), ...paths], { encoding: 'utf8', maxBuffer: 1 << 30 });
const findings = JSON.parse(run.stdout);

/** The first sentence: up to and including the first period followed by a space (or the whole message). */
export function firstSentence(message) {
  const match = /^.*?[.!?](?=\s)/s.exec(message);
  return (match ? match[0] : message).trim();
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : 0; };
const byCode = new Map();
for (const f of findings) {
  const entry = byCode.get(f.code) ?? { first: [], whole: [], longest: '' };
  const first = firstSentence(f.message);
  entry.first.push([...first].length);
  entry.whole.push([...f.message].length);
  if ([...first].length > [...entry.longest].length) entry.longest = first;
  byCode.set(f.code, entry);
}
const all = [...byCode.values()];
const firsts = all.flatMap((e) => e.first);
const wholes = all.flatMap((e) => e.whole);
const summary = {
  findings: findings.length,
  rules: byCode.size,
  firstSentence: { median: median(firsts), longest: Math.max(...firsts), over120: firsts.filter((n) => n > 120).length },
  whole: { median: median(wholes), longest: Math.max(...wholes) },
  // Per rule: the median of its first sentences, so rules with many fixture findings do not dominate.
  perRuleMedian: { median: median(all.map((e) => median(e.first))), longest: Math.max(...all.map((e) => Math.max(...e.first))) },
};
if (json) {
  console.log(JSON.stringify({ summary, rules: Object.fromEntries([...byCode].map(([code, e]) => [code, { median: median(e.first), longest: Math.max(...e.first), example: e.longest }])) }, null, 2));
} else {
  for (const [code, e] of [...byCode].sort()) console.log(`${code}  first sentence median ${String(median(e.first)).padStart(3)}, longest ${String(Math.max(...e.first)).padStart(3)}  ${e.longest.slice(0, 160)}`);
  console.log(JSON.stringify(summary));
}

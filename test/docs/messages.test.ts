/**
 * Messages that fit the Problems panel and hovers that fit without scrolling: each message leads with
 * one short sentence (the problem and the fix), the details after it. Measured on every finding of the
 * rule fixtures (scripts/message-lengths.mjs prints the same numbers per rule).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { hoverAt } from '../../server/src/features/hover';
import { analyzeText } from '../helpers/python';
import { runCli } from '../helpers/cli';

declare const SAGELINT_ROOT: string;

/** Up to and including the first period followed by a space, as scripts/message-lengths.mjs cuts it. */
function firstSentence(message: string): string {
  const match = /^.*?[.!?](?=\s)/s.exec(message);
  return (match ? match[0] : message).trim();
}

test('every message leads with one short sentence: median at most 100 characters, none over 150', () => {
  const result = runCli(['check', '--format', 'json', '--exit-zero', '--no-config', path.join(SAGELINT_ROOT, 'test/fixtures/rules')], { timeoutMs: 120_000 });
  const findings = JSON.parse(result.stdout) as { code: string; message: string }[];
  assert.ok(findings.length > 400, `${findings.length} findings on the rule fixtures`);
  const lengths = findings.map((f) => [...firstSentence(f.message)].length).sort((a, b) => a - b);
  const median = lengths[Math.floor((lengths.length - 1) / 2)];
  assert.ok(median <= 100, `median first sentence ${median} characters`);
  const long = findings.filter((f) => [...firstSentence(f.message)].length > 150).map((f) => `${f.code}: ${firstSentence(f.message)}`);
  assert.deepEqual([...new Set(long)], []);
  // The lead is a sentence of its own, with details after it (not the whole message run together).
  const runOn = findings.filter((f) => firstSentence(f.message) === f.message.trim() && f.message.length > 150).map((f) => f.code);
  assert.deepEqual([...new Set(runOn)], []);
});

test('the ExecutionVariables hovers fit without scrolling: meaning and works/fails first, the rest behind the rule-doc link', async () => {
  const text = 'from sagemaker.workflow.execution_variables import ExecutionVariables\nx = ExecutionVariables.PIPELINE_EXECUTION_ID\n';
  const analysis = await analyzeText(text);
  for (const [word, limit] of [['ExecutionVariables', 1200], ['PIPELINE_EXECUTION_ID', 1000]] as const) {
    const hover = hoverAt(analysis, text.lastIndexOf(word) + 2)!;
    assert.ok(hover, word);
    assert.ok(hover.markdown.length <= limit, `${word}: ${hover.markdown.length} characters`);
    const works = hover.markdown.indexOf('**Works**');
    const fails = hover.markdown.indexOf('**Fails**');
    const link = hover.markdown.indexOf('docs/rules/SM101.md');
    assert.ok(works > 0 && fails > works && link > fails, `${word}: meaning, works, fails, then the link`);
  }
});

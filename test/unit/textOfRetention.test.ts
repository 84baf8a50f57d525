import { test } from 'node:test';
import v8 from 'node:v8';
import assert from 'node:assert/strict';
import { SyntaxNode, SyntaxTree, shareNamesAcrossVersions } from '../../server/src/parse/syntaxNode';
import { IdleCollector } from '../../server/src/lsp/idleCollector';

/** A leaf node of the given type over [start, end) (textOf reads nothing else). */
function leaf(type: string, start: number, end: number): SyntaxNode {
  return { type, named: true, start, end, field: null, parent: null, children: [], broken: false, containsError: false, index: 0 };
}

const usedMB = () => v8.getHeapStatistics().used_heap_size / (1024 * 1024);
const baselineMB = ((): number => {
  new IdleCollector(20, 0).collectNow();
  return usedMB();
})();

// Per-statement caches (statement indexes, scopes, values) keep the names they read for as long as the
// statement is unchanged, across many versions of the document. A name that were a view into the text of
// the version it was read from would keep that whole version alive (V8 slices strings of 13 characters or
// more that way): in a long editing session of a large module, one version per edited statement.
test('textOf (as the language server uses it): a name read from a document does not keep the document text alive', () => {
  shareNamesAcrossVersions();
  const collector = new IdleCollector(20, 0);
  const names: string[] = [];
  const padding = 24 * 1024 * 1024;
  ((): void => {
    const text = `${'#'.repeat(padding)}\npipeline_session = 1\nanother_long_name_here = 2\n`;
    const tree = new SyntaxTree(leaf('module', 0, text.length), text);
    const first = padding + 1;
    names.push(tree.textOf(leaf('identifier', first, first + 'pipeline_session'.length)));
    const second = text.indexOf('another_long_name_here');
    names.push(tree.textOf(leaf('identifier', second, second + 'another_long_name_here'.length)));
  })();
  collector.collectNow();
  const after = usedMB();
  assert.deepEqual(names, ['pipeline_session', 'another_long_name_here']);
  // The 24 MB text is unreachable unless a name still points into it.
  assert.ok(after < 20 + baselineMB, `heap used ${after.toFixed(1)} MB after dropping the text (baseline ${baselineMB.toFixed(1)} MB)`);
  collector.dispose();
});

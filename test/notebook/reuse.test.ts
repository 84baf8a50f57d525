// Re-analysing a notebook after an edit takes unchanged statements over from the previous tree: the
// findings must be exactly those of an analysis from scratch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeNotebook, freeParse } from '../../server/src/notebook/analyzeNotebook';
import { WasmPythonParser } from '../../server/src/parse/wasmParser';
import { DEFAULT_SETTINGS } from '../../server/src/config/settings';
import { pipelineModule, prng } from '../../bench/corpus.mjs';

test('notebook re-analysis with the previous tree equals a fresh analysis, edit after edit', async () => {
  const parser = await WasmPythonParser.create();
  // A generated pipeline split into cells at its stage comments, with a magic cell in between.
  const module = pipelineModule(3, 400);
  const cells = module.split(/(?=# ---- stage)/).map((text, index) => ({ index: index * 2, text }));
  cells.splice(1, 0, { index: 1, text: '%pip install sagemaker\n!ls\n' });
  const random = prng(5);
  // The parse is kept from one analysis to the next: each edit reparses incrementally.
  const first = analyzeNotebook(parser, cells, DEFAULT_SETTINGS, { incremental: true }, undefined, null);
  let previous = first.analysis!;
  let parse = first.parsed ?? null;
  const describe = (findings: readonly { cell: number; code: string; start: number; end: number; message: string }[]) =>
    findings.map((f) => `${f.cell} ${f.start}-${f.end} ${f.code} ${f.message}`);
  let compared = 0;
  for (let i = 0; i < 60; i++) {
    const cell = cells[random.int(cells.length)];
    const at = random.int(cell.text.length + 1);
    const insert = random.pick(['x', '(', '"', '\n', 'print(bucket_0)\n', '.properties.TrainingJobname', '']);
    const cut = random.chance(0.3) ? random.int(8) : 0;
    cell.text = cell.text.slice(0, at) + insert + cell.text.slice(at + cut);
    const reused = analyzeNotebook(parser, cells, DEFAULT_SETTINGS, undefined, previous, parse);
    parse = reused.parsed ?? null;
    const fresh = analyzeNotebook(parser, cells, DEFAULT_SETTINGS);
    assert.deepEqual(describe(reused.findings), describe(fresh.findings), `after edit ${i}`);
    compared += fresh.findings.length;
    previous = reused.analysis ?? previous;
  }
  freeParse(parse);
  assert.ok(compared > 100, `the edits were compared on real findings (${compared})`);
});

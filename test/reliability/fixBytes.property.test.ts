/**
 * Property (issue 13, "Done when"): --fix changes no byte outside the ranges its edits replace, whatever
 * the file holds: non-UTF-8 bytes, a byte order mark, \r / \r\n / \n / mixed line breaks, PEP 263
 * codings, notebooks with arbitrary outputs, metadata and layout. The expected bytes are computed here
 * independently, by splicing each pass's edits into the original bytes; the CLI's task (runTask, as
 * `sagelint check - --fix` runs it) must print exactly those.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { runTask } from '../../server/src/cli/worker';
import { analyzeText } from '../../server/src/cli/check';
import { MAX_FIX_PASSES, applyEdits, chooseFixes } from '../../server/src/cli/fix';
import { decodeSource } from '../../server/src/cli/source';
import { DEFAULT_SETTINGS } from '../../server/src/config/settings';
import { PythonParser } from '../../server/src/parse/parser';
import { getParser } from '../helpers/python';

const SEED = Number(process.env.SAGELINT_SEED ?? 13);
const RUNS = process.env.SAGELINT_SOAK === '1' ? 1500 : 120;

const ascii = (text: string) => Buffer.from(text, 'latin1');

/** Lines with fixes (safe and unsafe) and lines that must come through untouched. */
const FIXABLE = ['x = str(bucket)', 'y = f"s3://{bucket}/x"', 'z = "s3://" + bucket', 'print(bucket)', 'w = bucket + "/k"  # tail', 'instance_type = "m5.large"'];

/** A line as bytes: code, or a comment / string literal holding arbitrary bytes (no line breaks). */
const noiseBytes = fc.uint8Array({ maxLength: 12 }).map((bytes) => Buffer.from(bytes.filter((b) => b !== 0x0a && b !== 0x0d)));
const line = fc.oneof(
  fc.constantFrom(...FIXABLE).map(ascii),
  noiseBytes.map((bytes) => Buffer.concat([ascii('# '), bytes])),
  noiseBytes.map((bytes) => Buffer.concat([ascii('s = "'), Buffer.from(bytes.filter((b) => b !== 0x22 && b !== 0x5c)), ascii('"')])),
  fc.string({ unit: 'binary', maxLength: 8 }).map((s) => Buffer.concat([ascii('# '), Buffer.from(s.replace(/[\r\n]/g, ''), 'utf8')])),
  fc.constant(ascii('')),
);
const eolChoice = fc.constantFrom('\n', '\r\n', '\r', 'mixed');

const pythonFile = fc.record({ bom: fc.boolean(), coding: fc.constantFrom(undefined, 'latin-1', 'utf-8', 'cp1252'), eol: eolChoice, lines: fc.array(line, { maxLength: 10 }), eols: fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 16, maxLength: 16 }) }).map(({ bom, coding, eol, lines, eols }) => {
  const all = [
    ...(coding ? [ascii(`# -*- coding: ${coding} -*-`)] : []),
    ascii('from sagemaker.workflow.parameters import ParameterString'),
    ascii('from sagemaker.estimator import Estimator'),
    ascii('bucket = ParameterString(name="B")'),
    ...lines,
    ascii('Estimator(image_uri="i", role="r", instance_count=1, instance_type="m5.large")'),
  ];
  const parts: Buffer[] = bom && coding !== 'latin-1' && coding !== 'cp1252' ? [Buffer.from([0xef, 0xbb, 0xbf])] : [];
  all.forEach((l, i) => parts.push(l, ascii(eol === 'mixed' ? eols[i % eols.length] : eol)));
  return Buffer.concat(parts);
});

/** The bytes --fix must write: each pass's edits spliced into the previous bytes, nothing else touched. */
function expectedBytes(parser: PythonParser, input: Buffer, unsafe: boolean, encodeInserted: (text: string) => Buffer, byteLength: (text: string) => number): Buffer {
  const source = decodeSource(input);
  if (source.unwritable) return input;
  let bytes = input;
  let text = source.text;
  const bom = source.bom ? 3 : 0;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const analysis = analyzeText(parser, text, DEFAULT_SETTINGS);
    const { edits } = chooseFixes(analysis.findings, unsafe);
    if (!edits.length) break;
    const next = applyEdits(text, edits);
    if (next === text) break;
    for (const edit of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) {
      const start = bom + byteLength(text.slice(0, edit.start));
      const end = bom + byteLength(text.slice(0, edit.end));
      bytes = Buffer.concat([bytes.subarray(0, start), encodeInserted(edit.newText), bytes.subarray(end)]);
    }
    text = next;
  }
  return bytes;
}

function fixedOutput(parser: PythonParser, filename: string, input: Buffer, unsafe: boolean): Buffer {
  const result = runTask(parser, { filename, settings: DEFAULT_SETTINGS, fix: { mode: 'fix', unsafe }, stdinBytes: input });
  assert.ok(result.report, result.error);
  assert.ok(result.report.fixedOutput, 'no output');
  return Buffer.from(result.report.fixedOutput);
}

test('--fix on Python files: only the edited bytes change (random bytes, codings, BOM, line breaks)', async () => {
  const parser = await getParser();
  let fixedFiles = 0;
  let untouched = 0;
  fc.assert(
    fc.property(pythonFile, fc.boolean(), (input, unsafe) => {
      const source = decodeSource(input);
      const single = source.encoding !== 'utf-8';
      const expected = expectedBytes(
        parser,
        input,
        unsafe,
        (text) => Buffer.from(text, single ? 'latin1' : 'utf8'), // the fixes insert ASCII only
        (text) => (single ? text.length : Buffer.byteLength(text, 'utf8')),
      );
      const actual = fixedOutput(parser, 'job.py', input, unsafe);
      assert.deepEqual(actual, expected);
      if (!expected.equals(input)) fixedFiles++;
      if (source.unwritable) untouched++;
    }),
    { numRuns: RUNS, seed: SEED },
  );
  // The generator reaches both kinds of file.
  assert.ok(fixedFiles > RUNS / 4, `only ${fixedFiles} of ${RUNS} files were fixed`);
  assert.ok(untouched > 0, 'no undecodable file was generated');
});

/** Arbitrary JSON text (numbers as written: 1.0, 1e-05, huge integers; escapes; duplicate keys) for outputs and metadata. */
const rawNumber = fc.constantFrom('1.0', '1e-05', '9007199254740993', '123456789012345678901234567890', '-0', '0.1', '2E+3');
const rawString = fc.oneof(fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s)), fc.constantFrom('"caf\\u00e9"', '"a\\/b"', '"\\ud83d\\ude00"', '"tab\\t"', '"é"'));
const rawJson: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    rawNumber,
    rawString,
    fc.constantFrom('true', 'false', 'null'),
    fc.array(tie('value'), { maxLength: 3 }).map((items) => `[${items.join(',')}]`),
    fc.array(fc.tuple(fc.constantFrom('a', 'b', 'a', 'data', 'text'), tie('value')), { maxLength: 3 }).map((entries) => `{${entries.map(([k, v]) => `"${k}": ${v}`).join(', ')}}`),
  ),
})).value;

const CELL_SOURCES = ['x = str(bucket)\n', 'y = f"s3://{bucket}/x"\n', 'n = 1\n', '%pip install sagemaker\n', 'z = "s3://" + bucket'];

const notebook = fc
  .record({
    sources: fc.array(fc.tuple(fc.constantFrom('code', 'markdown'), fc.array(fc.constantFrom(...CELL_SOURCES), { maxLength: 3 }), fc.constantFrom('list', 'string', 'odd')), { maxLength: 4 }),
    outputs: fc.array(rawJson, { minLength: 8, maxLength: 8 }),
    metadata: rawJson,
    layout: fc.constantFrom('compact', 'indent1', 'indent2', 'crlf'),
    invalidByte: fc.boolean(),
  })
  .map(({ sources, outputs, metadata, layout, invalidByte }) => {
    const sep = layout === 'compact' ? '' : layout === 'crlf' ? '\r\n' : '\n';
    const unit = layout === 'compact' ? '' : layout === 'indent2' ? '  ' : ' ';
    const ind = (n: number) => (sep ? sep + unit.repeat(n) : '');
    const colon = layout === 'compact' ? ':' : ': ';
    const firstCell = `{${ind(3)}"cell_type"${colon}"code",${ind(3)}"metadata"${colon}{},${ind(3)}"outputs"${colon}[],${ind(3)}"source"${colon}@@SOURCE@@${ind(2)}}`;
    const cellTexts = [
      ['from sagemaker.workflow.parameters import ParameterString\n', 'bucket = ParameterString(name="B")\n'],
      ...sources.map(([, lines]) => lines),
    ];
    const kinds = ['code', ...sources.map(([kind]) => kind)];
    const shapes = ['list', ...sources.map(([, , shape]) => shape)];
    const sourceJson = cellTexts.map((lines, i) =>
      shapes[i] === 'string' ? JSON.stringify(lines.join('')) : shapes[i] === 'odd' && !lines.length ? '5' : `[${lines.map((l) => ind(4) + JSON.stringify(l)).join(',')}${lines.length ? ind(3) : ''}]`,
    );
    const cells = kinds.map((kind, i) =>
      i === 0
        ? firstCell
        : `{${ind(3)}"cell_type"${colon}"${kind}",${ind(3)}"execution_count"${colon}${outputs[i % outputs.length]},${ind(3)}"metadata"${colon}${outputs[(i + 3) % outputs.length]},${ind(3)}"outputs"${colon}[${outputs[(i + 5) % outputs.length]}],${ind(3)}"source"${colon}@@SOURCE@@${ind(2)}}`,
    );
    const template = `{${ind(1)}"cells"${colon}[${cells.map((c) => ind(2) + c).join(',')}${ind(1)}],${ind(1)}"metadata"${colon}{"language_info"${colon}{"name"${colon}"python"}, "extra"${colon}${metadata}},${ind(1)}"nbformat"${colon}4,${ind(1)}"nbformat_minor"${colon}5${sep}}${sep}`;
    const parts = template.split('@@SOURCE@@');
    const text = parts.map((p, i) => p + (i < sourceJson.length ? sourceJson[i] : '')).join('');
    let bytes = Buffer.from(text, 'utf8');
    if (invalidByte) {
      // An invalid UTF-8 byte inside the notebook's metadata string.
      const at = bytes.indexOf('"language_info"');
      bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from('"x\xff":1,', 'latin1'), bytes.subarray(at)]);
    }
    return { bytes, parts: parts.map((p) => Buffer.from(p, 'utf8')), sourceJson, invalidByte };
  });

test('--fix on notebooks: only the fixed cells\' source values change, every other byte is kept', async () => {
  const parser = await getParser();
  let fixedNotebooks = 0;
  fc.assert(
    fc.property(notebook, fc.boolean(), ({ bytes, parts, sourceJson, invalidByte }, unsafe) => {
      const actual = fixedOutput(parser, 'nb.ipynb', bytes, unsafe);
      if (invalidByte) {
        assert.deepEqual(actual, bytes, 'a notebook that is not valid UTF-8 is never rewritten');
        return;
      }
      // The output is the template's bytes with a JSON value in place of each source: walk it.
      let at = 0;
      for (let i = 0; i < parts.length; i++) {
        assert.ok(actual.subarray(at, at + parts[i].length).equals(parts[i]), `bytes outside the sources changed near part ${i}`);
        at += parts[i].length;
        if (i === parts.length - 1) break;
        const next = actual.indexOf(parts[i + 1].subarray(0, Math.min(parts[i + 1].length, 40)), at);
        assert.ok(next >= 0, `part ${i + 1} not found`);
        const value = actual.subarray(at, next).toString('utf8');
        if (value !== sourceJson[i]) {
          fixedNotebooks++;
          const parsed = JSON.parse(value) as unknown;
          assert.ok(typeof parsed === 'string' || (Array.isArray(parsed) && parsed.every((l) => typeof l === 'string')), `source ${i} is now ${value}`);
        }
        at = next;
      }
      assert.equal(at, actual.length);
    }),
    { numRuns: RUNS, seed: SEED },
  );
  assert.ok(fixedNotebooks > 0, 'no notebook was fixed');
});

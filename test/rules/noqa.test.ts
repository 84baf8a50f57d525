import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText, applyEdits } from '../helpers/python';

const HEADER = 'from sagemaker.workflow.parameters import ParameterString\n\nbucket = ParameterString(name="Bucket")\n';

async function codes(text: string): Promise<string[]> {
  return (await analyzeText(text)).findings.map((f) => f.code);
}

test('# noqa suppresses every code on its line', async () => {
  assert.deepEqual(await codes(`${HEADER}print(bucket)\n`), ['SM101']);
  assert.deepEqual(await codes(`${HEADER}print(bucket)  # noqa\n`), []);
  assert.deepEqual(await codes(`${HEADER}if bucket == "x": print(bucket)  # noqa\n`), []);
  assert.deepEqual(await codes(`${HEADER}print(bucket)  # NOQA\n`), []);
});

test('# noqa: CODE suppresses only the codes it names', async () => {
  assert.deepEqual(await codes(`${HEADER}print(bucket)  # noqa: SM101\n`), []);
  assert.deepEqual(await codes(`${HEADER}print(bucket)  # noqa:sm101\n`), []);
  assert.deepEqual(await codes(`${HEADER}print(bucket)  # noqa: SM102\n`), ['SM101']);
  assert.deepEqual(await codes(`${HEADER}if bucket == "x": print(bucket)  # noqa: SM103\n`), ['SM101']);
  assert.deepEqual(await codes(`${HEADER}if bucket == "x": print(bucket)  # noqa: SM101, SM103\n`), []);
  assert.deepEqual(await codes(`${HEADER}if bucket == "x": print(bucket)  # noqa: SM101 SM103\n`), []);
});

test('# noqa on another line does not suppress', async () => {
  assert.deepEqual(await codes(`${HEADER}# noqa\nprint(bucket)\n`), ['SM101']);
  assert.deepEqual(await codes(`${HEADER}print(bucket)\nx = 1  # noqa: SM101\n`), ['SM101']);
});

test("a finding's noqaEdit appends a comment that suppresses it", async () => {
  const text = `${HEADER}print(bucket)   \nx = 1\n`;
  const [finding] = (await analyzeText(text)).findings;
  assert.equal(finding.noqaLine, 3);
  const fixed = applyEdits(text, [finding.noqaEdit]);
  assert.equal(fixed, `${HEADER}print(bucket)  # noqa: SM101\nx = 1\n`);
  assert.deepEqual(await codes(fixed), []);
});

test('noqaEdit extends an existing "# noqa: SM102" comment', async () => {
  const text = `${HEADER}print(bucket)  # noqa: SM102  (explained elsewhere)\n`;
  const [finding] = (await analyzeText(text)).findings;
  assert.equal(finding.code, 'SM101');
  const fixed = applyEdits(text, [finding.noqaEdit]);
  assert.equal(fixed, `${HEADER}print(bucket)  # noqa: SM102, SM101  (explained elsewhere)\n`);
  assert.deepEqual(await codes(fixed), []);
});

test('noqaEdit on a line with two findings: adding the codes one after the other suppresses both', async () => {
  let text = `${HEADER}if bucket == "x": print(bucket)\n`;
  for (let i = 0; i < 2; i++) {
    const [finding] = (await analyzeText(text)).findings;
    text = applyEdits(text, [finding.noqaEdit]);
  }
  assert.equal(text, `${HEADER}if bucket == "x": print(bucket)  # noqa: SM103, SM101\n`);
  assert.deepEqual(await codes(text), []);
});

test('a finding inside a multi-line string takes its noqa on the line the string ends', async () => {
  const text = `${HEADER}x = f"""\n{bucket}\n"""\n`;
  const [finding] = (await analyzeText(text)).findings;
  assert.equal(finding.code, 'SM101');
  assert.equal(finding.noqaLine, 5);
  const fixed = applyEdits(text, [finding.noqaEdit]);
  assert.equal(fixed, `${HEADER}x = f"""\n{bucket}\n"""  # noqa: SM101\n`);
  assert.deepEqual(await codes(fixed), []);
});

test('noqaEdit keeps CRLF line breaks', async () => {
  const text = `${HEADER}print(bucket)\nx = 1\n`.replace(/\n/g, '\r\n');
  const [finding] = (await analyzeText(text)).findings;
  const fixed = applyEdits(text, [finding.noqaEdit]);
  assert.equal(fixed, `${HEADER}print(bucket)  # noqa: SM101\nx = 1\n`.replace(/\n/g, '\r\n'));
  assert.deepEqual(await codes(fixed), []);
});

test('ignore/select settings turn rules off', async () => {
  const text = `${HEADER}if bucket == "x": print(bucket)\n`;
  assert.deepEqual((await analyzeText(text, { ignore: ['SM101'] })).findings.map((f) => f.code), ['SM103']);
  assert.deepEqual((await analyzeText(text, { select: ['SM101'] })).findings.map((f) => f.code), ['SM101']);
  assert.deepEqual((await analyzeText(text, { ignore: ['SM1'] })).findings, []);
});

// noqaLine looks for a string around a line's end only in a top-level statement holding a string with a
// line break (kept per statement node): the answers must be those of a search of the whole tree.
test('the noqa line of a finding follows only strings that hold the end of its line, whatever the line breaks', async () => {
  const noqaLines = async (text: string) => (await analyzeText(text)).findings.filter((f) => f.code === 'SM101').map((f) => f.noqaLine);
  // A string continued with a backslash holds the end of the finding's line.
  assert.deepEqual(await noqaLines(`${HEADER}x = f"{bucket}" + "a\\\nb"\n`), [4]);
  // Lone carriage returns are line breaks too.
  assert.deepEqual(await noqaLines(`${HEADER}x = f"""\r{bucket}\r"""\r`.replace(/\n/g, '\r')), [5]);
  // A statement holding a multi-line string elsewhere: the finding's own line ends outside any string.
  assert.deepEqual(await noqaLines(`${HEADER}x = [\n    f"{bucket}",\n    """\nabc\n""",\n]\n`), [4]);
});

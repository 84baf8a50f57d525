import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blankMagics } from '../../server/src/notebook/magics';
import { NotebookText } from '../../server/src/notebook/concat';
import { parsePython } from '../helpers/python';

test('magics and shell lines are blanked to the same length, line breaks kept', async () => {
  const cases: [string, string][] = [
    ['%pip install sagemaker', '#pip install sagemaker'],
    ['!ls -la', '#ls -la'],
    ['?sagemaker', '#sagemaker'],
    ['sagemaker.Session?', '#agemaker.Session?'],
    ['sagemaker.Session??', '#agemaker.Session??'],
    ['files = !ls', 'files = ...'],
    ['t = %timeit f()', 't = ...        '],
    ['if True:\n    %time f()', 'if True:\n    ...#e f()'],
    ['%%bash\necho hi\r\nexit 1', '      \n       \r\n      '],
    ['%%time\nx = 1\n!echo', '      \nx = 1\n#echo'],
    ['s = """\n%not a magic\n"""\n%magic', 's = """\n%not a magic\n"""\n#magic'],
    ['x = 1  # ends with ?', 'x = 1  # ends with ?'],
    ['a == !b', 'a == !b'],
    ['msg = (\n    "%s"\n    % name\n)\n%who', 'msg = (\n    "%s"\n    % name\n)\n#who'],
    ['x = 10 \\\n    % 3\n!ls', 'x = 10 \\\n    % 3\n#ls'],
  ];
  for (const [input, expected] of cases) {
    const out = blankMagics(input);
    assert.equal(out, expected, JSON.stringify(input));
    assert.equal(out.length, input.length);
  }
  for (const [input] of [...cases.slice(0, 11), ...cases.slice(13)]) {
    const tree = await parsePython(blankMagics(input));
    assert.ok(!tree.root.containsError, `parses cleanly: ${JSON.stringify(input)}`);
  }
});

test('offsets map between the concatenated module and cells', () => {
  const nb = new NotebookText([
    { index: 1, text: 'import a\n' },
    { index: 3, text: '%time b\nc = 1' },
  ]);
  assert.equal(nb.text, 'import a\n\n#time b\nc = 1\n');
  const c = nb.text.indexOf('c = 1');
  assert.deepEqual(nb.toCell(c, c + 1) && { cell: nb.toCell(c, c + 1)!.cell.index, start: nb.toCell(c, c + 1)!.start }, { cell: 3, start: 8 });
  assert.equal(nb.offsetAt(3, { line: 1, character: 0 }), c);
  // An insertion at the end of the first cell stays in it; a range across cells does not map.
  assert.equal(nb.toCell(9, 9)!.cell.index, 1);
  assert.equal(nb.toCell(5, c), undefined);
});

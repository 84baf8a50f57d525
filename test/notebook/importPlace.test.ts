// Where a notebook fix puts the import it adds (issue 16, item 1): Run All on a fresh kernel must work,
// so never above a %pip/!pip/magic/shell line, in the cell that imports from sagemaker, else the cell
// that uses the name. The editor (lsp/notebooks.ts) and the CLI both take fixes from analyzeNotebook.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeNotebook } from '../../server/src/notebook/analyzeNotebook';
import { applyEdits } from '../../server/src/cli/fix';
import { DEFAULT_SETTINGS } from '../../server/src/config/settings';
import { getParser } from '../helpers/python';

/** Applies the first Join fix (SM101 on the f-string) to the cells; returns the cells' new texts. */
async function fixed(cells: string[]): Promise<string[]> {
  const parser = await getParser();
  const result = analyzeNotebook(parser, cells.map((text, index) => ({ index, text })), DEFAULT_SETTINGS);
  const finding = result.findings.find((f) => f.fix?.edits.some((e) => e.newText.includes('import Join')));
  assert.ok(finding, `no Join fix among ${result.findings.map((f) => f.code).join(', ')}`);
  return cells.map((text, index) => applyEdits(text, finding.fix!.edits.filter((e) => e.cell === index)));
}

const IMPORT = 'from sagemaker.workflow.functions import Join';

test('the import goes below %pip in the cell that imports from sagemaker (the issue 16 shape)', async () => {
  const cells = ['%pip install -q sagemaker==2.232.1\nimport os', 'import sagemaker\nfrom sagemaker.workflow.parameters import ParameterString', 'bucket = ParameterString(name="B")\nuri = f"s3://{bucket}/x"'];
  const out = await fixed(cells);
  assert.equal(out[0], cells[0]);
  assert.equal(out[1], `${cells[1]}\n${IMPORT}`);
});

test('a cell that installs and then imports: the import goes below both, even when a magic follows the imports', async () => {
  const cells = ['!pip install sagemaker\nfrom sagemaker.workflow.parameters import ParameterString\n%load_ext autoreload\n', 'bucket = ParameterString(name="B")\nuri = f"s3://{bucket}/x"'];
  assert.equal((await fixed(cells))[0], `!pip install sagemaker\nfrom sagemaker.workflow.parameters import ParameterString\n%load_ext autoreload\n${IMPORT}\n`);
});

test('the using cell imports from sagemaker itself: after its magic lines and imports, above the use', async () => {
  const cells = ['%pip install -q sagemaker', '%%time\n%env X=1\nimport sagemaker.workflow.parameters as params\nbucket = params.ParameterString(name="B")\nuri = f"s3://{bucket}/x"'];
  const out = await fixed(cells);
  assert.equal(out[0], cells[0]);
  // `import sagemaker.workflow.parameters as params` imports from sagemaker: the import goes after it.
  assert.equal(out[1].split('\n').slice(0, 4).join('\n'), `%%time\n%env X=1\nimport sagemaker.workflow.parameters as params\n${IMPORT}`);
});

test('the cell magic on the first line stays first; a later importing cell is not used', async () => {
  const cells = ['%%capture\n!pip install sagemaker\nbucket = __import__("sagemaker").workflow.parameters.ParameterString(name="B")\nimport sagemaker.workflow.parameters as p\nb2 = p.ParameterString(name="C")\nuri = f"s3://{b2}/x"', 'from sagemaker.workflow.functions import JsonGet'];
  const out = await fixed(cells);
  assert.equal(out[1], cells[1]);
  assert.match(out[0], new RegExp(`^%%capture\\n!pip install sagemaker\\n.*\\nimport sagemaker.workflow.parameters as p\\n${IMPORT}\\nb2 = `));
});

test('a cell with a lone \\r line ending gets its import with \\r', async () => {
  const cells = ['%pip install sagemaker\rfrom sagemaker.workflow.parameters import ParameterString\rbucket = ParameterString(name="B")\ruri = f"s3://{bucket}/x"'];
  assert.equal((await fixed(cells))[0].split('\r')[2], IMPORT);
});

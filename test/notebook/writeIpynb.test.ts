import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIpynb, writeIpynb } from '../../server/src/notebook/ipynb';

/** nbformat's own layout (indent 1, sorted keys, ensure_ascii=False). */
const JUPYTER = `{
 "cells": [
  {
   "cell_type": "code",
   "execution_count": 1,
   "metadata": {},
   "outputs": [],
   "source": [
    "import os\\n",
    "x = \\"caf\\u00e9\\"\\n",
    "y = 2"
   ]
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "metadata": {},
   "outputs": [],
   "source": []
  },
  {
   "cell_type": "code",
   "metadata": {},
   "outputs": [],
   "source": "a = 1\\nb = 2\\n"
  }
 ],
 "metadata": {"version": 1.0},
 "nbformat": 4,
 "nbformat_minor": 5
}
`;

test('writeIpynb: changed lines only; unchanged items keep their JSON text (escapes included) and the list layout', () => {
  const out = writeIpynb(JUPYTER, new Map([[0, 'import os\nimport sys\nx = "café"\ny = 3']]));
  assert.equal(
    out,
    JUPYTER.replace('    "import os\\n",\n', '    "import os\\n",\n    "import sys\\n",\n').replace('    "y = 2"\n', '    "y = 3"\n'),
  );
});

test('writeIpynb: an empty list gets the notebook indentation; a string source stays a string', () => {
  const out = writeIpynb(JUPYTER, new Map([[1, 'from sagemaker import Session\nsession = Session()\n'], [2, 'a = 1\nb = 3\n']]));
  assert.equal(
    out,
    JUPYTER.replace('   "source": []\n', '   "source": [\n    "from sagemaker import Session\\n",\n    "session = Session()\\n"\n   ]\n').replace('"a = 1\\nb = 2\\n"', '"a = 1\\nb = 3\\n"'),
  );
  assert.deepEqual(parseIpynb(out).cells.map((c) => c.text), ['import os\nx = "café"\ny = 2', 'from sagemaker import Session\nsession = Session()\n', 'a = 1\nb = 3\n']);
});

test('writeIpynb: the same text changes nothing; an ASCII-only file gets \\u escapes; duplicate keys: the last one is edited', () => {
  assert.equal(writeIpynb(JUPYTER, new Map([[0, 'import os\nx = "café"\ny = 2']])), JUPYTER);
  const ascii = '{"cells": [{"cell_type": "code", "source": "x", "source": ["a = 1"]}], "metadata": {}}';
  assert.equal(writeIpynb(ascii, new Map([[0, 'é = 1']])), '{"cells": [{"cell_type": "code", "source": "x", "source": ["\\u00e9 = 1"]}], "metadata": {}}');
  const crlf = '{\r\n "cells": [\r\n  {\r\n   "cell_type": "code",\r\n   "source": []\r\n  }\r\n ]\r\n}\r\n';
  assert.equal(writeIpynb(crlf, new Map([[0, 'a\nb']])), '{\r\n "cells": [\r\n  {\r\n   "cell_type": "code",\r\n   "source": [\r\n    "a\\n",\r\n    "b"\r\n   ]\r\n  }\r\n ]\r\n}\r\n');
});

test('writeIpynb: odd sources (a number, a list with non-strings) and deep nesting elsewhere', () => {
  const deep = `${'['.repeat(20000)}${']'.repeat(20000)}`;
  const json = `{"cells": [{"cell_type": "code", "outputs": ${deep}, "source": 5}, {"cell_type": "code", "source": [1, "x"]}], "metadata": {}}`;
  const out = writeIpynb(json, new Map([[0, 'a = 1\n'], [1, 'b = 2\n']]));
  assert.equal(out, json.replace('"source": 5', '"source": "a = 1\\n"').replace('"source": [1, "x"]', '"source": ["b = 2\\n"]'));
});

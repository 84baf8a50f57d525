/** The parts of an .ipynb file (nbformat 4) sagelint reads. */
export interface IpynbCell {
  /** Position among all cells, 0-based. */
  readonly index: number;
  readonly kind: 'code' | 'markdown' | 'raw';
  readonly text: string;
}

export class NotebookFormatError extends Error {}

/** Parses notebook JSON. Throws NotebookFormatError with a one-line reason when it is not a notebook. */
export function parseIpynb(json: string): { cells: IpynbCell[]; language: string } {
  let data: unknown;
  try {
    data = JSON.parse(json.replace(/^\ufeff/, ''));
  } catch (error) {
    throw new NotebookFormatError(`not valid notebook JSON (${(error as Error).message})`);
  }
  const root = data as { cells?: unknown; metadata?: { language_info?: { name?: unknown }; kernelspec?: { language?: unknown } } };
  if (!root || typeof root !== 'object' || !Array.isArray(root.cells)) throw new NotebookFormatError('not a Jupyter notebook (no "cells" list)');
  const language = String(root.metadata?.language_info?.name ?? root.metadata?.kernelspec?.language ?? 'python').toLowerCase();
  const cells = root.cells.map((raw: unknown, index: number): IpynbCell => {
    const cell = raw as { cell_type?: unknown; source?: unknown };
    const source = Array.isArray(cell?.source) ? cell.source.map(String).join('') : typeof cell?.source === 'string' ? cell.source : '';
    const kind = cell?.cell_type === 'code' ? 'code' : cell?.cell_type === 'markdown' ? 'markdown' : 'raw';
    return { index, kind, text: source };
  });
  return { cells, language };
}

/** The code cells worth analysing: all of them in a Python notebook, none in another language's. */
export function pythonCodeCells(notebook: { cells: readonly IpynbCell[]; language: string }): IpynbCell[] {
  if (!notebook.language.startsWith('python')) return [];
  return notebook.cells.filter((c) => c.kind === 'code');
}

/**
 * The notebook JSON with new text for some cells (by index), everything else kept: key order, a list
 * or string `source` as it was, the original indentation and final line break.
 */
export function writeIpynb(json: string, texts: ReadonlyMap<number, string>): string {
  const bom = json.startsWith('\ufeff') ? '\ufeff' : '';
  const data = JSON.parse(json.slice(bom.length)) as { cells: { source?: unknown }[] };
  for (const [index, text] of texts) {
    const cell = data.cells[index];
    if (!cell) continue;
    cell.source = typeof cell.source === 'string' ? text : text.split(/(?<=\n)/).filter((line) => line !== '');
  }
  const indent = /^\{\r?\n([ \t]+)"/.exec(json.slice(bom.length))?.[1] ?? 1;
  const eol = json.includes('\r\n') ? '\r\n' : '\n';
  let out = JSON.stringify(data, null, indent);
  if (eol !== '\n') out = out.replace(/\n/g, eol);
  return bom + out + (/\r?\n$/.test(json) ? eol : '');
}

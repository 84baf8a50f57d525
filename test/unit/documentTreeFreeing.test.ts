import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DocumentState } from '../../server/src/lsp/documents';
import { WasmPythonParser } from '../../server/src/parse/wasmParser';
import { ModulePart, ParseRefusal, ParserTree, PythonParser, TextChange, TextSpanChange } from '../../server/src/parse/parser';
import { SyntaxTree } from '../../server/src/parse/syntaxNode';
import { DEFAULT_SETTINGS } from '../../server/src/config/settings';

let parser: WasmPythonParser;
before(async () => {
  parser = await WasmPythonParser.create();
});

/** The real parser, telling what it parses and which of its trees are freed, in order. */
class Watched implements PythonParser {
  readonly events: string[] = [];
  private count = 0;

  constructor(private readonly inner: WasmPythonParser) {}

  get lastRefusal(): ParseRefusal | undefined {
    return this.inner.lastRefusal;
  }

  parse(text: string, previous?: ParserTree): ParserTree | undefined {
    const name = `tree ${++this.count}`;
    this.events.push(`parse ${name}${previous ? ` from ${(previous as WatchedTree).name}` : ''}`);
    const tree = this.inner.parse(text, (previous as WatchedTree | undefined)?.inner);
    return tree && new WatchedTree(tree, name, this.events);
  }

  joinParts(text: string, parts: readonly ModulePart[], previous?: SyntaxTree): SyntaxTree {
    return this.inner.joinParts(text, parts, previous);
  }

  reparseStatements(previous: SyntaxTree, text: string, change: TextSpanChange): SyntaxTree | undefined {
    return this.inner.reparseStatements(previous, text, change);
  }
}

class WatchedTree implements ParserTree {
  constructor(
    readonly inner: ParserTree,
    readonly name: string,
    private readonly events: string[],
  ) {}

  edit(change: TextChange): void {
    this.inner.edit(change);
  }

  toSyntaxTree(text: string, previous?: SyntaxTree): SyntaxTree {
    return this.inner.toSyntaxTree(text, previous);
  }

  free(): void {
    this.events.push(`free ${this.name}`);
    this.inner.free();
  }

  get hasError(): boolean {
    return this.inner.hasError;
  }

  get live(): boolean {
    return this.inner.live;
  }
}

// A keystroke that leaves a syntax error is parsed again from scratch (DocumentState.compute). wasm memory
// never shrinks, so the tree before must be freed before that parse, not after the diagnostics: otherwise
// two whole trees are in wasm memory at once (148 MB for a 50,000-line module, for good).
test('a document frees its tree before parsing an edit with a syntax error afresh', async () => {
  const watched = new Watched(parser);
  const text = 'import sagemaker\nx = f(1)\ny = 2\n';
  const state = new DocumentState('file:///freeing.py', 1, text);
  state.analysis(watched, DEFAULT_SETTINGS);
  const at = text.indexOf('f(1)') + 2;
  state.applyChange({ range: { start: state.lines.positionAt(at), end: state.lines.positionAt(at) }, text: '(' });
  state.version++;
  const outcome = state.analysis(watched, DEFAULT_SETTINGS);
  assert.equal(outcome.kind, 'analyzed');
  assert.deepEqual(watched.events, ['parse tree 1', 'parse tree 2 from tree 1', 'free tree 2', 'free tree 1', 'parse tree 3']);
  // An edit without an error frees the tree before after the diagnostics, as before (a turn of the event loop later).
  state.applyChange({ range: { start: state.lines.positionAt(at), end: state.lines.positionAt(at + 1) }, text: '' });
  state.version++;
  state.analysis(watched, DEFAULT_SETTINGS);
  assert.deepEqual(watched.events.slice(5), ['parse tree 4 from tree 3']);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(watched.events.slice(5), ['parse tree 4 from tree 3', 'free tree 3']);
  state.dispose();
});

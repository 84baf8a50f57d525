/**
 * Evaluating an expression the user is typing. The text around the cursor rarely parses
 * (`step.properties.` has no member yet, `PyTorch(entry_point="x", ` has no closing parenthesis), so
 * the expression is evaluated in a probe document: the text up to the start of the current statement,
 * plus `__sagelint_probe__ = (<expression>)` at that statement's indentation. Bindings made before the
 * statement are what the expression sees, as in the real file.
 */
import { SyntaxNode, SyntaxTree, childByField, unparenthesize } from '../parse/syntaxNode';
import { SemanticModel } from '../semantic/model';
import { Value } from '../semantic/values';
import { statementStartBefore } from './pythonText';
import type { PythonParser } from '../parse/parser';
import type { Position } from '../text/lineIndex';
import type { SdkEnvironment } from '../environment/types';

/** A document's (or a notebook's module) text at the cursor, and the way from offsets back to the editor's positions. */
export interface CursorText {
  readonly text: string;
  readonly offset: number;
  /** The document's Python environment (the SDK version decides v2 or v3 signatures). */
  readonly environment?: SdkEnvironment;
  /** Undefined for an offset the editor cannot show at this cursor (another notebook cell). */
  toPosition(offset: number): Position | undefined;
}

/** Parses probe documents into our trees (the wasm tree is freed at once). */
export function treeParser(parser: PythonParser): (text: string) => SyntaxTree | undefined {
  return (text) => {
    const parsed = parser.parse(text);
    if (!parsed) return undefined;
    try {
      return parsed.toSyntaxTree(text);
    } finally {
      parsed.free();
    }
  };
}

const PROBE = '__sagelint_probe__';

export interface Probed {
  readonly value: Value;
  readonly model: SemanticModel;
  /** The expression in the probe document. */
  readonly node: SyntaxNode;
}

/** Evaluates `expression` as if written at the start of the statement that contains `at`. */
export function evaluateAt(text: string, at: number, expression: string, parse: (text: string) => SyntaxTree | undefined): Value | undefined {
  return evaluateIn(text, at, expression, parse)?.value;
}

export function evaluateIn(text: string, at: number, expression: string, parse: (text: string) => SyntaxTree | undefined, environment?: SdkEnvironment): Probed | undefined {
  return evaluateAllIn(text, at, [expression], parse, environment)[0];
}

/**
 * Evaluates several expressions at the start of the statement that contains `at`, with one parse (the
 * callees of nested calls in one statement). Undefined for an expression that cannot be evaluated.
 */
export function evaluateAllIn(
  text: string,
  at: number,
  expressions: readonly string[],
  parse: (text: string) => SyntaxTree | undefined,
  /** The document's Python environment: which SDK generation its calls mean. */
  environment?: SdkEnvironment,
): (Probed | undefined)[] {
  const usable = expressions.map((e) => !e.includes('#'));
  if (!usable.some(Boolean)) return expressions.map(() => undefined);
  const statementStart = statementStartBefore(text, at);
  const lineText = text.slice(statementStart, text.indexOf('\n', statementStart) < 0 ? text.length : text.indexOf('\n', statementStart));
  const indentation = /^[ \t]*/.exec(lineText)![0];
  let probeText = text.slice(0, statementStart);
  expressions.forEach((expression, index) => {
    if (usable[index]) probeText += `${indentation}${PROBE}${index} = (${expression.replace(/\s*\n\s*/g, ' ')})\n`;
  });
  const tree = parse(probeText);
  if (!tree) return expressions.map(() => undefined);
  const probes = findProbes(tree);
  let model: SemanticModel | undefined;
  return expressions.map((_, index) => {
    const right = probes.get(`${PROBE}${index}`) && childByField(probes.get(`${PROBE}${index}`)!, 'right');
    if (!right) return undefined;
    model ??= new SemanticModel(tree, environment);
    return { value: model.valueOf(right), model, node: unparenthesize(right) };
  });
}

/** The probe assignments by target name (the last one of a name wins: the probes are appended at the end). */
function findProbes(tree: SyntaxTree): Map<string, SyntaxNode> {
  const stack = [tree.root];
  const found = new Map<string, { node: SyntaxNode; start: number }>();
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'assignment') {
      const left = childByField(node, 'left');
      const name = left && left.type === 'identifier' ? tree.textOf(left) : '';
      if (name.startsWith(PROBE) && (found.get(name)?.start ?? -1) < node.start) found.set(name, { node, start: node.start });
    }
    for (const child of node.children) if (child.named) stack.push(child);
  }
  return new Map([...found].map(([name, { node }]) => [name, node]));
}

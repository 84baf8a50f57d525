import { SyntaxNode, childByField } from '../parse/syntaxNode';
import { TextEdit } from '../rules/types';
import { SemanticModel, editTouchesImports } from './model';
import { symbolById } from './sdk';
import { detectEol } from '../text/lineIndex';
import type { ModuleFact } from './reads';

/**
 * How to refer to an SDK symbol at a place in the module: the name already bound to it there, or a
 * new import (placed after the module's last top-level import) and the bare name.
 */
export function referenceTo(model: SemanticModel, symbolId: string, at: SyntaxNode): { expression: string; edits: TextEdit[] } | undefined {
  const symbol = symbolById(symbolId);
  if (!symbol) return undefined;
  // What the module binds is read as a fact with a plain value (the incremental analysis compares it),
  // not through the scope tree, which would make every statement with such a fix depend on the whole module.
  const { paths, candidates, bareNameTaken } = JSON.parse(model.fact(referenceFact(symbolId))) as { paths: string[]; candidates: string[]; bareNameTaken: boolean };
  if (!paths.length) return undefined;

  // Reuse a binding that already names the symbol, as long as that name means the same here.
  for (const name of candidates) {
    const probe = model.lookupNameAt(name, at);
    if (probe.kind === 'path' && paths.includes(probe.path)) return { expression: name, edits: [] };
  }
  const name = symbol.id;
  // The bare name must not already mean something else in the module.
  if (bareNameTaken) return undefined;
  const path = paths[0];
  const modulePath = path.slice(0, path.lastIndexOf('.'));
  return { expression: name, edits: [insertImport(model, `from ${modulePath} import ${name}`)] };
}

const referenceFacts = new Map<string, ModuleFact<string>>();

/**
 * For one SDK symbol: the import paths that name it in the module's SDK generation, the module-level
 * names bound to one of them (in the scope's order), and whether the symbol's bare name is bound.
 */
function referenceFact(symbolId: string): ModuleFact<string> {
  let fact = referenceFacts.get(symbolId);
  if (!fact) {
    fact = {
      name: `reference-to:${symbolId}`,
      compute(model) {
        const symbol = symbolById(symbolId)!;
        const generation = usesV3(model) ? 'v3' : 'v2';
        const paths = generation === 'v3' && symbol.v3.length ? symbol.v3 : symbol.v2.length ? symbol.v2 : symbol.v3;
        const scope = model.scopes.module;
        const candidates: string[] = [];
        for (const [name, definitions] of scope.definitions) if (definitions.some((d) => d.path && paths.includes(d.path))) candidates.push(name);
        return JSON.stringify({ paths, candidates, bareNameTaken: scope.definitions.has(symbol.id) });
      },
      // Import bindings come from import statements; the bare name may be bound by anything, and a name
      // bound again may move in the scope's order (the candidates' order decides which one is used).
      unchangedBy(model, before, was) {
        const rebound = model.reboundNames();
        if (!rebound || rebound.has(symbolById(symbolId)!.id) || editTouchesImports(before)) return false;
        return !(JSON.parse(was) as { candidates: string[] }).candidates.some((name) => rebound.has(name));
      },
    };
    referenceFacts.set(symbolId, fact);
  }
  return fact;
}

function usesV3(model: SemanticModel): boolean {
  // The detected environment decides first; the module's own imports are the guess without one.
  const major = model.environment?.sdk?.major;
  if (major !== undefined) return major >= 3;
  for (const definitions of model.scopes.module.definitions.values()) {
    for (const d of definitions) if (d.path && /^sagemaker\.(core|mlops|train|serve)\b/.test(d.path)) return true;
  }
  return false;
}

/** Inserts an import line after the last top-level import (or after the docstring and __future__ imports). */
export function insertImport(model: SemanticModel, line: string): TextEdit {
  const root = model.tree.root;
  const eol = detectEol(model.tree.text);
  let anchor: SyntaxNode | undefined;
  for (const statement of root.children) {
    if (statement.type === 'import_statement' || statement.type === 'import_from_statement' || statement.type === 'future_import_statement') {
      anchor = statement;
    } else if (!anchor && statement.type === 'expression_statement' && statement.children[0]?.type === 'string' && statement === root.children[0]) {
      anchor = statement; // module docstring
    } else if (statement.type !== 'comment') {
      if (anchor) break;
    }
  }
  if (anchor) return { start: anchor.end, end: anchor.end, newText: `${eol}${line}`, addsImport: line };
  return { start: 0, end: 0, newText: `${line}${eol}`, addsImport: line };
}

export function keywordArgumentName(argument: SyntaxNode, model: SemanticModel): string | undefined {
  if (argument.type !== 'keyword_argument') return undefined;
  const name = childByField(argument, 'name');
  return name ? model.text(name) : undefined;
}

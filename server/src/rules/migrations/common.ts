import { SyntaxNode, childByField } from '../../parse/syntaxNode';
import { SemanticModel, editTouchesImports } from '../../semantic/model';
import { ModuleFact } from '../../semantic/reads';
import { moduleExists, nameExists } from '../../semantic/sdk/modules';
import { Generation } from '../../semantic/sdk';

const KEYWORD_ARGUMENTS = {};
const NO_KEYWORDS: ReadonlyMap<string, SyntaxNode> = new Map();

/** The keyword_argument nodes of a call, by name (once per call: SM601 and SM607 ask about every call). */
export function keywordArguments(model: SemanticModel, call: SyntaxNode): ReadonlyMap<string, SyntaxNode> {
  // From the call's own syntax: a memo that records no read.
  const answers = model.syntaxMemoTable<ReadonlyMap<string, SyntaxNode>>(KEYWORD_ARGUMENTS);
  let result = answers.get(call);
  if (!result) {
    let found: Map<string, SyntaxNode> | undefined;
    const args = childByField(call, 'arguments');
    for (const child of args?.children ?? []) {
      if (child.type !== 'keyword_argument') continue;
      const name = childByField(child, 'name');
      if (name) (found ??= new Map()).set(model.text(name), child);
    }
    result = found ?? NO_KEYWORDS;
    answers.set(call, result);
  }
  return result;
}

/** The fully qualified path a call's callee names, if it names one. */
export function calleePath(model: SemanticModel, call: SyntaxNode): string | undefined {
  const callee = childByField(call, 'function');
  if (!callee) return undefined;
  const value = model.valueOf(callee);
  return value.kind === 'path' ? value.path : undefined;
}

/**
 * The SDK generation the project uses: the environment's, when the semantic model carries one (another
 * part of the server detects it), else v3 when the module imports sagemaker.core/mlops/train/serve.
 */
export function projectGeneration(model: SemanticModel): Generation {
  const major = model.environment?.sdk?.major;
  if (major === 3) return 'v3';
  if (major === 1 || major === 2) return 'v2';
  return importsV3OnlyModule(model) ? 'v3' : 'v2';
}

/**
 * Whether the module imports something only v3 has (sagemaker.core, sagemaker.mlops, ...). v2 has
 * modules named sagemaker.serve and sagemaker.train too, so a prefix test is not enough: the generated
 * module table decides.
 */
const IMPORTS_V3_ONLY_MODULE: ModuleFact<boolean> = {
  name: 'imports-v3-only-module',
  compute(model) {
    let result = false;
    for (const definitions of model.scopes.module.definitions.values()) {
      for (const d of definitions) {
        if (!d.path?.startsWith('sagemaker.') || (d.kind !== 'import' && d.kind !== 'from-import')) continue;
        const parent = d.path.slice(0, d.path.lastIndexOf('.'));
        const module = moduleExists('v3', d.path) || moduleExists('v2', d.path) ? d.path : parent;
        if (moduleExists('v3', module) && !moduleExists('v2', module)) result = true;
        else if (module === parent && moduleExists('v3', parent) && moduleExists('v2', parent)) {
          // `from sagemaker.serve import X`: v3 when only v3's module has X.
          const name = d.path.slice(parent.length + 1);
          if (nameInV3Only(parent, name)) result = true;
        }
      }
    }
    return result;
  },
  unchangedBy: (model, before) => !editTouchesImports(before),
};

function importsV3OnlyModule(model: SemanticModel): boolean {
  return model.fact(IMPORTS_V3_ONLY_MODULE);
}

function nameInV3Only(module: string, name: string): boolean {
  return nameExists('v3', module, name) && !nameExists('v2', module, name);
}

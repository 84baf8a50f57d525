/**
 * What an expression in the editor calls, in the SDK's signature model: the same resolution the
 * signature rules use (signatureOfCallee), so signature help, completion and hovers agree with the
 * squiggles. Completion and signature help hand over a probe call (`PyTorch()`, see ./probe.ts); hovers
 * hand over the name under the mouse, which may not be called at all (`from sagemaker.pytorch import PyTorch`).
 */
import { SyntaxNode, childByField } from '../parse/syntaxNode';
import type { SemanticModel } from '../semantic/model';
import type { Value } from '../semantic/values';
import type { Generation } from '../semantic/sdk';
import { CallTarget, SdkSignature, classSignature, constructedClassPath, functionSignature, generationsOf, signatureOfCallee } from '../semantic/sdk/signatures';

export interface CalleeAt {
  readonly model: SemanticModel;
  /** A call, the function of a call, or an expression naming a callable. */
  readonly node: SyntaxNode;
  /** What the node means when that is not its value where it stands (a name in its own import statement). */
  readonly bound?: Value;
}

export function sdkCallTarget({ model, node, bound }: CalleeAt): CallTarget | undefined {
  if (bound) return referencedTarget(model, bound);
  if (node.type === 'call') return signatureOfCallee(model, node);
  const parent = node.parent;
  if (parent?.type === 'call' && childByField(parent, 'function') === node) return signatureOfCallee(model, parent);
  return referencedTarget(model, model.valueOf(node));
}

/** A class, function or method named but not called here: resolved as signatureOfCallee would resolve a call of it. */
function referencedTarget(model: SemanticModel, value: Value): CallTarget | undefined {
  if (!model.importsSdk) return undefined;
  const candidates: { generation: Generation; signature: SdkSignature }[] = [];
  if (value.kind === 'path') {
    if (!value.path.startsWith('sagemaker.')) return undefined;
    let kind: CallTarget['kind'] | undefined;
    let qualifiedName: string | undefined;
    for (const generation of generationsOf(model)) {
      const cls = classSignature(value.path, generation);
      const fn = cls ? undefined : functionSignature(value.path, generation);
      const found: CallTarget['kind'] | undefined = cls ? 'constructor' : fn ? 'function' : undefined;
      if (!found) continue;
      if (kind && kind !== found) return undefined; // a class in one generation, a function in the other
      kind = found;
      qualifiedName ??= cls?.qualifiedName ?? fn?.qualifiedName;
      const signature = cls ? cls.init : fn;
      if (signature) candidates.push({ generation, signature });
    }
    return kind && qualifiedName && candidates.length ? { kind, qualifiedName, candidates } : undefined;
  }
  if (value.kind === 'method') {
    const classPath = constructedClassPath(model, value.self);
    if (!classPath) return undefined;
    let qualifiedName: string | undefined;
    for (const generation of generationsOf(model)) {
      const cls = classSignature(classPath, generation);
      const signature = cls?.methods.get(value.name);
      if (!cls || !signature) continue;
      qualifiedName ??= cls.qualifiedName;
      candidates.push({ generation, signature });
    }
    return qualifiedName && candidates.length ? { kind: 'method', qualifiedName, method: value.name, candidates } : undefined;
  }
  return undefined;
}

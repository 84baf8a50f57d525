import { SyntaxNode, childByField } from '../../parse/syntaxNode';
import { hasRole } from '../../semantic/sdk';
import { Rule, TextEdit } from '../types';
import { calleePath, keywordArguments } from './common';
import { MIGRATION_REFERENCES, V2_DOC } from './renames';

interface NoOp {
  readonly keyword: string;
  readonly where: string;
  readonly source: string;
}

/** Constructor paths whose keywords v2 ignores (removed_kwargs). */
const CONSTRUCTOR_NO_OPS: Record<string, readonly NoOp[]> = {
  'sagemaker.tensorflow.TensorFlowModel': [
    { keyword: 'content_type', where: 'TensorFlowModel()', source: 'tensorflow/model.py L78' },
    { keyword: 'accept', where: 'TensorFlowModel()', source: 'tensorflow/model.py L79' },
  ],
  'sagemaker.tensorflow.model.TensorFlowModel': [
    { keyword: 'content_type', where: 'TensorFlowModel()', source: 'tensorflow/model.py L78' },
    { keyword: 'accept', where: 'TensorFlowModel()', source: 'tensorflow/model.py L79' },
  ],
};

/** Estimator methods whose keywords v2 ignores or removed. */
const METHOD_NO_OPS: Record<string, readonly NoOp[]> = {
  deploy: [{ keyword: 'update_endpoint', where: 'deploy()', source: 'estimator.py L1752' }],
  create_model: [
    { keyword: 'serializer', where: 'create_model()', source: 'estimator.py L3443; cli/compatibility/v2/modifiers/serde.py SerdeKeywordRemover' },
    { keyword: 'deserializer', where: 'create_model()', source: 'cli/compatibility/v2/modifiers/serde.py SerdeKeywordRemover' },
  ],
};

/** Deletes a keyword argument with one adjacent comma. */
function removal(argument: SyntaxNode): TextEdit | undefined {
  const list = argument.parent;
  if (!list) return undefined;
  const items = list.children.filter((c) => c.named && c.type !== 'comment');
  const index = items.indexOf(argument);
  if (index < 0) return undefined;
  if (index + 1 < items.length) return { start: argument.start, end: items[index + 1].start, newText: '' };
  if (index > 0) return { start: items[index - 1].end, end: argument.end, newText: '' };
  return { start: argument.start, end: argument.end, newText: '' };
}

export const v2NoOpArgument: Rule = {
  code: 'SM607',
  name: 'v2-no-op-argument',
  defaultSeverity: 'warning',
  summary: 'A keyword argument SDK v2 ignores or removed (deploy(update_endpoint=), create_model(serializer=), TensorFlowModel(content_type=, accept=))',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const keywords = keywordArguments(model, node);
    if (!keywords.size) return;
    let noOps: readonly NoOp[] = [];
    const path = calleePath(model, node);
    if (path && CONSTRUCTOR_NO_OPS[path]) noOps = CONSTRUCTOR_NO_OPS[path];
    const value = model.valueOf(node);
    if (value.kind === 'method-call' && value.call === node && value.self.kind === 'instance' && hasRole(value.self.symbol, 'estimator')) {
      noOps = METHOD_NO_OPS[value.name] ?? [];
    }
    for (const noOp of noOps) {
      const argument = keywords.get(noOp.keyword);
      if (!argument) continue;
      const edit = removal(argument);
      context.report({
        node: childByField(argument, 'name')!,
        message: `\`${noOp.keyword}=\` does nothing since SDK v2: remove it${noOp.keyword === 'update_endpoint' ? ', and use predictor.update_endpoint()' : noOp.keyword.endsWith('serializer') ? ', and set it on the predictor' : ''}. In ${noOp.where} the SDK logs "${noOp.keyword} is a no-op in sagemaker>=2.\\nSee: ${V2_DOC} for details." and drops it.${noOp.keyword.endsWith('serializer') ? ' The predictor takes it as Predictor(serializer=...) or deploy(serializer=...).' : ''}`,
        fix: edit ? { title: `Remove ${noOp.keyword}=`, applicability: 'safe', edits: [edit] } : undefined,
      });
    }
  },
  doc: {
    what: 'Fires on keyword arguments that SDK v2 accepts only to ignore (or that `sagemaker-upgrade-v2` deletes): `estimator.deploy(update_endpoint=...)`, `estimator.create_model(serializer=..., deserializer=...)`, and `TensorFlowModel(content_type=..., accept=...)`.',
    why: 'v2 passes them to `removed_kwargs`, which logs `update_endpoint is a no-op in sagemaker>=2.\\nSee: https://sagemaker.readthedocs.io/en/stable/v2.html for details.` and deletes them: code that relied on them (an in-place endpoint update, a serializer) silently behaves differently.',
    example: [
      "from sagemaker.estimator import Estimator",
      "",
      "estimator = Estimator(image_uri=image, role=role, instance_count=1, instance_type=\"ml.m5.xlarge\")",
      "predictor = estimator.deploy(initial_instance_count=1, instance_type=\"ml.m5.xlarge\", update_endpoint=True)",
    ].join('\n'),
    useInstead: [
      "from sagemaker.estimator import Estimator",
      "",
      "estimator = Estimator(image_uri=image, role=role, instance_count=1, instance_type=\"ml.m5.xlarge\")",
      "predictor = estimator.deploy(initial_instance_count=1, instance_type=\"ml.m5.xlarge\")",
    ].join('\n'),
    fixSafety: 'Safe fix deleting the argument: v2 already ignores it, so behaviour does not change.',
    sdkVersions: 'Code written for SDK v1, run on v2.',
    references: [...MIGRATION_REFERENCES, 'v2.257.6 src/sagemaker/estimator.py L1752, L3443', 'v2.257.6 src/sagemaker/tensorflow/model.py L78-79', 'v2.257.6 .../modifiers/serde.py (SerdeKeywordRemover)'],
  },
};

import { childByField } from '../../parse/syntaxNode';
import { hasRole } from '../../semantic/sdk';
import { Rule } from '../types';
import { calleePath, keywordArguments } from './common';
import { METHOD_PARAM_RENAMES, MIGRATION_REFERENCES, PARAM_RENAMES, V2_DOC } from './renames';

export const v1RenamedParameter: Rule = {
  code: 'SM601',
  name: 'v1-renamed-parameter',
  defaultSeverity: 'warning',
  summary: 'A keyword argument that SDK v2 renamed (train_instance_type, image_name, image, distributions, endpoint, ...)',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const keywords = keywordArguments(model, node);
    if (!keywords.size) return;
    const renames: { old: string; new: string; modifier: string }[] = [];
    const path = calleePath(model, node);
    if (path) for (const rename of PARAM_RENAMES) if (rename.callees.has(path)) renames.push(rename);
    const value = model.valueOf(node);
    if (value.kind === 'method-call' && value.call === node && value.self.kind === 'instance') {
      const self = value.self.symbol;
      for (const rename of METHOD_PARAM_RENAMES) {
        if (rename.method !== value.name) continue;
        const matches = rename.role === 'estimator' ? hasRole(self, 'estimator') : self.roles.some((r) => r === 'session' || r === 'pipeline-session');
        if (matches) renames.push(rename);
      }
    }
    for (const rename of renames) {
      const argument = keywords.get(rename.old);
      if (!argument) continue;
      const name = childByField(argument, 'name')!;
      const clash = keywords.has(rename.new);
      const consequence = rename.old === 'image_name' || rename.old === 'image'
        ? `v2 has no \`${rename.old}\` parameter: without \`${rename.new}\` the constructor fails with "TypeError: __init__() missing 1 required positional argument: '${rename.new}'"`
        : `v2 still accepts it with "DeprecationWarning: ${rename.old} has been renamed in sagemaker>=2." where it forwards renamed kwargs, and rejects it elsewhere`;
      context.report({
        node: name,
        message: `${clash ? `\`${rename.old}=\` is the SDK v1 name of \`${rename.new}=\`, which is passed too: remove one.` : `\`${rename.old}=\` is the SDK v1 name: rename it to \`${rename.new}=\`.`} \`${rename.old}=\` was renamed to \`${rename.new}=\` in SageMaker Python SDK v2 (sagemaker-upgrade-v2 makes this change; see ${V2_DOC}): ${consequence}.`,
        fix: clash ? undefined : { title: `Rename to ${rename.new}=`, applicability: 'safe', edits: [{ start: name.start, end: name.end, newText: rename.new }] },
      });
    }
  },
  doc: {
    what: 'Fires on keyword arguments that SDK v2 renamed, on the calls `sagemaker-upgrade-v2` rewrites: `train_instance_count`, `train_instance_type`, `train_max_run`, `train_max_wait`, `train_use_spot_instances`, `train_volume_size`, `train_volume_kms_key` on estimators (→ without `train_`); `image_name=` on estimators and `image=` on models and `estimator.create_model()` (→ `image_uri=`); `distributions=` on TensorFlow/MXNet (→ `distribution=`); `session=` on `S3Downloader`/`S3Uploader` methods (→ `sagemaker_session=`); `endpoint=` on predictors (→ `endpoint_name=`); `primary_container_image=` / `deployment_image=` on Session methods (→ `image_uri=`). Callees are matched by what they resolve to, not by name.',
    why: 'v2 forwards some old names through `renamed_kwargs` with `DeprecationWarning("train_instance_type has been renamed in sagemaker>=2.\\nSee: https://sagemaker.readthedocs.io/en/stable/v2.html for details.")`; others are simply gone: `Estimator(image_name=...)` fails with `TypeError: __init__() missing 1 required positional argument: \'image_uri\'`.',
    example: [
      "from sagemaker.estimator import Estimator",
      "",
      "estimator = Estimator(image_name=image, role=role, train_instance_count=1, train_instance_type=\"ml.m5.xlarge\")",
    ].join('\n'),
    useInstead: [
      "from sagemaker.estimator import Estimator",
      "",
      "estimator = Estimator(image_uri=image, role=role, instance_count=1, instance_type=\"ml.m5.xlarge\")",
    ].join('\n'),
    fixSafety: 'Safe fix renaming the keyword, exactly as `sagemaker-upgrade-v2` does (no fix when the new keyword is passed too).',
    sdkVersions: 'Code written for SDK v1, run on v2.',
    references: [...MIGRATION_REFERENCES, 'v2.257.6 .../modifiers/training_params.py, renamed_params.py, predictors.py'],
  },
};

import { childByField } from '../../parse/syntaxNode';
import { hasRole } from '../../semantic/sdk';
import { Rule } from '../types';
import { calleePath } from './common';
import { MIGRATION_REFERENCES, V2_DOC } from './renames';
import { judgedReleaseOf } from './releases';
import { compareVersions } from '../../environment/sdkVersionRange';

/** Callables v2 replaced by stubs that only warn (deprecations.removed_function / @deprecated). */
const REMOVED_PATHS: Record<string, string> = {
  'sagemaker.utils.get_ecr_image_uri_prefix': `The function get_ecr_image_uri_prefix is a no-op in sagemaker>=2.\\nSee: ${V2_DOC} for details. (It returns None; use sagemaker.image_uris.retrieve() for image URIs.)`,
  'sagemaker.serverless.LambdaModel': 'LambdaModel is a no-op in sagemaker>=v2.66.3.\\nSee: ' + V2_DOC + ' for details. (The class is replaced by a stub; use Model.deploy(serverless_inference_config=ServerlessInferenceConfig(...)).)',
  'sagemaker.serverless.model.LambdaModel': 'LambdaModel is a no-op in sagemaker>=v2.66.3.\\nSee: ' + V2_DOC + ' for details. (The class is replaced by a stub; use Model.deploy(serverless_inference_config=ServerlessInferenceConfig(...)).)',
  'sagemaker.serverless.LambdaPredictor': 'LambdaPredictor is a no-op in sagemaker>=v2.66.3.\\nSee: ' + V2_DOC + ' for details.',
  'sagemaker.serverless.predictor.LambdaPredictor': 'LambdaPredictor is a no-op in sagemaker>=v2.66.3.\\nSee: ' + V2_DOC + ' for details.',
};

export const v2RemovedFunction: Rule = {
  code: 'SM608',
  name: 'v2-removed-function',
  defaultSeverity: 'warning',
  summary: 'A call that SDK v2 turned into a warning-only no-op (estimator.delete_endpoint(), get_ecr_image_uri_prefix(), LambdaModel)',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const callee = childByField(node, 'function');
    if (!callee) return;
    const path = calleePath(model, node);
    if (path && REMOVED_PATHS[path]) {
      // LambdaModel/LambdaPredictor were real classes before v2.66.3 (v2.66.2 src/sagemaker/serverless/model.py L32).
      const judged = judgedReleaseOf(model);
      if (path.startsWith('sagemaker.serverless.') && judged && judged.sdk.major === 2 && compareVersions(judged.release, '2.66.3') < 0) return;
      context.report({ node: callee, message: `This call does nothing in SDK v2: remove it. The SDK says: "${REMOVED_PATHS[path]}"` });
      return;
    }
    const value = model.valueOf(node);
    if (value.kind === 'method-call' && value.call === node && value.name === 'delete_endpoint' && value.self.kind === 'instance' && (hasRole(value.self.symbol, 'estimator') || hasRole(value.self.symbol, 'tuner'))) {
      context.report({
        node: callee,
        message: `estimator.delete_endpoint() does nothing in SDK v2: call predictor.delete_endpoint() instead. \`delete_endpoint()\` on an estimator or tuner is a no-op ("The function delete_endpoint is a no-op in sagemaker>=2.\\nSee: ${V2_DOC} for details."), so the endpoint keeps running and billing. The predictor comes from \`predictor = estimator.deploy(...)\`.`,
      });
    }
  },
  doc: {
    what: 'Fires on calls that v2 replaced by stubs which only log a warning: `estimator.delete_endpoint()` and `tuner.delete_endpoint()`, `sagemaker.utils.get_ecr_image_uri_prefix()`, and the `LambdaModel` / `LambdaPredictor` classes of `sagemaker.serverless` (deprecated in v2.66.3).',
    why: 'v2 defines them with `removed_function(...)` or `@deprecated(...)`: the call logs `The function delete_endpoint is a no-op in sagemaker>=2.` and returns `None`. An endpoint you meant to delete keeps running (and billing); an image prefix comes back as `None`.',
    example: [
      "from sagemaker.estimator import Estimator",
      "",
      "estimator = Estimator(image_uri=image, role=role, instance_count=1, instance_type=\"ml.m5.xlarge\")",
      "estimator.deploy(initial_instance_count=1, instance_type=\"ml.m5.xlarge\")",
      "estimator.delete_endpoint()",
    ].join('\n'),
    useInstead: [
      "from sagemaker.estimator import Estimator",
      "",
      "estimator = Estimator(image_uri=image, role=role, instance_count=1, instance_type=\"ml.m5.xlarge\")",
      "predictor = estimator.deploy(initial_instance_count=1, instance_type=\"ml.m5.xlarge\")",
      "predictor.delete_endpoint()",
    ].join('\n'),
    fixSafety: 'No fix: the replacement needs the predictor (or an image URI query) the code does not have.',
    sdkVersions: 'Code written for SDK v1 (or before v2.66.3), run on v2. Silent on LambdaModel/LambdaPredictor when the release the code runs is before v2.66.3 (v2.66.2 src/sagemaker/serverless/model.py L32: a real class).',
    references: [...MIGRATION_REFERENCES, 'v2.257.6 src/sagemaker/estimator.py L2305, tuner.py L2125 (delete_endpoint = removed_function)', 'v2.257.6 src/sagemaker/utils.py L1065', 'v2.257.6 src/sagemaker/serverless/model.py L18, predictor.py L18'],
  },
};

import { SyntaxNode, childByField, unparenthesize } from '../../parse/syntaxNode';
import { SemanticModel } from '../../semantic/model';
import { generationOfCall } from '../../semantic/pipeline';
import { addKeywordEdit } from '../pipeline-structure/common';
import { Rule } from '../types';
import { attributeAssignedLater, hasSplatArgs } from './common';

/**
 * What may be passed as `feature_store_output`: v2 `sagemaker.processing.FeatureStoreOutput` (an ApiObject,
 * v2.257.6 processing.py L1424), v3 `sagemaker.core.processing.FeatureStoreOutput` (the same class) and the
 * v3 API shape `sagemaker.core.shapes.ProcessingFeatureStoreOutput`.
 */
const FEATURE_STORE_OUTPUT_PATHS = new Set([
  'sagemaker.processing.FeatureStoreOutput',
  'sagemaker.core.processing.FeatureStoreOutput',
  'sagemaker.core.shapes.ProcessingFeatureStoreOutput', 'sagemaker.core.shapes.shapes.ProcessingFeatureStoreOutput',
]);

/** A FeatureStoreOutput(...) call, written inline or bound once to a name; undefined when not provable. */
function featureStoreOutputCall(model: SemanticModel, argument: SyntaxNode): SyntaxNode | undefined {
  let inner: SyntaxNode | undefined = unparenthesize(argument);
  if (inner.type === 'identifier') inner = model.assignedExpression(inner);
  if (!inner) return undefined;
  inner = unparenthesize(inner);
  if (inner.type !== 'call') return undefined;
  const callee = childByField(inner, 'function');
  const value = callee ? model.valueOf(callee) : undefined;
  return value?.kind === 'path' && FEATURE_STORE_OUTPUT_PATHS.has(value.path) ? inner : undefined;
}

export const featureStoreOutputWithoutAppManaged: Rule = {
  code: 'SM526',
  name: 'feature-store-output-without-app-managed',
  defaultSeverity: 'error',
  summary: 'ProcessingOutput(feature_store_output=FeatureStoreOutput(...)) without app_managed=True, which the API requires for that output type',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const value = model.valueOf(node);
    if (value.kind !== 'instance' || value.call !== node || value.symbol.id !== 'ProcessingOutput' || hasSplatArgs(node)) return;
    const v3 = generationOfCall(model, node) === 'v3';
    // v2 ProcessingOutput(source, destination, output_name, s3_upload_mode, app_managed (4), feature_store_output (5)); v3's shape takes keywords only.
    const featureStore = model.argument(node, 'feature_store_output', v3 ? undefined : 5);
    if (!featureStore || !featureStoreOutputCall(model, featureStore)) return;
    const appManaged = model.argument(node, 'app_managed', v3 ? undefined : 4);
    // True, a variable, a pipeline parameter: nothing provably wrong.
    if (appManaged && unparenthesize(appManaged).type !== 'false') return;
    if (attributeAssignedLater(model, node, 'app_managed')) return;
    const given = appManaged ? 'as here' : v3 ? 'the API\'s default' : 'the SDK\'s default, which it always sends';
    const details = `The API supports a FeatureStoreOutput "only when AppManaged is specified": with app_managed False (${given}), SageMaker manages the output, which means uploading a local directory to S3, and a Feature Store output has none. With app_managed=True the processing application writes the records to the feature group itself (as the Data Wrangler container does), so your script must do that.`;
    if (appManaged) {
      const literal = unparenthesize(appManaged);
      context.report({
        node: literal,
        message: `A FeatureStoreOutput needs app_managed=True: replace False with True. ${details}`,
        fix: { title: 'Replace app_managed=False with True', applicability: 'unsafe', edits: [{ start: literal.start, end: literal.end, newText: 'True' }] },
      });
      return;
    }
    const callee = childByField(node, 'function') ?? node;
    const edit = addKeywordEdit(model, node, callee, 'app_managed', 'True');
    context.report({
      node: callee,
      message: `A FeatureStoreOutput needs app_managed=True: add it to this ProcessingOutput. ${details}`,
      fix: edit ? { title: 'Add app_managed=True', applicability: 'unsafe', edits: [edit] } : undefined,
    });
  },
  doc: {
    what: 'Fires on a `ProcessingOutput(...)` whose `feature_store_output` is a `FeatureStoreOutput(...)` (v2 `sagemaker.processing`; v3 `sagemaker.core.processing.FeatureStoreOutput` or the shape `sagemaker.core.shapes.ProcessingFeatureStoreOutput`, inline or bound once to a name) while `app_managed` is absent or the literal `False`. It stays silent when `app_managed` is `True` or anything it cannot evaluate (a variable, a parameter, a pipeline parameter), when the output is changed later (`output.app_managed = ...`), and on outputs without a feature store destination.',
    why: 'botocore\'s SageMaker model says of `ProcessingOutput.FeatureStoreOutput`: "This processing output type is only supported when `AppManaged` is specified", and of `AppManaged`: "When `True`, output operations such as data upload are managed natively by the processing job application. When `False` (default), output operations are managed by Amazon SageMaker." Output that SageMaker manages is an upload from a local directory (`ProcessingS3Output.LocalPath`) to S3; a Feature Store output has no such directory, and `ProcessingFeatureStoreOutput.FeatureGroupName` adds: "your processing script is responsible for putting records into your Feature Store". The v2 SDK always sends `AppManaged` (`app_managed=False` by default), so leaving it out asks for SageMaker-managed output. The SDK\'s own integration tests, which run against the service, set `app_managed=True` on every `FeatureStoreOutput`, as does every such output in SageLint\'s corpus of real code (9 of 9, in 6 Data Wrangler and Feature Store examples).',
    example: [
      'from sagemaker.processing import FeatureStoreOutput, ProcessingOutput',
      '',
      'output = ProcessingOutput(',
      '    output_name="customers",',
      '    feature_store_output=FeatureStoreOutput(feature_group_name="customers-fg"),',
      ')',
    ].join('\n'),
    useInstead: [
      'from sagemaker.processing import FeatureStoreOutput, ProcessingOutput',
      '',
      'output = ProcessingOutput(',
      '    output_name="customers",',
      '    feature_store_output=FeatureStoreOutput(feature_group_name="customers-fg"),',
      '    app_managed=True,',
      ')',
    ].join('\n'),
    fixSafety: 'Unsafe: adds `app_managed=True` (or replaces `False` with `True`). That is what the API requires, but it also means SageMaker no longer handles this output: the processing application must write the records to the feature group itself (the Data Wrangler container does; a script of your own must call PutRecord or `FeatureGroup.ingest()`). Review the script before applying it.',
    sdkVersions: 'sagemaker v2 (`sagemaker.processing.ProcessingOutput(app_managed=False, feature_store_output=None)`) and v3 (the API shape `sagemaker.core.shapes.ProcessingOutput`, whose `app_managed` is unassigned by default). Note that v3.20.0\'s `Processor.run()` builds each output\'s request from `output_name`, `app_managed` and `s3_output` only, so it does not send a `feature_store_output` at all.',
    references: [
      'botocore 1.43.67 sagemaker 2017-07-24 service-2.json ProcessingOutput.FeatureStoreOutput ("only supported when AppManaged is specified"), ProcessingOutput.AppManaged, ProcessingFeatureStoreOutput.FeatureGroupName, ProcessingS3Output.LocalPath',
      'v2.257.6 src/sagemaker/processing.py L1336-1393 (ProcessingOutput: app_managed=False, _to_request_dict always sends AppManaged), L1424-1427 (FeatureStoreOutput)',
      'v2.257.6 tests/integ/sagemaker/workflow/test_workflow.py L517-522 and tests/integ/test_processing.py L789-795 (app_managed=True with every FeatureStoreOutput)',
      'v3.20.0 sagemaker-core/src/sagemaker/core/shapes/shapes.py L9288-9304 (ProcessingOutput shape), sagemaker-core/src/sagemaker/core/processing.py L1630-1673 (FeatureStoreOutput; _processing_output_to_request_dict sends AppManaged False by default and no FeatureStoreOutput)',
    ],
  },
};

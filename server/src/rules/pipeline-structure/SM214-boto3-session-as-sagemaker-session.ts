import { referenceTo } from '../../semantic/imports';
import { isStepSymbol, pipelineGraph } from '../../semantic/pipeline';
import { hasRole, symbolAtPath } from '../../semantic/sdk';
import { SemanticModel } from '../../semantic/model';
import { ModuleFact } from '../../semantic/reads';

/** Whether the module builds pipelines: it constructs steps or imports a step, Pipeline or PipelineSession. */
const BUILDS_PIPELINES: ModuleFact<boolean> = {
  name: 'builds-pipelines',
  compute(model) {
    if (pipelineGraph(model).steps.length) return true;
    for (const definitions of model.scopes.module.definitions.values()) {
      for (const d of definitions) {
        const symbol = d.path ? symbolAtPath(d.path)?.symbol : undefined;
        if (symbol && (isStepSymbol(symbol) || hasRole(symbol, 'pipeline') || hasRole(symbol, 'pipeline-session'))) return true;
      }
    }
    return false;
  },
};

function buildsPipelines(model: SemanticModel): boolean {
  return model.fact(BUILDS_PIPELINES);
}
import { Fix, Rule } from '../types';

export const boto3SessionAsSagemakerSession: Rule = {
  code: 'SM214',
  name: 'boto3-session-as-sagemaker-session',
  defaultSeverity: 'error',
  summary: 'A boto3.Session or boto3 client passed as sagemaker_session=',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    const owner = model.valueOf(node);
    if (owner.kind !== 'instance' || owner.call !== node) return;
    const argument = model.argument(node, 'sagemaker_session');
    if (!argument) return;
    const value = model.valueOf(argument);
    if (value.kind !== 'boto3-session' && value.kind !== 'boto3-client') return;
    const text = model.text(argument);
    const usePipeline = buildsPipelines(model);
    const sessionClass = usePipeline ? 'PipelineSession' : 'Session';
    let fix: Fix | undefined;
    const keyword = value.kind === 'boto3-session' ? 'boto_session' : value.service === 'sagemaker' ? 'sagemaker_client' : undefined;
    if (keyword) {
      const reference = referenceTo(model, sessionClass, argument);
      if (reference) {
        fix = {
          title: `Wrap it: ${reference.expression}(${keyword}=${text})`,
          applicability: 'safe',
          edits: [{ start: argument.start, end: argument.end, newText: `${reference.expression}(${keyword}=${text})` }, ...reference.edits],
        };
      }
    }
    const what = value.kind === 'boto3-session' ? 'a boto3.Session' : `a boto3 "${value.service}" client`;
    context.report({
      node: argument,
      message: `A boto3 object is not a SageMaker session (AttributeError): ${keyword ? `wrap it in ${sessionClass}(${keyword}=...)` : 'pass a sagemaker Session or PipelineSession'}. \`${text}\` is ${what}: ${owner.symbol.id} calls SageMaker Session methods on it (default_bucket(), the job request builders), which fail with AttributeError.${keyword ? ` Wrap it: \`${sessionClass}(${keyword}=${text})\`.` : ''}`,
      fix,
    });
  },
  doc: {
    what: 'Finds `sagemaker_session=` given a boto3 Session (`boto3.Session()`, `boto3.session.Session()`, `session.boto_session`) or a boto3 client (`boto3.client("sagemaker")`, `session.sagemaker_client`).',
    why: 'Every SDK object that takes `sagemaker_session` calls methods of `sagemaker.Session` on it (`default_bucket()`, `_intercept_create_request`, `process`, `train`, ...); a boto3 Session has none of them, so the first use raises `AttributeError: \'Session\' object has no attribute \'default_bucket\'` (or similar). A PipelineSession or Session wraps the boto3 session instead: `PipelineSession(boto_session=...)`.',
    example: [
      'import boto3',
      'from sagemaker.sklearn.processing import SKLearnProcessor',
      '',
      'processor = SKLearnProcessor(framework_version="1.2-1", role=role, instance_type="ml.m5.xlarge", instance_count=1, sagemaker_session=boto3.Session(region_name="us-east-1"))',
    ].join('\n'),
    useInstead: [
      'import boto3',
      'from sagemaker.session import Session',
      'from sagemaker.sklearn.processing import SKLearnProcessor',
      '',
      'processor = SKLearnProcessor(framework_version="1.2-1", role=role, instance_type="ml.m5.xlarge", instance_count=1, sagemaker_session=Session(boto_session=boto3.Session(region_name="us-east-1")))',
    ].join('\n'),
    fixSafety: 'Safe fix: wraps the value in `PipelineSession(boto_session=...)` when the module builds pipeline steps, `Session(boto_session=...)` otherwise (`sagemaker_client=` for a sagemaker client), and adds the import. No fix for clients of other services.',
    sdkVersions: 'sagemaker v2 (all versions) and v3 (all versions).',
    references: [
      'v2.257.6 src/sagemaker/session.py L175 (Session(boto_session=None, sagemaker_client=None, ...))',
      'v2.257.6 src/sagemaker/workflow/pipeline_context.py L145 (PipelineSession(boto_session=None, sagemaker_client=None, ...))',
      'v3 sagemaker-core/src/sagemaker/core/helper/session_helper.py L120',
    ],
  },
};

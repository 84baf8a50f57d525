import { Rule } from '../types';
import { reachesPipeline } from '../../semantic/pipeline';
import { IO_REFERENCES, ioRole, literalArg } from './common';

export const localSourceInPipeline: Rule = {
  code: 'SM515',
  name: 'local-source-in-pipeline',
  defaultSeverity: 'information',
  summary: 'A local path as ProcessingInput source in a pipeline is uploaded when the pipeline is defined, not read when it runs',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    if (ioRole(model, node) !== 'processing-input') return;
    const source = literalArg(model, node, 'source', 0);
    if (!source || /^[a-z][a-z0-9+.-]*:\/\//i.test(source.value) || !source.value.trim()) return;
    // Only an input that ends up in a step: an exploration job with a plain Session in the same file
    // uploads its local source when it runs, which is what the user wants there.
    if (!reachesPipeline(model, node)) return;
    context.report({
      node: source.node,
      message: `A local path is uploaded once, at upsert(), not read per run: pass an s3:// URI for fresh data. "${source.value}" is a local path: the SDK uploads it to s3://<default bucket>/<pipeline>/<step>/input/<input_name> when the pipeline definition is built (upsert()/definition(), which needs S3 access), and every execution reads that snapshot. Changes to the local file after upsert() are not seen; a ParameterString holding an s3:// URI works too.`,
    });
  },
  doc: {
    what: 'Points out a v2 `ProcessingInput(source=...)` whose literal source is a local path rather than a URI, when the input ends up in a pipeline step: in a step\'s arguments, in the `run()` its `step_args` come from (names followed), or in a `run()` of a processor built with a PipelineSession. An input of a job run directly (a plain Session) is left alone, even in a file that also builds a pipeline.',
    why: '`Processor._normalize_inputs` treats a source whose scheme is not `s3` as a local path and uploads it to `s3://<default_bucket>/<pipeline_name>/<step_name>/input/<input_name>` when the request is built. Under a PipelineSession that happens in `pipeline.definition()`/`upsert()`, so the data is frozen at definition time, the definition needs S3 access, and later executions do not see local changes.',
    example: [
      "from sagemaker.processing import ProcessingInput, ScriptProcessor",
      "from sagemaker.workflow.pipeline_context import PipelineSession",
      "from sagemaker.workflow.steps import ProcessingStep",
      "",
      "session = PipelineSession()",
      "processor = ScriptProcessor(image_uri=image, command=[\"python3\"], role=role, instance_count=1, instance_type=\"ml.m5.xlarge\", sagemaker_session=session)",
      "args = processor.run(code=\"prep.py\", inputs=[ProcessingInput(source=\"data/raw.csv\", destination=\"/opt/ml/processing/raw\")])",
      "step = ProcessingStep(name=\"Prep\", step_args=args)",
    ].join('\n'),
    useInstead: [
      "from sagemaker.processing import ProcessingInput, ScriptProcessor",
      "from sagemaker.workflow.pipeline_context import PipelineSession",
      "from sagemaker.workflow.steps import ProcessingStep",
      "",
      "session = PipelineSession()",
      "processor = ScriptProcessor(image_uri=image, command=[\"python3\"], role=role, instance_count=1, instance_type=\"ml.m5.xlarge\", sagemaker_session=session)",
      "args = processor.run(code=\"prep.py\", inputs=[ProcessingInput(source=\"s3://my-bucket/raw/raw.csv\", destination=\"/opt/ml/processing/raw\")])",
      "step = ProcessingStep(name=\"Prep\", step_args=args)",
    ].join('\n'),
    fixSafety: 'No fix: where the data should live in S3 is a decision.',
    sdkVersions: 'sagemaker v2 (all versions; v3 uses API shapes instead).',
    references: [...IO_REFERENCES, 'v2.257.6 src/sagemaker/processing.py L396-430 (_normalize_inputs upload)'],
  },
};

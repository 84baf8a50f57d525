// Deterministic generator of realistic Python sources for the benchmark and the reliability tests:
// SageMaker pipelines (SDK v2 and v3) with a few mistakes, notebooks exported as scripts, and plain Python.
import fs from 'node:fs';
import path from 'node:path';

/** mulberry32: small, fast, seeded. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

const V2_IMPORTS = [
  'import boto3',
  'import sagemaker',
  'from sagemaker.estimator import Estimator',
  'from sagemaker.inputs import TrainingInput',
  'from sagemaker.processing import ProcessingInput, ProcessingOutput, ScriptProcessor',
  'from sagemaker.workflow.execution_variables import ExecutionVariables',
  'from sagemaker.workflow.functions import Join, JsonGet',
  'from sagemaker.workflow.parameters import ParameterBoolean, ParameterFloat, ParameterInteger, ParameterString',
  'from sagemaker.workflow.pipeline import Pipeline',
  'from sagemaker.workflow.properties import PropertyFile',
  'from sagemaker.workflow.steps import ProcessingStep, TrainingStep',
];
const V3_IMPORTS = [
  'import boto3',
  'from sagemaker.core.processing import ScriptProcessor',
  'from sagemaker.core.workflow.execution_variables import ExecutionVariables',
  'from sagemaker.core.workflow.functions import Join, JsonGet',
  'from sagemaker.core.workflow.parameters import ParameterBoolean, ParameterFloat, ParameterInteger, ParameterString',
  'from sagemaker.mlops.workflow.steps import ProcessingStep, TrainingStep',
  'from sagemaker.mlops.workflow.pipeline import Pipeline',
  'from sagemaker.core.inputs import TrainingInput',
  'from sagemaker.core.processing import ProcessingInput, ProcessingOutput',
  'from sagemaker.train.estimator import Estimator',
  'from sagemaker.workflow.properties import PropertyFile',
];
const GOOD_TYPES = ['ml.m5.xlarge', 'ml.m5.2xlarge', 'ml.c5.xlarge', 'ml.p3.2xlarge', 'ml.g4dn.xlarge', 'ml.t3.medium'];
const BAD_TYPES = ['ml.m5.xlarg', 'm5.xlarge', 'ml.p3.3xlarge', 'ml.g5.xxlarge'];
const GOOD_PATHS = ['ModelArtifacts.S3ModelArtifacts', 'TrainingJobName', 'TrainingJobArn'];
const BAD_PATHS = ['ModelArtifacts.S3ModelArtifact', 'TrainingJobname', 'modelArtifacts.S3ModelArtifacts'];
const GOOD_CALLS = ['describe_training_job(TrainingJobName=name)', 'list_training_jobs(MaxResults=10)', 'describe_pipeline(PipelineName=name)'];
const BAD_CALLS = ['describe_trainig_job(TrainingJobName=name)', 'describe_training_job(TrainingJobname=name)', 'list_pipeline(MaxResults=10)'];

/** One block of pipeline code (about 45 lines) with unique names; `mistakes` is the chance of each slip. */
function pipelineBlock(r, i, mistakes) {
  const bad = () => r.chance(mistakes);
  const type = () => (bad() ? r.pick(BAD_TYPES) : r.pick(GOOD_TYPES));
  const lines = [
    '',
    `# ---- stage ${i} ----`,
    `bucket_${i} = ParameterString(name="Bucket${i}", default_value="my-bucket-${i}")`,
    `count_${i} = ParameterInteger(name="Count${i}", default_value=${1 + r.int(4)})`,
    `threshold_${i} = ParameterFloat(name="Threshold${i}", default_value=0.${r.int(9) + 1})`,
    `use_gpu_${i} = ParameterBoolean(name="UseGpu${i}", default_value=${r.chance(0.5) ? 'True' : 'False'})`,
    `processor_${i} = ScriptProcessor(`,
    `    image_uri="123456789012.dkr.ecr.us-east-1.amazonaws.com/prep:${i}",`,
    `    command=["python3"],`,
    `    role=role,`,
    `    instance_count=count_${i},`,
    `    instance_type="${type()}",`,
    `)`,
    `report_${i} = PropertyFile(name="Report${i}", output_name="evaluation", path="evaluation.json")`,
    `step_prep_${i} = ProcessingStep(`,
    `    name="Prep${i}",`,
    `    processor=processor_${i},`,
    `    inputs=[ProcessingInput(source=Join(on="/", values=["s3:/", bucket_${i}, "raw"]), destination="/opt/ml/processing/input")],`,
    `    outputs=[ProcessingOutput(output_name="train", source="/opt/ml/processing/train")],`,
    `    code="preprocess_${i}.py",`,
    `)`,
    `estimator_${i} = Estimator(image_uri=image_uri, role=role, instance_count=1, instance_type="${type()}", output_path=f"s3://bucket/{${i}}/model")`,
    `step_train_${i} = TrainingStep(`,
    `    name="Train${i}",`,
    `    estimator=estimator_${i},`,
    `    inputs={"train": TrainingInput(s3_data=step_prep_${i}.properties.ProcessingOutputConfig.Outputs["train"].S3Output.S3Uri)},`,
    `)`,
    `model_data_${i} = step_train_${i}.properties.${bad() ? r.pick(BAD_PATHS) : r.pick(GOOD_PATHS)}`,
    `accuracy_${i} = JsonGet(step_name=step_prep_${i}.name, property_file=report_${i}, json_path="metrics.accuracy.value")`,
  ];
  if (bad()) lines.push(`print(bucket_${i})`);
  else lines.push(`print("stage ${i} ready")`);
  if (bad()) lines.push(`uri_${i} = "s3://" + bucket_${i} + "/out"`);
  else lines.push(`uri_${i} = Join(on="/", values=["s3:/", bucket_${i}, "out"])`);
  if (bad()) lines.push(`if use_gpu_${i}:`, `    print("gpu")`);
  lines.push(
    `name_${i} = "job-${i}"`,
    `sm_client.${bad() ? r.pick(BAD_CALLS) : r.pick(GOOD_CALLS)}`,
    '',
    `def describe_stage_${i}(client, name=name_${i}):`,
    `    """Returns the status of stage ${i}."""`,
    `    response = client.describe_training_job(TrainingJobName=name)`,
    `    status = response["TrainingJobStatus"]`,
    `    if status in ("Failed", "Stopped"):`,
    `        raise RuntimeError(f"stage ${i} ended with {status}: {response.get('FailureReason')}")`,
    `    return status`,
    '',
    `steps.extend([step_prep_${i}, step_train_${i}])`,
    `parameters.extend([bucket_${i}, count_${i}, threshold_${i}, use_gpu_${i}])`,
  );
  return lines;
}

function header(v3) {
  return [
    `"""A SageMaker pipeline (SDK ${v3 ? 'v3' : 'v2'})."""`,
    ...(v3 ? V3_IMPORTS : V2_IMPORTS),
    '',
    'role = "arn:aws:iam::123456789012:role/SageMakerRole"',
    'image_uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/train:latest"',
    'sm_client = boto3.client("sagemaker")',
    'steps = []',
    'parameters = []',
  ];
}

function footer() {
  return ['', 'pipeline = Pipeline(name="GeneratedPipeline", parameters=parameters, steps=steps)', '', 'if __name__ == "__main__":', '    pipeline.upsert(role_arn=role)', '    pipeline.start()', ''];
}

/** A pipeline module of about `lineCount` lines. */
export function pipelineModule(seed, lineCount, { v3 = false, mistakes = 0.15 } = {}) {
  const r = prng(seed);
  const lines = header(v3);
  for (let i = 0; lines.length < lineCount - 7; i++) lines.push(...pipelineBlock(r, i, mistakes));
  lines.push(...footer());
  return lines.join('\n');
}

function plainBlock(r, i) {
  const name = r.pick(['parse', 'load', 'merge', 'score', 'render', 'clean']) + `_${i}`;
  return [
    '',
    `class ${name[0].toUpperCase()}${name.slice(1)}Handler:`,
    `    """Handles ${name}."""`,
    '',
    `    def __init__(self, path, retries=${r.int(5)}):`,
    '        self.path = path',
    '        self.retries = retries',
    '        self.cache = {}',
    '',
    '    def run(self, items):',
    '        results = []',
    '        for index, item in enumerate(items):',
    `            if index % ${2 + r.int(7)} == 0 and item not in self.cache:`,
    '                self.cache[item] = [x * 2 for x in range(index) if x % 3]',
    '            try:',
    '                results.append(self.cache.get(item, item))',
    '            except (KeyError, ValueError) as error:',
    `                print(f"{self.path}: {error!r} at {index}")`,
    '        return sorted(results, key=lambda v: (len(str(v)), v))',
    '',
    `def ${name}(values: list[int], *, scale: float = ${r.int(100) / 10}) -> dict[str, float]:`,
    '    total = sum(values) * scale',
    '    return {"total": total, "mean": total / max(len(values), 1)}',
  ];
}

export function plainModule(seed, lineCount) {
  const r = prng(seed);
  const lines = ['import json', 'import os', 'import sys', 'from collections import defaultdict', ''];
  for (let i = 0; lines.length < lineCount; i++) lines.push(...plainBlock(r, i));
  lines.push('', 'if __name__ == "__main__":', '    print(json.dumps(parse_0([1, 2, 3]) if "parse_0" in globals() else {}))', '');
  return lines.join('\n');
}

/** A Jupyter notebook exported as a script: cells, shell escapes and magics (not Python: parse errors). */
export function notebookModule(seed, lineCount) {
  const r = prng(seed);
  const v3 = r.chance(0.3);
  const lines = ['# %% [markdown]', '# # Training notebook', '', '# %%', '!pip install -q sagemaker', ...header(v3), ''];
  for (let i = 0; lines.length < lineCount - 7; i++) {
    lines.push('# %%', ...pipelineBlock(r, i, 0.2));
    if (r.chance(0.3)) lines.push('', '# %%', '%time', `display(step_train_${i})`);
    if (r.chance(0.5)) lines.push('', '# %%', ...plainBlock(r, i));
  }
  lines.push(...footer());
  return lines.join('\n');
}

/**
 * Writes the corpus into `dir`: about `files` files and `totalLines` lines; returns the list of files
 * and their line total. Half pipelines (v2 and v3), a fifth notebooks, the rest plain Python.
 */
export function writeCorpus(dir, { seed = 9, files = 520, totalLines = 210_000 } = {}) {
  const r = prng(seed);
  const written = [];
  let lines = 0;
  const average = totalLines / files;
  for (let i = 0; i < files; i++) {
    const size = Math.max(40, Math.round(average * (0.3 + 1.4 * r.next())));
    const kind = r.next();
    let text;
    let name;
    if (kind < 0.25) [name, text] = [`pipelines/v2/pipeline_${i}.py`, pipelineModule(seed * 1000 + i, size)];
    else if (kind < 0.5) [name, text] = [`pipelines/v3/pipeline_${i}.py`, pipelineModule(seed * 1000 + i, size, { v3: true })];
    else if (kind < 0.7) [name, text] = [`notebooks/notebook_${i}.py`, notebookModule(seed * 1000 + i, size)];
    else [name, text] = [`lib/module_${i}.py`, plainModule(seed * 1000 + i, size)];
    const full = path.join(dir, name);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
    written.push(full);
    lines += text.split('\n').length;
  }
  return { files: written, lines };
}

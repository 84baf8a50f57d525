/** Python snippets shared by the protocol tests. */
export const SAMPLE = [
  'from sagemaker.workflow.execution_variables import ExecutionVariables',
  'from sagemaker.workflow.parameters import ParameterString',
  '',
  'bucket = ParameterString(name="Bucket", default_value="b")',
  'print(ExecutionVariables.PIPELINE_EXECUTION_ID)',
  'uri = f"s3://x/{ExecutionVariables.PIPELINE_EXECUTION_ID}/out"',
  'a = str(bucket)',
  'total = 1 + 2',
  '',
].join('\n');

/** No SDK anywhere: never parsed, always empty diagnostics. */
export const PLAIN = ['import os', '', 'def main():', '    print(os.getcwd(), f"{1 + 2}")', ''].join('\n');

/** Two findings, one per line, for editing tests. */
export const SMALL = [
  'from sagemaker.workflow.parameters import ParameterString',
  'bucket = ParameterString(name="Bucket")',
  'print(bucket)',
  'key = "data/" + bucket',
  '',
].join('\n');

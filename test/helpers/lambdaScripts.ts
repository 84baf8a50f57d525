// Lambda handler scripts for the SM224 tests (a LambdaStep's script read beside the module): one that
// waits for the training job it starts, one that starts it and returns.
export const HANDLER_WAITS = ['import boto3', '', 'sm = boto3.client("sagemaker")', '', '', 'def handler(event, context):', '    sm.get_waiter("training_job_completed_or_stopped").wait(TrainingJobName="x")', ''].join('\n');
export const HANDLER_RETURNS = ['import boto3', '', 'sm = boto3.client("sagemaker")', '', '', 'def handler(event, context):', '    sm.create_training_job(**event)', '    return {}', ''].join('\n');

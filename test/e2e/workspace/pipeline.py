from sagemaker.workflow.execution_variables import ExecutionVariables

print(ExecutionVariables.PIPELINE_EXECUTION_ID)
path = f"s3://bucket/{ExecutionVariables.PIPELINE_EXECUTION_ID}"

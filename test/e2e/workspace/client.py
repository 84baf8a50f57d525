import boto3

sm = boto3.client("sagemaker")
sm.list_training_jobs()

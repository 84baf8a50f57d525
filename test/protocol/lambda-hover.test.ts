/**
 * Hover on the SDK's Lambda helper (v2 sagemaker.lambda_helper, v3 sagemaker.core.lambda_helper) through
 * the built server over stdio: when building the pipeline definition creates or updates the function,
 * and what it needs for that (v2.257.6 lambda_helper.py, workflow/lambda_step.py; v3 the same code).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MarkupContent } from 'vscode-languageserver-protocol';
import { ProtocolClient, docUri, positionAt } from './client';

let client: ProtocolClient;
before(async () => {
  client = await ProtocolClient.start();
});
after(async () => {
  await client?.dispose();
});

async function hoverAtNeedle(uri: string, text: string, needle: string): Promise<string | null> {
  const index = text.indexOf(needle);
  assert.ok(index >= 0, `${needle} is in the sample`);
  const hover = await client.hover(uri, positionAt(text, index + 1));
  return hover ? (hover.contents as MarkupContent).value : null;
}

const V2 = [
  'from sagemaker.lambda_helper import Lambda',
  'from sagemaker.workflow.lambda_step import LambdaStep',
  'func = Lambda(function_name="notify-team", execution_role_arn=role, script="notify.py", handler="notify.lambda_handler")',
  'step = LambdaStep(name="Notify", lambda_func=func)',
  '',
].join('\n');

const V3 = [
  'from sagemaker.core.lambda_helper import Lambda',
  'func = Lambda(function_arn="arn:aws:lambda:us-east-1:111122223333:function:notify")',
  '',
].join('\n');

test('hover on Lambda (v2 and v3) says which calls create or update the function and what creating needs', async () => {
  for (const [name, text] of [['lambda-v2', V2], ['lambda-v3', V3]] as const) {
    const uri = docUri(name);
    await client.open(uri, text);
    try {
      const hover = await hoverAtNeedle(uri, text, 'Lambda(function_');
      assert.ok(hover, `${name}: a hover on Lambda`);
      assert.match(hover, /\(class\) Lambda\(function_arn=None, function_name=None, execution_role_arn=None/);
      assert.match(hover, /creates, or whose code it updates if it exists/);
      assert.match(hover, /`pipeline\.definition\(\)`, `create\(\)`, `update\(\)` and `upsert\(\)` all call `Lambda\.upsert\(\)`/);
      assert.match(hover, /Updating changes \*\*only the code\*\*/);
      assert.match(hover, /at most 900/);
      assert.match(hover, /\*\*In a `LambdaStep` the limit is 10 minutes\*\*: "The default value is 120 seconds with a maximum value of 10 minutes\. If the Lambda function is running when the timeout is met, the Lambda step fails; however, the Lambda function continues to run\." \(SageMaker Developer Guide, Lambda step, "Timeout and stopping behavior"/);
      assert.match(hover, /CallbackStep/);
    } finally {
      await client.close(uri);
    }
  }
});

test('hover on LambdaStep (v2 and v3) states the step\'s 10-minute limit with its source', async () => {
  const v3 = [
    'from sagemaker.core.lambda_helper import Lambda',
    'from sagemaker.mlops.workflow.lambda_step import LambdaStep',
    'step = LambdaStep(name="Notify", lambda_func=Lambda(function_arn="arn:aws:lambda:us-east-1:111122223333:function:notify"))',
    '',
  ].join('\n');
  for (const [name, text] of [['lambda-step-v2', V2], ['lambda-step-v3', v3]] as const) {
    const uri = docUri(name);
    await client.open(uri, text);
    try {
      const hover = await hoverAtNeedle(uri, text, 'LambdaStep(name');
      assert.ok(hover, `${name}: a hover on LambdaStep`);
      assert.match(hover, /\(class\) LambdaStep\(name: str, lambda_func: Lambda/);
      assert.match(hover, /\*\*The step waits at most 10 minutes\*\*: "If the Lambda function is running when the timeout is met, the Lambda step fails; however, the Lambda function continues to run\." \(SageMaker Developer Guide, Lambda step, "Timeout and stopping behavior"; SM223\)/);
      assert.match(hover, /send_pipeline_execution_step_success/);
    } finally {
      await client.close(uri);
    }
  }
});

test('the example in the Lambda hover is itself clean, and a look-alike class named Lambda gets no Lambda hover', async () => {
  const uri = docUri('lambda-example');
  const hover = await (async () => {
    await client.open(uri, V2);
    try {
      return await hoverAtNeedle(uri, V2, 'Lambda(function_');
    } finally {
      await client.close(uri);
    }
  })();
  const example = /```python\n(func = Lambda\([\s\S]*?)```\n?$/.exec(hover!)?.[1];
  assert.ok(example, 'the hover ends with an example');
  const exampleDoc = docUri('lambda-example-code');
  const diagnostics = await client.open(exampleDoc, ['from sagemaker.lambda_helper import Lambda', 'from sagemaker.workflow.lambda_step import LambdaStep', example].join('\n'));
  await client.close(exampleDoc);
  assert.deepEqual(diagnostics.filter((d) => String(d.code).startsWith('SM2')), [], 'no SM2xx finding on the example');

  const lookalike = ['import sagemaker', 'from my_project.aws import Lambda', 'func = Lambda(function_name="x")', ''].join('\n');
  const other = docUri('lambda-lookalike');
  await client.open(other, lookalike);
  try {
    const text = await hoverAtNeedle(other, lookalike, 'Lambda(function_');
    assert.ok(text === null || !/creates, or whose code it updates/.test(text), 'no SDK Lambda hover on a user class');
  } finally {
    await client.close(other);
  }
});

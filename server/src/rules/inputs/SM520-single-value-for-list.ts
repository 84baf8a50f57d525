import { SyntaxNode, childByField, unparenthesize } from '../../parse/syntaxNode';
import { SemanticModel } from '../../semantic/model';
import { jobCallOf } from '../../semantic/pipeline';
import { hasRole } from '../../semantic/sdk';
import { Rule } from '../types';

const NETWORK_CONFIG = new Set(['sagemaker.network.NetworkConfig', 'sagemaker.core.network.NetworkConfig']);

interface ListSite {
  readonly keyword: string;
  readonly node: SyntaxNode;
  /** What the SDK or service does with a single value there. */
  readonly consequence: string;
}

const VPC = 'the VpcConfig request field is a list, so the request fails parameter validation ("Invalid type for parameter VpcConfig...: expected list") when the job starts';

function sites(model: SemanticModel, call: SyntaxNode): ListSite[] {
  const result: ListSite[] = [];
  const add = (keyword: string, consequence: string) => {
    const node = model.argument(call, keyword);
    if (node) result.push({ keyword, node: unparenthesize(node), consequence });
  };
  const callee = childByField(call, 'function');
  const calleeValue = callee ? model.valueOf(callee) : undefined;
  if (calleeValue?.kind === 'path' && NETWORK_CONFIG.has(calleeValue.path)) {
    add('security_group_ids', VPC);
    add('subnets', VPC);
    return result;
  }
  const value = model.valueOf(call);
  if (value.kind === 'instance' && value.call === call) {
    if (hasRole(value.symbol, 'estimator') || hasRole(value.symbol, 'processor')) {
      add('security_group_ids', VPC);
      add('subnets', VPC);
    }
    if (hasRole(value.symbol, 'step') || hasRole(value.symbol, 'step-collection')) {
      add('depends_on', 'the SDK iterates it, so a string becomes one dependency per character ("Step \'x\' not found" when the pipeline is defined) and a step object raises TypeError');
    }
    if (value.symbol.id === 'ProcessingStep') {
      add('inputs', "the SDK iterates it: TypeError: 'ProcessingInput' object is not iterable");
      add('outputs', "the SDK iterates it: TypeError: 'ProcessingOutput' object is not iterable");
      add('job_arguments', 'ContainerArguments is a list of strings; a single string is rejected when the job starts');
    }
  }
  const job = jobCallOf(model, value);
  if (job && hasRole(job.job.symbol, 'processor') && job.method === 'run') {
    add('inputs', "the SDK iterates it: TypeError: 'ProcessingInput' object is not iterable");
    add('outputs', "the SDK iterates it: TypeError: 'ProcessingOutput' object is not iterable");
    add('arguments', 'ContainerArguments is a list of strings; a single string is rejected (or split into characters) when the job starts');
  }
  return result;
}

function isSingle(model: SemanticModel, node: SyntaxNode, keyword: string): string | undefined {
  if (node.type === 'string' || node.type === 'concatenated_string') return 'a string';
  const variable = model.pipelineVariable(node);
  if (variable) return `a single pipeline variable (${variable.className})`;
  const value = model.valueOf(node);
  if (value.kind === 'instance' && value.call) {
    const symbol = value.symbol;
    if ((keyword === 'inputs' && hasRole(symbol, 'processing-input')) || (keyword === 'outputs' && hasRole(symbol, 'processing-output'))) return `a single ${symbol.id}`;
    if (keyword === 'depends_on' && (hasRole(symbol, 'step') || hasRole(symbol, 'step-collection'))) return `a single step`;
  }
  if (value.kind === 'literal' && value.type === 'str') return 'a string';
  return undefined;
}

export const singleValueForList: Rule = {
  code: 'SM520',
  name: 'single-value-for-list',
  defaultSeverity: 'error',
  summary: 'A single value (string, pipeline variable, ProcessingInput, step) where the SDK expects a list',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    for (const site of sites(model, node)) {
      const what = isSingle(model, site.node, site.keyword);
      if (!what) continue;
      const text = model.text(site.node);
      context.report({
        node: site.node,
        message: `\`${site.keyword}=\` takes a list, not a single value: wrap it, \`${site.keyword}=[${text.length > 30 ? '...' : text}]\`. This is ${what}: ${site.consequence}.`,
        fix: { title: 'Wrap in a list', applicability: 'safe', edits: [{ start: site.node.start, end: site.node.end, newText: `[${text}]` }] },
      });
    }
  },
  doc: {
    what: 'Fires on a single string, pipeline variable, `ProcessingInput`/`ProcessingOutput` or step passed where the SDK expects a list: `security_group_ids=` / `subnets=` of `NetworkConfig`, estimators and processors; `inputs=`, `outputs=` and `arguments=` of `processor.run()` (and the legacy `ProcessingStep(inputs=, outputs=, job_arguments=)`); `depends_on=` of steps.',
    why: "The SDK iterates these values or copies them into list-typed request fields. A single ProcessingInput raises `TypeError: 'ProcessingInput' object is not iterable`; a string in `depends_on` becomes one dependency per character; a string in `subnets`/`security_group_ids`/`arguments` fails the request's parameter validation when the job or pipeline step starts.",
    example: [
      "from sagemaker.network import NetworkConfig",
      "from sagemaker.workflow.parameters import ParameterString",
      "",
      "subnet = ParameterString(name=\"Subnet\")",
      "network = NetworkConfig(subnets=subnet, security_group_ids=\"sg-0123456789abcdef0\")",
    ].join('\n'),
    useInstead: [
      "from sagemaker.network import NetworkConfig",
      "from sagemaker.workflow.parameters import ParameterString",
      "",
      "subnet = ParameterString(name=\"Subnet\")",
      "network = NetworkConfig(subnets=[subnet], security_group_ids=[\"sg-0123456789abcdef0\"])",
    ].join('\n'),
    fixSafety: 'Safe fix wrapping the value in a list: the call then receives what the single value meant.',
    sdkVersions: 'sagemaker v2 and v3 (all versions).',
    references: ['v2.257.6 src/sagemaker/network.py (NetworkConfig)', 'v2.257.6 src/sagemaker/processing.py L350-430 (_normalize_inputs/_normalize_outputs)', 'v2.257.6 src/sagemaker/workflow/steps.py (depends_on)', 'botocore sagemaker VpcConfig.Subnets / SecurityGroupIds (lists)'],
  },
};

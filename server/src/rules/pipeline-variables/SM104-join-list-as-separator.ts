import { SyntaxNode, childByField, unparenthesize } from '../../parse/syntaxNode';
import { SemanticModel } from '../../semantic/model';
import { Fix, Rule } from '../types';
import { shorten } from './common';

const SEQUENCE_NODES = new Set(['list', 'tuple', 'list_comprehension', 'generator_expression']);

/** A list or tuple (written, a comprehension, or a name bound to one): what `values` takes and `on` never does. */
function isSequence(model: SemanticModel, node: SyntaxNode): boolean {
  const bare = unparenthesize(node);
  if (SEQUENCE_NODES.has(bare.type)) return true;
  const value = model.valueOf(bare);
  return value.kind === 'literal' && (value.type === 'list' || value.type === 'tuple');
}

function isJoinCall(model: SemanticModel, call: SyntaxNode): boolean {
  const value = model.valueOf(call);
  return value.kind === 'instance' && value.call === call && value.symbol.id === 'Join';
}

export const joinListAsSeparator: Rule = {
  code: 'SM104',
  name: 'join-list-as-separator',
  defaultSeverity: 'error',
  summary: 'Join([...]) binds the list to `on` (the separator) and leaves `values` empty',
  nodeTypes: ['call'],
  check(node, context) {
    const { model } = context;
    if (!isJoinCall(model, node)) return;
    const args = childByField(node, 'arguments');
    if (!args) return;
    const items = args.children.filter((c) => c.named && c.type !== 'comment');
    if (items.some((c) => c.type === 'list_splat' || c.type === 'dictionary_splat')) return;
    const positional = items.filter((c) => c.type !== 'keyword_argument');
    const on = model.argument(node, 'on', 0);
    if (!on || !isSequence(model, on)) return;
    // The only argument, written positionally: the user meant the values, with Join's default separator "".
    const fixable = items.length === 1 && positional.length === 1;
    const fix: Fix | undefined = fixable
      ? { title: 'Pass the list as values: Join(on="", values=[...])', applicability: 'safe', edits: [{ start: on.start, end: on.end, newText: `on="", values=${model.text(on)}` }] }
      : undefined;
    const keyword = positional[0] === on ? 'positionally' : 'as `on=`';
    context.report({
      node: on,
      message: `A list passed to Join ${keyword} becomes its separator: write Join(on="", values=[...]). \`${shorten(model.text(on))}\` is Join's first field, \`on\`, and \`values\` stays empty. The pipeline never gets the joined string: \`Join.expr\` puts the list where the separator belongs, and a pipeline variable in it makes \`pipeline.definition()\` raise TypeError ("Object of type ... is not JSON serializable").`,
      fix,
    });
  },
  doc: {
    what: 'Finds `Join([...])`: a `Join` from `sagemaker.workflow.functions` (v2) or `sagemaker.core.workflow.functions` (v3), however imported, whose separator `on` is a list or tuple (written, a comprehension, or a name bound to one), usually because the list was passed as the first positional argument. `Join("/", [...])`, `Join(on="/", values=[...])` and `Join(values=[...])` are correct and stay silent.',
    why: 'Join is an attrs class whose fields are `on` then `values` (v2.257.6 workflow/functions.py L53-54: `on: str = attr.ib(factory=str)`, `values: List = attr.ib(factory=list)`), so the first positional argument is the separator. `Join(["s3://", bucket, "/train"])` has `on` = the list and `values` = []. Its `expr` is `{"Std:Join": {"On": [...], "Values": []}}` with the list\'s objects as they are (not their `.expr`): when the list holds a parameter or another pipeline variable, `pipeline.definition()` (and so `upsert()`) raises `TypeError: Object of type ParameterString is not JSON serializable`; with only strings the definition carries a list as the separator and nothing to join.',
    example: [
      'from sagemaker.workflow.functions import Join',
      'from sagemaker.workflow.parameters import ParameterString',
      '',
      'bucket = ParameterString(name="Bucket", default_value="my-bucket")',
      'train_uri = Join(["s3://", bucket, "/train"])',
    ].join('\n'),
    useInstead: [
      'from sagemaker.workflow.functions import Join',
      'from sagemaker.workflow.parameters import ParameterString',
      '',
      'bucket = ParameterString(name="Bucket", default_value="my-bucket")',
      'train_uri = Join(on="", values=["s3://", bucket, "/train"])',
    ].join('\n'),
    fixSafety: 'Safe fix when the list is the only argument: it becomes `Join(on="", values=[...])`. The list was meant as the values (nothing else makes sense of it), and `""` is the separator Join uses when `on` is not given, so the fix produces exactly the string the call was written to build; the original never produces it. With more arguments (`Join([...], "/")`, `on=[...]`) there is no fix: which separator was meant needs a person.',
    sdkVersions: 'sagemaker v2 (all versions with Join) and v3.',
    references: [
      'v2.257.6 src/sagemaker/workflow/functions.py L30-85 (Join: fields on, values, L53-54; expr)',
      'v2.257.6 src/sagemaker/workflow/pipeline.py L784-830 (_interpolate replaces an Expression by its expr without walking into it), L462 (json.dumps of the definition)',
      'v3 sagemaker-core/src/sagemaker/core/workflow/functions.py L41-96 (the same class; on, values at L64-65)',
    ],
  },
};

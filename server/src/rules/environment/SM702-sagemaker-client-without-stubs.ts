import * as path from 'path';
import { SyntaxNode, childByField } from '../../parse/syntaxNode';
import { SemanticModel } from '../../semantic/model';
import { insertImport } from '../../semantic/imports';
import { detectEol, lineStartBefore } from '../../text/lineIndex';
import type { Boto3Typing } from '../../environment/types';
import { Fix, Rule, TextEdit } from '../types';

/** The requirement fix 2 adds: the stubs for the sagemaker client only (boto3-stubs pulls in boto3's own annotations). */
export const STUBS_DISTRIBUTION = 'boto3-stubs[sagemaker]';

/** `boto3-stubs[sagemaker]` with boto3's version specifier: `==1.35.0` when pinned (or only installed), the same range when a range. */
export function stubsRequirement(typing: Boto3Typing): string {
  const boto3 = typing.boto3;
  if (!boto3) return STUBS_DISTRIBUTION;
  if (boto3.exact) return `${STUBS_DISTRIBUTION}==${boto3.exact}`;
  const spec = boto3.requirement?.replace(/^\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*(\[[^\]]*\])?/, '').split(';')[0].trim();
  return spec && /^[<>=~!]/.test(spec) ? `${STUBS_DISTRIBUTION}${spec}` : STUBS_DISTRIBUTION;
}

/** The fix that appends the stubs requirement to the requirements*.txt, keeping its final-newline convention. */
export function addStubsFix(typing: Boto3Typing): Fix | undefined {
  const target = typing.addTo;
  if (!target) return undefined;
  const line = stubsRequirement(typing);
  const empty = target.end.line === 0 && target.end.character === 0;
  const newText = target.endsWithNewline || empty ? `${line}${target.eol}` : `${target.eol}${line}`;
  return {
    title: `Add ${line} to ${target.relative ?? path.basename(target.file)}`,
    applicability: 'unsafe',
    edits: [],
    otherFiles: [{ file: target.file, range: { start: target.end, end: target.end }, newText }],
  };
}

/** The module-level or function-level `name = <call>` the creation is the whole right-hand side of, without annotation. */
function simpleAssignment(call: SyntaxNode, model: SemanticModel): { assignment: SyntaxNode; target: SyntaxNode; name: string } | undefined {
  const assignment = call.parent;
  if (!assignment || assignment.type !== 'assignment' || childByField(assignment, 'right') !== call || childByField(assignment, 'type')) return undefined;
  const target = childByField(assignment, 'left');
  if (!target || target.type !== 'identifier') return undefined;
  const statement = assignment.parent;
  if (!statement || statement.type !== 'expression_statement') return undefined;
  // Chained (`a = b = boto3.client(...)`) assignments nest: the statement must hold this assignment alone.
  if (statement.children.filter((c) => c.named).length !== 1) return undefined;
  return { assignment, target, name: model.text(target) };
}

/** The function around a node, or the module; undefined inside a class body (an annotation there makes a dataclass field). */
function enclosingScope(node: SyntaxNode): SyntaxNode | undefined {
  for (let at = node.parent; at; at = at.parent) {
    if (at.type === 'class_definition') return undefined;
    if (at.type === 'function_definition' || at.type === 'lambda' || at.type === 'module') return at;
  }
  return undefined;
}

/** Nodes of the given types under `root`, not descending into nested functions and classes. */
function nodesInScope(root: SyntaxNode, types: ReadonlySet<string>): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const stack = [...root.children];
  while (stack.length) {
    const node = stack.pop()!;
    if (types.has(node.type)) found.push(node);
    if (node.type === 'function_definition' || node.type === 'class_definition') continue;
    for (const child of node.children) stack.push(child);
  }
  return found;
}

/**
 * Fix 1: `client: "SageMakerClient" = boto3.client("sagemaker")`, with `SageMakerClient` imported from
 * mypy_boto3_sagemaker under `if TYPE_CHECKING:` (an existing top-level TYPE_CHECKING block or import is reused).
 */
function annotateFix(call: SyntaxNode, model: SemanticModel): Fix | undefined {
  const site = simpleAssignment(call, model);
  if (!site) return undefined;
  const scope = enclosingScope(site.assignment);
  if (!scope) return undefined;
  if (scope.type === 'function_definition') {
    // `global client` / `nonlocal client` + an annotation is a SyntaxError.
    for (const declaration of nodesInScope(scope, new Set(['global_statement', 'nonlocal_statement']))) {
      if (declaration.children.some((c) => c.type === 'identifier' && model.text(c) === site.name)) return undefined;
    }
  }
  // Another annotation of the name in the same scope would be a redefinition to mypy.
  for (const other of nodesInScope(scope, new Set(['assignment']))) {
    const left = childByField(other, 'left');
    if (other !== site.assignment && childByField(other, 'type') && left?.type === 'identifier' && model.text(left) === site.name) return undefined;
  }
  const moduleNames = model.scopes.module.definitions;
  if (moduleNames.has('SageMakerClient')) return undefined; // the name means something else here
  const root = model.tree.root;
  const eol = detectEol(model.tree.text);
  const stubImport = 'from mypy_boto3_sagemaker import SageMakerClient';
  const edits: TextEdit[] = [{ start: site.target.end, end: site.target.end, newText: ': "SageMakerClient"' }];

  // The name TYPE_CHECKING: reuse `from typing import TYPE_CHECKING` or `import typing`; anything else, no fix.
  const typeChecking = moduleNames.get('TYPE_CHECKING');
  let condition = 'TYPE_CHECKING';
  let needImport = false;
  if (typeChecking) {
    if (!typeChecking.every((d) => d.path === 'typing.TYPE_CHECKING' || d.path === 'typing_extensions.TYPE_CHECKING')) return undefined;
  } else if (moduleNames.get('typing')?.every((d) => d.path === 'typing')) {
    condition = 'typing.TYPE_CHECKING';
  } else {
    needImport = true;
  }
  // An existing top-level `if TYPE_CHECKING:` block (no else) takes the import as its last line.
  const block = root.children.find((statement) => {
    if (statement.type !== 'if_statement') return false;
    const test = childByField(statement, 'condition');
    return !!test && ['TYPE_CHECKING', 'typing.TYPE_CHECKING'].includes(model.text(test)) && !statement.children.some((c) => c.type === 'else_clause' || c.type === 'elif_clause');
  });
  const body = block && childByField(block, 'consequence');
  if (block && body && !needImport && body.children.length) {
    const first = body.children.find((c) => c.named && c.type !== 'comment') ?? body.children[0];
    const lineStart = lineStartBefore(model.tree.text, first.start);
    const indent = model.tree.text.slice(lineStart, first.start);
    if (!/^[ \t]+$/.test(indent)) return undefined; // `if TYPE_CHECKING: import x` on one line
    edits.push({ start: body.end, end: body.end, newText: `${eol}${indent}${stubImport}` });
  } else {
    const lines = [...(needImport ? ['from typing import TYPE_CHECKING', ''] : ['']), `if ${condition}:`, `    ${stubImport}`];
    edits.push(insertImport(model, lines.join(eol)));
  }
  return { title: 'Annotate the client as SageMakerClient (import under TYPE_CHECKING)', applicability: 'unsafe', edits };
}

/** Whether the file names the stubs anywhere (an import, a comment): a read of the whole text, recorded so. */
function mentionsStubs(model: SemanticModel): boolean {
  model.recordTextRead();
  return /\b(mypy_boto3_sagemaker|types_boto3_sagemaker)\b/.test(model.tree.text);
}

export const sagemakerClientWithoutStubs: Rule = {
  code: 'SM702',
  name: 'sagemaker-client-without-stubs',
  defaultSeverity: 'information',
  summary: "A boto3 sagemaker client in a project whose requirements have no boto3-stubs[sagemaker] / mypy-boto3-sagemaker: type checkers see no methods or parameters",
  nodeTypes: ['call'],
  exampleEnvironment: {
    boto3Typing: {
      files: ['/project/requirements.txt'],
      declaresAws: true,
      boto3: { requirement: 'boto3==1.35.0', version: '1.35.0', exact: '1.35.0', file: '/project/requirements.txt', source: 'declared' },
      addTo: { file: '/project/requirements.txt', end: { line: 2, character: 0 }, endsWithNewline: true, eol: '\n' },
    },
  },
  check(node, context) {
    const typing = context.model.environment?.boto3Typing;
    if (!typing || typing.uncertain || !typing.declaresAws || typing.stubs) return;
    const value = context.model.valueOf(node);
    if (value.kind !== 'boto3-client' || value.service !== 'sagemaker' || value.node !== node) return;
    if (mentionsStubs(context.model)) return;
    const annotate = annotateFix(node, context.model);
    const add = addStubsFix(typing);
    const requirement = stubsRequirement(typing);
    const site = simpleAssignment(node, context.model);
    const where = typing.addTo ? typing.addTo.relative ?? path.basename(typing.addTo.file) : typing.boto3?.source === 'declared' ? path.basename(typing.boto3.file) : 'the requirements';
    const pin = typing.boto3?.exact ? ` (pinned to boto3 ${typing.boto3.exact})` : '';
    context.report({
      node,
      message:
        `No type stubs for boto3's sagemaker client are declared (${typing.files.map((f) => path.basename(f)).join(', ')}) or installed: ` +
        `boto3 builds the client's methods at run time, so mypy, pyright and editors see \`Any\` and check no method name, parameter or return value. ` +
        `Add \`${requirement}\` to ${where}${pin}, and annotate the client${site ? ` (\`${site.name}: "SageMakerClient" = ...\`)` : ' as `SageMakerClient`'} ` +
        `with \`from mypy_boto3_sagemaker import SageMakerClient\` under \`if TYPE_CHECKING:\`.`,
      fix: annotate,
      // Fix 2 adds the stubs and, where fix 1 applies, annotates too: one edit of both files.
      moreFixes: add ? [annotate ? { ...add, title: `${add.title} and annotate the client`, edits: annotate.edits } : add] : undefined,
    });
  },
  doc: {
    what:
      "Reports each place a boto3 client for `sagemaker` is created (`boto3.client(\"sagemaker\")`, `boto3.Session(...).client(\"sagemaker\")`, `session.client(service_name=\"sagemaker\")`) when the project's requirement files were read and declare boto3 or sagemaker, but none of them declares stubs that type the sagemaker client, and none is installed in the detected environment. Stubs that count: `boto3-stubs[sagemaker]` (or the `full`/`all` extras, or `boto3-stubs-full`), `boto3-stubs-lite[sagemaker]`, `mypy-boto3-sagemaker`, `types-boto3[sagemaker]`, `types-boto3-lite[sagemaker]`, `types-boto3-sagemaker`; installed: a `mypy_boto3_sagemaker` or `types_boto3_sagemaker` package (or `boto3_stubs_full`/`types_boto3_full`) in site-packages. A plain `boto3-stubs` without the extra types only boto3 itself and does not count. Requirement files read: `requirements*.txt` (with `-r`/`-c` includes), `pyproject.toml` (PEP 621 dependencies and optional dependencies, PEP 735 dependency groups, poetry, uv and pdm dev dependencies), `setup.cfg`, `Pipfile`, `poetry.lock`, `uv.lock`. The rule stays silent when nothing was read, when a file could not be parsed or an include is missing, when a requirement file is not a regular file (a symbolic link to a device, a named pipe) or too large, when an include points outside the project (an absolute path, `../` out of it), when another project file (setup.py, .pre-commit-config.yaml, tox.ini, requirements/*.txt, ...) mentions a boto3 stubs package, and when the module itself already mentions `mypy_boto3_sagemaker`. It reports the creation only, not every use of the client.",
    why:
      "boto3 creates client classes at run time from the botocore service model, so static tools know nothing about `create_training_job` or its parameters: to mypy and pyright a client is `Any` (pyright: `Type of \"create_training_job\" is unknown`), misspelled methods and parameters pass type checking and editors offer no completion. The mypy_boto3_builder stubs (`boto3-stubs[sagemaker]`, PEP 561 stub-only packages) type every method, parameter, TypedDict and literal enum of the client; their versions follow boto3's (mypy-boto3-sagemaker 1.35.0 is generated from boto3 1.35.0). With `boto3-stubs[sagemaker]` installed, `boto3.client(\"sagemaker\")` is inferred as `SageMakerClient` through overloads; the explicit annotation also works with the `-lite` packages (no overloads) and documents the type.",
    example: ['import boto3', '', 'sm = boto3.client("sagemaker")', 'sm.describe_training_job(TrainingJobName="my-job")'].join('\n'),
    useInstead: [
      '# requirements.txt: boto3==1.35.0 and boto3-stubs[sagemaker]==1.35.0',
      'from typing import TYPE_CHECKING',
      '',
      'import boto3',
      '',
      'if TYPE_CHECKING:',
      '    from mypy_boto3_sagemaker import SageMakerClient',
      '',
      'sm: "SageMakerClient" = boto3.client("sagemaker")',
      'sm.describe_training_job(TrainingJobName="my-job")',
    ].join('\n'),
    fixSafety:
      "Two quick fixes in the editor, both unsafe. (1) Annotate the client: only when the creation is the whole right-hand side of a plain `name = ...` assignment without an annotation, at module level or in a function (not in a class body, where an annotation would turn the attribute into a dataclass field; not for a name declared `global`/`nonlocal`, where it is a SyntaxError; not when the name is annotated elsewhere in the scope or `SageMakerClient` already means something else). It writes a string annotation, `sm: \"SageMakerClient\" = ...`, and imports `SageMakerClient` from `mypy_boto3_sagemaker` under `if TYPE_CHECKING:` (reusing an existing `TYPE_CHECKING` import or block), so nothing changes at run time; it is unsafe because until the stubs are installed, mypy and pyright report the import as unresolved, so it must not be applied in bulk by `--fix`. (2) Add the stubs to the requirements file (and, where (1) applies, annotate the client in the same edit): appends `boto3-stubs[sagemaker]` with boto3's specifier (`==1.35.0` when boto3 is pinned or locked; the same range when boto3 is declared with a range; the installed boto3 version when boto3 is only installed; unpinned when boto3's version is unknown) as a new line of the `requirements*.txt` that declares boto3 (else sagemaker), keeping its final-newline convention; its title names that file by its path in the workspace (`Add ... to services/api/requirements.txt`). It is offered only when that file is inside the workspace folders (includes that leave the project are not even read). It edits another file, so it is offered in the editor only: `sagelint check --fix` and `--diff` never apply it. When boto3 is declared in pyproject.toml, setup.cfg, Pipfile or a lock file, there is no fix 2: where the stubs belong there (a dev group, an extra, poetry's group syntax, a lock refresh) is the project's choice and a text edit could not keep the lock file consistent.",
    sdkVersions: 'boto3 (any version; mypy-boto3-sagemaker exists for every boto3 1.x release the stubs builder targets), whatever the SageMaker Python SDK version.',
    references: [
      'youtype/mypy_boto3_builder: boto3-stubs documentation for SageMaker (https://youtype.github.io/boto3_stubs_docs/mypy_boto3_sagemaker/): install `boto3-stubs[sagemaker]`, `boto3-stubs-lite[sagemaker]` or standalone `mypy-boto3-sagemaker`; `SageMakerClient` types `boto3.client("sagemaker")`',
      'PyPI mypy-boto3-sagemaker (e.g. 1.43.87: "Type annotations for boto3 SageMaker 1.43.87"): the stubs version follows the boto3 version they were generated from',
      'PyPI boto3-stubs: a plain `boto3-stubs` installs annotations for boto3 itself, no services; `essential` covers cloudformation, dynamodb, ec2, lambda, rds, s3 and sqs only; `all`/`full` every service',
      'types-boto3 (the same builder\'s newer naming): `types-boto3[sagemaker]`, `types-boto3-lite[sagemaker]`, `types-boto3-sagemaker`',
      'PEP 561: Distributing and Packaging Type Information (stub-only packages)',
      'PEP 563 / PEP 649: string annotations are not evaluated at run time, so a TYPE_CHECKING-only import is enough',
    ],
  },
};

import * as path from 'path';
import { SyntaxNode, childByField } from '../../parse/syntaxNode';
import { Rule } from '../types';
import { describeRange, exactVersion, intersectRanges, parseVersionSpecifier } from '../../environment/sdkVersionRange';

/** The first sagemaker v2 release that ships py.typed (PR #5027, released 2025-05-28). */
export const FIRST_TYPED_V2 = '2.245.0';

/**
 * The releases that ship src/sagemaker/py.typed: v2.245.0 up to v3 (checked in every release tag: added by
 * 5ce7249 "Correct mypy type checking through PEP 561", first tag containing it v2.245.0, never deleted in
 * v2; no v3 tag up to v3.20.0 has a py.typed). v1 never shipped one.
 */
const TYPED_RELEASES = parseVersionSpecifier(`>=${FIRST_TYPED_V2},<3`)!;

/** The module name node of the module's first `import sagemaker…` / `from sagemaker… import`, in source order. */
function firstSagemakerImport(root: SyntaxNode, text: (node: SyntaxNode) => string): SyntaxNode | undefined {
  const stack: SyntaxNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'import_from_statement') {
      const module = childByField(node, 'module_name');
      if (module && /^sagemaker(\.|$)/.test(text(module))) return module;
    } else if (node.type === 'import_statement') {
      for (const child of node.children) {
        const name = child.type === 'aliased_import' ? childByField(child, 'name') : child.type === 'dotted_name' ? child : undefined;
        if (name && /^sagemaker(\.|$)/.test(text(name))) return name;
      }
    } else {
      for (let i = node.children.length - 1; i >= 0; i--) if (node.children[i].named) stack.push(node.children[i]);
    }
  }
  return undefined;
}

export const untypedSdkUnderMypy: Rule = {
  code: 'SM701',
  name: 'untyped-sdk-under-mypy',
  defaultSeverity: 'information',
  summary: 'The installed (or, with nothing installed, pinned) sagemaker has no py.typed while the workspace runs mypy: mypy skips the SDK\'s inline types',
  nodeTypes: ['module'],
  exampleEnvironment: {
    sdk: { major: 2, version: '2.232.0', typed: false, source: 'installed', range: exactVersion('2.232.0', 'sagemaker==2.232.0') },
    mypyConfig: 'pyproject.toml',
  },
  check(node, context) {
    const environment = context.model.environment;
    const sdk = environment?.sdk;
    if (!sdk || !environment.mypyConfig) return;
    let subject: string;
    if (sdk.source === 'installed') {
      if (sdk.typed !== false) return;
      subject = `sagemaker ${sdk.version} in this environment has no py.typed marker`;
    } else {
      // Nothing installed says: the pin does, when no release it admits ships py.typed. A range that admits
      // a typed release (">=2.200") may install one: then nothing is said.
      if (!sdk.range.intervals.length || intersectRanges(sdk.range, TYPED_RELEASES).intervals.length) return;
      const pin = sdk.source === 'notebook' ? `this notebook installs ${sdk.range.text}` : `${sdk.from ? path.basename(sdk.from) : 'the project'} pins ${sdk.range.text}`;
      const admits = describeRange(sdk.range);
      subject = /^\d[\w.+!]*$/.test(admits) ? `${pin}, which has no py.typed marker` : `${pin} (${admits}), whose releases all lack a py.typed marker`;
    }
    const at = firstSagemakerImport(node, (n) => context.model.text(n));
    if (!at) return;
    const where = path.basename(environment.mypyConfig);
    const ways =
      sdk.major === 2
        ? `upgrade to sagemaker >= ${FIRST_TYPED_V2}, the first v2 release that ships py.typed; or set \`follow_untyped_imports = true\` for \`sagemaker.*\` in a per-module mypy section (mypy >= 1.14)`
        : `no ${sdk.major === 3 ? 'v3' : `v${sdk.major}`} release ships py.typed yet, so set \`follow_untyped_imports = true\` for \`sagemaker.*\` in a per-module mypy section (mypy >= 1.14), or keep \`ignore_missing_imports\``;
    context.report({
      node: at,
      message:
        `${subject}, and mypy runs here (${where}): mypy treats the SDK as untyped ` +
        `("module is installed, but missing library stubs or py.typed marker [import-untyped]") and skips its inline types, so SDK objects are Any to it. ` +
        `To have them checked: ${ways}. SageLint's own checks need no types.`,
    });
  },
  doc: {
    what:
      'Reports once per module, at the first `sagemaker` import, when the environment the workspace uses has a `sagemaker` installed without a `py.typed` marker (v2 before 2.245.0, and every v3 release so far) and the workspace configures mypy (`[tool.mypy]` in pyproject.toml, mypy.ini, .mypy.ini, or `[mypy]` in setup.cfg). The environment is found without running Python: `sagelint.pythonPath`, the Python extension\'s interpreter, `.venv`/`venv`, or `VIRTUAL_ENV`; the version comes from `sagemaker-*.dist-info/METADATA` and the marker from `site-packages/sagemaker/py.typed`. When nothing is installed, a pin decides (a notebook\'s own `%pip install sagemaker...`, else the requirement and project files): it reports when no release the pin admits ships `py.typed` (`sagemaker==2.160.0`, `sagemaker>=2.100,<2.200`, `sagemaker>=3`), and stays silent when the pin admits a typed release (`sagemaker>=2.200` may install 2.245.0 or later).',
    why:
      'PEP 561: mypy reads inline annotations of an installed package only when the package ships `py.typed`. Without it mypy reports `error: Skipping analyzing "sagemaker": module is installed, but missing library stubs or py.typed marker  [import-untyped]`, and with `ignore_missing_imports` (the usual silencer) every SDK class and function becomes `Any`: wrong argument names, wrong types and misspelled attributes of estimators, sessions and steps pass type checking unnoticed. sagemaker v2 ships `py.typed` since 2.245.0 (PR #5027, "Correct mypy type checking through PEP 561"); v3 (3.20.0) ships none in any of its packages.',
    example: ['import sagemaker', 'from sagemaker.workflow.parameters import ParameterString', '', 'bucket = ParameterString(name="Bucket")'].join('\n'),
    useInstead: [
      '# Either upgrade (v2): sagemaker>=2.245.0 ships py.typed.',
      '# Or, with mypy >= 1.14, follow the untyped package anyway (pyproject.toml):',
      '#   [[tool.mypy.overrides]]',
      '#   module = ["sagemaker.*"]',
      '#   follow_untyped_imports = true',
      '# (mypy.ini / setup.cfg: a [mypy-sagemaker.*] section with follow_untyped_imports = True)',
      'bucket_name = "my-bucket"',
    ].join('\n'),
    fixSafety: 'No fix: the remedy is in the environment (an upgrade) or in the mypy configuration, not in this module. The finding is information only; `# noqa: SM701` on the import or `ignore = ["SM701"]` silences it.',
    sdkVersions: 'sagemaker v2 before 2.245.0 and every v3 release to date (3.20.0 has no py.typed); v2 >= 2.245.0 is typed and never triggers it. How this was checked: in the SDK\'s git history, `git log --diff-filter=A -- src/sagemaker/py.typed` finds two commits; 453e53e ("feat: py typed", 2025-02-10) is in no release tag, and 5ce7249 ("Correct mypy type checking through PEP 561", #5027) is first contained in tag v2.245.0 (`git tag --contains`). At v2.245.0 the wheel is built by hatchling with `packages = ["src/sagemaker"]` (every file of the package, py.typed included; setup.py\'s `package_data` also names it); every later v2 tag has the file, except tag v2.257.2, which points at a commit with the v3 layout and cannot say; no v3 tag (3.0.0 to 3.20.0) has any py.typed. The `follow_untyped_imports` option needs mypy >= 1.14 (added in mypy 1.14.0, December 2024).',
    references: [
      'aws/sagemaker-python-sdk PR #5027 "Correct mypy type checking through PEP 561" (merged 2025-05-21; released in v2.245.0): adds src/sagemaker/py.typed',
      'aws/sagemaker-python-sdk issue #2985 "Can\'t use mypy because of missing py.typed file in the distribution"',
      'PEP 561: Distributing and Packaging Type Information',
      'mypy docs, "Missing imports" and the `follow_untyped_imports` per-module option (mypy 1.14.0)',
    ],
  },
};

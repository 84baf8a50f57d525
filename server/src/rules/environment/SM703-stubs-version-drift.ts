import * as path from 'path';
import { parseRequirement } from '../../environment/declared';
import { Rule } from '../types';

/** Stubs distributions whose version follows boto3's (mypy_boto3_builder publishes them as boto3's version). */
export const VERSIONED_STUBS: ReadonlySet<string> = new Set([
  'boto3-stubs', 'boto3-stubs-lite', 'boto3-stubs-full', 'types-boto3', 'types-boto3-lite', 'types-boto3-full', 'mypy-boto3-sagemaker', 'types-boto3-sagemaker',
]);

function majorMinor(version: string): string {
  return version.split('.').slice(0, 2).map((part) => String(Number(part))).join('.');
}

export const stubsVersionDrift: Rule = {
  code: 'SM703',
  name: 'stubs-version-drift',
  defaultSeverity: 'warning',
  summary: 'boto3 and its stubs (boto3-stubs, mypy-boto3-sagemaker, types-boto3) are pinned to different major.minor versions in requirements*.txt or pyproject.toml',
  nodeTypes: [],
  check() {
    // Requirements files only: see checkRequirements.
  },
  checkRequirements(file) {
    const parsed = file.lines.flatMap((line) => {
      const requirement = line.requirement && parseRequirement(line.requirement);
      return requirement ? [{ line, requirement }] : [];
    });
    // boto3's pin: in this file, else pinned in another requirement file of the project (a lock file included).
    const here = parsed.find((p) => p.requirement.name === 'boto3');
    const declared = file.environment?.boto3Typing?.boto3;
    let boto3: { version: string; where: string } | undefined;
    if (here) {
      if (here.requirement.exact) boto3 = { version: here.requirement.exact, where: `line ${here.line.line + 1}` };
    } else if (declared?.source === 'declared' && declared.exact && (!file.path || path.resolve(declared.file) !== path.resolve(file.path))) {
      boto3 = { version: declared.exact, where: path.basename(declared.file) };
    }
    if (!boto3) return;
    for (const { line, requirement } of parsed) {
      if (!VERSIONED_STUBS.has(requirement.name) || !requirement.exact) continue;
      if (majorMinor(requirement.exact) === majorMinor(boto3.version)) continue;
      const text = line.requirement!;
      const pin = /===?\s*v?(\d+(?:\.\d+)*)/.exec(text);
      const fix = pin
        ? {
            title: `Pin ${requirement.name} to ${boto3.version}`,
            applicability: 'unsafe' as const,
            edits: [{ start: line.start + pin.index + pin[0].length - pin[1].length, end: line.start + pin.index + pin[0].length, newText: boto3.version }],
          }
        : undefined;
      file.report({
        start: line.start,
        end: line.end,
        message:
          `${requirement.name} ${requirement.exact} does not match boto3 ${boto3.version} (${boto3.where}): pin ${requirement.name}==${boto3.version}. ` +
          `The stubs describe another boto3 API (methods, parameters and enums added since are missing or wrong to type checkers); ${requirement.name}==${boto3.version} is generated from that boto3 release.`,
        fix,
      });
    }
  },
  doc: {
    what:
      'Checks pip requirements files (`requirements*.txt`) and the PEP 508 dependency arrays of `pyproject.toml` (`[project]` dependencies and optional dependencies, `[dependency-groups]`, uv and pdm dev dependencies; poetry\'s tables are not checked), in the editor and on the command line, where boto3 and a stubs package that follows boto3\'s versions (`boto3-stubs`, `boto3-stubs-lite`, `boto3-stubs-full`, `mypy-boto3-sagemaker`, `types-boto3`, `types-boto3-lite`, `types-boto3-full`, `types-boto3-sagemaker`) are both pinned with `==` and their major.minor versions differ. boto3\'s pin comes from the same file, else from another requirement file of the project (another `requirements*.txt`, pyproject.toml, a lock file). The warning sits on the stubs line. Ranges (`>=`, `~=`) and unpinned requirements are never compared.',
    why:
      'mypy_boto3_builder generates the stubs from one boto3/botocore release and gives them that release\'s version (mypy-boto3-sagemaker 1.35.0 describes boto3 1.35.0). When boto3 moves on and the stubs stay, type checkers check calls against an older (or newer) API: new SageMaker operations are reported as missing (`"SageMakerClient" has no attribute ...`), new parameters as unexpected keyword arguments, new enum values as invalid literals, while code written for the old API passes. A patch-only difference is left alone: boto3 publishes a patch release almost every weekday and `mypy-boto3-sagemaker` is published only for releases that change SageMaker, so exact equality is often impossible and the drift is small; a different major.minor means months of API changes.',
    // A requirements.txt; in pyproject.toml the same strings in a dependency array.
    example: ['boto3==1.35.10', 'boto3-stubs[sagemaker]==1.34.0'].join('\n'),
    useInstead: ['boto3==1.35.10', 'boto3-stubs[sagemaker]==1.35.10'].join('\n'),
    fixSafety:
      'Unsafe fix: re-pins the stubs to boto3\'s exact version (`boto3-stubs[sagemaker]==1.35.10`). It changes what gets installed, and a standalone `mypy-boto3-sagemaker` may not be published for that exact boto3 patch release (the builder publishes a service package only when the service changed), in which case pick the closest release with the same major.minor. Suppress with `# noqa: SM703` at the end of the line.',
    sdkVersions: 'boto3 (any version) and the mypy_boto3_builder stubs packages (boto3-stubs, mypy-boto3-sagemaker, types-boto3 and their -lite/-full variants); independent of the SageMaker Python SDK version.',
    references: [
      'PyPI mypy-boto3-sagemaker (e.g. 1.43.87: "Type annotations for boto3 SageMaker 1.43.87 ... Generated with mypy-boto3-builder"): the stubs\' version is the boto3 version they describe',
      'youtype/mypy_boto3_builder documentation: `uvx --with \'boto3==X.Y.Z\' mypy-boto3-builder` generates stubs matching an installed boto3 version',
      'pip documentation, "Requirements File Format": one requirement per line, `#` comments',
    ],
  },
};

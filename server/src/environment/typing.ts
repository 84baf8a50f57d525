import * as fs from 'fs';
import * as path from 'path';
import { Boto3Typing, FilePosition } from './types';
import { DeclaredProject, DeclaredRequirement, REQUIREMENTS_FILE } from './declared';
import { InstalledBoto3Typing } from './sitePackages';
import { BoundedReadError, isInside, readProjectFile } from '../io/boundedRead';
import { detectEol } from '../text/lineIndex';

/** Distributions that type boto3's sagemaker client whatever extras they carry (mypy_boto3_builder naming). */
const COVERING_PACKAGES = new Set(['mypy-boto3-sagemaker', 'types-boto3-sagemaker', 'boto3-stubs-full', 'types-boto3-full']);
/** Distributions that type the sagemaker client with the `sagemaker` extra (or `full` / `all`). */
const WITH_EXTRA = new Set(['boto3-stubs', 'boto3-stubs-lite', 'types-boto3', 'types-boto3-lite']);
const COVERING_EXTRAS = new Set(['sagemaker', 'full', 'all']);
/** Every distribution of the mypy_boto3_builder families: `boto3-stubs*`, `mypy-boto3*`, `types-boto3*`. */
const STUBS_FAMILY = /^(boto3-stubs|mypy-boto3|types-boto3)(-|$)/;
/** A mention of such a distribution or module in any text. */
const STUBS_MENTION = /boto3[-_.]stubs|mypy[-_.]boto3|types[-_.]boto3/i;

/** Whether a requirement types the sagemaker client. A plain `boto3-stubs` (no extra) types only boto3 itself. */
export function coversSagemakerClient(requirement: Pick<DeclaredRequirement, 'name' | 'extras'>): boolean {
  if (COVERING_PACKAGES.has(requirement.name)) return true;
  return WITH_EXTRA.has(requirement.name) && requirement.extras.some((extra) => COVERING_EXTRAS.has(extra));
}

export function isStubsRequirement(name: string): boolean {
  return STUBS_FAMILY.test(name);
}

/** Project files sagelint does not parse for requirements but that often declare stubs (scanned for a mention only). */
const UNPARSED_CANDIDATES = ['setup.py', '.pre-commit-config.yaml', 'tox.ini', 'environment.yml', 'environment.yaml', 'noxfile.py', 'hatch.toml', 'pixi.toml'];

/**
 * boto3 typing facts for a project folder, from its declared requirements and (when found) the installed
 * packages. Undefined when no requirement file was read: nothing is known then.
 */
export function boto3TypingOf(root: string, project: DeclaredProject, installed?: InstalledBoto3Typing, within: readonly string[] = [root]): Boto3Typing | undefined {
  if (!project.files.length) return undefined;
  const requirements = project.requirements;
  const declaredBoto3 = requirements.filter((r) => r.name === 'boto3');
  const pinned = declaredBoto3.find((r) => r.exact && r.locked) ?? declaredBoto3.find((r) => r.exact) ?? declaredBoto3.find((r) => !r.locked);
  let boto3: Boto3Typing['boto3'];
  if (pinned) {
    boto3 = { requirement: pinned.requirement, ...(pinned.version ? { version: pinned.version } : {}), ...(pinned.exact ? { exact: pinned.exact } : {}), file: pinned.file, source: 'declared' };
  } else if (installed?.boto3) {
    boto3 = { version: installed.boto3.version, exact: installed.boto3.version, file: installed.boto3.metadata, source: 'installed' };
  }
  const declaredStubs = requirements.find(coversSagemakerClient);
  const stubs: Boto3Typing['stubs'] = declaredStubs
    ? { name: declaredStubs.name, requirement: declaredStubs.requirement, file: declaredStubs.file, source: 'declared' }
    : installed?.stubs
      ? { name: path.basename(installed.stubs).replace(/-.*$/, ''), file: installed.stubs, source: 'installed' }
      : undefined;
  const declaresAws = requirements.some((r) => r.name === 'boto3' || r.name === 'sagemaker');

  // Where a stubs package might be declared without sagelint understanding it: stay silent then.
  const notRead = project.notRead[0];
  let uncertain: string | undefined = notRead ? `${path.basename(notRead.file)}: ${notRead.why}` : project.unreadable[0] && `${path.basename(project.unreadable[0])} could not be read`;
  if (!uncertain) {
    const understood = new Set(requirements.filter((r) => isStubsRequirement(r.name)).map((r) => r.file));
    const candidates = [...project.files.filter((f) => !understood.has(f)), ...unparsedCandidates(root, project)];
    for (const file of candidates) {
      let text: string;
      try {
        text = readProjectFile(file, within);
      } catch (error) {
        // A file that exists but is a pipe, a device, huge or elsewhere may name stubs: nothing is certain.
        if (error instanceof BoundedReadError && error.failure.reason !== 'missing') {
          uncertain = `${path.basename(file)} could not be read (${error.failure.message})`;
          break;
        }
        continue;
      }
      if (STUBS_MENTION.test(text)) {
        uncertain = `${path.basename(file)} mentions boto3 stubs where sagelint does not read requirements`;
        break;
      }
    }
  }

  // The file to add stubs to: the one that declares boto3 (else sagemaker), when it is a requirements*.txt.
  const declaring = requirements.find((r) => r.name === 'boto3' && !r.locked) ?? requirements.find((r) => r.name === 'sagemaker' && !r.locked);
  const addTo = declaring && REQUIREMENTS_FILE.test(path.basename(declaring.file)) ? endOf(declaring.file, root, within) : undefined;
  return {
    files: project.files,
    ...(uncertain ? { uncertain } : {}),
    declaresAws,
    ...(boto3 ? { boto3 } : {}),
    ...(stubs ? { stubs } : {}),
    ...(addTo ? { addTo } : {}),
  };
}

/** Files worth a mention scan: the unparsed candidates, other *requirements*.txt/.in files and a requirements/ folder. */
function unparsedCandidates(root: string, project: DeclaredProject): string[] {
  const found: string[] = [];
  const consider = (file: string) => {
    if (!project.files.includes(file) && !found.includes(file)) found.push(file);
  };
  for (const name of UNPARSED_CANDIDATES) consider(path.join(root, name));
  try {
    for (const name of fs.readdirSync(root)) if (/requirements.*\.(txt|in)$/i.test(name)) consider(path.join(root, name));
  } catch {
    // unreadable root: nothing more
  }
  for (const folder of ['requirements', 'reqs']) {
    try {
      for (const name of fs.readdirSync(path.join(root, folder))) if (/\.(txt|in)$/i.test(name)) consider(path.join(root, folder, name));
    } catch {
      // no such folder
    }
  }
  return found;
}

/**
 * Where the stubs requirement would go. Only a file inside the project (or workspace) folders is ever
 * a target: a quick fix must not edit files elsewhere on the machine. `relative` names it for titles.
 */
function endOf(file: string, root: string, within: readonly string[]): Boto3Typing['addTo'] {
  const folder = [root, ...within].find((f) => isInside(path.resolve(f), path.resolve(file)));
  if (!folder) return undefined;
  let text: string;
  try {
    text = readProjectFile(file, within);
  } catch {
    return undefined;
  }
  const lines = text.split(/\r\n|\r|\n/);
  const end: FilePosition = { line: lines.length - 1, character: lines[lines.length - 1].length };
  const relative = path.relative(path.resolve(folder), path.resolve(file)).split(path.sep).join('/');
  return { file, relative, end, endsWithNewline: /(\r\n|\r|\n)$/.test(text), eol: detectEol(text) };
}

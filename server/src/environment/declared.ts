import * as fs from 'fs';
import * as path from 'path';
import { parse as parseToml } from 'smol-toml';

/** A sagemaker requirement found in a project file. */
export interface DeclaredSagemaker {
  /** The lowest version the requirement allows (or the locked version); undefined for "any". */
  readonly version?: string;
  readonly major?: number;
  /** The requirement as written, e.g. "sagemaker>=2.200,<3". */
  readonly requirement: string;
  readonly file: string;
}

/**
 * Looks for a sagemaker requirement in a project folder, most exact first: lock files (poetry.lock,
 * uv.lock), then pyproject.toml ([project] dependencies, [tool.poetry.dependencies]), requirements*.txt,
 * setup.cfg install_requires, Pipfile.
 */
export function readDeclaredSagemaker(root: string): DeclaredSagemaker | undefined {
  const readers: [string, (text: string) => string | undefined][] = [
    ['poetry.lock', lockVersion],
    ['uv.lock', lockVersion],
    ['pyproject.toml', pyprojectRequirement],
  ];
  for (const [name, reader] of readers) {
    const found = tryRead(path.join(root, name), reader);
    if (found) return found;
  }
  for (const name of requirementsFiles(root)) {
    const found = tryRead(path.join(root, name), requirementsRequirement);
    if (found) return found;
  }
  return tryRead(path.join(root, 'setup.cfg'), setupCfgRequirement) ?? tryRead(path.join(root, 'Pipfile'), pipfileRequirement);
}

function requirementsFiles(root: string): string[] {
  try {
    return fs.readdirSync(root).filter((n) => /^requirements.*\.txt$/i.test(n)).sort((a, b) => (a === 'requirements.txt' ? -1 : b === 'requirements.txt' ? 1 : a.localeCompare(b)));
  } catch {
    return [];
  }
}

function tryRead(file: string, reader: (text: string) => string | undefined): DeclaredSagemaker | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let requirement: string | undefined;
  try {
    requirement = reader(text);
  } catch {
    return undefined; // malformed file: as if it declared nothing
  }
  if (requirement === undefined) return undefined;
  const version = lowestVersion(requirement);
  return { requirement, version, major: version ? Number(version.split('.')[0]) : upperBoundMajor(requirement), file };
}

/** `[[package]] name = "sagemaker" version = "2.257.6"` in poetry.lock and uv.lock. */
function lockVersion(text: string): string | undefined {
  const data = parseToml(text) as { package?: { name?: string; version?: string }[] };
  const entry = data.package?.find((p) => normalize(p.name ?? '') === 'sagemaker');
  return entry?.version ? `sagemaker==${entry.version}` : undefined;
}

function pyprojectRequirement(text: string): string | undefined {
  const data = parseToml(text) as {
    project?: { dependencies?: unknown[]; 'optional-dependencies'?: Record<string, unknown[]> };
    tool?: { poetry?: { dependencies?: Record<string, unknown>; group?: Record<string, { dependencies?: Record<string, unknown> }> } };
  };
  const pep621 = [...(data.project?.dependencies ?? []), ...Object.values(data.project?.['optional-dependencies'] ?? {}).flat()];
  for (const dependency of pep621) {
    if (typeof dependency === 'string' && requirementName(dependency) === 'sagemaker') return dependency;
  }
  const poetry = [data.tool?.poetry?.dependencies, ...Object.values(data.tool?.poetry?.group ?? {}).map((g) => g.dependencies)];
  for (const table of poetry) {
    for (const [name, spec] of Object.entries(table ?? {})) {
      if (normalize(name) !== 'sagemaker') continue;
      const version = typeof spec === 'string' ? spec : typeof (spec as { version?: unknown })?.version === 'string' ? (spec as { version: string }).version : '*';
      return `sagemaker${/^[\d]/.test(version) ? '==' : ''}${version}`;
    }
  }
  return undefined;
}

function requirementsRequirement(text: string): string | undefined {
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line && !line.startsWith('-') && requirementName(line) === 'sagemaker') return line;
  }
  return undefined;
}

/** `[options] install_requires =` with one requirement per continuation line (or ; separated). */
function setupCfgRequirement(text: string): string | undefined {
  let section = '';
  let inInstallRequires = false;
  for (const raw of text.split(/\r?\n/)) {
    const header = /^\s*\[([^\]]+)\]/.exec(raw);
    if (header) {
      section = header[1].trim();
      inInstallRequires = false;
      continue;
    }
    if (section !== 'options') continue;
    const key = /^(\w[\w-]*)\s*=\s*(.*)$/.exec(raw);
    if (key) {
      inInstallRequires = key[1] === 'install_requires';
      if (!inInstallRequires) continue;
      for (const item of key[2].split(/[;\n]/)) if (requirementName(item.trim()) === 'sagemaker') return item.trim();
      continue;
    }
    if (inInstallRequires && /^\s+\S/.test(raw)) {
      const item = raw.replace(/#.*$/, '').trim();
      if (requirementName(item) === 'sagemaker') return item;
    }
  }
  return undefined;
}

function pipfileRequirement(text: string): string | undefined {
  const data = parseToml(text) as { packages?: Record<string, unknown>; 'dev-packages'?: Record<string, unknown> };
  for (const table of [data.packages, data['dev-packages']]) {
    for (const [name, spec] of Object.entries(table ?? {})) {
      if (normalize(name) !== 'sagemaker') continue;
      const version = typeof spec === 'string' ? spec : typeof (spec as { version?: unknown })?.version === 'string' ? (spec as { version: string }).version : '*';
      return `sagemaker${version === '*' ? '' : version}`;
    }
  }
  return undefined;
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The distribution name of a PEP 508 requirement ("sagemaker[local]>=2" → "sagemaker"). */
function requirementName(requirement: string): string | undefined {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(requirement);
  return m ? normalize(m[1]) : undefined;
}

/** The lowest version a specifier allows: ==, ===, ~=, >=, >, ^, ~ (poetry) and bare versions. */
export function lowestVersion(requirement: string): string | undefined {
  const spec = requirement.replace(/^\s*[A-Za-z0-9][A-Za-z0-9._-]*(\[[^\]]*\])?/, '').split(';')[0];
  const m = /(?:===|==|~=|>=|>|\^|~|^\s*)\s*v?(\d+(?:\.\d+)*)/.exec(spec);
  if (!m) return undefined;
  const parts = m[1].split('.');
  while (parts.length < 3) parts.push('0');
  return parts.join('.');
}

/** For "<3" alone: the major below the bound. */
function upperBoundMajor(requirement: string): number | undefined {
  const m = /<\s*(\d+)(?:\.0)*(?![.\d])/.exec(requirement);
  return m ? Math.max(1, Number(m[1]) - 1) : undefined;
}

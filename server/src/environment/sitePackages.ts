import * as fs from 'fs';
import * as path from 'path';
import { readProjectFile } from '../io/boundedRead';

/** The sagemaker distribution installed in a site-packages folder, read from its metadata on disk. */
export interface InstalledSagemaker {
  readonly version: string;
  /** site-packages/sagemaker/py.typed exists (PEP 561): mypy reads the SDK's inline types. */
  readonly typed: boolean;
  /** The METADATA or PKG-INFO file the version came from. */
  readonly metadata: string;
}

/**
 * The interpreter's prefix for a path that is either a prefix (a virtual environment folder) or an
 * interpreter inside one (bin/python, Scripts/python.exe).
 */
export function prefixOf(interpreterOrPrefix: string): string {
  try {
    if (fs.statSync(interpreterOrPrefix).isDirectory()) return interpreterOrPrefix;
  } catch {
    // not there: treat it as an interpreter path below
  }
  const dir = path.dirname(interpreterOrPrefix);
  return ['bin', 'Scripts'].includes(path.basename(dir)) ? path.dirname(dir) : dir;
}

/** site-packages under a prefix: lib/python3.X/site-packages (newest X first), Lib/site-packages (Windows). */
export function sitePackagesOf(prefix: string): string | undefined {
  const lib = path.join(prefix, 'lib');
  let versions: string[] = [];
  try {
    versions = fs.readdirSync(lib).filter((name) => /^python\d+\.\d+t?$/.test(name));
  } catch {
    // no lib folder
  }
  versions.sort((a, b) => minor(b) - minor(a));
  for (const name of versions) {
    const candidate = path.join(lib, name, 'site-packages');
    if (isDirectory(candidate)) return candidate;
  }
  for (const candidate of [path.join(prefix, 'Lib', 'site-packages'), path.join(lib, 'site-packages')]) {
    if (isDirectory(candidate)) return candidate;
  }
  return undefined;
}

function minor(name: string): number {
  const m = /^python(\d+)\.(\d+)/.exec(name);
  return m ? Number(m[1]) * 1000 + Number(m[2]) : 0;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Reads sagemaker's version from `sagemaker-X.Y.Z.dist-info/METADATA` (or an .egg-info), without running Python. */
export function readInstalledSagemaker(sitePackages: string): InstalledSagemaker | undefined {
  let entries: string[];
  try {
    entries = fs.readdirSync(sitePackages);
  } catch {
    return undefined;
  }
  // "sagemaker-2.257.6.dist-info", not "sagemaker_core-1.0.dist-info" (normalised names use _ for -).
  const candidates = entries.filter((name) => /^sagemaker-\d[^-]*?(-py\d[^-]*)?\.(dist-info|egg-info)$/i.test(name)).sort();
  for (const name of candidates) {
    const dir = path.join(sitePackages, name);
    const files = name.endsWith('.dist-info') ? [path.join(dir, 'METADATA')] : isDirectory(dir) ? [path.join(dir, 'PKG-INFO')] : [dir];
    for (const file of files) {
      let text: string;
      try {
        text = readProjectFile(file);
      } catch {
        continue;
      }
      const nameLine = /^Name:\s*(.+)$/m.exec(text)?.[1].trim().toLowerCase();
      const version = /^Version:\s*(.+)$/m.exec(text)?.[1].trim();
      if (nameLine && nameLine !== 'sagemaker') continue;
      const fromFolder = /^sagemaker-(\d[^-]*?)(?:-py\d[^-]*)?\.(?:dist|egg)-info$/i.exec(name)?.[1];
      const found = version ?? fromFolder;
      if (!found) continue;
      return { version: found, typed: fs.existsSync(path.join(sitePackages, 'sagemaker', 'py.typed')), metadata: file };
    }
  }
  return undefined;
}

/** What a site-packages folder holds for boto3 typing: boto3's version and a package that types the sagemaker client. */
export interface InstalledBoto3Typing {
  readonly boto3?: { readonly version: string; readonly metadata: string };
  /** The folder or dist-info that provides `mypy_boto3_sagemaker` / `types_boto3_sagemaker` types. */
  readonly stubs?: string;
}

/**
 * Reads boto3's version (`boto3-X.Y.Z.dist-info`) and whether sagemaker client stubs are installed: the
 * `mypy_boto3_sagemaker` or `types_boto3_sagemaker` package (what `boto3-stubs[sagemaker]`,
 * `mypy-boto3-sagemaker`, `types-boto3[sagemaker]` install) or the all-services `boto3_stubs_full` /
 * `types_boto3_full` packages.
 */
export function readInstalledBoto3Typing(sitePackages: string): InstalledBoto3Typing {
  let entries: string[];
  try {
    entries = fs.readdirSync(sitePackages);
  } catch {
    return {};
  }
  const stubs = entries.find((name) => /^(mypy_boto3_sagemaker|types_boto3_sagemaker|boto3_stubs_full|types_boto3_full)(-[^-]+\.(dist|egg)-info)?$/i.test(name));
  let boto3: InstalledBoto3Typing['boto3'];
  for (const name of entries.filter((n) => /^boto3-\d[^-]*\.(dist|egg)-info$/i.test(n)).sort()) {
    const dir = path.join(sitePackages, name);
    const file = name.endsWith('.dist-info') ? path.join(dir, 'METADATA') : isDirectory(dir) ? path.join(dir, 'PKG-INFO') : dir;
    let version = /^boto3-(\d[^-]*?)\.(?:dist|egg)-info$/i.exec(name)?.[1];
    try {
      version = /^Version:\s*(.+)$/m.exec(readProjectFile(file))?.[1].trim() ?? version;
    } catch {
      // the folder name has it
    }
    if (version) boto3 = { version, metadata: file };
  }
  return { ...(boto3 ? { boto3 } : {}), ...(stubs ? { stubs: path.join(sitePackages, stubs) } : {}) };
}

import path from 'node:path';
import { fileURLToPath } from 'url';
import { ConfigResolver, ProjectConfig, isExcluded } from './pyproject';
import { settingsForFile } from './resolve';
import { Settings } from './settings';

/**
 * The language server's view of project configuration: for each document, the nearest pyproject.toml
 * with [tool.sagelint] above its file, layered under the editor's settings (which win). Results are
 * cached per document until `invalidate()` (settings or a pyproject.toml changed).
 */
export class ProjectSettings {
  private readonly resolver = new ConfigResolver();
  /** Per open document (forgotten when it closes): its file path, and its settings under `editor`. */
  private readonly cache = new Map<string, { file: string | undefined; editor: Settings; settings: Settings }>();
  private readonly reported = new Map<string, string>();

  /** `report` receives each new set of problems of a configuration file (once until it changes). */
  constructor(private readonly report: (file: string, problems: readonly string[]) => void) {}

  /** Effective settings of a document; documents excluded by the configuration get `enable: false`. */
  settingsFor(uri: string, editor: Settings): Settings {
    const cached = this.cache.get(uri);
    if (cached && cached.editor === editor) return cached.settings;
    const file = filePathOf(uri);
    let config: ProjectConfig | undefined;
    if (file !== undefined) {
      try {
        config = this.resolver.forFile(file);
      } catch {
        config = undefined; // an unreadable folder: no configuration, never a crash
      }
    }
    if (config) this.noteProblems(config);
    let settings = settingsForFile(file, { base: editor, config });
    if (file !== undefined && isExcluded(config, file)) settings = { ...settings, enable: false };
    this.cache.set(uri, { file, editor, settings });
    return settings;
  }

  /**
   * A document closed: its cached settings go. Without this the cache grew with every document ever
   * opened, and `refreshIfChanged` (run at every open) re-resolved all of them.
   */
  forget(uri: string): void {
    this.cache.delete(uri);
  }

  /** The configuration file a document uses, if any. */
  configFileOf(uri: string): string | undefined {
    const file = filePathOf(uri);
    return file === undefined ? undefined : this.resolver.forFile(file)?.file;
  }

  /** Forget everything (a watched pyproject.toml was created, changed or deleted). */
  invalidate(): void {
    this.resolver.clear();
    this.cache.clear();
  }

  /**
   * Without file watching: re-check the configuration files read so far (by mtime and size) and look
   * for new ones. Returns true when anything changed, after invalidating.
   */
  refreshIfChanged(): boolean {
    if (this.resolver.changedOnDisk()) {
      this.invalidate();
      return true;
    }
    // The nearest configuration file is a property of a folder: resolve each folder of an open document once.
    const folders = new Set<string>();
    for (const { file } of this.cache.values()) if (file !== undefined) folders.add(path.dirname(file));
    const nearest = (folder: string) => {
      try {
        return this.resolver.forFile(path.join(folder, '__sagelint__.py'))?.file;
      } catch {
        return undefined; // an unreadable folder: no configuration
      }
    };
    const before = new Map([...folders].map((folder) => [folder, nearest(folder)]));
    this.resolver.clear();
    for (const [folder, file] of before) {
      if (nearest(folder) !== file) {
        this.cache.clear();
        return true;
      }
    }
    return false;
  }

  private noteProblems(config: ProjectConfig): void {
    // Unknown codes were dropped from the configuration; the editor reports them with the other problems.
    const problems = [...config.unknownCodes.map((message) => `${message.replace(/\.$/, '')}; ignoring it.`), ...config.problems];
    const key = problems.join('\n');
    if (this.reported.get(config.file) === key) return;
    this.reported.set(config.file, key);
    if (problems.length) this.report(config.file, problems);
  }
}

function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

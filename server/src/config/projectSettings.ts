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
  private readonly cache = new Map<string, { editor: Settings; settings: Settings }>();
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
    this.cache.set(uri, { editor, settings });
    return settings;
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
    const before = new Map([...this.cache].map(([uri]) => [uri, this.configFileOf(uri)]));
    this.resolver.clear();
    for (const [uri, file] of before) {
      if (this.configFileOf(uri) !== file) {
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

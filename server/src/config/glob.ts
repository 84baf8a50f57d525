/**
 * A small glob matcher for `exclude` and `per-file-ignores` (Node's path.matchesGlob is experimental in
 * Node 20 and missing from the Node inside older VS Code builds, so it is not used).
 *
 * Syntax: `*` (any characters but `/`), `**` (any number of whole path segments), `?`, `[abc]`, `[!abc]`,
 * `{a,b}`. Paths are matched with forward slashes, relative to the folder of the configuration file.
 *
 * Semantics, as in ruff and .gitignore: a pattern without a slash matches any single path segment (a
 * file or folder name anywhere below the folder); a pattern with a slash is anchored at the folder
 * and matches the path itself or any folder above the file (so `src/legacy` and `src/legacy/**` both
 * cover every file in src/legacy). A trailing `/` is dropped; a leading `./` or `/` anchors.
 */
export class Glob {
  private readonly regex: RegExp;
  private readonly anchored: boolean;

  constructor(readonly pattern: string) {
    let body = pattern.trim().replace(/\\/g, '/');
    this.anchored = body.startsWith('/') || body.startsWith('./') || body.replace(/\/+$/, '').includes('/');
    body = body.replace(/^\.\//, '').replace(/^\/+/, '').replace(/\/+$/, '');
    try {
      this.regex = new RegExp(`^${translate(body)}$`);
    } catch (error) {
      // e.g. a reversed range "[z-a]": match the pattern literally and say so.
      this.error = (error as Error).message;
      this.regex = new RegExp(`^${[...body].map(escape).join('')}$`);
    }
  }

  /** Why the pattern could not be read as a glob (it then matches only itself, literally). */
  readonly error?: string;

  /** `relative` is the path below the configuration folder, with `/` or the platform separator. */
  matches(relative: string): boolean {
    const segments = relative.replace(/\\/g, '/').split('/').filter((s) => s && s !== '.');
    if (!segments.length || segments[0] === '..') return false;
    if (!this.anchored) return segments.some((segment) => this.regex.test(segment));
    for (let i = segments.length; i >= 1; i--) if (this.regex.test(segments.slice(0, i).join('/'))) return true;
    return false;
  }
}

function escape(char: string): string {
  return /[.+^${}()|[\]\\/*?]/.test(char) ? `\\${char}` : char;
}

function translate(pattern: string): string {
  let out = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const atStart = i === 0 || pattern[i - 1] === '/';
        const atEnd = i + 2 === pattern.length || pattern[i + 2] === '/';
        if (atStart && atEnd) {
          if (i + 2 === pattern.length) out += '.*';
          else {
            out += '(?:.*/)?';
            i++; // the slash after ** is part of the optional group
          }
          i++;
          continue;
        }
        i++;
      }
      out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) out += '\\[';
      else {
        let set = pattern.slice(i + 1, close);
        const negate = set.startsWith('!') || set.startsWith('^');
        if (negate) set = set.slice(1);
        out += `[${negate ? '^/' : ''}${set.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else out += escape(c);
  }
  return out + ')'.repeat(braces);
}

/** True when any of the globs matches the path. */
export function matchesAny(globs: readonly Glob[], relative: string): boolean {
  return globs.some((glob) => glob.matches(relative));
}

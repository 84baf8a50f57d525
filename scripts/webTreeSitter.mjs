// How every bundle (dist/, tests, bench) includes web-tree-sitter. One place, so they all parse alike.
import fs from 'node:fs';
import path from 'node:path';

/**
 * web-tree-sitter marshals every tree-cursor call through Emscripten's generic setValue/getValue
 * (a string test and a switch per 32-bit word, then a DataView access), which made up 37% of converting
 * a tree in a profile. A fast path for "i32" through the Int32Array view (the memory the DataView
 * wraps) converts trees about 40% faster. Only on little-endian hosts (every platform VS Code runs on),
 * where the two are the same bytes; elsewhere the original code runs. If a web-tree-sitter update
 * changes these functions the build fails here instead of silently losing the fast path.
 */
const PATCHES = [
  [
    '        function setValue(ptr, value, type = "i8") {\n          if (type.endsWith("*")) type = "*";',
    '        function setValue(ptr, value, type = "i8") {\n          if (type === "i32" && SAGELINT_LITTLE_ENDIAN) { HEAP32[ptr >> 2] = value; return; }\n          if (type.endsWith("*")) type = "*";',
  ],
  [
    '        function getValue(ptr, type = "i8") {\n          if (type.endsWith("*")) type = "*";',
    '        function getValue(ptr, type = "i8") {\n          if (type === "i32" && SAGELINT_LITTLE_ENDIAN) return HEAP32[ptr >> 2];\n          if (type.endsWith("*")) type = "*";',
  ],
];
const PRELUDE = 'var SAGELINT_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;\n';

/** esbuild options: the CommonJS build of web-tree-sitter (see esbuild.config.mjs), with the fast path. */
export function webTreeSitterOptions(root) {
  const file = path.join(root, 'node_modules/web-tree-sitter/web-tree-sitter.cjs');
  return {
    alias: { 'web-tree-sitter': file },
    plugins: [
      {
        name: 'web-tree-sitter-i32',
        setup(build) {
          build.onLoad({ filter: /web-tree-sitter\.cjs$/ }, async (args) => {
            let source = await fs.promises.readFile(args.path, 'utf8');
            for (const [from, to] of PATCHES) {
              if (!source.includes(from)) throw new Error(`web-tree-sitter changed: cannot find its ${from.includes('setValue') ? 'setValue' : 'getValue'} (scripts/webTreeSitter.mjs)`);
              source = source.replace(from, to);
            }
            return { contents: PRELUDE + source, loader: 'js' };
          });
        },
      },
    ],
  };
}

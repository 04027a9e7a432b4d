// B7: what a browser downloads for `import … from 'mutual-store'`, gzip -9
// file by file: the wasm, its generated glue (both fetched by js/core.js as
// it runs, so always downloaded) and every package file the
// browser entry (package.json exports "." → "browser":
// js/generated/bundle/api.js, scripts/bundle.mjs) reaches
// through static imports. Node-only code (the relay, file storage) and the
// separate `mutual-store/allocation` entry are not reached, so they are not
// counted. bench/size-table.mjs says where the
// wasm's bytes go.
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';

const root = new URL('../js/', import.meta.url);
const WASM = 'generated/mutual-store-core.wasm';
const GLUE = 'generated/mutual-store-core.mjs';

// Relative specifiers of `import … from`, `export … from` and bare `import '…'`
// (minified or not: `import{a}from"./b.js"`). Dynamic `import()` loads later,
// on use, so it is not counted.
const IMPORT = /\b(?:import|export)\b[^;'"()]*?\bfrom\s*['"](\.[^'"]+)['"]|\bimport\s*['"](\.[^'"]+)['"]/g;

async function reachedFiles(entry) {
  const seen = new Set();
  const visit = async (url) => {
    if (seen.has(url.href)) return;
    seen.add(url.href);
    const text = await readFile(url, 'utf8');
    for (const match of text.matchAll(IMPORT)) await visit(new URL(match[1] ?? match[2], url));
  };
  await visit(new URL(entry, root));
  return [...seen].map((href) => new URL(href));
}

export async function runB7() {
  const gz = async (url) => gzipSync(await readFile(url), { level: 9 }).length;
  const parts = { [WASM]: await gz(new URL(WASM, root)), [GLUE]: await gz(new URL(GLUE, root)), 'package JS': 0 };
  const files = (await reachedFiles('generated/bundle/api.js')).filter((url) => url.href !== new URL(GLUE, root).href);
  for (const url of files) parts['package JS'] += await gz(url);
  const totalKb = Object.values(parts).reduce((a, b) => a + b, 0) / 1024;
  const detail = Object.entries(parts).map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(1)} KB`).join(', ');
  return {
    rows: [{
      id: 'B7',
      workload: `browser download for \`import 'mutual-store'\`, gzip -9 per file (${detail}; ${files.length} package JS files)`,
      ours: `${totalKb.toFixed(1)} KB`,
      baseline: 'ywasm 214 KB, automerge 604 KB',
      ratio: `${(214 / totalKb).toFixed(2)}x smaller than ywasm`,
      required: '≤ 300 KB (goal 150 KB)',
      status: totalKb <= 300 ? 'pass' : 'FAIL',
      values: { totalKb, parts, files: files.map((url) => url.pathname.slice(root.pathname.length)) },
    }],
    mismatches: [],
  };
}

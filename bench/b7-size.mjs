// B7: what a browser downloads (the wasm and the package's JS), gzip -9.
import { readFile, readdir } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';

const root = new URL('../js/', import.meta.url);

async function packageJsFiles(folder = root, prefix = '') {
  const files = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    // Node-only code (the relay, file storage) never reaches a browser.
    if (entry.isDirectory() && entry.name !== 'generated' && entry.name !== 'relay') files.push(...(await packageJsFiles(new URL(`${entry.name}/`, folder), `${prefix}${entry.name}/`)));
    else if (entry.isFile() && entry.name.endsWith('.js') && entry.name !== 'file-storage.js') files.push(`${prefix}${entry.name}`);
  }
  return files;
}

export async function runB7() {
  const parts = { 'generated/mutual-store-core.wasm': 0, 'generated/mutual-store-core.mjs': 0, 'package JS': 0 };
  const gz = async (file) => gzipSync(await readFile(new URL(file, root)), { level: 9 }).length;
  parts['generated/mutual-store-core.wasm'] = await gz('generated/mutual-store-core.wasm');
  parts['generated/mutual-store-core.mjs'] = await gz('generated/mutual-store-core.mjs');
  for (const file of await packageJsFiles()) parts['package JS'] += await gz(file);
  const totalKb = Object.values(parts).reduce((a, b) => a + b, 0) / 1024;
  const detail = Object.entries(parts).map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(1)} KB`).join(', ');
  return {
    rows: [{
      id: 'B7',
      workload: `browser download, gzip -9 (${detail})`,
      ours: `${totalKb.toFixed(1)} KB`,
      baseline: 'ywasm 214 KB, automerge 604 KB',
      ratio: `${(214 / totalKb).toFixed(2)}x smaller than ywasm`,
      required: '≤ 300 KB (goal 150 KB)',
      status: totalKb <= 300 ? 'pass' : 'FAIL',
      values: { totalKb, parts },
    }],
    mismatches: [],
  };
}

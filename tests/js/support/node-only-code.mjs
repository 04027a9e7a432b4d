// Traces of Node-only code in JavaScript meant for browsers: an import of a
// Node built-in, `ws` or node-datachannel, Emscripten's require('crypto'),
// Vite's stand-ins for Node built-ins, or the file storage (its journal's
// name). Naming them in prose does not count; importing them does.
const IMPORT = /(?:\bimport\s*\(|\bfrom|\brequire\s*\()(?:\s|\/\*[\s\S]*?\*\/)*["'](node:[\w/]+|fs|fs\/promises|path|crypto|ws|node-datachannel[\w/]*)["']/g;
const STAND_IN = /__vite-browser-external|browser-external:[\w/]+/g;
const FILE_STORAGE = /["']journal\.log["']/g;

export function nodeOnlyTraces(code) {
  return [IMPORT, STAND_IN, FILE_STORAGE].flatMap((pattern) => [...code.matchAll(pattern)].map((match) => match[0].replace(/\s+/g, ' ')));
}

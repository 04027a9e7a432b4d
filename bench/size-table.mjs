// Where the bytes of a wasm module go: the size of every function body in
// the code section, summed per library or source folder, plus the data
// section. Function names come from the symbol map the wasm build writes
// beside each module (--emit-symbol-map: "index:name" per line, demangled):
// our code is grouped by the namespace of its folder (ms::schema is
// core/schema), library code by what its name says (nlohmann, embind,
// libc++ streams...), libsodium by its archive's symbol table.
//
//   node bench/size-table.mjs [module.wasm] [--top N]
//
// Default module: js/generated/mutual-store-core.wasm.
import { readFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function readLeb(bytes, at) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

// Sections of a wasm binary: id, name (custom sections), start and end.
function sections(bytes) {
  const found = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = readLeb(bytes, at + 1);
    let name = '';
    if (id === 0) {
      const [length, nameAt] = readLeb(bytes, start);
      name = new TextDecoder().decode(bytes.subarray(nameAt, nameAt + length));
    }
    found.push({ id, name, start, end: start + size });
    at = start + size;
  }
  return found;
}

function importedFunctionCount(bytes, section) {
  let [count, at] = readLeb(bytes, section.start);
  let functions = 0;
  for (let i = 0; i < count; i++) {
    for (let s = 0; s < 2; s++) {
      const [length, next] = readLeb(bytes, at);
      at = next + length;
    }
    const kind = bytes[at++];
    if (kind === 0) {
      functions++;
      at = readLeb(bytes, at)[1];
    } else if (kind === 1) {
      at += 1; // element type
      const flags = bytes[at++];
      at = readLeb(bytes, at)[1];
      if (flags & 1) at = readLeb(bytes, at)[1];
    } else if (kind === 2) {
      const flags = bytes[at++];
      at = readLeb(bytes, at)[1];
      if (flags & 1) at = readLeb(bytes, at)[1];
    } else if (kind === 3) {
      at += 2; // value type, mutability
    } else if (kind === 4) {
      at += 1; // tag attribute
      at = readLeb(bytes, at)[1];
    }
  }
  return functions;
}

// Body sizes by function index (imports first, as in the symbol map).
function functionSizes(bytes) {
  const all = sections(bytes);
  const imports = all.find((s) => s.id === 2);
  const code = all.find((s) => s.id === 10);
  const data = all.find((s) => s.id === 11);
  const first = imports ? importedFunctionCount(bytes, imports) : 0;
  let [count, at] = readLeb(bytes, code.start);
  const sizes = new Map();
  for (let i = 0; i < count; i++) {
    const [size, body] = readLeb(bytes, at);
    sizes.set(first + i, body + size - at);
    at = body + size;
  }
  return { sizes, dataBytes: data ? data.end - data.start : 0, sections: all };
}

// C functions of libsodium, from its archive's symbol table (C names are
// not mangled, so they match the map as they are).
function sodiumNames() {
  const archive = path.join(root, 'build/wasm/libsodium_wasm.a');
  if (!existsSync(archive)) return new Set();
  const listing = execFileSync('llvm-nm', ['--defined-only', archive], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'ignore'] });
  return new Set(listing.split('\n').map((line) => line.trim().split(/\s+/)[2]).filter(Boolean));
}

// The map's names are demangled with \XX escapes ("\28" for "(").
const unescape = (name) => name.replace(/\\([0-9a-f]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));

// A function's own qualified name: no return type, no parameter list.
function qualifiedName(name) {
  let text = name.replace(/^decltype\(fp\(\)\) /, '');
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '<') depth++;
    else if (c === '>') depth--;
    else if (c === '(' && depth === 0 && !text.startsWith('(anonymous namespace)', i)) return text.slice(0, i);
  }
  return text;
}

const CORE_AREAS = ['allocation', 'schema', 'graph', 'sync', 'identity', 'storage', 'store'];

function groupOf(name, sodium) {
  if (sodium.has(name)) return 'libsodium';
  const own = qualifiedName(name);
  // Our code, by the folder its namespace lives in (templates it
  // instantiates from libraries count as the library's).
  const area = own.match(/^ms::(\w+)::/);
  // A flavour by its template arguments; what names neither (exceptions,
  // number text, JSON pointers) is shared by both.
  const flavour = /basic_json<std::__2::map\b/.test(name) ? 'nlohmann json (sorted)' : /ordered_map/.test(name) ? 'nlohmann ordered_json' : 'nlohmann (either flavour)';
  const library = own.match(/nlohmann::/) ? flavour : null;
  if (library && !own.startsWith('ms::') && !own.includes('(anonymous namespace)::')) return library;
  if (area && CORE_AREAS.includes(area[1])) return `core/${area[1]}`;
  if (own.startsWith('ms::wasm::') || own.startsWith('(anonymous namespace)::') || /^emscripten::internal::Invoker<|^ms_/.test(own)) {
    return own.includes('emscripten::') && !own.includes('(anonymous namespace)') ? 'embind' : 'wasm/ (bindings)';
  }
  if (own.startsWith('ms::')) return 'core/common';
  if (library) return library;
  if (/emscripten::|_embind|^embind/.test(own)) return 'embind';
  if (/basic_regex|regex_traits|__bracket_expression|__owns_one_state/.test(own)) return 'std::regex';
  if (/basic_ostream|basic_istream|basic_ios|ios_base|basic_streambuf|basic_stringbuf|locale|ctype|num_put|num_get|codecvt|moneypunct|time_get|time_put|messages<|collate</.test(own)) {
    return 'libc++ iostream/locale';
  }
  if (/^std::|^void std::|^bool std::/.test(own) || own.includes('std::__2::')) return 'libc++ (containers, strings)';
  if (/^__cxa|^__cxxabiv1|^__gxx|^_Unwind|^__cxx/.test(own)) return 'C++ ABI, exceptions';
  return 'libc, malloc, runtime';
}

export function sizeTable(wasmFile) {
  const bytes = readFileSync(wasmFile);
  const symbolsFile = [`${wasmFile.replace(/\.wasm$/, '')}.mjs.symbols`, `${wasmFile}.symbols`, `${wasmFile.replace(/\.wasm$/, '')}.symbols`].find(existsSync);
  if (!symbolsFile) throw new Error(`no symbol map beside ${wasmFile} (link with --emit-symbol-map)`);
  const names = new Map();
  for (const line of readFileSync(symbolsFile, 'utf8').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) names.set(Number(line.slice(0, colon)), line.slice(colon + 1));
  }
  const { sizes, dataBytes } = functionSizes(bytes);
  const sodium = sodiumNames();
  const groups = new Map();
  const functions = [];
  for (const [index, size] of sizes) {
    const name = unescape(names.get(index) ?? `function ${index}`);
    const group = groupOf(name, sodium);
    const entry = groups.get(group) ?? { bytes: 0, functions: 0 };
    entry.bytes += size;
    entry.functions += 1;
    groups.set(group, entry);
    functions.push({ name, group, size });
  }
  groups.set('data section (strings, tables)', { bytes: dataBytes, functions: 0 });
  return {
    file: wasmFile,
    totalBytes: bytes.length,
    gzipBytes: gzipSync(bytes, { level: 9 }).length,
    groups: [...groups.entries()].map(([group, v]) => ({ group, ...v })).sort((a, b) => b.bytes - a.bytes),
    functions: functions.sort((a, b) => b.size - a.size),
  };
}

function formatTable({ file, totalBytes, gzipBytes, groups, functions }, top) {
  const kb = (n) => (n / 1024).toFixed(1);
  const lines = [
    `${path.relative(root, file)}: ${kb(totalBytes)} KB, ${kb(gzipBytes)} KB gzip -9`,
    '',
    '| group | KB | share | functions |',
    '|---|---:|---:|---:|',
    ...groups.map((g) => `| ${g.group} | ${kb(g.bytes)} | ${((100 * g.bytes) / totalBytes).toFixed(1)}% | ${g.functions || ''} |`),
  ];
  if (top > 0) {
    lines.push('', `largest ${top} functions:`, '');
    for (const f of functions.slice(0, top)) lines.push(`${String(f.size).padStart(7)}  ${f.group.padEnd(28)} ${f.name.slice(0, 140)}`);
  }
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const topAt = args.indexOf('--top');
  const top = topAt >= 0 ? Number(args[topAt + 1]) : 20;
  const file = args.find((a, i) => a.endsWith('.wasm') && (topAt < 0 || i !== topAt + 1)) ?? path.join(root, 'js/generated/mutual-store-core.wasm');
  console.log(formatTable(sizeTable(path.resolve(file)), top));
}

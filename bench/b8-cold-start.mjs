// B8: cold start, from `import` of the package to the end of its first call
// (a mutual-recognition computation), in Node and in Chromium. The baseline,
// measured in the same run, is the floor any wasm package of this size
// pays: the same wasm bytes read (Node) or fetched (Chromium) and handed to
// WebAssembly.instantiate without streaming, with do-nothing imports.
// Every sample is a fresh Node process or a fresh browser context (empty
// cache), so nothing compiled earlier is reused.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { median } from './stats.mjs';

const SAMPLES = 7;
const root = new URL('../', import.meta.url);
const wasmUrl = new URL('js/generated/mutual-store-core.wasm', root);
// What an app imports: in Node the package by name (package.json "exports"
// gives the Node entry's bundle), in Chromium the browser entry's bundle as a
// page without a bundler loads it.
const NODE_SPECIFIER = 'mutual-store';
const BROWSER_ENTRY = '/js/generated/bundle/api.js';

// Evaluated in a fresh process or page: the package's import and first call.
const packageStart = (specifier) => `
  const start = performance.now();
  const ms = await import(${JSON.stringify(specifier)});
  const value = ms.computeMutualRecognition('a', 'b', { b: 1 }, { a: 1 });
  if (value !== 1) throw new Error('first call answered ' + value);
  return performance.now() - start;`;

// The same bytes instantiated with one do-nothing import per import the
// module declares (the list is worked out before the clock starts).
const baselineStart = (load, imports) => `
  const wanted = ${JSON.stringify(imports)};
  const imports = {};
  for (const { module, name, kind } of wanted) {
    imports[module] ??= {};
    imports[module][name] = kind === 'function' ? () => 0
      : kind === 'memory' ? new WebAssembly.Memory({ initial: 256 })
      : kind === 'table' ? new WebAssembly.Table({ initial: 4096, element: 'anyfunc' })
      : kind === 'tag' ? new WebAssembly.Tag({ parameters: ['i32'] })
      : new WebAssembly.Global({ value: 'i32', mutable: true }, 0);
  }
  const start = performance.now();
  const bytes = ${load};
  await WebAssembly.instantiate(bytes, imports);
  return performance.now() - start;`;

async function inFreshNode(body) {
  const script = `const run = async () => { ${body} }; run().then((ms) => console.log(ms), (e) => { console.error(e); process.exit(1); });`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: new URL('.', root).pathname });
  return Number(stdout.trim());
}

async function nodeSamples(imports) {
  const ours = [];
  const baseline = [];
  const load = `await (await import('node:fs/promises')).readFile(${JSON.stringify(wasmUrl.pathname)})`;
  for (let i = 0; i < SAMPLES; i++) {
    ours.push(await inFreshNode(packageStart(NODE_SPECIFIER)));
    baseline.push(await inFreshNode(baselineStart(load, imports)));
  }
  return { ours: median(ours), baseline: median(baseline) };
}

async function chromiumSamples(imports) {
  const { startDemoServer } = await import('../js/relay/demo-server.js');
  const { launchChromium } = await import('../tests/browser/support/chromium.mjs');
  const server = await startDemoServer({ port: 0 });
  const browser = await launchChromium();
  const ours = [];
  const baseline = [];
  const sample = async (body) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}js/constants.js`); // any page of the origin
    const ms = await page.evaluate(`(async () => { ${body} })()`);
    await context.close();
    return ms;
  };
  try {
    const load = `await (await fetch('/js/generated/mutual-store-core.wasm')).arrayBuffer()`;
    for (let i = 0; i < SAMPLES; i++) {
      ours.push(await sample(packageStart(BROWSER_ENTRY)));
      baseline.push(await sample(baselineStart(load, imports)));
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return { ours: median(ours), baseline: median(baseline) };
}

export async function runB8() {
  const imports = WebAssembly.Module.imports(await WebAssembly.compile(await readFile(wasmUrl)));
  const rows = [];
  for (const [where, measure] of [['Node', nodeSamples], ['Chromium', chromiumSamples]]) {
    const { ours, baseline } = await measure(imports);
    rows.push({
      id: 'B8',
      workload: `cold start in ${where}: import → first call (median of ${SAMPLES} fresh ${where === 'Node' ? 'processes' : 'contexts'})`,
      ours: `${ours.toFixed(1)} ms`,
      baseline: `${baseline.toFixed(1)} ms (same wasm, WebAssembly.instantiate, no streaming)`,
      ratio: `${(ours / baseline).toFixed(2)}x of the baseline`,
      required: '≤ 30 ms',
      status: ours <= 30 ? 'pass' : 'FAIL',
      values: { where, ours, baseline },
    });
  }
  return { rows, mismatches: [] };
}

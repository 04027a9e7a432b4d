// The entry for pages that load this folder as-is (the web demo, a static
// server) and for this repository's own tests in Node: the browser entry's
// exports, plus Node's parts when it runs in Node. Apps import the package
// by name instead, and package.json "exports" hands bundlers for browsers
// api.js and Node node.js, neither of which has this runtime switch.
export * from './api.js';

if (typeof process !== 'undefined' && process.versions?.node) {
  const nodePlatform = './node-platform.js'; // a variable: browsers never load it, served as-is
  await import(/* @vite-ignore */ nodePlatform);
}

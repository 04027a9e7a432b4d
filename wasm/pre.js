// Runs inside the generated module before it starts.
// libsodium's wasm build asks Module.getRandomValue for entropy; give it the
// platform's cryptographic generator (browsers and Node 20 both have it).
Module['getRandomValue'] = function () {
  const word = new Uint32Array(1);
  globalThis.crypto.getRandomValues(word);
  return word[0] >>> 0;
};

// B4: Ed25519 sign and verify of 256-byte messages in our wasm core, against
// Node's WebCrypto ECDSA P-256 (what Holster/Gun use) and libsodium.js.
// WebCrypto is asynchronous: it is timed both one call at a time (how a peer
// verifies messages as they arrive) and with 200 calls in flight (its thread
// pool's best throughput). Every signature is checked by the other library.
import sodium from 'libsodium-wrappers';
// Raw signatures are bindings of the testing module (the package signs
// through its store); it is built with the package's flags and core.
import { core, checked, writeBytes, readOutputBytes } from '../tests/js/support/testing-core.mjs';
import { timePerCall, timePerCallAsync, median, format } from './stats.mjs';

const MESSAGES = 200;

function ourSigner(slot) {
  return (message) => {
    writeBytes(message);
    checked(core.signRaw(slot, message.length));
    return readOutputBytes(64);
  };
}

// One buffer holds public key | signature | message, as verifyRaw expects.
function ourVerifier(publicKey) {
  const input = new Uint8Array(96 + 256);
  input.set(publicKey, 0);
  return (signature, message) => {
    input.set(signature, 32);
    input.set(message, 96);
    writeBytes(input);
    return checked(core.verifyRaw(message.length));
  };
}

async function timeInFlight(operation, repeats = 7) {
  const samples = [];
  for (let r = 0; r < repeats + 1; r++) {
    const start = performance.now();
    await Promise.all(Array.from({ length: MESSAGES }, (_, i) => operation(i)));
    if (r > 0) samples.push(((performance.now() - start) * 1000) / MESSAGES);
  }
  return median(samples);
}

export async function runB4() {
  await sodium.ready;
  const mismatches = [];
  const messages = Array.from({ length: MESSAGES }, () => sodium.randombytes_buf(256));
  const seed = sodium.randombytes_buf(32);
  const slot = checked(core.keyringFromSeed(sodium.to_base64(seed, sodium.base64_variants.URLSAFE_NO_PADDING)));
  const keys = sodium.crypto_sign_seed_keypair(seed);
  const sign = ourSigner(slot);
  const verify = ourVerifier(keys.publicKey);

  const ours = messages.map(sign);
  const theirs = messages.map((m) => sodium.crypto_sign_detached(m, keys.privateKey));
  messages.forEach((m, i) => {
    if (!sodium.crypto_sign_verify_detached(ours[i], m, keys.publicKey) || !verify(theirs[i], m)) {
      mismatches.push(`B4: signature ${i} does not verify across libraries`);
    }
  });

  const ecdsa = { name: 'ECDSA', hash: 'SHA-256' };
  const p256 = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const p256Signatures = await Promise.all(messages.map((m) => crypto.subtle.sign(ecdsa, p256.privateKey, m)));

  let i = 0;
  const next = () => (i = (i + 1) % MESSAGES);
  const timings = {
    oursSign: timePerCall(() => sign(messages[next()])),
    oursVerify: timePerCall(() => verify(ours[next()], messages[i])),
    sodiumSign: timePerCall(() => sodium.crypto_sign_detached(messages[next()], keys.privateKey)),
    sodiumVerify: timePerCall(() => sodium.crypto_sign_verify_detached(theirs[next()], messages[i], keys.publicKey)),
    webSign: await timePerCallAsync(() => crypto.subtle.sign(ecdsa, p256.privateKey, messages[next()])),
    webVerify: await timePerCallAsync(() => crypto.subtle.verify(ecdsa, p256.publicKey, p256Signatures[next()], messages[i])),
    webVerifyInFlight: await timeInFlight((k) => crypto.subtle.verify(ecdsa, p256.publicKey, p256Signatures[k], messages[k])),
  };
  const row = (workload, oursUs, baselineUs, baselineName, required, pass) => ({
    id: 'B4',
    workload,
    ours: format.us(oursUs),
    baseline: `${format.us(baselineUs)} (${baselineName})`,
    ratio: format.ratio(baselineUs / oursUs),
    required,
    status: pass === null ? 'info' : pass ? 'pass' : 'FAIL',
    values: { oursUs, baselineUs, ratio: baselineUs / oursUs },
  });
  const t = timings;
  return {
    rows: [
      row('Ed25519 verify, 256 B, one at a time', t.oursVerify, t.webVerify, 'WebCrypto P-256, awaited', '≥ 1x (goal 3x)', t.webVerify / t.oursVerify >= 1),
      row('Ed25519 verify, 256 B', t.oursVerify, t.webVerifyInFlight, `WebCrypto P-256, ${MESSAGES} in flight`, '—', null),
      row('Ed25519 verify, 256 B', t.oursVerify, t.sodiumVerify, 'libsodium.js', '—', null),
      row('Ed25519 sign, 256 B', t.oursSign, t.webSign, 'WebCrypto P-256, awaited', '—', null),
      row('Ed25519 sign, 256 B', t.oursSign, t.sodiumSign, 'libsodium.js', '—', null),
    ],
    mismatches,
  };
}

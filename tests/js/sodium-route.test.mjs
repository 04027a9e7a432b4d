// libsodium compiled into our wasm module agrees with libsodium.js: Ed25519
// signatures verify both ways and are byte-identical for the same key. The
// keys stay in the module's keyring (no binding hands a secret key to JS),
// so signing goes through keyring slots and the raw-signature route.
// BLAKE2b is checked where the package uses it: the shared secret and the
// box-key derivation (identity-crosscheck.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import sodium from 'libsodium-wrappers';
import { core as packageCore } from '../../js/core.js';
import { relayCore } from '../../js/relay/relay-core.js';
// Keys from a seed and raw signatures are bindings of the testing module.
import { core, checked, writeBytes, readOutputBytes } from './support/testing-core.mjs';

await sodium.ready;
const b64 = (bytes) => sodium.to_base64(bytes, sodium.base64_variants.URLSAFE_NO_PADDING);
const unb64 = (text) => sodium.from_base64(text, sodium.base64_variants.URLSAFE_NO_PADDING);

function signInWasm(slot, message) {
  writeBytes(message);
  checked(core.signRaw(slot, message.length));
  return readOutputBytes(64);
}

function verifyInWasm(publicKey, signature, message) {
  const input = new Uint8Array(96 + message.length);
  input.set(publicKey, 0);
  input.set(signature, 32);
  input.set(message, 96);
  writeBytes(input);
  return checked(core.verifyRaw(message.length));
}

test('signatures made in our wasm verify with libsodium.js and are identical', () => {
  for (let i = 0; i < 20; i++) {
    const seed = sodium.randombytes_buf(32);
    const message = sodium.randombytes_buf(i * 13);
    const slot = checked(core.keyringFromSeed(b64(seed)));
    const theirs = sodium.crypto_sign_seed_keypair(seed);
    assert.equal(core.keyringPub(slot), b64(theirs.publicKey));
    const signature = signInWasm(slot, message);
    assert.deepEqual(signature, sodium.crypto_sign_detached(message, theirs.privateKey));
    assert.ok(sodium.crypto_sign_verify_detached(signature, message, theirs.publicKey));
    core.keyringForget(slot);
  }
});

test('signatures made by libsodium.js verify in our wasm; tampering is caught', () => {
  const keys = sodium.crypto_sign_keypair();
  const message = sodium.from_string('mutual recognition');
  const signature = sodium.crypto_sign_detached(message, keys.privateKey);
  assert.equal(verifyInWasm(keys.publicKey, signature, message), true);
  assert.equal(verifyInWasm(keys.publicKey, signature, sodium.from_string('mutual recognitioN')), false);
  assert.equal(verifyInWasm(sodium.crypto_sign_keypair().publicKey, signature, message), false);
});

test('fresh keys come from a working random source', () => {
  const a = checked(core.keyringCreate());
  const b = checked(core.keyringCreate());
  assert.notEqual(core.keyringPub(a), core.keyringPub(b));
  const message = sodium.from_string('hello');
  assert.ok(sodium.crypto_sign_verify_detached(signInWasm(a, message), message, unb64(core.keyringPub(a))));
  core.keyringForget(a);
  core.keyringForget(b);
});

test('no binding in the shipped modules hands out or takes raw secret keys', () => {
  for (const module of [packageCore, relayCore, core]) {
    for (const name of ['signingKeyPair', 'sign', 'verify', 'hash']) assert.equal(module[name], undefined, name);
  }
});

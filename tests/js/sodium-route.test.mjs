// libsodium compiled into our wasm module agrees with libsodium.js: Ed25519
// signatures verify both ways and are byte-identical for the same key,
// BLAKE2b hashes match.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import sodium from 'libsodium-wrappers';
import { core, checked } from '../../js/core.js';

await sodium.ready;
const hex = (bytes) => sodium.to_hex(bytes);

test('signatures made in our wasm verify with libsodium.js and are identical', () => {
  for (let i = 0; i < 20; i++) {
    const seed = sodium.randombytes_buf(32);
    const message = sodium.randombytes_buf(i * 13);
    const ours = JSON.parse(core.signingKeyPair(hex(seed)));
    const theirs = sodium.crypto_sign_seed_keypair(seed);
    assert.equal(ours.publicKey, hex(theirs.publicKey));
    const signature = core.sign(hex(message), ours.secretKey);
    assert.equal(signature, hex(sodium.crypto_sign_detached(message, theirs.privateKey)));
    assert.ok(sodium.crypto_sign_verify_detached(sodium.from_hex(signature), message, theirs.publicKey));
  }
});

test('signatures made by libsodium.js verify in our wasm; tampering is caught', () => {
  const keys = sodium.crypto_sign_keypair();
  const message = sodium.from_string('mutual recognition');
  const signature = hex(sodium.crypto_sign_detached(message, keys.privateKey));
  assert.equal(core.verify(signature, hex(message), hex(keys.publicKey)), true);
  assert.equal(core.verify(signature, hex(sodium.from_string('mutual recognitioN')), hex(keys.publicKey)), false);
  const other = sodium.crypto_sign_keypair();
  assert.equal(core.verify(signature, hex(message), hex(other.publicKey)), false);
});

test('fresh key pairs come from a working random source', () => {
  const a = JSON.parse(core.signingKeyPair(''));
  const b = JSON.parse(core.signingKeyPair(''));
  assert.notEqual(a.publicKey, b.publicKey);
  const message = hex(sodium.from_string('hello'));
  assert.ok(sodium.crypto_sign_verify_detached(sodium.from_hex(core.sign(message, a.secretKey)), sodium.from_hex(message), sodium.from_hex(a.publicKey)));
});

test('BLAKE2b agrees with libsodium.js', () => {
  for (const length of [16, 32, 64]) {
    const message = sodium.randombytes_buf(100);
    assert.equal(core.hash(hex(message), length), hex(sodium.crypto_generichash(length, message)));
  }
  assert.throws(() => checked(core.hash('00', 8)), RangeError);
  assert.equal(core.pendingError, null, 'the error is taken once');
});

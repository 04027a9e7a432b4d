// Identity in our wasm against libsodium.js (libsodium-wrappers), computed
// independently here: signatures verify both ways, the documented formats
// (write-signature message, sealed text, shared key) are reproduced from
// their description, and secrets never leave the module as JS values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import sodium from 'libsodium-wrappers';
// Keys from a seed, raw and write signatures and sealing with a bare key
// are bindings of the testing module.
import { core, checked, writeBytes, readOutputBytes } from './support/testing-core.mjs';

await sodium.ready;
const b64 = (bytes) => sodium.to_base64(bytes, sodium.base64_variants.URLSAFE_NO_PADDING);
const unb64 = (text) => sodium.from_base64(text, sodium.base64_variants.URLSAFE_NO_PADDING);

function slotFromSeed(seed) {
  return checked(core.keyringFromSeed(b64(seed)));
}

// The write-signature message as core/identity/field_signature.h describes it.
function writeMessage({ owner, soul, field, value, state }) {
  const parts = [sodium.from_string('mutual-store/write/v1'), new Uint8Array([0])];
  const lengthPrefixed = (text) => {
    const bytes = sodium.from_string(text);
    const length = new Uint8Array(4);
    new DataView(length.buffer).setUint32(0, bytes.length);
    parts.push(length, bytes);
  };
  const double = (x) => {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setFloat64(0, x === 0 ? 0 : x);
    parts.push(bytes);
  };
  lengthPrefixed(owner);
  lengthPrefixed(soul);
  lengthPrefixed(field);
  if (value === null) parts.push(sodium.from_string('z'));
  else if (typeof value === 'boolean') parts.push(sodium.from_string(value ? 't' : 'f'));
  else if (typeof value === 'number') (parts.push(sodium.from_string('n')), double(value));
  else if (typeof value === 'string') (parts.push(sodium.from_string('s')), lengthPrefixed(value));
  else (parts.push(sodium.from_string('l')), lengthPrefixed(value['#']));
  double(state);
  const total = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) (total.set(part, offset), (offset += part.length));
  return total;
}

test('a pub is the base64url Ed25519 public key libsodium.js derives from the same seed', () => {
  const seed = sodium.randombytes_buf(32);
  const slot = slotFromSeed(seed);
  assert.equal(core.keyringPub(slot), b64(sodium.crypto_sign_seed_keypair(seed).publicKey));
  assert.match(core.keyringEpub(slot), /^[A-Za-z0-9_-]{43}$/);
  core.keyringForget(slot);
  assert.throws(() => checked(core.keyringPub(slot)), /no keys/);
});

test('raw signatures verify both ways', () => {
  const seed = sodium.randombytes_buf(32);
  const slot = slotFromSeed(seed);
  const theirs = sodium.crypto_sign_seed_keypair(seed);
  for (let i = 0; i < 10; i++) {
    const message = sodium.randombytes_buf(256);
    writeBytes(message);
    checked(core.signRaw(slot, message.length));
    const signature = readOutputBytes(64);
    assert.ok(sodium.crypto_sign_verify_detached(signature, message, theirs.publicKey));
    const input = new Uint8Array(96 + message.length);
    input.set(theirs.publicKey, 0);
    input.set(sodium.crypto_sign_detached(message, theirs.privateKey), 32);
    input.set(message, 96);
    writeBytes(input);
    assert.equal(checked(core.verifyRaw(message.length)), true);
    input[100] ^= 1;
    writeBytes(input);
    assert.equal(checked(core.verifyRaw(message.length)), false);
  }
});

test('write signatures: ours verify in libsodium.js over the documented message, and theirs in ours', () => {
  const seed = sodium.randombytes_buf(32);
  const slot = slotFromSeed(seed);
  const keys = sodium.crypto_sign_seed_keypair(seed);
  const owner = core.keyringPub(slot);
  for (const value of ['hello', 5, -0, true, false, null, { '#': 'some/soul' }, '\u0000\u001f"é😀']) {
    const write = { owner, soul: `~${owner}/profile`, field: 'f', value, state: 1732000000000.25 };
    const signature = checked(core.writeSign(slot, write.soul, write.field, JSON.stringify(value), write.state));
    assert.ok(sodium.crypto_sign_verify_detached(unb64(signature), writeMessage(write), keys.publicKey), JSON.stringify(value));
    const theirs = b64(sodium.crypto_sign_detached(writeMessage(write), keys.privateKey));
    assert.equal(checked(core.writeVerify(owner, write.soul, write.field, JSON.stringify(value), write.state, theirs)), true);
    assert.equal(checked(core.writeVerify(owner, write.soul, 'g', JSON.stringify(value), write.state, theirs)), false);
  }
});

test('sealed text is x1. + base64url(nonce | XChaCha20-Poly1305 ciphertext), both ways', () => {
  const key = sodium.randombytes_buf(32);
  const ours = checked(core.encryptWithKey(b64(key), 'secret \u0000 text'));
  assert.ok(ours.startsWith('x1.'));
  const bytes = unb64(ours.slice(3));
  const plain = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, bytes.slice(24), null, bytes.slice(0, 24), key);
  assert.equal(sodium.to_string(plain), 'secret \u0000 text');
  const nonce = sodium.randombytes_buf(24);
  const cipher = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt('from libsodium.js', null, null, nonce, key);
  const theirs = new Uint8Array(24 + cipher.length);
  theirs.set(nonce, 0);
  theirs.set(cipher, 24);
  assert.equal(checked(core.decryptWithKey(b64(key), `x1.${b64(theirs)}`)), 'from libsodium.js');
  assert.throws(() => checked(core.decryptWithKey(b64(sodium.randombytes_buf(32)), ours)), /could not decrypt/);
});

test('the shared secret is BLAKE2b(X25519 point | both epubs in byte order), the same from both sides', () => {
  const alice = checked(core.keyringCreate());
  const bob = checked(core.keyringCreate());
  const fromAlice = checked(core.sharedSecret(alice, core.keyringEpub(bob)));
  assert.equal(fromAlice, checked(core.sharedSecret(bob, core.keyringEpub(alice))));
  // Recompute with libsodium.js from a known seed pair.
  const seed = sodium.randombytes_buf(32);
  const carol = slotFromSeed(seed);
  // BLAKE2b of the context string, keyed with the seed (core/identity/user_keys.cpp).
  const boxSeed = sodium.crypto_generichash(32, sodium.from_string('mutual-store/box-seed/v1'), seed);
  const carolBox = sodium.crypto_box_seed_keypair(boxSeed);
  assert.equal(core.keyringEpub(carol), b64(carolBox.publicKey));
  const bobPublic = unb64(core.keyringEpub(bob));
  const point = sodium.crypto_scalarmult(carolBox.privateKey, bobPublic);
  // Byte order (lexicographic), not sodium.compare, which reads little-endian numbers.
  const [first, second] = [carolBox.publicKey, bobPublic].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const expected = sodium.crypto_generichash(32, new Uint8Array([...point, ...first, ...second]));
  assert.equal(checked(core.sharedSecret(carol, core.keyringEpub(bob))), b64(expected));
});

test('a key record opens with its password only; the wrong one is a clear error', () => {
  const slot = checked(core.keyringCreate());
  const record = checked(core.keyRecordSeal(slot, 'correct horse', true));
  assert.equal(JSON.parse(record).pub, core.keyringPub(slot));
  const reopened = checked(core.keyRecordOpen(record, 'correct horse'));
  assert.equal(core.keyringPub(reopened), core.keyringPub(slot));
  assert.throws(() => checked(core.keyRecordOpen(record, 'battery staple')), /wrong password/);
  assert.throws(() => checked(core.keyRecordOpen('{"v":1}', 'x')), /key record/);
});

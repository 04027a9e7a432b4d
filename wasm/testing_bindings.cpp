// embind bindings that only the tests and benchmarks call: keys from a
// known seed, signing and sealing without a store around them, and raw
// signatures in bulk (B4).
#include <emscripten/bind.h>
#include <sodium.h>

#include <string>

#include "checked_input.h"
#include "flat_buffers.h"
#include "identity/encoding.h"
#include "identity/field_signature.h"
#include "identity/sealing.h"
#include "js_errors.h"
#include "json_input.h"
#include "keyring.h"

using namespace ms::identity;
using ms::wasm::flatBuffers;
using ms::wasm::guarded;
using ms::wasm::keysInSlot;
using ms::wasm::randomBytes;

namespace {

int keyringFromSeed(std::string seed) {
  return guarded([&] { return ms::wasm::storeKeys(userKeysFromSeed(fromBase64Url(seed, "seed", 32))); });
}

std::string writeSign(int slot, std::string soul, std::string field, std::string valueJson, double state) {
  return guarded([&] {
    const UserKeys& keys = keysInSlot(slot);
    return signWrite(SignedWrite{soul, field, ms::wasm::parseOrThrow(valueJson, "value"), state, keys.pub()}, keys.sign.secret_key);
  });
}

bool writeVerify(std::string owner, std::string soul, std::string field, std::string valueJson, double state, std::string signature) {
  return guarded([&] { return verifyWrite(SignedWrite{soul, field, ms::wasm::parseOrThrow(valueJson, "value"), state, owner}, signature); });
}

std::string encryptWithKey(std::string key, std::string plaintext) {
  return guarded([&] { return seal(plaintext, fromBase64Url(key, "key", 32), randomBytes(24)); });
}
std::string decryptWithKey(std::string key, std::string sealed) {
  return guarded([&] { return unseal(sealed, fromBase64Url(key, "key", 32)); });
}

// Raw signing for bulk use: the message is the `length` input bytes; the
// 64-byte signature goes to the output byte buffer.
bool signRaw(int slot, double length) {
  return guarded([&] {
    auto message = ms::wasm::checkedInputBytes(0, length, "length");
    const UserKeys& keys = keysInSlot(slot);
    auto& out = flatBuffers().out_bytes;
    out.resize(crypto_sign_BYTES);
    crypto_sign_detached(out.data(), nullptr, message.data(), message.size(), keys.sign.secret_key.data());
    return true;
  });
}

// Input bytes: public key (32) | signature (64) | message (length).
bool verifyRaw(double length) {
  return guarded([&] {
    ensureSodium();
    const std::size_t size = ms::wasm::countFromJs(length, "length");
    const uint8_t* in = ms::wasm::checkedInputBytes(0, 96.0 + static_cast<double>(size), "length").data();
    return crypto_sign_verify_detached(in + 32, in + 96, size, in) == 0;
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(mutual_store_testing) {
  using emscripten::function;
  function("keyringFromSeed", &keyringFromSeed);
  function("writeSign", &writeSign);
  function("writeVerify", &writeVerify);
  function("encryptWithKey", &encryptWithKey);
  function("decryptWithKey", &decryptWithKey);
  function("signRaw", &signRaw);
  function("verifyRaw", &verifyRaw);
}

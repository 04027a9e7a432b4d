// embind bindings for identity. A user's keys live in a keyring inside the
// module and JS holds only a slot number and the public names: secret keys
// never become JS strings. Randomness comes from libsodium (which the module
// feeds from crypto.getRandomValues, see pre.js).
#include <emscripten/bind.h>
#include <sodium.h>

#include <map>
#include <string>

#include "common/json_parse.h"
#include "checked_input.h"
#include "flat_buffers.h"
#include "identity/alias_sign_in.h"
#include "identity/encoding.h"
#include "identity/field_signature.h"
#include "identity/key_record.h"
#include "identity/sealing.h"
#include "identity/user_keys.h"
#include "js_errors.h"
#include "keyring.h"

using namespace ms::identity;
using ms::wasm::flatBuffers;
using ms::wasm::guarded;

namespace {

std::map<int, UserKeys>& keyring() {
  static std::map<int, UserKeys> keys;
  return keys;
}

const UserKeys& keysIn(int slot) { return ms::wasm::keysInSlot(slot); }

int store(UserKeys keys) {
  static int next = 1;
  keyring().emplace(next, std::move(keys));
  return next++;
}

Bytes randomBytes(std::size_t size) {
  ensureSodium();
  Bytes bytes(size);
  randombytes_buf(bytes.data(), bytes.size());
  return bytes;
}

ms::Json parseValue(const std::string& text) {
  ms::Json value = ms::parseJson(text);
  if (value.is_discarded()) ms::throwTypeError("value", "is not valid JSON");
  return value;
}

int keyringCreate() { return guarded([] { return store(userKeysFromSeed(randomBytes(32))); }); }
int keyringFromSeed(std::string seed) {
  return guarded([&] { return store(userKeysFromSeed(fromBase64Url(seed, "seed", 32))); });
}
std::string keyringPub(int slot) { return guarded([&] { return keysIn(slot).pub(); }); }
std::string keyringEpub(int slot) { return guarded([&] { return keysIn(slot).epub(); }); }
void keyringForget(int slot) {
  auto found = keyring().find(slot);
  if (found == keyring().end()) return;
  sodium_memzero(found->second.seed.data(), found->second.seed.size());
  sodium_memzero(found->second.sign.secret_key.data(), found->second.sign.secret_key.size());
  sodium_memzero(found->second.boxSecret.data(), found->second.boxSecret.size());
  keyring().erase(found);
}

std::string keyRecordSeal(int slot, std::string password, bool cheap) {
  return guarded([&] {
    KdfCost cost = cheap ? testKdfCost() : interactiveKdfCost();
    return sealKeyRecord(keysIn(slot), password, cost, randomBytes(16), randomBytes(24)).dump();
  });
}

// An account's record under `alias`: its salt comes from the alias (alias_sign_in.h).
std::string keyRecordSealForAlias(int slot, std::string password, bool cheap, std::string alias) {
  return guarded([&] {
    KdfCost cost = cheap ? testKdfCost() : interactiveKdfCost();
    return sealKeyRecord(keysIn(slot), password, cost, aliasSalt(alias), randomBytes(24)).dump();
  });
}

// Signs in with the key records (a JSON array of record texts, in the alias
// list's order) of the accounts under `alias`; returns the slot of the keys
// that opened. Texts that are not records are skipped.
int keyRecordSignIn(std::string recordsJson, std::string alias, std::string password) {
  return guarded([&] {
    ms::Json records = parseValue(recordsJson);
    if (!records.is_array()) ms::throwTypeError("records", "must be a JSON array");
    std::vector<ms::Json> candidates;
    for (const ms::Json& text : records) candidates.push_back(text.is_string() ? ms::parseJson(text.get<std::string>()) : ms::Json());
    return store(signInByAlias(candidates, alias, password).keys);
  });
}

int keyRecordOpen(std::string record, std::string password) {
  return guarded([&] { return store(openKeyRecord(parseValue(record), password)); });
}

std::string writeSign(int slot, std::string soul, std::string field, std::string valueJson, double state) {
  return guarded([&] {
    const UserKeys& keys = keysIn(slot);
    return signWrite(SignedWrite{soul, field, parseValue(valueJson), state, keys.pub()}, keys.sign.secret_key);
  });
}

bool writeVerify(std::string owner, std::string soul, std::string field, std::string valueJson, double state, std::string signature) {
  return guarded([&] { return verifyWrite(SignedWrite{soul, field, parseValue(valueJson), state, owner}, signature); });
}

std::string encryptPersonal(int slot, std::string plaintext) {
  return guarded([&] { return seal(plaintext, personalKey(keysIn(slot)), randomBytes(24)); });
}
std::string decryptPersonal(int slot, std::string sealed) {
  return guarded([&] { return unseal(sealed, personalKey(keysIn(slot))); });
}
std::string sharedSecretJs(int slot, std::string theirEpub) {
  return guarded([&] { return toBase64Url(sharedSecret(keysIn(slot), theirEpub)); });
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
    const UserKeys& keys = keysIn(slot);
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
    auto message = ms::wasm::checkedInputBytes(96, length, "length");
    const auto* in = message.data() - 96;
    return crypto_sign_verify_detached(in + 32, message.data(), message.size(), in) == 0;
  });
}

}  // namespace

namespace ms::wasm {
const UserKeys& keysInSlot(int slot) {
  auto found = keyring().find(slot);
  if (found == keyring().end()) throw std::runtime_error("no keys in this slot (the user has left)");
  return found->second;
}
}  // namespace ms::wasm

EMSCRIPTEN_BINDINGS(mutual_store_identity) {
  using emscripten::function;
  function("keyringCreate", &keyringCreate);
  function("keyringFromSeed", &keyringFromSeed);
  function("keyringPub", &keyringPub);
  function("keyringEpub", &keyringEpub);
  function("keyringForget", &keyringForget);
  function("keyRecordSeal", &keyRecordSeal);
  function("keyRecordOpen", &keyRecordOpen);
  function("keyRecordSealForAlias", &keyRecordSealForAlias);
  function("keyRecordSignIn", &keyRecordSignIn);
  function("writeSign", &writeSign);
  function("writeVerify", &writeVerify);
  function("encryptPersonal", &encryptPersonal);
  function("decryptPersonal", &decryptPersonal);
  function("sharedSecret", &sharedSecretJs);
  function("encryptWithKey", &encryptWithKey);
  function("decryptWithKey", &decryptWithKey);
  function("signRaw", &signRaw);
  function("verifyRaw", &verifyRaw);
}

// embind bindings for identity: keys stay in the module's keyring
// (keyring.h) and JS holds only a slot number and the public names.
#include <emscripten/bind.h>

#include <string>

#include "common/json_parse.h"
#include "json_input.h"
#include "identity/alias_sign_in.h"
#include "identity/encoding.h"
#include "identity/key_record.h"
#include "identity/sealing.h"
#include "identity/user_keys.h"
#include "js_errors.h"
#include "keyring.h"

using namespace ms::identity;
using ms::wasm::guarded;
using ms::wasm::randomBytes;
using ms::wasm::storeKeys;

namespace {

const UserKeys& keysIn(int slot) { return ms::wasm::keysInSlot(slot); }

int keyringCreate() { return guarded([] { return storeKeys(userKeysFromSeed(randomBytes(32))); }); }
std::string keyringPub(int slot) { return guarded([&] { return keysIn(slot).pub(); }); }
std::string keyringEpub(int slot) { return guarded([&] { return keysIn(slot).epub(); }); }
std::string keyRecordSeal(int slot, std::string password, bool cheap) {
  return guarded([&] {
    KdfCost cost = cheap ? testKdfCost() : interactiveKdfCost();
    return sealKeyRecord(keysIn(slot), password, cost, randomBytes(16), randomBytes(24)).dump();
  });
}

// An account's record under `alias`: its salt comes from the alias (core/identity/alias_sign_in.h).
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
    ms::Json records = ms::wasm::parseOrThrow(recordsJson, "records");
    if (!records.is_array()) ms::throwTypeError("records", "must be a JSON array");
    std::vector<ms::Json> candidates;
    for (const ms::Json& text : records) candidates.push_back(text.is_string() ? ms::parseJson(text.get<std::string>()) : ms::Json());
    return storeKeys(signInByAlias(candidates, alias, password).keys);
  });
}

int keyRecordOpen(std::string record, std::string password) {
  return guarded([&] { return storeKeys(openKeyRecord(ms::wasm::parseOrThrow(record, "record"), password)); });
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

}  // namespace

EMSCRIPTEN_BINDINGS(mutual_store_identity) {
  using emscripten::function;
  function("keyringCreate", &keyringCreate);
  function("keyringPub", &keyringPub);
  function("keyringEpub", &keyringEpub);
  function("keyringForget", &ms::wasm::forgetKeys);
  function("keyRecordSeal", &keyRecordSeal);
  function("keyRecordOpen", &keyRecordOpen);
  function("keyRecordSealForAlias", &keyRecordSealForAlias);
  function("keyRecordSignIn", &keyRecordSignIn);
  function("encryptPersonal", &encryptPersonal);
  function("decryptPersonal", &decryptPersonal);
  function("sharedSecret", &sharedSecretJs);
}

#include "keyring.h"

#include <sodium.h>

#include <memory>

#include "handle_table.h"
#include "identity/signing.h"

using namespace ms::identity;

namespace ms::wasm {

namespace {

HandleTable<UserKeys>& keyring() {
  static HandleTable<UserKeys> keys("no keys in this slot (the user has left)");
  return keys;
}

}  // namespace

int storeKeys(UserKeys keys) { return keyring().add(std::make_unique<UserKeys>(std::move(keys))); }

const UserKeys& keysInSlot(int slot) { return keyring().at(slot); }

void forgetKeys(int slot) {
  UserKeys* keys = keyring().find(slot);
  if (!keys) return;
  sodium_memzero(keys->seed.data(), keys->seed.size());
  sodium_memzero(keys->sign.secret_key.data(), keys->sign.secret_key.size());
  sodium_memzero(keys->boxSecret.data(), keys->boxSecret.size());
  keyring().erase(slot);
}

Bytes randomBytes(std::size_t size) {
  ensureSodium();
  Bytes bytes(size);
  randombytes_buf(bytes.data(), bytes.size());
  return bytes;
}

}  // namespace ms::wasm

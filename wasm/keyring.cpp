#include "keyring.h"

#include <sodium.h>

#include <map>
#include <stdexcept>

#include "identity/signing.h"

using namespace ms::identity;

namespace ms::wasm {

namespace {

std::map<int, UserKeys>& keyring() {
  static std::map<int, UserKeys> keys;
  return keys;
}

}  // namespace

int storeKeys(UserKeys keys) {
  static int next = 1;
  keyring().emplace(next, std::move(keys));
  return next++;
}

const UserKeys& keysInSlot(int slot) {
  auto found = keyring().find(slot);
  if (found == keyring().end()) throw std::runtime_error("no keys in this slot (the user has left)");
  return found->second;
}

void forgetKeys(int slot) {
  auto found = keyring().find(slot);
  if (found == keyring().end()) return;
  sodium_memzero(found->second.seed.data(), found->second.seed.size());
  sodium_memzero(found->second.sign.secret_key.data(), found->second.sign.secret_key.size());
  sodium_memzero(found->second.boxSecret.data(), found->second.boxSecret.size());
  keyring().erase(found);
}

Bytes randomBytes(std::size_t size) {
  ensureSodium();
  Bytes bytes(size);
  randombytes_buf(bytes.data(), bytes.size());
  return bytes;
}

}  // namespace ms::wasm

#pragma once
// The module's keyring: a user's keys live here and JS holds only a slot
// number, so secret keys never become JS strings. Shared by the identity
// bindings and the others that sign as a user (the graph peer).
#include <cstddef>

#include "identity/signing.h"
#include "identity/user_keys.h"

namespace ms::wasm {

// Keeps `keys` in a new slot and returns its number (from 1).
int storeKeys(identity::UserKeys keys);

// Throws std::runtime_error when the slot is empty (the user has left).
const identity::UserKeys& keysInSlot(int slot);

// Wipes the slot's secrets and empties it; an empty slot is left as it is.
void forgetKeys(int slot);

// `size` bytes from libsodium's generator (fed from crypto.getRandomValues,
// see pre.js).
identity::Bytes randomBytes(std::size_t size);

}  // namespace ms::wasm

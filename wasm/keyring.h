#pragma once
// The keyring of wasm/identity_bindings.cpp, for other bindings that sign
// as a user (the graph peer): keys never leave the module.
#include "identity/user_keys.h"

namespace ms::wasm {

// Throws std::runtime_error when the slot is empty (the user has left).
const identity::UserKeys& keysInSlot(int slot);

}  // namespace ms::wasm

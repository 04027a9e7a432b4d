#pragma once
// The encrypted key record a user keeps in their own node: the key seed
// sealed with XChaCha20-Poly1305 under a key derived from the password with
// Argon2id. The KDF's cost parameters travel with the salt, so records made
// with cheap test settings or with future, costlier ones all open.
#include <cstdint>
#include <string>

#include "common/json.h"
#include "identity/user_keys.h"

namespace ms::identity {

struct KdfCost {
  std::uint64_t operations;  // Argon2id passes
  std::size_t memoryBytes;
};

// libsodium's "interactive" setting: for real users.
KdfCost interactiveKdfCost();
// The cheapest setting Argon2id allows: for tests only.
KdfCost testKdfCost();

// Randomness is passed in (salt: 16 bytes, nonce: 24 bytes) so this stays
// deterministic and testable. The record names pub and epub, which are also
// authenticated: it cannot be re-attached to another identity.
Json sealKeyRecord(const UserKeys& keys, const std::string& password, KdfCost cost, const Bytes& salt,
                   const Bytes& nonce);

// Throws IdentityError WrongPassword when the password does not open it,
// BadRecord when the record is malformed or its costs are out of bounds
// (records come from the network: an absurd memory cost must not be obeyed).
UserKeys openKeyRecord(const Json& record, const std::string& password);

// A record's parts, checked (BadRecord otherwise, costs included), before
// any key derivation: what sign-in needs to group records by (salt, cost).
struct KeyRecordParts {
  KdfCost cost;
  Bytes salt, nonce, sealed;
  std::string pub, epub;
};
KeyRecordParts parseKeyRecord(const Json& record);
// The Argon2id key for `password` with a record's salt and cost.
Bytes deriveRecordKey(const std::string& password, const Bytes& salt, KdfCost cost);
// The keys sealed in `parts` under `key`; WrongPassword when it does not open.
UserKeys openKeyRecordWith(const KeyRecordParts& parts, const Bytes& key);

}  // namespace ms::identity

#pragma once
// A user's keys: an Ed25519 pair for signing and an X25519 pair for
// encryption, both derived from one 32-byte secret seed, so the seed is all
// a key record has to protect.
#include <string>

#include "identity/signing.h"

namespace ms::identity {

struct UserKeys {
  Bytes seed;          // 32 bytes; everything else follows from it
  SigningKeyPair sign;
  Bytes boxPublic;     // X25519, 32 bytes
  Bytes boxSecret;     // X25519, 32 bytes

  // The printable identities: `pub` (Ed25519) and `epub` (X25519), base64url.
  std::string pub() const;
  std::string epub() const;
};

// Deterministic: the same seed always gives the same keys.
UserKeys userKeysFromSeed(const Bytes& seed);

// The public signing key inside a `pub` string (Range/Type error when malformed).
Bytes publicKeyOfPub(const std::string& pub);

}  // namespace ms::identity

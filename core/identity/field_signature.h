#pragma once
// Signatures on graph writes. One signature covers exactly one write: the
// soul, the field, the value, the state and the owner, behind a domain tag,
// each part length-prefixed so no two different writes share a message.
// A signature seen on the wire can therefore never be replayed onto another
// field, value, soul, time or user.
#include <string>

#include "common/json.h"
#include "identity/signing.h"

namespace ms::identity {

struct SignedWrite {
  std::string soul;
  std::string field;
  Json value;    // a graph value: null, boolean, finite number, string, or {"#": soul}
  double state;  // finite
  std::string owner;  // the pub whose space the soul is in
};

// The exact bytes that are signed (exposed for tests and other implementations).
Bytes signedWriteMessage(const SignedWrite& write);

// Base64url Ed25519 signature by `secretKey` (64 bytes).
std::string signWrite(const SignedWrite& write, const Bytes& secretKey);
// Whether `signature` is the owner's signature of exactly this write.
bool verifyWrite(const SignedWrite& write, const std::string& signature);

}  // namespace ms::identity

#pragma once
// Encryption of private data: with a key only the user has (`encrypt` /
// `decrypt`), or with a key two users share (`sharedSecret`, X25519).
// XChaCha20-Poly1305; the sealed text is printable and carries its nonce.
#include <string>

#include "identity/user_keys.h"

namespace ms::identity {

// The user's own data key, derived from their keys (never stored).
Bytes personalKey(const UserKeys& keys);
// The key two users share: the same from either side.
Bytes sharedSecret(const UserKeys& mine, const std::string& theirEpub);

// "x1." + base64url(nonce || ciphertext). The nonce (24 bytes) is passed in.
std::string seal(const std::string& plaintext, const Bytes& key, const Bytes& nonce);
// Throws IdentityError DecryptionFailed when the key is wrong or the text was changed.
std::string unseal(const std::string& sealed, const Bytes& key);

}  // namespace ms::identity

#include "identity/sealing.h"

#include <sodium.h>

#include "common/input_error.h"
#include "identity/encoding.h"
#include "identity/identity_error.h"

namespace ms::identity {
namespace {

constexpr std::string_view kPrefix = "x1.";
constexpr std::size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;

void requireKey(const Bytes& key) {
  if (key.size() != crypto_aead_xchacha20poly1305_ietf_KEYBYTES) throwRangeError("key", "must be 32 bytes");
}

}  // namespace

Bytes personalKey(const UserKeys& keys) {
  ensureSodium();
  Bytes key(crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
  // Subkey 1 of the seed under a fixed context: independent of the signing and box keys.
  crypto_kdf_derive_from_key(key.data(), key.size(), 1, "msprivat", keys.seed.data());
  return key;
}

Bytes sharedSecret(const UserKeys& mine, const std::string& theirEpub) {
  ensureSodium();
  Bytes theirPublic = fromBase64Url(theirEpub, "epub", crypto_box_PUBLICKEYBYTES);
  Bytes point(crypto_scalarmult_BYTES);
  if (crypto_scalarmult(point.data(), mine.boxSecret.data(), theirPublic.data()) != 0) {
    throwRangeError("epub", "is not a usable X25519 public key");
  }
  // Hash the point with both public keys in a fixed (sorted) order, so both
  // sides get the same key and it is bound to this pair.
  Bytes first = mine.boxPublic, second = theirPublic;
  if (second < first) std::swap(first, second);
  Bytes key(crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, key.size());
  crypto_generichash_update(&state, point.data(), point.size());
  crypto_generichash_update(&state, first.data(), first.size());
  crypto_generichash_update(&state, second.data(), second.size());
  crypto_generichash_final(&state, key.data(), key.size());
  sodium_memzero(point.data(), point.size());
  return key;
}

std::string seal(const std::string& plaintext, const Bytes& key, const Bytes& nonce) {
  ensureSodium();
  requireKey(key);
  if (nonce.size() != kNonceBytes) throwRangeError("nonce", "must be 24 bytes");
  Bytes out(nonce);
  out.resize(kNonceBytes + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  unsigned long long length = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out.data() + kNonceBytes, &length,
                                             reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                                             nullptr, 0, nullptr, nonce.data(), key.data());
  return std::string(kPrefix) + toBase64Url(out);
}

std::string unseal(const std::string& sealed, const Bytes& key) {
  ensureSodium();
  requireKey(key);
  if (sealed.compare(0, kPrefix.size(), kPrefix) != 0) throwTypeError("sealed", "is not text made by encrypt");
  Bytes bytes = fromBase64Url(std::string_view(sealed).substr(kPrefix.size()), "sealed");
  if (bytes.size() < kNonceBytes + crypto_aead_xchacha20poly1305_ietf_ABYTES) throwTypeError("sealed", "is too short");
  std::string plaintext(bytes.size() - kNonceBytes - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long length = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(plaintext.data()), &length, nullptr,
                                                 bytes.data() + kNonceBytes, bytes.size() - kNonceBytes, nullptr, 0,
                                                 bytes.data(), key.data()) != 0) {
    throw IdentityError(IdentityError::Kind::DecryptionFailed, "could not decrypt: wrong key or altered data");
  }
  return plaintext;
}

}  // namespace ms::identity

#include "identity/signing.h"

#include <sodium.h>

#include <stdexcept>

#include "common/input_error.h"

namespace ms::identity {

void ensureSodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw std::runtime_error("libsodium could not be initialised");
}

SigningKeyPair signingKeyPairFromSeed(const Bytes& seed) {
  ensureSodium();
  if (seed.size() != crypto_sign_SEEDBYTES) throwRangeError("seed", "must be 32 bytes");
  SigningKeyPair pair{Bytes(crypto_sign_PUBLICKEYBYTES), Bytes(crypto_sign_SECRETKEYBYTES)};
  crypto_sign_seed_keypair(pair.public_key.data(), pair.secret_key.data(), seed.data());
  return pair;
}

SigningKeyPair generateSigningKeyPair() {
  ensureSodium();
  SigningKeyPair pair{Bytes(crypto_sign_PUBLICKEYBYTES), Bytes(crypto_sign_SECRETKEYBYTES)};
  crypto_sign_keypair(pair.public_key.data(), pair.secret_key.data());
  return pair;
}

Bytes sign(const Bytes& message, const Bytes& secretKey) {
  ensureSodium();
  if (secretKey.size() != crypto_sign_SECRETKEYBYTES) throwRangeError("secretKey", "must be 64 bytes");
  Bytes signature(crypto_sign_BYTES);
  crypto_sign_detached(signature.data(), nullptr, message.data(), message.size(), secretKey.data());
  return signature;
}

bool verify(const Bytes& signature, const Bytes& message, const Bytes& publicKey) {
  ensureSodium();
  if (signature.size() != crypto_sign_BYTES || publicKey.size() != crypto_sign_PUBLICKEYBYTES) return false;
  return crypto_sign_verify_detached(signature.data(), message.data(), message.size(), publicKey.data()) == 0;
}

Bytes hash(const Bytes& message, size_t length) {
  ensureSodium();
  if (length < crypto_generichash_BYTES_MIN || length > crypto_generichash_BYTES_MAX) {
    throwRangeError("length", "must be between 16 and 64");
  }
  Bytes digest(length);
  crypto_generichash(digest.data(), digest.size(), message.data(), message.size(), nullptr, 0);
  return digest;
}

}  // namespace ms::identity

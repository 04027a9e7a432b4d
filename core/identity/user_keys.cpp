#include "identity/user_keys.h"

#include <sodium.h>

#include "common/input_error.h"
#include "identity/encoding.h"

namespace ms::identity {
namespace {

// The X25519 seed is a keyed hash of the master seed, so the two key pairs
// are independent (no key is used for both signing and key agreement).
Bytes boxSeedOf(const Bytes& seed) {
  static const char kContext[] = "mutual-store/box-seed/v1";
  Bytes boxSeed(crypto_box_SEEDBYTES);
  crypto_generichash(boxSeed.data(), boxSeed.size(), reinterpret_cast<const unsigned char*>(kContext), sizeof kContext - 1,
                     seed.data(), seed.size());
  return boxSeed;
}

}  // namespace

std::string UserKeys::pub() const { return toBase64Url(sign.public_key); }
std::string UserKeys::epub() const { return toBase64Url(boxPublic); }

UserKeys userKeysFromSeed(const Bytes& seed) {
  ensureSodium();
  if (seed.size() != 32) throwRangeError("seed", "must be 32 bytes");
  UserKeys keys{seed, signingKeyPairFromSeed(seed), Bytes(crypto_box_PUBLICKEYBYTES), Bytes(crypto_box_SECRETKEYBYTES)};
  Bytes boxSeed = boxSeedOf(seed);
  crypto_box_seed_keypair(keys.boxPublic.data(), keys.boxSecret.data(), boxSeed.data());
  sodium_memzero(boxSeed.data(), boxSeed.size());
  return keys;
}

Bytes publicKeyOfPub(const std::string& pub) { return fromBase64Url(pub, "pub", crypto_sign_PUBLICKEYBYTES); }

}  // namespace ms::identity

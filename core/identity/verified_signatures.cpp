#include "identity/verified_signatures.h"

#include <sodium.h>

#include <cstring>

namespace ms::identity {

VerifiedSignatures::VerifiedSignatures(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

VerifiedSignatures::Digest VerifiedSignatures::digestOf(const Bytes& publicKey, const Bytes& signature, const Bytes& message) {
  ensureSodium();
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, sizeof(Digest));
  crypto_generichash_update(&state, publicKey.data(), publicKey.size());
  crypto_generichash_update(&state, signature.data(), signature.size());
  crypto_generichash_update(&state, message.data(), message.size());
  Digest digest{};
  crypto_generichash_final(&state, digest.data(), digest.size());
  return digest;
}

std::size_t VerifiedSignatures::DigestHash::operator()(const Digest& digest) const {
  std::size_t h = 0;
  std::memcpy(&h, digest.data(), sizeof h);  // the digest is already uniform
  return h;
}

void VerifiedSignatures::remember(const Digest& digest) {
  if (!known_.insert(digest).second) return;
  order_.push_back(digest);
  if (order_.size() > capacity_) {
    known_.erase(order_.front());
    order_.pop_front();
  }
}

bool verifyRemembered(const Bytes& signature, const Bytes& message, const Bytes& publicKey) {
  if (signature.size() != crypto_sign_BYTES || publicKey.size() != crypto_sign_PUBLICKEYBYTES) return false;
  thread_local VerifiedSignatures memo(kVerifiedSignaturesKept);
  const VerifiedSignatures::Digest digest = VerifiedSignatures::digestOf(publicKey, signature, message);
  if (memo.contains(digest)) return true;
  if (!verify(signature, message, publicKey)) return false;
  memo.remember(digest);
  return true;
}

}  // namespace ms::identity

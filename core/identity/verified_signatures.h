#pragma once
// Write signatures already verified in this process. One module instance
// often holds many peers (a crowd of participants in one page, or in one
// test process), and each of them receives the same signed write from the
// relay; Ed25519 verification is the largest cost of receiving it. Only a
// success is remembered, under a BLAKE2b digest of the public key, the
// signature and the exact signed message, so a hit is the same bytes
// verified before: a forged or altered write never matches and is verified
// (and refused) in full.
// Bounded: the oldest entries are forgotten first.
#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <unordered_set>

#include "identity/signing.h"

namespace ms::identity {

class VerifiedSignatures {
 public:
  using Digest = std::array<uint8_t, 32>;

  explicit VerifiedSignatures(std::size_t capacity);

  // The key of one (public key, signature, message); the first two have
  // fixed lengths, so the concatenation cannot be read two ways.
  static Digest digestOf(const Bytes& publicKey, const Bytes& signature, const Bytes& message);

  bool contains(const Digest& digest) const { return known_.count(digest) != 0; }
  void remember(const Digest& digest);
  std::size_t size() const { return known_.size(); }

 private:
  struct DigestHash {
    std::size_t operator()(const Digest& digest) const;
  };
  std::size_t capacity_;
  std::unordered_set<Digest, DigestHash> known_;
  std::deque<Digest> order_;  // oldest first
};

// verify() with this process's memo in front (kVerifiedSignaturesKept entries).
bool verifyRemembered(const Bytes& signature, const Bytes& message, const Bytes& publicKey);
inline constexpr std::size_t kVerifiedSignaturesKept = 4096;  // about 400 KB at most

}  // namespace ms::identity

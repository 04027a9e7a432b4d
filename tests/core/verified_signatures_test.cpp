// The memo of verified write signatures: a hit is only ever the same bytes
// verified before; anything altered is verified in full and refused; the
// memo stays within its bound, forgetting the oldest first.
#include <catch2/catch.hpp>

#include <vector>

#include "identity/signing.h"
#include "identity/verified_signatures.h"

using namespace ms::identity;

namespace {
Bytes filled(std::size_t size, std::uint8_t first) {
  Bytes bytes(size);
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<std::uint8_t>(first + i);
  return bytes;
}
}  // namespace

TEST_CASE("a remembered signature still refuses any other message, signature or key") {
  SigningKeyPair alice = signingKeyPairFromSeed(filled(32, 1));
  SigningKeyPair bob = signingKeyPairFromSeed(filled(32, 100));
  Bytes message = filled(40, 7);
  Bytes signature = sign(message, alice.secret_key);
  CHECK(verifyRemembered(signature, message, alice.public_key));
  CHECK(verifyRemembered(signature, message, alice.public_key));  // now from the memo

  Bytes otherMessage = message;
  otherMessage.back() ^= 1;
  CHECK_FALSE(verifyRemembered(signature, otherMessage, alice.public_key));
  Bytes flipped = signature;
  flipped[10] ^= 1;
  CHECK_FALSE(verifyRemembered(flipped, message, alice.public_key));
  CHECK_FALSE(verifyRemembered(signature, message, bob.public_key));
  CHECK_FALSE(verifyRemembered(Bytes(signature.begin(), signature.end() - 1), message, alice.public_key));
  CHECK_FALSE(verifyRemembered(signature, message, Bytes(31, 0)));
  // A failure is never remembered: it fails again.
  CHECK_FALSE(verifyRemembered(flipped, message, alice.public_key));
}

TEST_CASE("the memo's key tells apart every part, and the memo forgets its oldest entries first") {
  Bytes key = filled(32, 1);
  Bytes signature = filled(64, 2);
  Bytes message = filled(10, 3);
  const auto digest = VerifiedSignatures::digestOf(key, signature, message);
  CHECK(digest == VerifiedSignatures::digestOf(key, signature, message));
  CHECK(digest != VerifiedSignatures::digestOf(filled(32, 9), signature, message));
  CHECK(digest != VerifiedSignatures::digestOf(key, filled(64, 9), message));
  CHECK(digest != VerifiedSignatures::digestOf(key, signature, filled(10, 9)));

  VerifiedSignatures memo(3);
  std::vector<VerifiedSignatures::Digest> digests;
  for (std::uint8_t i = 0; i < 5; ++i) digests.push_back(VerifiedSignatures::digestOf(key, signature, filled(10, i)));
  for (const auto& d : digests) memo.remember(d);
  memo.remember(digests[4]);  // again: no second place
  CHECK(memo.size() == 3);
  CHECK_FALSE(memo.contains(digests[0]));
  CHECK_FALSE(memo.contains(digests[1]));
  CHECK(memo.contains(digests[2]));
  CHECK(memo.contains(digests[3]));
  CHECK(memo.contains(digests[4]));
}

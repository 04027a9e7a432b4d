// Ed25519 and BLAKE2b through libsodium, against published test vectors.
#include <catch2/catch.hpp>

#include <string>

#include "identity/signing.h"

using namespace ms::identity;

namespace {

Bytes fromHex(const std::string& hex) {
  Bytes bytes;
  for (std::size_t i = 0; i < hex.size(); i += 2) bytes.push_back(static_cast<uint8_t>(std::stoul(hex.substr(i, 2), nullptr, 16)));
  return bytes;
}

Bytes text(const std::string& s) { return Bytes(s.begin(), s.end()); }

}  // namespace

TEST_CASE("RFC 8032 Ed25519 test vector 1") {
  auto pair = signingKeyPairFromSeed(fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
  CHECK(pair.public_key == fromHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
  Bytes signature = sign({}, pair.secret_key);
  CHECK(signature == fromHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065"
                             "224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"));
  CHECK(verify(signature, {}, pair.public_key));
}

TEST_CASE("signatures verify only for the same message and key") {
  auto pair = generateSigningKeyPair();
  Bytes message = text("mutual recognition");
  Bytes signature = sign(message, pair.secret_key);
  CHECK(verify(signature, message, pair.public_key));
  CHECK_FALSE(verify(signature, text("mutual recognitioN"), pair.public_key));
  Bytes tampered = signature;
  tampered[10] ^= 1;
  CHECK_FALSE(verify(tampered, message, pair.public_key));
  CHECK_FALSE(verify(signature, message, generateSigningKeyPair().public_key));
  CHECK_FALSE(verify(Bytes(10), message, pair.public_key));
}

TEST_CASE("BLAKE2b of \"abc\" (RFC 7693 and the BLAKE2 reference vectors)") {
  CHECK(hash(text("abc"), 64) == fromHex("ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                                         "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"));
  CHECK(hash(text("abc")) == fromHex("bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319"));
  CHECK_THROWS(hash(text("abc"), 8));
}

#pragma once
// Ed25519 signatures and BLAKE2b hashing through libsodium. The graph's
// identity layer builds on these; for now they prove the libsodium route
// works natively and in wasm, with results libsodium.js agrees with.
#include <cstdint>
#include <string>
#include <vector>

namespace ms::identity {

using Bytes = std::vector<uint8_t>;

struct SigningKeyPair {
  Bytes public_key;  // 32 bytes
  Bytes secret_key;  // 64 bytes (seed followed by the public key)
};

// Initialises libsodium once; throws std::runtime_error when it cannot.
void ensureSodium();

// The key pair of a 32-byte seed (deterministic).
SigningKeyPair signingKeyPairFromSeed(const Bytes& seed);
// A fresh key pair from libsodium's random source.
SigningKeyPair generateSigningKeyPair();

// Detached Ed25519 signature (64 bytes).
Bytes sign(const Bytes& message, const Bytes& secretKey);
bool verify(const Bytes& signature, const Bytes& message, const Bytes& publicKey);

// BLAKE2b (crypto_generichash) of `message`, `length` bytes (16..64).
Bytes hash(const Bytes& message, size_t length = 32);

}  // namespace ms::identity

#include "sync/peer_relay_auth.h"

#include <sodium.h>

#include "common/input_error.h"
#include "identity/encoding.h"

namespace ms::sync {
namespace {

// What a relay signs: the challenge under a fixed label, so a signature
// made for anything else can never pass for an answer.
identity::Bytes signedText(const std::string& challenge) {
  const std::string text = "mutual-store relay sync\n" + challenge;
  return identity::Bytes(text.begin(), text.end());
}

identity::SigningKeyPair keysOf(const std::string& seed) {
  if (seed.empty()) return identity::generateSigningKeyPair();
  return identity::signingKeyPairFromSeed(identity::fromBase64Url(seed, "relay key", 32));
}

}  // namespace

PeerRelayAuth::PeerRelayAuth(const std::string& seed, const std::set<std::string>& trusted)
    : keys_(keysOf(seed)), publicKey_(identity::toBase64Url(keys_.public_key)) {
  for (const std::string& key : trusted) {
    identity::fromBase64Url(key, "peer relay key", 32);  // refused here, not at the first sync
    trusted_.insert(key);
  }
}

std::string PeerRelayAuth::publicKeyOf(const std::string& seed) {
  if (seed.empty()) throwRangeError("relay key", "must not be empty");
  return identity::toBase64Url(keysOf(seed).public_key);
}

std::string PeerRelayAuth::challenge(ConnectionId connection) {
  identity::ensureSodium();
  identity::Bytes nonce(32);
  randombytes_buf(nonce.data(), nonce.size());
  return challenges_[connection] = identity::toBase64Url(nonce);
}

bool PeerRelayAuth::accept(ConnectionId connection, const SyncProof& proof) {
  auto sent = challenges_.find(connection);
  if (sent == challenges_.end()) return false;
  const std::string challenge = std::move(sent->second);
  challenges_.erase(sent);
  if (!trusted_.count(proof.key)) return false;
  try {
    return identity::verify(identity::fromBase64Url(proof.signature, "proof", 64), signedText(challenge),
                            identity::fromBase64Url(proof.key, "key", 32));
  } catch (const InputError&) {
    return false;
  }
}

SyncProof PeerRelayAuth::answer(const std::string& challenge) const {
  return {publicKey_, identity::toBase64Url(identity::sign(signedText(challenge), keys_.secret_key))};
}

}  // namespace ms::sync

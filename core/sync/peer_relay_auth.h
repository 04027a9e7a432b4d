#pragma once
// Which connections are peer relays: only they may "sync": "all" (receive
// everything a relay holds, then every change). A relay is configured with
// its own Ed25519 key and the public keys of the relays it trusts. A
// connection asking to sync is sent a fresh random challenge; it is a peer
// relay once it answers with a trusted key and that key's signature of the
// challenge. A challenge is good once, on the connection it was sent to,
// so a captured answer cannot be replayed.
#include <map>
#include <optional>
#include <set>
#include <string>

#include "identity/signing.h"
#include "sync/frame.h"
#include "sync/interest.h"

namespace ms::sync {

class PeerRelayAuth {
 public:
  // `seed`: this relay's 32-byte key seed, URL-safe base64 (empty: a fresh
  // key). `trusted`: public keys of the relays that may sync with this one.
  // Throws ms::InputError when a key is not a key.
  PeerRelayAuth(const std::string& seed, const std::set<std::string>& trusted);

  const std::string& publicKey() const { return publicKey_; }
  bool trustsAnyone() const { return !trusted_.empty(); }
  // A new challenge for `connection` (replacing any earlier one).
  std::string challenge(ConnectionId connection);
  // Whether `proof` answers the challenge sent to `connection`; the challenge is used up either way.
  bool accept(ConnectionId connection, const SyncProof& proof);
  // This relay's answer to a challenge from a relay it dialed.
  SyncProof answer(const std::string& challenge) const;
  void forget(ConnectionId connection) { challenges_.erase(connection); }

  // The public key of a seed, for configuration (URL-safe base64 both).
  static std::string publicKeyOf(const std::string& seed);

 private:
  identity::SigningKeyPair keys_;
  std::string publicKey_;
  std::set<std::string> trusted_;
  std::map<ConnectionId, std::string> challenges_;
};

}  // namespace ms::sync

#pragma once
// A relay's decisions, without sockets: what to answer, whom to forward a
// put to, and which acknowledgements wait until the write is durable.
//   get  → remember the asker's interest; answer with what the relay holds
//   put  → de-duplicate by id (only messages taken count as seen), check the users' quotas (user_quota.h), check
//          and merge (Peer::receive), forward the changes only to
//          connections interested in those souls (one message naming them
//          all), and acknowledge once stored (the caller stores `toStore` first)
//   sync → a peer relay, once it has proved so (peer_relay_auth.h): send it
//          everything, then every change. Anyone else is refused.
//   hi, signal → WebRTC signalling: ids announced, messages passed between peers
// Anything invalid is answered with {"@": id, "err": …} and changes nothing;
// a refused frame's reply names the frame's first message id when it can be read.
// Relays peer by opening a connection to each other (onPeerOpen): both
// sides then follow everything, so they converge and stay converged.
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "common/json.h"
#include "graph/peer.h"
#include "sync/frame.h"
#include "sync/interest.h"
#include "sync/peer_relay_auth.h"
#include "sync/rtc_directory.h"
#include "sync/seen_ids.h"
#include "sync/user_quota.h"

namespace ms::sync {

// One message and everyone it goes to. A forwarded put is the same message,
// with the same id, for all its recipients: ids only need to be unique per
// connection, and the caller can then serialise it once for all of them.
// Recipients are never empty; replies name just the one connection.
struct Outgoing {
  std::vector<ConnectionId> to;
  Json message;
};

struct RelayOutcome {
  std::vector<Outgoing> send;         // now, in this order
  Json toStore = Json::object();      // partial graph to make durable
  std::vector<Outgoing> afterStored;  // acknowledgements, once toStore is durable
};

// Who this relay is and which relays it syncs everything with.
struct RelayKeys {
  std::string seed;               // URL-safe base64 of 32 bytes; empty: a fresh key
  std::set<std::string> trusted;  // public keys of the peer relays it takes
};

class Relay {
 public:
  // `idPrefix` keeps this relay's message ids apart from other relays'.
  // `userQuotaBytes` caps each user's space; what `peer` already holds (data
  // loaded from storage) counts towards it.
  Relay(graph::Peer& peer, FrameLimits limits = {}, std::string idPrefix = "relay-",
        std::size_t userQuotaBytes = kDefaultUserQuotaBytes, const RelayKeys& keys = {})
      : peer_(peer), limits_(limits), idPrefix_(std::move(idPrefix)), quota_(userQuotaBytes), auth_(keys.seed, keys.trusted) {
    quota_.countAll(peer_.graph());
  }

  RelayOutcome onFrame(ConnectionId from, std::string_view frame, double now);
  void onClose(ConnectionId connection) {
    interest_.forget(connection);
    rtc_.forget(connection);
    auth_.forget(connection);
    dialed_.erase(connection);
  }
  // This relay opened `connection` to a peer relay: ask it for everything
  // (answering its challenge with our key) and send it everything we hold.
  RelayOutcome onPeerOpen(ConnectionId connection);
  // Writes that arrived with states from the near future (deferred by HAM)
  // and are due at `now`: stored and forwarded like any put. Call it now and
  // then (the JS relay does, every few hundred milliseconds).
  RelayOutcome applyDue(double now);

  const UserQuota& quota() const { return quota_; }
  const std::string& publicKey() const { return auth_.publicKey(); }
  // A peer relay (one we dialed, or one that proved a trusted key): it is
  // sent everything, so the limits on what a client may leave unread do not apply.
  bool isPeerRelay(ConnectionId connection) const { return interest_.followsAll(connection); }

 private:
  std::string nextId() { return idPrefix_ + std::to_string(++counter_); }
  // Each handler says whether it took the message (false: refused with an error).
  bool onGet(ConnectionId from, const Message& message, RelayOutcome& out);
  bool onPut(ConnectionId from, const Message& message, double now, RelayOutcome& out);
  bool onSyncAll(ConnectionId from, const Message& message, RelayOutcome& out);
  bool onHello(ConnectionId from, const Message& message, RelayOutcome& out);
  bool onSignal(ConnectionId from, const Message& message, RelayOutcome& out);
  bool onChallenge(ConnectionId from, const Message& message, RelayOutcome& out);
  void sendEverything(ConnectionId to, const std::string& replyTo, RelayOutcome& out);
  Outgoing reply(std::vector<ConnectionId> to, const std::string& replyTo, Json body);

  graph::Peer& peer_;
  FrameLimits limits_;
  std::string idPrefix_;
  SeenIds seen_;
  Interest interest_;
  RtcDirectory rtc_;
  UserQuota quota_;
  PeerRelayAuth auth_;
  std::set<ConnectionId> dialed_;  // peer relays we opened and have not yet proved ourselves to
  std::uint64_t counter_ = 0;
  std::size_t answeredBytes_ = 0;  // by the gets of the frame being handled
};

}  // namespace ms::sync

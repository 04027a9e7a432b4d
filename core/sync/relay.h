#pragma once
// A relay's decisions, without sockets: what to answer, whom to forward a
// put to, and which acknowledgements wait until the write is durable.
//   get  → remember the asker's interest; answer with what the relay holds
//   put  → de-duplicate by id (only messages taken count as seen), check the
//          storage quotas (user_quota.h) and, for public souls, the sender's
//          byte budget (write_budget.h), check and merge (Peer::receive),
//          forward the changes only to connections interested in those souls
//          (one message naming them all), and acknowledge once stored (the
//          caller stores `toStore`, and the writes from the future in
//          `deferred`, first)
//   sync → a peer relay, once it has proved so (peer_relay_auth.h): send it
//          everything, then every change. Anyone else is refused.
//   hi, signal → WebRTC signalling: ids announced, messages passed between peers
//   presence → checked and passed to its followers, never stored (relay_presence.h)
// Anything invalid is answered with {"@": id, "err": …} and changes nothing;
// a refused frame's reply names the frame's first message id when it can be read.
// Relays peer by opening a connection to each other (onPeerOpen): both
// sides then follow everything, so they converge and stay converged.
// Clustered relays (setClustered) share one graph kept in a store they all
// merge into (js/relay/redis-graph.js): a put is checked here exactly as
// always, then merged there by order key (graph/order_key.h); this relay's
// graph takes only what the store took (applyStored), so it never holds a
// write the cluster does not.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/json.h"
#include "graph/peer.h"
#include "sync/frame.h"
#include "sync/interest.h"
#include "sync/peer_relay_auth.h"
#include "sync/relay_presence.h"
#include "sync/rtc_directory.h"
#include "sync/seen_ids.h"
#include "sync/user_quota.h"
#include "sync/write_budget.h"

namespace ms::sync {

// One message and everyone it goes to. A forwarded put is the same message,
// with the same id, for all its recipients: ids only need to be unique per
// connection, and the caller can then serialise it once for all of them.
// Recipients are never empty; replies name just the one connection.
struct Outgoing {
  std::vector<ConnectionId> to;
  Json message;
};

// Writes from the future are acknowledged like any other, so they must be
// as durable: they are stored apart from the fields (they have not landed)
// until they leave the queue, and loaded back into it on restart.
// A write for a clustered relay's shared store, with what its merge needs.
struct KeyedWrite {
  graph::Write write;
  std::string orderKey;  // graph/order_key.h: the greater key wins the field
  std::size_t cost = 0;  // fieldCost: what it counts against its space's quota
  std::string space;     // the owner's pub, "" for public souls
  double dueAt = 0;      // a write from the future: when it lands (0: now)
};

struct RelayOutcome {
  std::vector<Outgoing> send;         // now, in this order
  Json toStore = Json::object();      // partial graph to make durable
  std::vector<graph::Write> deferred;    // writes that joined the deferred queue, to store apart
  std::vector<graph::Write> undeferred;  // writes that left it: their stored copies go (after the above)
  std::vector<Outgoing> afterStored;  // acknowledgements, once all of the above is durable
  // What became of each incoming message, for the operator's counters: its
  // kind ("get", "put", "sync", "hi", "signal", "challenge", "reply", or
  // "frame" for a frame that could not be read) and why it was refused
  // (nullptr: taken). The strings are constants: few, fixed label values.
  std::vector<std::pair<const char*, const char*>> handled;
  std::vector<KeyedWrite> toMerge;    // clustered: merge into the shared store, then applyStored what it took
};

// The sizes of a relay's tables, for the operator's gauges.
struct RelayTableSizes {
  std::size_t seenIds = 0;             // message ids remembered for de-duplication
  std::size_t interestSouls = 0;       // souls some connection follows
  std::size_t interestConnections = 0; // connections following some souls
  std::size_t interestBytes = 0;       // what the interest table is charged in bytes
  std::size_t deferredWrites = 0;      // writes from the near future waiting for their time
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
        std::size_t userQuotaBytes = kDefaultUserQuotaBytes, const RelayKeys& keys = {},
        std::size_t publicQuotaBytes = kDefaultPublicQuotaBytes)
      : peer_(peer), limits_(limits), idPrefix_(std::move(idPrefix)), quota_(userQuotaBytes, publicQuotaBytes),
        auth_(keys.seed, keys.trusted) {
    quota_.countAll(peer_.graph());
  }

  // The address `connection` comes from: its public writes share that
  // address's budget. Without one a connection has a budget of its own.
  void setAddress(ConnectionId connection, std::string address) { addresses_[connection] = std::move(address); }
  // Public souls: all together at most `bytes` stored; each source sends at
  // most `perMinute` bytes of writes to them a minute.
  void setPublicLimits(std::size_t bytes, std::size_t perMinute) {
    quota_.setPublicLimit(bytes);
    budget_ = WriteBudget(perMinute);
  }
  // Presence lasts `timeoutMs` without a heartbeat; each source may send `bytesPerMinute` of it.
  void setPresenceLimits(double timeoutMs, std::size_t bytesPerMinute) { presence_.setLimits(timeoutMs, bytesPerMinute); }
  // Writes from the future that were stored before a restart: back into the
  // queue, or stored as fields when they are due already.
  RelayOutcome loadDeferred(const Json& partialGraph, double now);

  RelayOutcome onFrame(ConnectionId from, std::string_view frame, double now);

  // Clustered: puts are checked (quotas against the shared graph as this
  // relay last saw it, budgets, signatures, HAM) and returned as `toMerge`
  // instead of merging here; nothing is forwarded until the store took them.
  void setClustered(bool clustered) { clustered_ = clustered; }
  // Writes the shared store took (verified by whichever relay took them):
  // merged into this relay's graph however far their states are ahead of
  // this relay's clock, and forwarded to every interested connection but
  // `except`. With `mirror` false they are only forwarded (live traffic
  // while the store is unreachable: nothing of it is kept).
  RelayOutcome applyStored(const Json& partialGraph, ConnectionId except, double now, bool mirror = true);
  void onClose(ConnectionId connection) {
    interest_.forget(connection);
    rtc_.forget(connection);
    auth_.forget(connection);
    dialed_.erase(connection);
    addresses_.erase(connection);
    peerRelays_.erase(connection);
    presence_.onClose(connection);
  }
  // This relay opened `connection` to a peer relay: ask it for everything
  // (answering its challenge with our key) and send it everything we hold.
  RelayOutcome onPeerOpen(ConnectionId connection);
  // Writes that arrived with states from the near future (deferred by HAM)
  // and are due at `now`: stored and forwarded like any put. Call it now and
  // then (the JS relay does, every few hundred milliseconds). Presence that
  // ended (closed, or past its timeout) is told to its followers then too.
  RelayOutcome applyDue(double now);

  const UserQuota& quota() const { return quota_; }
  const std::string& publicKey() const { return auth_.publicKey(); }
  // A peer relay (one we dialed, or one that proved a trusted key): it is
  // sent everything, so the limits on what a client may leave unread do not apply.
  bool isPeerRelay(ConnectionId connection) const { return interest_.followsAll(connection); }
  RelayTableSizes tableSizes() const {
    return {seen_.size(), interest_.souls(), interest_.connections(), interest_.bytes(), peer_.graph().deferredCount()};
  }

 private:
  std::string nextId() { return idPrefix_ + std::to_string(++counter_); }
  // Each handler returns why it refused the message (answered with an
  // error, or ignored), or nullptr when it took it.
  const char* onGet(ConnectionId from, const Message& message, RelayOutcome& out);
  const char* onPut(ConnectionId from, const Message& message, double now, RelayOutcome& out);
  void checkForCluster(const Message& message, double now, RelayOutcome& out) const;
  const char* onSyncAll(ConnectionId from, const Message& message, RelayOutcome& out);
  const char* onHello(ConnectionId from, const Message& message, RelayOutcome& out);
  const char* onSignal(ConnectionId from, const Message& message, RelayOutcome& out);
  const char* onChallenge(ConnectionId from, const Message& message, RelayOutcome& out);
  const char* onPresence(ConnectionId from, const Message& message, double now, RelayOutcome& out);
  void sendPresence(RelayPresence::Sends& sends, RelayOutcome& out);
  void sendEverything(ConnectionId to, const std::string& replyTo, RelayOutcome& out);
  // Adds what a merge did to the deferred queue to `out`.
  static void recordQueue(graph::PutOutcome& merged, RelayOutcome& out);
  std::string sourceOf(ConnectionId connection) const;
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
  WriteBudget budget_;
  std::map<ConnectionId, std::string> addresses_;
  std::set<ConnectionId> peerRelays_;  // they carry everyone's writes: no per-source budget
  RelayPresence presence_;
  std::uint64_t counter_ = 0;
  std::size_t answeredBytes_ = 0;  // by the gets of the frame being handled
  bool clustered_ = false;
};

}  // namespace ms::sync

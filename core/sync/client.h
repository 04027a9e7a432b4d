#pragma once
// A client's side of sync, without sockets. The JS glue owns the
// connections (a WebSocket to a relay, data channels to other peers) and
// hands every event here; the client says what to send and what arrived.
//   - Souls the app reads are followed: a get goes to every open connection,
//     and again to each connection that opens later (a reconnect).
//   - Local writes stay pending until a relay acknowledges them (which it
//     does once they are durable there). Each connection that opens is sent
//     every pending field as it is now, so nothing written offline or lost
//     in flight is forgotten, and HAM makes the repeats harmless. The caller
//     keeps pending marks durable (restorePending after a restart).
//   - What arrives is checked and merged into the peer's graph; gets from
//     direct peers are answered from it.
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "graph/peer.h"
#include "sync/frame.h"
#include "sync/interest.h"
#include "sync/partial_graph.h"
#include "sync/presence.h"
#include "sync/seen_ids.h"

namespace ms::sync {

struct ClientOutgoing {
  ConnectionId to;
  Json frame;  // one message, or an array of them
};

struct ClientOutcome {
  std::vector<ClientOutgoing> send;
  graph::PutOutcome merged;           // what arrived and changed the graph
  std::vector<FieldRef> acknowledged; // pending fields a relay now holds
  std::vector<std::string> answered;  // ids of our gets that were answered
  std::vector<std::string> errors;    // what connections refused or sent wrong
  // WebRTC signalling, for the JS glue that owns the peer connections:
  std::vector<Json> signals;          // {"from": rtc id, "data": {…}} passed on by a relay
  std::vector<std::string> rtcPeers;  // ids a relay suggests calling (after our "hi")
  bool presenceChanged = false;       // who is present (presence()), or its timeout, changed
};

class Client {
 public:
  // `idPrefix` makes this client's message ids unique among all clients.
  Client(graph::Peer& peer, std::string idPrefix, FrameLimits limits = {})
      : peer_(peer), idPrefix_(std::move(idPrefix)), limits_(limits) {}

  // A connection opened. `relay`: it acknowledges writes once durable (a
  // relay); direct peers do not, so they never clear pending writes.
  ClientOutcome onOpen(ConnectionId connection, bool relay);
  void onClose(ConnectionId connection);
  ClientOutcome onFrame(ConnectionId connection, std::string_view frame, double now);

  // Follows `soul`: asks every open connection for it. The get's id is
  // returned in `answered` later, once per connection that answers.
  ClientOutcome follow(const std::string& soul, std::string& getId);
  // Local writes (the partial graph a put applied) to publish.
  ClientOutcome publish(const Json& applied);
  // Announces this client on relay `connection` as `rtcId` for direct connections.
  ClientOutcome hello(ConnectionId connection, const std::string& rtcId);
  // Passes signalling `data` (offer, answer, candidate) to `to` through relay `connection`.
  ClientOutcome signal(ConnectionId connection, const std::string& to, const Json& data);
  // Presence (presence.h), through relays only. Following asks every relay,
  // now and after each reconnect, for who is here and every change.
  ClientOutcome followPresence();
  // Announces `state` (JSON text of an object, or "null" to leave) as `keys`
  // to every open relay; the caller repeats it on a heartbeat (presenceTimeout() / 3).
  ClientOutcome announcePresence(const identity::UserKeys& keys, const std::string& state, double now);
  // Drops keys silent past the timeout; whether any went.
  bool expirePresence(double now) { return !presence_.expire(now).empty(); }
  std::vector<const PresenceAnnounce*> presence() const { return presence_.present(); }
  // How long presence lasts without a heartbeat, as the relays last said.
  double presenceTimeout() const { return presence_.timeout(); }

  // A pending mark kept by the caller from before a restart.
  void restorePending(const std::string& soul, const std::string& field, double state);

  std::size_t pendingCount() const { return pending_.size(); }
  bool follows(const std::string& soul) const { return followed_.count(soul) > 0; }

 private:
  struct Connection {
    bool relay = false;
    std::map<std::string, std::vector<std::pair<FieldRef, double>>> inFlight;  // put id → fields it carried
  };

  std::string nextId() { return idPrefix_ + std::to_string(++counter_); }
  void sendPut(ConnectionId to, Connection& connection, const Json& partial, ClientOutcome& out);
  // The nodes of `put` whose souls this client follows; throws InputError when it has nodes and none is followed.
  Json followedPart(const Json& put) const;
  void onReply(Connection& connection, const Message& message, ClientOutcome& out);
  bool interestedIn(ConnectionId connection, const std::vector<std::string>& souls) const;
  void onPresence(ConnectionId from, const Message& message, double now, ClientOutcome& out);

  graph::Peer& peer_;
  std::string idPrefix_;
  FrameLimits limits_;
  std::uint64_t counter_ = 0;
  std::map<ConnectionId, Connection> connections_;
  std::set<std::string> followed_;
  Interest interest_;                   // what direct peers asked for
  std::map<FieldRef, double> pending_;  // field → state of the latest local write
  SeenIds seen_;
  PresenceBook presence_{0, 100'000, true};  // others, as relays passed them on
  bool followsPresence_ = false;
  double ownPresenceSeq_ = 0;
};

}  // namespace ms::sync

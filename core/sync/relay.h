#pragma once
// A relay's decisions, without sockets: what to answer, whom to forward a
// put to, and which acknowledgements wait until the write is durable.
//   get  → remember the asker's interest; answer with what the relay holds
//   put  → de-duplicate by id, check and merge (Peer::receive), forward the
//          changes only to connections interested in those souls, and
//          acknowledge once stored (the caller stores `toStore` first)
// Anything invalid is answered with {"@": id, "err": …} and changes nothing.
#include <cstdint>
#include <string>
#include <vector>

#include "common/json.h"
#include "graph/peer.h"
#include "sync/frame.h"
#include "sync/interest.h"
#include "sync/seen_ids.h"

namespace ms::sync {

struct Outgoing {
  ConnectionId to;
  Json message;
};

struct RelayOutcome {
  std::vector<Outgoing> send;         // now
  Json toStore = Json::object();      // partial graph to make durable
  std::vector<Outgoing> afterStored;  // acknowledgements, once toStore is durable
};

class Relay {
 public:
  explicit Relay(graph::Peer& peer, FrameLimits limits = {}) : peer_(peer), limits_(limits) {}

  RelayOutcome onFrame(ConnectionId from, std::string_view frame, double now);
  void onClose(ConnectionId connection) { interest_.forget(connection); }

 private:
  std::string nextId() { return "relay-" + std::to_string(++counter_); }
  void onGet(ConnectionId from, const Message& message, RelayOutcome& out);
  void onPut(ConnectionId from, const Message& message, double now, RelayOutcome& out);
  Outgoing reply(ConnectionId to, const std::string& replyTo, Json body);

  graph::Peer& peer_;
  FrameLimits limits_;
  SeenIds seen_;
  Interest interest_;
  std::uint64_t counter_ = 0;
};

}  // namespace ms::sync

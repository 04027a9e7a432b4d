#include "sync/client.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "common/input_error.h"
#include "common/json_members.h"
#include "sync/get_answer.h"

namespace ms::sync {
namespace {

// Souls one client follows at most: the same bound a relay keeps per connection.
constexpr std::size_t kMaxFollowed = 10000;

// A put's partial graph is cut to half a frame, leaving room for the
// message around it and for JSON escaping the estimate does not see, and to
// at most 64 KiB, which every WebRTC data channel carries in one message.
std::size_t chunkBytes(const FrameLimits& limits) { return std::min<std::size_t>(limits.maxBytes / 2, 64 * 1024); }

void addMerged(graph::PutOutcome& into, graph::PutOutcome&& from) {
  if (from.changedSouls.empty()) return;
  if (into.applied.is_null()) into.applied = Json::object();
  mergePartial(into.applied, from.applied);
  // A set, not a search per soul: a put may name thousands of souls.
  std::unordered_set<std::string> known(into.changedSouls.begin(), into.changedSouls.end());
  for (auto& soul : from.changedSouls) {
    if (known.insert(soul).second) into.changedSouls.push_back(std::move(soul));
  }
}

}  // namespace

void Client::sendPut(ConnectionId to, Connection& connection, const Json& partial, ClientOutcome& out) {
  for (Json& chunk : chunkPartial(partial, chunkBytes(limits_), limits_.maxPutFields)) {
    std::string id = nextId();
    if (connection.relay) connection.inFlight[id] = fieldsOfPartial(chunk);
    out.send.push_back({to, Json{{"#", id}, {"put", std::move(chunk)}}});
  }
}

ClientOutcome Client::onOpen(ConnectionId connection, bool relay) {
  ClientOutcome out;
  Connection& opened = connections_[connection];
  opened = Connection{relay, {}};
  // Ask again for everything we follow, in full batches.
  Json batch = Json::array();
  for (const std::string& soul : followed_) {
    batch.push_back(Json{{"#", nextId()}, {"get", {{"#", soul}}}});
    if (batch.size() == limits_.maxBatch) {
      out.send.push_back({connection, std::move(batch)});
      batch = Json::array();
    }
  }
  if (!batch.empty()) out.send.push_back({connection, std::move(batch)});
  if (relay && followsPresence_) out.send.push_back({connection, Json{{"#", nextId()}, {"presence", "follow"}}});
  // A relay gets every write it has not acknowledged yet, as it is now.
  if (relay && !pending_.empty()) {
    std::vector<FieldRef> refs;
    refs.reserve(pending_.size());
    for (const auto& [ref, _] : pending_) refs.push_back(ref);
    sendPut(connection, opened, partialOfFields(peer_.graph(), refs), out);
  }
  return out;
}

void Client::onClose(ConnectionId connection) {
  // Writes in flight on it stay pending and go out again on the next open.
  connections_.erase(connection);
  interest_.forget(connection);
  presence_.dropSource(connection);  // the caller reads presence() again
}

ClientOutcome Client::follow(const std::string& soul, std::string& getId) {
  ClientOutcome out;
  getId.clear();
  if (soul.empty()) throwRangeError("soul", "must not be empty");
  if (!followed_.count(soul) && followed_.size() >= kMaxFollowed) {
    out.errors.push_back("cannot follow \"" + soul + "\": this peer already follows " + std::to_string(kMaxFollowed) + " souls");
    return out;
  }
  followed_.insert(soul);
  if (connections_.empty()) return out;
  getId = nextId();
  for (const auto& [id, _] : connections_) out.send.push_back({id, Json{{"#", getId}, {"get", {{"#", soul}}}}});
  return out;
}

ClientOutcome Client::publish(const Json& applied) {
  ClientOutcome out;
  std::vector<std::string> souls;
  for (const auto& [ref, state] : fieldsOfPartial(applied)) {
    double& pending = pending_[ref];
    if (state > pending) pending = state;
    if (souls.empty() || souls.back() != ref.first) souls.push_back(ref.first);
  }
  for (auto& [id, connection] : connections_) {
    // Relays keep everything; a direct peer only hears about what it asked for.
    if (connection.relay || interestedIn(id, souls)) sendPut(id, connection, applied, out);
  }
  return out;
}

ClientOutcome Client::hello(ConnectionId connection, const std::string& rtcId) {
  ClientOutcome out;
  if (rtcId.empty() || rtcId.size() > limits_.maxIdLength) throwRangeError("rtc id", "must be 1 to " + std::to_string(limits_.maxIdLength) + " characters");
  if (connections_.count(connection)) out.send.push_back({connection, Json{{"#", nextId()}, {"hi", rtcId}}});
  return out;
}

ClientOutcome Client::signal(ConnectionId connection, const std::string& to, const Json& data) {
  ClientOutcome out;
  if (to.empty() || to.size() > limits_.maxIdLength) throwRangeError("signal.to", "must be 1 to " + std::to_string(limits_.maxIdLength) + " characters");
  if (!data.is_object()) throwTypeError("signal.data", "must be an object");
  if (connections_.count(connection)) out.send.push_back({connection, Json{{"#", nextId()}, {"signal", {{"to", to}, {"data", data}}}}});
  return out;
}

void Client::restorePending(const std::string& soul, const std::string& field, double state) {
  double& pending = pending_[{soul, field}];
  if (state > pending) pending = state;
}

bool Client::interestedIn(ConnectionId connection, const std::vector<std::string>& souls) const {
  for (const auto& id : interest_.interested(souls, 0)) {
    if (id == connection) return true;
  }
  return false;
}

ClientOutcome Client::onFrame(ConnectionId from, std::string_view frame, double now) {
  ClientOutcome out;
  auto connection = connections_.find(from);
  if (connection == connections_.end()) return out;  // closed meanwhile
  std::vector<Message> messages;
  try {
    messages = parseFrame(frame, limits_);
  } catch (const InputError& error) {
    out.errors.push_back(std::string("a connection sent an invalid frame: ") + error.what());
    Json reply = {{"#", nextId()}, {"err", error.what()}};
    if (std::string id = frameIdOf(frame, limits_); !id.empty()) reply["@"] = id;
    out.send.push_back({from, std::move(reply)});
    return out;
  }
  for (const Message& message : messages) {
    // Only a message taken counts as seen (see seen_ids.h).
    std::string seenKey = std::to_string(from) + ":" + message.id;
    if (seen_.contains(seenKey)) continue;
    bool taken = true;
    if (message.get) {
      // A direct peer asks: answer from our graph, in chunks a data channel
      // carries, and remember its interest.
      try {
        if (!interest_.want(from, message.get->soul)) throwRangeError("get", "refused: this connection follows too many souls");
        FrameLimits pieceLimits = limits_;
        pieceLimits.maxBytes = 2 * chunkBytes(limits_);
        std::vector<Json> pieces = chunkAnswer(answerGet(peer_.graph(), *message.get), pieceLimits);
        for (std::size_t i = 0; i < pieces.size(); ++i) {
          Json piece{{"#", nextId()}, {"put", std::move(pieces[i])}};
          if (i + 1 == pieces.size()) piece["@"] = message.id;  // the last piece answers the get
          out.send.push_back({from, std::move(piece)});
        }
      } catch (const InputError& error) {
        out.send.push_back({from, Json{{"#", nextId()}, {"@", message.id}, {"err", error.what()}}});
        taken = false;
      }
    } else if (message.put) {
      try {
        // From a direct peer only the souls we asked for are taken (it sends
        // a whole change when any of it was asked for; a linked node comes
        // once we follow it); otherwise any stranger on the relay could
        // fill our storage.
        if (connection->second.relay) addMerged(out.merged, peer_.receive(*message.put, now));
        else addMerged(out.merged, peer_.receive(followedPart(*message.put), now));
        if (!message.replyTo.empty()) out.answered.push_back(message.replyTo);
      } catch (const InputError& error) {
        out.errors.push_back(std::string("refused writes from a connection: ") + error.what());
        out.send.push_back({from, Json{{"#", nextId()}, {"@", message.id}, {"err", error.what()}}});
        taken = false;
      }
    } else if (message.signal || message.peers) {
      // Signalling comes from relays only; a direct peer has no say in whom we call.
      if (!connection->second.relay) {
        taken = false;
      } else {
        if (message.signal && message.signal->contains("from")) out.signals.push_back(*message.signal);
        if (message.peers) out.rtcPeers.insert(out.rtcPeers.end(), message.peers->begin(), message.peers->end());
      }
    } else if (message.presence) {
      if (connection->second.relay) onPresence(from, message, now, out);
      else taken = false;  // presence comes through relays only
    } else if (!message.hello.empty() || message.syncAll) {
      continue;  // for relays: a client has nothing to do with them
    } else {
      onReply(connection->second, message, out);
    }
    if (taken) seen_.remember(seenKey);
  }
  return out;
}

ClientOutcome Client::followPresence() {
  ClientOutcome out;
  if (followsPresence_) return out;
  followsPresence_ = true;
  for (const auto& [id, connection] : connections_) {
    if (connection.relay) out.send.push_back({id, Json{{"#", nextId()}, {"presence", "follow"}}});
  }
  return out;
}

ClientOutcome Client::announcePresence(const identity::UserKeys& keys, const std::string& state, double now) {
  ClientOutcome out;
  // The clock in ms, and always newer than our last: two announcements
  // within one millisecond still count.
  ownPresenceSeq_ = std::max(std::floor(now), ownPresenceSeq_ + 1);
  Json message{{"presence", announceJson(signPresence(keys, ownPresenceSeq_, state))}};
  for (const auto& [id, connection] : connections_) {
    if (!connection.relay) continue;
    message["#"] = nextId();
    out.send.push_back({id, message});
  }
  return out;
}

void Client::onPresence(ConnectionId from, const Message& message, double now, ClientOutcome& out) {
  const PresenceMessage& presence = *message.presence;
  switch (presence.kind) {
    case PresenceMessage::Kind::Announce:
      // The same announcement through two relays: taken once, quietly.
      if (presence_.isStale(presence.announce)) return;
      try {
        presence_.take(presence.announce, from, now);
        out.presenceChanged = true;
      } catch (const InputError& error) {
        out.errors.push_back(std::string("a relay passed on presence that was refused: ") + error.what());
      }
      return;
    case PresenceMessage::Kind::Gone:
      out.presenceChanged = !presence_.dropSource(from, &presence.gone).empty();
      return;
    case PresenceMessage::Kind::Timeout:
      out.presenceChanged = presence.timeoutMs != presence_.timeout();  // the heartbeat changes with it
      presence_.setTimeout(presence.timeoutMs);
      return;
    case PresenceMessage::Kind::Follow:
      return;  // for relays
  }
}

Json Client::followedPart(const Json& put) const {
  Json part = Json::object();
  for (const auto& [soul, node] : put.items()) {
    if (followed_.count(soul)) appendMember(part, soul, node);  // souls of a put are unique
  }
  // (An empty put is the answer to a get for a node nobody has: nothing to refuse.)
  if (part.empty() && !put.empty()) throwRangeError("put", "refused: this peer asked for none of its souls");
  return part;
}

void Client::onReply(Connection& connection, const Message& message, ClientOutcome& out) {
  auto sent = message.replyTo.empty() ? connection.inFlight.end() : connection.inFlight.find(message.replyTo);
  if (sent == connection.inFlight.end()) {
    if (!message.error.empty()) out.errors.push_back(message.error);
    return;
  }
  if (message.ok.value_or(false) && message.error.empty()) {
    for (const auto& [ref, state] : sent->second) {
      auto pending = pending_.find(ref);
      // A later local write to the same field stays pending until it is acknowledged too.
      if (pending != pending_.end() && pending->second <= state) {
        pending_.erase(pending);
        out.acknowledged.push_back(ref);
      }
    }
    connection.inFlight.erase(sent);
  } else {
    // Kept pending (it goes out again when the connection next opens), and
    // kept in flight: an error may answer a forged copy sent under our id
    // ahead of our write, and the relay's "ok" to the write itself follows.
    out.errors.push_back("a relay did not take a write: " + (message.error.empty() ? std::string("no reason given") : message.error));
  }
}

}  // namespace ms::sync

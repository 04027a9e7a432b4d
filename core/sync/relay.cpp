#include "sync/relay.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "common/input_error.h"
#include "common/json_text.h"
#include "graph/order_key.h"
#include "graph/ownership.h"
#include "sync/get_answer.h"
#include "sync/partial_graph.h"

namespace ms::sync {

Outgoing Relay::reply(std::vector<ConnectionId> to, const std::string& replyTo, Json body) {
  body["#"] = nextId();
  if (!replyTo.empty()) body["@"] = replyTo;
  return {to, std::move(body)};
}

namespace {

// The kind of an incoming message, for the operator's counters.
const char* kindOf(const Message& message) {
  if (message.get) return "get";
  if (message.put) return "put";
  if (message.syncAll) return "sync";
  if (!message.hello.empty()) return "hi";
  if (message.signal) return "signal";
  if (!message.challenge.empty()) return "challenge";
  if (message.presence) return "presence";
  return "reply";
}

}  // namespace

RelayOutcome Relay::onFrame(ConnectionId from, std::string_view frame, double now) {
  RelayOutcome out;
  answeredBytes_ = 0;
  std::vector<Message> messages;
  try {
    messages = parseFrame(frame, limits_);
  } catch (const InputError& error) {
    out.send.push_back(reply({from}, frameIdOf(frame, limits_), Json{{"err", error.what()}}));
    out.handled.emplace_back("frame", "invalid");
    return out;
  }
  for (const Message& message : messages) {
    // Ids are only unique per sender: one connection cannot shadow another's.
    // Only a message taken counts as seen, so a forged copy sent first under
    // the genuine one's id is refused without hiding the genuine one.
    std::string seenKey = std::to_string(from) + ":" + message.id;
    const char* kind = kindOf(message);
    if (seen_.contains(seenKey)) {
      out.handled.emplace_back(kind, "duplicate");
      continue;
    }
    const char* refused = nullptr;  // replies and acknowledgements sent to a relay need no answer
    if (message.get) refused = onGet(from, message, out);
    else if (message.put) refused = onPut(from, message, now, out);
    else if (message.syncAll) refused = onSyncAll(from, message, out);
    else if (!message.hello.empty()) refused = onHello(from, message, out);
    else if (message.signal) refused = onSignal(from, message, out);
    else if (!message.challenge.empty()) refused = onChallenge(from, message, out);
    else if (message.presence) refused = onPresence(from, message, now, out);
    if (!refused) seen_.remember(seenKey);
    out.handled.emplace_back(kind, refused);
  }
  return out;
}

const char* Relay::onGet(ConnectionId from, const Message& message, RelayOutcome& out) {
  const GetRequest& get = *message.get;
  if (!interest_.want(from, get.soul)) {
    out.send.push_back(reply({from}, message.id, Json{{"err", "get refused: this connection follows too many souls"}}));
    return "interest_full";
  }
  const auto overBudget = [&] {
    // Once one answer did not fit, the frame's later gets are not even looked up.
    answeredBytes_ = limits_.maxAnswerBytes;
    out.send.push_back(reply({from}, message.id, Json{{"err", "get refused: the answers to this frame's gets pass " + std::to_string(limits_.maxAnswerBytes) + " bytes; ask for fewer souls per frame"}}));
    return "answer_too_large";
  };
  if (answeredBytes_ >= limits_.maxAnswerBytes) return overBudget();
  try {
    // A node may be larger than a frame: the answer goes in pieces, and only
    // the last names the get, so the asker has them all when it is answered.
    Json answer = answerGet(peer_.graph(), get);
    const std::size_t bytes = dumpedSize(answer);
    if (answeredBytes_ + bytes > limits_.maxAnswerBytes) return overBudget();
    answeredBytes_ += bytes;
    std::vector<Json> pieces = chunkAnswer(std::move(answer), limits_);
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      out.send.push_back(reply({from}, i + 1 == pieces.size() ? message.id : "", Json{{"put", std::move(pieces[i])}}));
    }
  } catch (const InputError& error) {
    out.send.push_back(reply({from}, message.id, Json{{"err", error.what()}}));
    return "invalid";
  }
  return nullptr;
}

std::string Relay::sourceOf(ConnectionId connection) const {
  auto found = addresses_.find(connection);
  return found != addresses_.end() ? "address " + found->second : "connection " + std::to_string(connection);
}

void Relay::recordQueue(graph::PutOutcome& merged, RelayOutcome& out) {
  for (graph::Write& write : merged.queued) out.deferred.push_back(std::move(write));
  for (graph::Write& write : merged.unqueued) out.undeferred.push_back(std::move(write));
}

RelayOutcome Relay::loadDeferred(const Json& partialGraph, double now) {
  RelayOutcome out;
  std::vector<graph::Write> writes = graph::parsePartialGraph(partialGraph);
  UserQuota::Touched touched = quota_.measure(writes, peer_.graph());
  graph::PutOutcome loaded = peer_.load(partialGraph, now);
  quota_.settle(touched, peer_.graph(), loaded);
  // Those that waited before wait again, stored as they are; the rest landed
  // now (they are in `toStore`) or lost to what is there: their copies go.
  std::set<std::tuple<std::string, std::string, double>> waiting;
  for (const graph::Write& write : loaded.queued) waiting.emplace(write.soul, write.field, write.data.state);
  for (graph::Write& write : writes) {
    if (!waiting.count({write.soul, write.field, write.data.state})) out.undeferred.push_back(std::move(write));
  }
  mergePartial(out.toStore, loaded.applied);
  return out;
}

const char* Relay::onPut(ConnectionId from, const Message& message, double now, RelayOutcome& out) {
  graph::PutOutcome applied;
  const char* step = "quota";  // what refused the put, should one step throw
  try {
    // The quota first: it is cheap, and a refused put must merge nothing.
    UserQuota::Touched touched = quota_.check(message.writes, peer_.graph(), now);
    step = "write_budget";
    if (!peerRelays_.count(from)) budget_.charge(sourceOf(from), touched.publicBytes, now);
    step = "invalid";
    if (clustered_) {
      checkForCluster(message, now, out);
      out.afterStored.push_back(reply({from}, message.id, Json{{"ok", true}}));
      return nullptr;
    }
    applied = peer_.receive(*message.put, now);
    quota_.settle(touched, peer_.graph(), applied);
  } catch (const InputError& error) {
    out.send.push_back(reply({from}, message.id, Json{{"err", error.what()}}));
    return step;
  }
  recordQueue(applied, out);
  if (!applied.changedSouls.empty()) {
    mergePartial(out.toStore, applied.applied);
    // One message for all the interested; the changes move into it, uncopied.
    std::vector<ConnectionId> to = interest_.interested(applied.changedSouls, from);
    if (!to.empty()) out.send.push_back(reply(std::move(to), "", Json{{"put", std::move(applied.applied)}}));
  }
  out.afterStored.push_back(reply({from}, message.id, Json{{"ok", true}}));
  return nullptr;
}

// Every write is checked before any is handed on; the ones HAM would take
// over what this relay last saw of the shared graph go to the store, which
// decides against what it holds by the same order.
void Relay::checkForCluster(const Message& message, double now, RelayOutcome& out) const {
  for (const graph::Write& write : message.writes) graph::checkWrite(write);
  const graph::Graph& graph = peer_.graph();
  std::vector<KeyedWrite> keyed;
  for (const graph::Write& write : message.writes) {
    const graph::Field* stored = graph.read(write.soul, write.field);
    graph::FieldWrite current{stored ? stored->value : Json(), stored ? stored->state : 0};
    double dueAt = 0;
    switch (graph::decide({write.data.value, write.data.state}, stored ? &current : nullptr, now, graph.limits())) {
      case graph::Decision::Apply: break;
      case graph::Decision::Defer: dueAt = write.data.state - graph.limits().toleranceMs; break;
      default: continue;  // loses to what is there, or dropped
    }
    keyed.push_back({write, graph::orderKey(write.data.state, write.data.value), fieldCost(write.soul, write.field, write.data.value),
                     graph::ownerOf(write.soul), dueAt});
  }
  for (KeyedWrite& write : keyed) out.toMerge.push_back(std::move(write));
}

// No connection has this id: applying due writes forwards them to everyone interested.
constexpr ConnectionId kNobody = static_cast<ConnectionId>(-1);

RelayOutcome Relay::applyStored(const Json& partialGraph, ConnectionId except, double now, bool mirror) {
  RelayOutcome out;
  std::vector<graph::Write> writes = graph::parsePartialGraph(partialGraph);
  std::vector<std::string> souls;
  Json changed;
  if (mirror) {
    // The store took them: whatever this relay's clock says, they are not in the future any more.
    double at = now;
    for (const graph::Write& write : writes) at = std::max(at, write.data.state);
    UserQuota::Touched touched = quota_.measure(writes, peer_.graph());
    graph::PutOutcome merged = peer_.load(partialGraph, at);
    quota_.settle(touched, peer_.graph(), merged);
    souls = std::move(merged.changedSouls);
    changed = std::move(merged.applied);
  } else {
    for (const auto& [soul, node] : partialGraph.items()) souls.push_back(soul);
    changed = partialGraph;
  }
  if (souls.empty()) return out;
  std::vector<ConnectionId> to = interest_.interested(souls, except);
  if (to.empty()) return out;
  // Several puts' writes may come at once: each piece fits a frame.
  for (Json& piece : chunkPartial(changed, limits_.maxBytes / 2, limits_.maxPutFields)) {
    out.send.push_back(reply(to, "", Json{{"put", std::move(piece)}}));
  }
  return out;
}

RelayOutcome Relay::applyDue(double now) {
  RelayOutcome out;
  RelayPresence::Sends gone;
  presence_.tick(now, [this] { return nextId(); }, gone);
  sendPresence(gone, out);
  UserQuota::Touched touched = quota_.checkDue(peer_.graph(), now);
  graph::PutOutcome applied = peer_.applyDue(now);
  quota_.settle(touched, peer_.graph(), applied);
  recordQueue(applied, out);
  if (applied.changedSouls.empty()) return out;
  mergePartial(out.toStore, applied.applied);
  std::vector<ConnectionId> to = interest_.interested(applied.changedSouls, kNobody);
  if (!to.empty()) out.send.push_back(reply(std::move(to), "", Json{{"put", std::move(applied.applied)}}));
  return out;
}

// Everything, and every change after, goes only to peer relays that proved
// who they are: a plain client can never ask for it, and strangers cannot
// take the slots peer relays need.
const char* Relay::onSyncAll(ConnectionId from, const Message& message, RelayOutcome& out) {
  auto refuse = [&](const std::string& why, std::string challenge = "") {
    Json body{{"err", "sync refused: " + why}};
    if (!challenge.empty()) body["challenge"] = std::move(challenge);
    out.send.push_back(reply({from}, message.id, std::move(body)));
    return "not_a_peer_relay";
  };
  if (!auth_.trustsAnyone()) return refuse("only peer relays may sync everything, and this relay is configured with no peer relay keys");
  if (!message.proof) return refuse("only peer relays may sync everything; sign this challenge with a key this relay trusts", auth_.challenge(from));
  if (!auth_.accept(from, *message.proof)) return refuse("the proof is not a signature of the challenge by a key this relay trusts");
  if (!interest_.wantAll(from)) {
    refuse("this relay has as many peer relays as it takes");
    return "peer_relays_full";
  }
  peerRelays_.insert(from);
  sendEverything(from, message.id, out);
  return nullptr;
}

// A relay we dialed asks us to prove who we are: once per connection.
const char* Relay::onChallenge(ConnectionId from, const Message& message, RelayOutcome& out) {
  if (!dialed_.erase(from)) return "unexpected";
  Json body{{"sync", "all"}};
  const SyncProof proof = auth_.answer(message.challenge);
  body["proof"] = {{"key", proof.key}, {"sig", proof.signature}};
  out.send.push_back(reply({from}, "", std::move(body)));
  return nullptr;
}

// How many other peers a newcomer is told about: enough for a small group
// to form a mesh, few enough that nobody is asked to call a crowd.
constexpr std::size_t kPeersToCall = 16;

const char* Relay::onHello(ConnectionId from, const Message& message, RelayOutcome& out) {
  if (!rtc_.announce(from, message.hello)) {
    out.send.push_back(reply({from}, message.id, Json{{"err", "hi refused: another connection uses the id \"" + message.hello + "\""}}));
    return "rtc_id_taken";
  }
  out.send.push_back(reply({from}, message.id, Json{{"peers", rtc_.others(from, kPeersToCall)}}));
  return nullptr;
}

const char* Relay::onSignal(ConnectionId from, const Message& message, RelayOutcome& out) {
  const Json& signal = *message.signal;
  const std::string sender = rtc_.idOf(from);
  if (sender.empty()) {
    out.send.push_back(reply({from}, message.id, Json{{"err", "signal refused: say \"hi\" with your rtc id first"}}));
    return "signal_unannounced";
  }
  auto to = signal.contains("to") ? rtc_.find(signal["to"].get<std::string>()) : std::nullopt;
  if (!to) {
    out.send.push_back(reply({from}, message.id, Json{{"err", "signal refused: no such peer is connected here"}}));
    return "signal_unroutable";
  }
  out.send.push_back(reply({*to}, "", Json{{"signal", {{"from", sender}, {"data", signal["data"]}}}}));
  return nullptr;
}

const char* Relay::onPresence(ConnectionId from, const Message& message, double now, RelayOutcome& out) {
  RelayPresence::Sends sends;
  try {
    presence_.onMessage(from, sourceOf(from), message.id, *message.presence, now, [this] { return nextId(); }, sends);
  } catch (const InputError& error) {
    out.send.push_back(reply({from}, message.id, Json{{"err", error.what()}}));
    return "invalid";
  }
  sendPresence(sends, out);
  return nullptr;
}

void Relay::sendPresence(RelayPresence::Sends& sends, RelayOutcome& out) {
  for (auto& [to, frame] : sends) out.send.push_back({std::move(to), std::move(frame)});
}

RelayOutcome Relay::onPeerOpen(ConnectionId connection) {
  RelayOutcome out;
  interest_.wantAll(connection);
  dialed_.insert(connection);
  peerRelays_.insert(connection);
  out.send.push_back(reply({connection}, "", Json{{"sync", "all"}}));
  sendEverything(connection, "", out);
  return out;
}

void Relay::sendEverything(ConnectionId to, const std::string& replyTo, RelayOutcome& out) {
  // Half a frame per piece leaves room for the message and for escaping.
  for (Json& piece : chunkPartial(peer_.graph().everything(), limits_.maxBytes / 2, limits_.maxPutFields)) {
    out.send.push_back(reply({to}, replyTo, Json{{"put", std::move(piece)}}));
  }
}

}  // namespace ms::sync

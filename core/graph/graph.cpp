#include "graph/graph.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>

#include "common/input_error.h"
#include "common/json_fields.h"
#include "common/json_members.h"
#include "common/json_text.h"
#include "graph/graph_value.h"

namespace ms::graph {

namespace {

// A name too long to keep is refused without being echoed: the error names its size.
void checkNameSize(const std::string& name, std::size_t most, const std::string& where, const char* what) {
  if (name.size() > most) {
    throwRangeError(where, std::string("has a ") + what + " of " + std::to_string(name.size()) + " bytes; at most " + std::to_string(most) + " are kept");
  }
}

}  // namespace

std::vector<Write> parsePartialGraph(const Json& put) {
  if (!put.is_object()) throwTypeError("put", "must be an object of nodes keyed by soul");
  std::vector<Write> writes;
  for (const auto& [soul, node] : put.items()) {
    if (soul.empty()) throwRangeError("put", "has a node with an empty soul");
    checkNameSize(soul, kMaxSoulBytes, "put", "soul");
    const std::string where = fieldPath("put", soul);
    if (!node.is_object()) throwTypeError(where, "must be a node object");
    auto meta = node.find("_");
    if (meta == node.end() || !meta->is_object()) throwTypeError(where + "._", "is missing (a node needs {\"#\": soul, \">\": states})");
    auto named = meta->find("#");
    if (named == meta->end() || !named->is_string() || named->get_ref<const std::string&>() != soul) {
      throwRangeError(where + "._[\"#\"]", "must equal the node's soul");
    }
    auto states = meta->find(">");
    if (states == meta->end() || !states->is_object()) throwTypeError(where + "._[\">\"]", "must be an object of states");
    auto signatures = meta->find("s");
    if (signatures != meta->end() && !signatures->is_object()) throwTypeError(where + "._.s", "must be an object of signatures");
    // Indexed once: looking each field up in the ordered objects would be O(fields²).
    const MemberIndex stateOf(*states);
    static const Json kNoSignatures = Json::object();
    const MemberIndex signatureOf(signatures != meta->end() ? *signatures : kNoSignatures);
    for (const auto& [field, value] : node.items()) {
      if (field == "_") continue;
      if (field.empty()) throwRangeError(where, "has a field with an empty name");
      checkNameSize(field, kMaxFieldBytes, where, "field name");
      const std::string at = fieldPath(where, field);
      Json canonical = canonicalGraphValue(value, at);
      const Json* state = stateOf.find(field);
      if (!state) throwTypeError(at, "has no state");
      if (!state->is_number()) throwTypeError(at, "has a state that is not a number");
      double stateValue = state->get<double>();
      if (!std::isfinite(stateValue)) throwRangeError(at, "has a state that is not finite");
      std::string signature;
      if (const Json* found = signatureOf.find(field)) {
        if (!found->is_string()) throwTypeError(at, "has a signature that is not a string");
        signature = found->get<std::string>();
      }
      writes.push_back({soul, field, Field{std::move(canonical), stateValue, std::move(signature)}});
    }
  }
  return writes;
}

namespace {

// Writes may come from parsePartialGraph, from a local put or straight from
// a caller: the graph checks them all itself before the first one lands.
void checkWrites(const std::vector<Write>& writes, double now) {
  if (!std::isfinite(now)) throwRangeError("now", "must be a finite number");
  for (const Write& write : writes) {
    if (write.soul.empty()) throwRangeError("write", "has an empty soul");
    checkNameSize(write.soul, kMaxSoulBytes, "write", "soul");
    checkNameSize(write.field, kMaxFieldBytes, write.soul.substr(0, 64), "field name");
    const std::string at = fieldPath(write.soul, write.field);
    if (!isUsableKey(write.field)) throwRangeError(at, "is not a usable field name (\"\" and \"_\" are reserved)");
    if (!std::isfinite(write.data.state)) throwRangeError(at, "has a state that is not finite");
    validateGraphValue(write.data.value, at);
  }
}

}  // namespace

void Graph::apply(const Write& write, MergeOutcome& outcome) {
  Field& slot = nodes_[write.soul][write.field];
  slot = write.data;
  // Stored canonical, so peers that received different spellings of one
  // number (5 / 5.0, -0 / 0) hold the same bytes.
  slot.value = canonicalGraphValue(write.data.value, write.field);
  outcome.changed.emplace_back(write.soul, write.field);
}

MergeOutcome Graph::merge(const Json& partialGraph, double now) { return merge(parsePartialGraph(partialGraph), now); }

MergeOutcome Graph::merge(const std::vector<Write>& writes, double now) {
  checkWrites(writes, now);
  MergeOutcome outcome;
  for (const Write& write : writes) {
    const Field* current = nullptr;
    if (auto node = nodes_.find(write.soul); node != nodes_.end()) {
      if (auto field = node->second.find(write.field); field != node->second.end()) current = &field->second;
    }
    FieldWrite currentWrite;
    if (current) currentWrite = {current->value, current->state};
    switch (decide({write.data.value, write.data.state}, current ? &currentWrite : nullptr, now, limits_)) {
      case Decision::Apply: apply(write, outcome); break;
      case Decision::Defer:
        // Gossip delivers one write many times: a repeat is already waiting,
        // and queuing it again would let copies push other writes out.
        if (isDeferred(write)) break;
        if (!makeRoomToDefer(write, outcome)) break;
        deferredBytes_ += deferredCost(write);
        deferred_.emplace(DeferredKey{write.data.state, write.soul, write.field}, write);
        outcome.queued.push_back(write);
        ++outcome.deferred;
        break;
      case Decision::Drop: ++outcome.dropped; break;
      case Decision::IgnoreOlder:
      case Decision::IgnoreSame:
      case Decision::Reject: break;  // Reject cannot happen: checkWrites refused non-finite states
    }
  }
  // A field written twice in one merge is reported once.
  std::set<std::pair<std::string, std::string>> seen;
  std::vector<std::pair<std::string, std::string>> unique;
  for (auto& change : outcome.changed) {
    if (seen.insert(change).second) unique.push_back(change);
  }
  outcome.changed = std::move(unique);
  return outcome;
}

bool Graph::isDeferred(const Write& write) const {
  auto [from, to] = deferred_.equal_range(DeferredKey{write.data.state, write.soul, write.field});
  for (auto it = from; it != to; ++it) {
    if (compareGraphValues(it->second.data.value, write.data.value) == 0) return true;
  }
  return false;
}

std::size_t Graph::deferredCost(const Write& write) {
  return write.soul.size() * 2 + write.field.size() * 2 + dumpedSize(write.data.value) + write.data.signature.size() + 96;
}

// When the queue is full (in writes or in bytes) the writes due soonest are
// kept: the latest are dropped, which may be `write` itself (then false).
bool Graph::makeRoomToDefer(const Write& write, MergeOutcome& outcome) {
  const std::size_t cost = deferredCost(write);
  auto full = [&] { return deferred_.size() >= maxDeferred_ || deferredBytes_ + cost > maxDeferredBytes_; };
  while (full()) {
    ++outcome.dropped;
    if (deferred_.empty()) return false;  // larger than the whole queue
    auto latest = std::prev(deferred_.end());
    if (std::get<0>(latest->first) <= write.data.state) return false;
    deferredBytes_ -= deferredCost(latest->second);
    outcome.unqueued.push_back(std::move(latest->second));
    deferred_.erase(latest);
  }
  return true;
}

MergeOutcome Graph::applyDue(double now) {
  std::vector<Write> due;
  while (!deferred_.empty() && std::get<0>(deferred_.begin()->first) <= now) {
    deferredBytes_ -= deferredCost(deferred_.begin()->second);
    due.push_back(std::move(deferred_.begin()->second));
    deferred_.erase(deferred_.begin());
  }
  MergeOutcome outcome = merge(due, now);
  outcome.unqueued = std::move(due);
  return outcome;
}

std::vector<std::pair<std::string, std::string>> Graph::dueFields(double now) const {
  std::vector<std::pair<std::string, std::string>> fields;
  for (auto it = deferred_.begin(); it != deferred_.end() && std::get<0>(it->first) <= now; ++it) fields.emplace_back(it->second.soul, it->second.field);
  return fields;
}

const Node* Graph::node(const std::string& soul) const {
  auto found = nodes_.find(soul);
  return found == nodes_.end() ? nullptr : &found->second;
}

const Field* Graph::read(const std::string& soul, const std::string& field) const {
  const Node* found = node(soul);
  if (!found) return nullptr;
  auto slot = found->find(field);
  return slot == found->end() ? nullptr : &slot->second;
}

namespace {

Json wireNode(const std::string& soul, const Node& node, const std::function<bool(const std::string&)>& keep) {
  Json states = Json::object();
  Json signatures = Json::object();
  Json out = Json::object();
  out["_"] = Json::object();
  // Names are unique (a map's keys) and never "_": appended, not searched for.
  for (const auto& [name, field] : node) {
    if (!keep(name)) continue;
    appendMember(out, name, field.value);
    appendMember(states, name, field.state);
    if (!field.signature.empty()) appendMember(signatures, name, field.signature);
  }
  out["_"]["#"] = soul;
  out["_"][">"] = std::move(states);
  if (!signatures.empty()) out["_"]["s"] = std::move(signatures);
  return out;
}

}  // namespace

Json Graph::nodeJson(const std::string& soul) const {
  const Node* found = node(soul);
  if (!found) return nullptr;
  return wireNode(soul, *found, [](const std::string&) { return true; });
}

Json Graph::everything() const {
  Json all = Json::object();
  std::vector<const std::string*> souls;
  for (const auto& [soul, _] : nodes_) souls.push_back(&soul);
  std::sort(souls.begin(), souls.end(), [](const std::string* a, const std::string* b) { return *a < *b; });
  for (const std::string* soul : souls) appendMember(all, *soul, nodeJson(*soul));
  return all;
}

Json Graph::lexQuery(const std::string& soul, const Json& lex) const {
  if (!lex.is_object() || !lex.contains(".")) throwTypeError("lex", "must be an object with a \".\" condition");
  const Json& condition = lex.at(".");
  std::string exact, prefix, from, to;
  bool hasExact = false, hasPrefix = false, hasFrom = false, hasTo = false;
  auto text = [](const Json& v, const char* name) {
    if (!v.is_string()) throwTypeError(std::string("lex.") + name, "must be a string");
    return v.get<std::string>();
  };
  if (condition.is_string()) {
    exact = condition.get<std::string>();
    hasExact = true;
  } else if (condition.is_object()) {
    for (const auto& [key, v] : condition.items()) {
      if (key == "*") prefix = text(v, "*"), hasPrefix = true;
      else if (key == ">") from = text(v, ">"), hasFrom = true;
      else if (key == "<") to = text(v, "<"), hasTo = true;
      else throwRangeError("lex", "knows only \"*\", \">\" and \"<\" conditions (got \"" + key + "\")");
    }
  } else {
    throwTypeError("lex[\".\"]", "must be a field name or an object of conditions");
  }
  std::size_t limit = SIZE_MAX;
  if (lex.contains("%")) {
    const Json& l = lex.at("%");
    if (!l.is_number_integer() || l.get<long long>() < 0) throwRangeError("lex[\"%\"]", "must be a whole number >= 0");
    limit = l.get<std::size_t>();
  }
  const Node* found = node(soul);
  if (!found) return nullptr;
  std::size_t taken = 0;
  return wireNode(soul, *found, [&](const std::string& name) {
    bool match = (!hasExact || name == exact) && (!hasPrefix || name.compare(0, prefix.size(), prefix) == 0) &&
                 (!hasFrom || name >= from) && (!hasTo || name <= to);
    if (!match || taken >= limit) return false;
    ++taken;
    return true;
  });
}

}  // namespace ms::graph

#include "graph/peer.h"
#include <algorithm>
#include <unordered_map>

#include "common/input_error.h"
#include "common/json_fields.h"
#include "common/json_members.h"
#include "graph/graph_value.h"
#include "graph/ownership.h"

namespace ms::graph {
namespace {

constexpr int kMaxPutDepth = 64;

// What one deep read has spent. A link is followed when depth is left, its
// node is not already on the path from the root (that would be a cycle: the
// link is shown as {"#": soul} and the read ends there), and the field
// budget still covers the node. The path alone is not enough: nodes that
// link twice to the next one, 32 deep, would be read 2^32 times. So a read
// emits at most kMaxReadFields fields; links it cannot afford stay links,
// which the caller can read on their own.
struct ReadContext {
  std::vector<std::string> path;
  std::set<std::string>* visited;
  std::size_t fieldsLeft = kMaxReadFields;

  // Whether to follow `value` (a link) and, if so, charges for its node.
  bool follow(const Graph& graph, const Json& value, int depth) {
    if (!isLink(value) || depth <= 0) return false;
    const std::string& soul = linkedSoul(value);
    if (std::find(path.begin(), path.end(), soul) != path.end()) return false;
    const Node* node = graph.node(soul);
    std::size_t cost = node && !node->empty() ? node->size() : 1;
    if (cost > fieldsLeft) return false;
    fieldsLeft -= cost;
    return true;
  }
};

Json readNode(const Graph& graph, const std::string& soul, int depth, ReadContext& context) {
  const Node* node = graph.node(soul);
  if (context.visited) context.visited->insert(soul);
  if (!node) return nullptr;
  Json out = Json::object();
  // ordered_json objects are vectors of pair<const key, value>, which grow
  // by copying (the pair's move may throw): without room made up front,
  // every level would copy the subtrees read below it.
  out.get_ref<Json::object_t&>().reserve(node->size());
  context.path.push_back(soul);
  for (const auto& [name, field] : *node) {
    if (field.value.is_null()) continue;  // deleted
    // Names are unique (a map's keys): appended, not searched for.
    if (context.follow(graph, field.value, depth)) {
      appendMember(out, name, readNode(graph, linkedSoul(field.value), depth - 1, context));
    } else {
      appendMember(out, name, field.value);
    }
  }
  context.path.pop_back();
  return out;
}

void appendNodeText(const Graph& graph, const std::string& soul, int depth, ReadContext& context, std::string& out);

void appendValueText(const Graph& graph, const Json& value, int depth, ReadContext& context, std::string& out) {
  if (context.follow(graph, value, depth)) {
    appendNodeText(graph, linkedSoul(value), depth - 1, context, out);
  } else {
    out += value.dump();
  }
}

void appendNodeText(const Graph& graph, const std::string& soul, int depth, ReadContext& context, std::string& out) {
  const Node* node = graph.node(soul);
  if (context.visited) context.visited->insert(soul);
  if (!node) {
    out += "null";
    return;
  }
  context.path.push_back(soul);
  out += '{';
  bool first = true;
  for (const auto& [name, field] : *node) {
    if (field.value.is_null()) continue;  // deleted
    if (!first) out += ',';
    first = false;
    out += Json(name).dump();
    out += ':';
    appendValueText(graph, field.value, depth, context, out);
  }
  out += '}';
  context.path.pop_back();
}

}  // namespace

std::string Peer::readText(const std::string& soul, int maxDepth, std::set<std::string>* visited) const {
  ReadContext context{{}, visited};
  std::string out;
  appendNodeText(graph_, soul, maxDepth, context, out);
  return out;
}

std::string Peer::readFieldText(const std::string& soul, const std::string& field, int maxDepth, std::set<std::string>* visited) const {
  if (visited) visited->insert(soul);
  const Node* node = graph_.node(soul);
  auto found = node ? node->find(field) : Node::const_iterator();
  if (!node || found == node->end()) return "null";
  ReadContext context{{soul}, visited};
  std::string out;
  appendValueText(graph_, found->second.value, maxDepth + 1, context, out);
  return out;
}

void Peer::flatten(const std::string& soul, const Json& object, double now, const Signer* signer, std::vector<Write>& out, int depth) {
  if (depth > kMaxPutDepth) throwRangeError(soul, "nests deeper than " + std::to_string(kMaxPutDepth) + " levels");
  std::string owner = ownerOf(soul);
  if (!owner.empty() && (!signer || signer->pub != owner)) {
    throwRangeError(soul, signer ? "write refused: this space belongs to " + owner + ", not to " + signer->pub
                                 : "write refused: this space belongs to " + owner + "; authenticate as that user");
  }
  if (isAliasList(soul)) throwRangeError(soul, "write refused: alias lists are written by user.create only");
  for (const auto& [key, value] : object.items()) {
    const std::string field = fieldPath(soul, key);
    if (!isUsableKey(key)) throwRangeError(field, "is not a usable key (\"\" and \"_\" are reserved)");
    Json stored = value;
    const std::string child = soul + "/" + key;
    const Field* current = graph_.read(soul, key);
    if (value.is_object() && !isLink(value)) {
      // Re-created over a deleted or overwritten object: what is left of the
      // old one here (fields the deleting peer had not seen) goes too.
      if (current && current->value != Json{{"#", child}}) deleteChild(child, now, signer, owner, out);
      flatten(child, value, now, signer, out, depth + 1);
      stored = Json{{"#", child}};
      // The link is structure: when it is already there, rewriting it would
      // only cost a write and a signature.
      if (current && current->value == stored) continue;
    } else {
      validateGraphValue(value, field);
      if (current && isLink(current->value) && linkedSoul(current->value) == child) deleteChild(child, now, signer, owner, out);
    }
    Field data{stored, clock_.next(now), ""};
    if (!owner.empty()) data.signature = signer->sign({soul, key, stored, data.state, owner});
    out.push_back({soul, key, std::move(data)});
  }
}

void Peer::deleteChild(const std::string& child, double now, const Signer* signer, const std::string& owner, std::vector<Write>& out) {
  // Iterative: a public path deeper than any put could still arrive from others.
  std::vector<std::string> pending{child};
  while (!pending.empty()) {
    std::string soul = std::move(pending.back());
    pending.pop_back();
    const Node* node = graph_.node(soul);
    if (!node) continue;
    for (const auto& [key, field] : *node) {
      if (field.value.is_null()) continue;
      if (isLink(field.value) && linkedSoul(field.value) == soul + "/" + key) pending.push_back(soul + "/" + key);
      Field tombstone{nullptr, clock_.next(now), ""};
      if (!owner.empty()) tombstone.signature = signer->sign({soul, key, tombstone.value, tombstone.state, owner});
      out.push_back({soul, key, std::move(tombstone)});
    }
  }
}

PutOutcome Peer::put(const std::string& soul, const Json& value, double now, const Signer* signer) {
  if (soul.empty()) throwRangeError("soul", "must not be empty");
  if (!value.is_object() || isLink(value)) throwTypeError(soul, "put takes an object of fields");
  std::vector<Write> writes;
  flatten(soul, value, now, signer, writes, 0);
  // Local states may run ahead of `now` within one millisecond: never defer our own writes.
  return mergeWrites(writes, std::max(now, clock_.last()));
}

namespace {

Write aliasEntry(const std::string& alias, const Json& value, double state, const Signer& signer) {
  if (alias.empty()) throwRangeError("alias", "must not be empty");
  std::string soul = aliasSoul(alias);
  std::string signature = signer.sign({soul, signer.pub, value, state, signer.pub});
  return {soul, signer.pub, Field{value, state, signature}};
}

}  // namespace

PutOutcome Peer::registerAlias(const std::string& alias, double now, const Signer& signer) {
  Write entry = aliasEntry(alias, Json{{"#", userSoul(signer.pub)}}, clock_.next(now), signer);
  checkWrite(entry);
  return mergeWrites({entry}, std::max(now, clock_.last()));
}

PutOutcome Peer::unregisterAlias(const std::string& alias, double now, const Signer& signer) {
  Write entry = aliasEntry(alias, nullptr, clock_.next(now), signer);
  return mergeWrites({entry}, std::max(now, clock_.last()));
}

PutOutcome Peer::receive(const Json& partialGraph, double now) {
  std::vector<Write> writes = parsePartialGraph(partialGraph);
  for (const Write& write : writes) checkWrite(write);
  return mergeWrites(writes, now);
}

PutOutcome Peer::load(const Json& partialGraph, double now) { return mergeWrites(parsePartialGraph(partialGraph), now); }

PutOutcome Peer::applyDue(double now) {
  PutOutcome outcome = outcomeOf(graph_.applyDue(now));
  // What was waiting is now accepted: our next writes must order after it.
  for (const auto& [soul, node] : outcome.applied.items()) {
    for (const auto& [field, state] : node["_"][">"].items()) clock_.observe(state.get<double>(), now, graph_.limits().toleranceMs);
  }
  return outcome;
}

PutOutcome Peer::mergeWrites(const std::vector<Write>& writes, double now) {
  // States HAM applies at once move our clock; deferred ones move it when
  // they apply (applyDue), dropped ones never.
  for (const Write& write : writes) clock_.observe(write.data.state, now, graph_.limits().toleranceMs);
  return outcomeOf(graph_.merge(writes, now));
}

// The changed fields as a partial graph (to store and to send on), built in
// O(1) per field: (soul, field) pairs are unique, so members are appended.
PutOutcome Peer::outcomeOf(const MergeOutcome& merged) const {
  PutOutcome outcome;
  outcome.deferred = merged.deferred;
  outcome.queued = merged.queued;
  outcome.unqueued = merged.unqueued;
  outcome.applied = Json::object();
  struct NodeParts {
    Json values = Json::object(), states = Json::object(), signatures = Json::object();
  };
  std::unordered_map<std::string, std::size_t> partsOf;  // soul → index in changedSouls
  std::vector<NodeParts> parts;
  for (const auto& [soul, field] : merged.changed) {
    auto [at, fresh] = partsOf.try_emplace(soul, parts.size());
    if (fresh) {
      parts.emplace_back();
      outcome.changedSouls.push_back(soul);
    }
    NodeParts& node = parts[at->second];
    const Field& data = graph_.node(soul)->at(field);
    appendMember(node.values, field, data.value);
    appendMember(node.states, field, data.state);
    if (!data.signature.empty()) appendMember(node.signatures, field, data.signature);
  }
  for (std::size_t i = 0; i < parts.size(); ++i) {
    Json meta = Json::object();
    appendMember(meta, "#", outcome.changedSouls[i]);
    appendMember(meta, ">", std::move(parts[i].states));
    if (!parts[i].signatures.empty()) appendMember(meta, "s", std::move(parts[i].signatures));
    Json node = Json::object();
    appendMember(node, "_", std::move(meta));
    for (auto& [field, value] : parts[i].values.get_ref<Json::object_t&>()) appendMember(node, field, std::move(value));
    appendMember(outcome.applied, outcome.changedSouls[i], std::move(node));
  }
  return outcome;
}

Json Peer::read(const std::string& soul, int maxDepth, std::set<std::string>* visited) const {
  ReadContext context{{}, visited};
  return readNode(graph_, soul, maxDepth, context);
}

}  // namespace ms::graph

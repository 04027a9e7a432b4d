#include "sync/partial_graph.h"

#include <optional>
#include <unordered_map>

#include "common/json_members.h"

namespace ms::sync {
namespace {

Json emptyNode(const std::string& soul) { return Json{{"_", {{"#", soul}, {">", Json::object()}}}}; }

// One node in wire form, read with its states and signatures indexed.
struct NodeReader {
  const Json& node;
  MemberIndex states, signatures;
  explicit NodeReader(const Json& wire) : node(wire) {
    const Json& meta = wire.at("_");
    states = MemberIndex(meta.at(">"));
    if (auto s = meta.find("s"); s != meta.end()) signatures = MemberIndex(*s);
  }
};

// Sets fields of one node in wire form in O(1) each (json_members.h): the
// node, its states and its signatures each get an index, built once.
class NodeWriter {
 public:
  explicit NodeWriter(Json& node) : values_(node), meta_(node["_"]), states_(meta_[">"]) {
    if (node["_"].contains("s")) signatures_.emplace(meta_["s"]);
  }
  void set(const std::string& field, const Json& value, const Json& state, const Json* signature) {
    values_[field] = value;
    states_[field] = state;
    if (!signature) return;
    if (!signatures_) signatures_.emplace(meta_["s"]);
    (*signatures_)[field] = *signature;
  }
  void copy(const NodeReader& from, const std::string& field, const Json& value) {
    set(field, value, *from.states.find(field), from.signatures.find(field));
  }

 private:
  MemberWriter values_, meta_, states_;
  std::optional<MemberWriter> signatures_;
};

}  // namespace

void mergePartial(Json& target, const Json& partial) {
  MemberWriter souls(target);
  for (const auto& [soul, node] : partial.items()) {
    Json& into = souls[soul];
    if (into.is_null()) {
      into = node;
      continue;
    }
    NodeReader from(node);
    NodeWriter writer(into);
    for (const auto& [field, value] : node.items()) {
      if (field != "_") writer.copy(from, field, value);
    }
  }
}

Json partialOfFields(const graph::Graph& graph, const std::vector<FieldRef>& refs) {
  Json out = Json::object();
  MemberWriter souls(out);
  std::unordered_map<std::string, NodeWriter> writers;
  for (const auto& [soul, field] : refs) {
    const graph::Field* found = graph.read(soul, field);
    if (!found) continue;
    auto writer = writers.find(soul);
    if (writer == writers.end()) {
      Json& node = souls[soul];
      node = emptyNode(soul);
      writer = writers.try_emplace(soul, node).first;
    }
    Json signature = found->signature;
    writer->second.set(field, found->value, found->state, found->signature.empty() ? nullptr : &signature);
  }
  return out;
}

std::vector<std::pair<FieldRef, double>> fieldsOfPartial(const Json& partial) {
  std::vector<std::pair<FieldRef, double>> out;
  for (const auto& [soul, node] : partial.items()) {
    for (const auto& [field, state] : node["_"][">"].items()) out.push_back({{soul, field}, state.get<double>()});
  }
  return out;
}

std::vector<Json> chunkPartial(const Json& partial, std::size_t maxBytes, std::size_t maxFields) {
  std::vector<Json> chunks;
  Json current = Json::object();
  std::size_t size = 0, fields = 0;
  // The node of the current chunk being filled, and its writer.
  std::string openSoul;
  std::optional<NodeWriter> writer;
  for (const auto& [soul, node] : partial.items()) {
    NodeReader from(node);
    for (const auto& [field, value] : node.items()) {
      if (field == "_") continue;
      // The field's text plus its state, signature and the soul: an estimate
      // on the safe side of what it adds to the frame.
      const Json* signature = from.signatures.find(field);
      std::size_t cost = field.size() * 2 + value.dump().size() + soul.size() + 48;
      if (signature) cost += signature->dump().size() + field.size();
      if (size > 0 && (size + cost > maxBytes || fields >= maxFields)) {
        writer.reset();
        chunks.push_back(std::move(current));
        current = Json::object();
        size = fields = 0;
      }
      if (!writer || openSoul != soul) {
        // Souls of a partial graph are unique, so each is new to this chunk.
        writer.reset();
        writer.emplace(appendMember(current, soul, emptyNode(soul)));
        openSoul = soul;
        size += soul.size() * 2 + 32;
      }
      writer->copy(from, field, value);
      size += cost;
      ++fields;
    }
  }
  if (!current.empty()) chunks.push_back(std::move(current));
  return chunks;
}

}  // namespace ms::sync

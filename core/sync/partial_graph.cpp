#include "sync/partial_graph.h"

#include <optional>
#include <unordered_map>

#include "common/json_members.h"
#include "common/json_text.h"

namespace ms::sync {
namespace {

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

// Builds one node in wire form, setting fields in O(1) each
// (json_members.h). Values, states and signatures are kept apart while it
// builds (an ordered object grows by copying its members, so nothing
// nested may be held on to) and joined by take(). Not copied or moved: its
// writers point into its own objects.
class NodeWriter {
 public:
  // A new node, or `existing` (wire form) taken apart to be added to.
  explicit NodeWriter(std::string soul, Json existing = nullptr) : soul_(std::move(soul)) {
    if (existing.is_object()) {
      for (auto& [key, value] : existing.get_ref<Json::object_t&>()) {
        if (key != "_") {
          appendMember(values_, key, std::move(value));
          continue;
        }
        if (auto states = value.find(">"); states != value.end()) states_ = std::move(*states);
        if (auto signatures = value.find("s"); signatures != value.end()) signatures_ = std::move(*signatures);
      }
    }
    valueAt_.emplace(values_);
    stateAt_.emplace(states_);
    signatureAt_.emplace(signatures_);
  }
  NodeWriter(const NodeWriter&) = delete;
  NodeWriter& operator=(const NodeWriter&) = delete;

  void set(const std::string& field, const Json& value, const Json& state, const Json* signature) {
    (*valueAt_)[field] = value;
    (*stateAt_)[field] = state;
    if (signature) (*signatureAt_)[field] = *signature;
  }
  void copy(const NodeReader& from, const std::string& field, const Json& value) {
    set(field, value, *from.states.find(field), from.signatures.find(field));
  }
  // The node, "_" first; the writer is spent.
  Json take() {
    Json meta = Json::object();
    appendMember(meta, "#", soul_);
    appendMember(meta, ">", std::move(states_));
    if (!signatures_.empty()) appendMember(meta, "s", std::move(signatures_));
    Json node = Json::object();
    JsonMembers& members = node.get_ref<Json::object_t&>();
    members.reserve(values_.size() + 1);
    members.emplace_back("_", std::move(meta));
    for (auto& [key, value] : values_.get_ref<Json::object_t&>()) members.emplace_back(key, std::move(value));
    return node;
  }

 private:
  std::string soul_;
  Json values_ = Json::object(), states_ = Json::object(), signatures_ = Json::object();
  std::optional<MemberWriter> valueAt_, stateAt_, signatureAt_;
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
    NodeWriter writer(soul, std::move(into));
    for (const auto& [field, value] : node.items()) {
      if (field != "_") writer.copy(from, field, value);
    }
    into = writer.take();
  }
}

Json partialOfFields(const graph::Graph& graph, const std::vector<FieldRef>& refs) {
  std::unordered_map<std::string, NodeWriter> writers;
  std::vector<const std::string*> order;  // souls in the order first met
  for (const auto& [soul, field] : refs) {
    const graph::Field* found = graph.read(soul, field);
    if (!found) continue;
    auto [writer, fresh] = writers.try_emplace(soul, soul);
    if (fresh) order.push_back(&writer->first);
    Json signature = found->signature;
    writer->second.set(field, found->value, found->state, found->signature.empty() ? nullptr : &signature);
  }
  Json out = Json::object();
  for (const std::string* soul : order) appendMember(out, *soul, writers.at(*soul).take());
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
  auto closeNode = [&] {
    if (writer) appendMember(current, openSoul, writer->take());
    writer.reset();
  };
  for (const auto& [soul, node] : partial.items()) {
    NodeReader from(node);
    for (const auto& [field, value] : node.items()) {
      if (field == "_") continue;
      // The field's text plus its state, signature and the soul: an estimate
      // on the safe side of what it adds to the frame.
      const Json* signature = from.signatures.find(field);
      std::size_t cost = field.size() * 2 + dumpedSize(value) + soul.size() + 48;
      if (signature) cost += dumpedSize(*signature) + field.size();
      if (size > 0 && (size + cost > maxBytes || fields >= maxFields)) {
        closeNode();
        chunks.push_back(std::move(current));
        current = Json::object();
        size = fields = 0;
      }
      if (!writer || openSoul != soul) {
        // Souls of a partial graph are unique, so each is new to this chunk.
        closeNode();
        writer.emplace(soul);
        openSoul = soul;
        size += soul.size() * 2 + 32;
      }
      writer->copy(from, field, value);
      size += cost;
      ++fields;
    }
  }
  closeNode();
  if (!current.empty()) chunks.push_back(std::move(current));
  return chunks;
}

}  // namespace ms::sync

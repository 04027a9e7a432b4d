#include "sync/partial_graph.h"

namespace ms::sync {
namespace {

Json emptyNode(const std::string& soul) { return Json{{"_", {{"#", soul}, {">", Json::object()}}}}; }

void copyField(Json& into, const Json& node, const std::string& field) {
  into[field] = node[field];
  into["_"][">"][field] = node["_"][">"][field];
  const Json& meta = node["_"];
  if (meta.contains("s") && meta["s"].contains(field)) into["_"]["s"][field] = meta["s"][field];
}

}  // namespace

void mergePartial(Json& target, const Json& partial) {
  for (const auto& [soul, node] : partial.items()) {
    Json& into = target[soul];
    if (into.is_null()) {
      into = node;
      continue;
    }
    for (const auto& [field, _] : node.items()) {
      if (field != "_") copyField(into, node, field);
    }
  }
}

Json partialOfFields(const graph::Graph& graph, const std::vector<FieldRef>& refs) {
  Json out = Json::object();
  for (const auto& [soul, field] : refs) {
    const graph::Field* found = graph.read(soul, field);
    if (!found) continue;
    Json& node = out[soul];
    if (node.is_null()) node = emptyNode(soul);
    node[field] = found->value;
    node["_"][">"][field] = found->state;
    if (!found->signature.empty()) node["_"]["s"][field] = found->signature;
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

std::vector<Json> chunkPartial(const Json& partial, std::size_t maxBytes) {
  std::vector<Json> chunks;
  Json current = Json::object();
  std::size_t size = 0;
  for (const auto& [soul, node] : partial.items()) {
    for (const auto& [field, value] : node.items()) {
      if (field == "_") continue;
      // The field's text plus its state, signature and the soul: an estimate
      // on the safe side of what it adds to the frame.
      std::size_t cost = field.size() * 2 + value.dump().size() + soul.size() + 48;
      const Json& meta = node["_"];
      if (meta.contains("s") && meta["s"].contains(field)) cost += meta["s"][field].dump().size() + field.size();
      if (size > 0 && size + cost > maxBytes) {
        chunks.push_back(std::move(current));
        current = Json::object();
        size = 0;
      }
      Json& into = current[soul];
      if (into.is_null()) {
        into = emptyNode(soul);
        size += soul.size() * 2 + 32;
      }
      copyField(into, node, field);
      size += cost;
    }
  }
  if (!current.empty()) chunks.push_back(std::move(current));
  return chunks;
}

}  // namespace ms::sync

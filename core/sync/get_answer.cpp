#include "sync/get_answer.h"

#include "sync/partial_graph.h"

namespace ms::sync {

Json answerGet(const graph::Graph& graph, const GetRequest& get) {
  Json node;
  if (!get.lex.is_null()) node = graph.lexQuery(get.soul, get.lex);
  else if (get.field) node = graph.lexQuery(get.soul, Json{{".", *get.field}});
  else node = graph.nodeJson(get.soul);
  Json put = Json::object();
  if (!node.is_null()) put[get.soul] = std::move(node);
  return put;
}

std::vector<Json> chunkAnswer(const Json& answer, const FrameLimits& limits) {
  if (answer.empty()) return {Json::object()};
  return chunkPartial(answer, limits.maxBytes / 2);
}

}  // namespace ms::sync

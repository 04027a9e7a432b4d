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
  std::vector<Json> pieces = chunkPartial(answer, limits.maxBytes / 2, limits.maxPutFields);
  // A node known only by its metadata has no field to cut: it goes whole.
  if (pieces.empty()) pieces.push_back(answer);
  return pieces;
}

}  // namespace ms::sync

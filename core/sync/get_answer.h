#pragma once
// What a get is answered with, by a relay or by a peer on a direct channel:
// the partial graph holding what was asked for (empty when nothing is known).
#include "common/json.h"
#include "graph/graph.h"
#include "sync/frame.h"

namespace ms::sync {

// Throws ms::InputError for an invalid lex query.
Json answerGet(const graph::Graph& graph, const GetRequest& get);

}  // namespace ms::sync

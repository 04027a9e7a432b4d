#pragma once
// What a get is answered with, by a relay or by a peer on a direct channel:
// the partial graph holding what was asked for (empty when nothing is known).
#include <vector>

#include "common/json.h"
#include "graph/graph.h"
#include "sync/frame.h"

namespace ms::sync {

// Throws ms::InputError for an invalid lex query.
Json answerGet(const graph::Graph& graph, const GetRequest& get);

// An answer cut into pieces that each fit a frame (half the limit, leaving
// room for the message and for escaping), never none: an empty answer is one
// empty piece. Senders name the get in the last piece only, so whoever asked
// has every piece merged once its get counts as answered.
std::vector<Json> chunkAnswer(const Json& answer, const FrameLimits& limits);

}  // namespace ms::sync

#pragma once
// Helpers for partial graphs in wire form ({soul: {"_": {"#", ">", "s"}, field: value}})
// as sync moves them around: adding one to another, building one from
// chosen fields of a graph, and cutting a large one into frames.
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "common/json.h"
#include "graph/graph.h"
#include "sync/frame.h"

namespace ms::sync {

using FieldRef = std::pair<std::string, std::string>;  // (soul, field)

// Adds `partial`'s fields (values, states, signatures) to `target`.
void mergePartial(Json& target, const Json& partial);

// The fields `refs` as they are now in `graph` (unknown ones left out).
Json partialOfFields(const graph::Graph& graph, const std::vector<FieldRef>& refs);

// Every (soul, field) of a partial graph, with its state.
std::vector<std::pair<FieldRef, double>> fieldsOfPartial(const Json& partial);

// Cuts a partial graph into pieces whose JSON text stays near `maxBytes`
// (a single field larger than that travels alone) and that hold at most
// `maxFields` fields, so that each fits a frame and a put.
std::vector<Json> chunkPartial(const Json& partial, std::size_t maxBytes, std::size_t maxFields = FrameLimits{}.maxPutFields);

}  // namespace ms::sync

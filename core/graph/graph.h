#pragma once
// The graph: souls → nodes, a node being fields with a value, the state it
// was written at and (in a user's space) its signature. Writes arrive as
// partial graphs in wire form:
//   {soul: {"_": {"#": soul, ">": {field: state}, "s": {field: signature}}, field: value, ...}}
// and merge field by field under HAM (ham.h). Writes from the future wait
// in a bounded queue until their time.
#include <cstddef>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/json.h"
#include "graph/ham.h"

namespace ms::graph {

struct Field {
  Json value;
  double state = 0;
  std::string signature;  // empty outside users' spaces
};

using Node = std::map<std::string, Field>;  // sorted: output is deterministic

struct Write {
  std::string soul;
  std::string field;
  Field data;
};

// Names come from outside, and every table keyed by them (nodes, interest,
// the deferred queue, quotas) holds a copy: they are bounded in bytes, so
// memory is bounded by the number of entries times these.
constexpr std::size_t kMaxSoulBytes = 2048;
constexpr std::size_t kMaxFieldBytes = 1024;

// Checks a partial graph completely before anything is used: every node's
// meta names its own soul, every field has a finite numeric state and a
// graph value, field names are non-empty, not "_" and names within the
// bounds above. Each field costs O(1) besides its value. Throws
// ms::InputError naming the problem. Fields come out in the put's order,
// values in canonical form (canonicalGraphValue).
std::vector<Write> parsePartialGraph(const Json& put);

struct MergeOutcome {
  std::vector<std::pair<std::string, std::string>> changed;  // (soul, field), once each
  std::size_t deferred = 0;  // writes now waiting in the queue for their time
  std::size_t dropped = 0;   // too far ahead, or pushed out of a full queue
  // The queue's comings and goings, for whoever keeps it durable or counts
  // it: writes that joined it, and writes that left it (landed, lost to a
  // newer write when due, or pushed out of a full queue).
  std::vector<Write> queued;
  std::vector<Write> unqueued;
};

// Deferred writes are capped, in count and in bytes, so a peer sending
// future states cannot grow our memory without limit. When the queue is
// full the write due last is dropped (which may be the incoming one): the
// writes due soonest are the ones an honest clock skew produces.
constexpr std::size_t kMaxDeferredWrites = 10000;
constexpr std::size_t kMaxDeferredBytes = 32 * 1024 * 1024;

class Graph {
 public:
  explicit Graph(HamLimits limits = {}, std::size_t maxDeferred = kMaxDeferredWrites, std::size_t maxDeferredBytes = kMaxDeferredBytes)
      : limits_(limits), maxDeferred_(maxDeferred), maxDeferredBytes_(maxDeferredBytes) {}

  // Merges writes field by field under HAM. All writes are checked first
  // (soul and field names, finite states, graph values, finite `now`): one
  // bad write throws ms::InputError and nothing changes.
  MergeOutcome merge(const std::vector<Write>& writes, double now);
  // The same for a partial graph in wire form (parsePartialGraph).
  MergeOutcome merge(const Json& partialGraph, double now);
  // Applies deferred writes whose time has come.
  MergeOutcome applyDue(double now);
  // The (soul, field) of each deferred write that applyDue(now) would take.
  std::vector<std::pair<std::string, std::string>> dueFields(double now) const;

  const Node* node(const std::string& soul) const;
  // One field of one node, or null when it was never written.
  const Field* read(const std::string& soul, const std::string& field) const;
  // A node in wire form (null when unknown).
  Json nodeJson(const std::string& soul) const;
  // The fields of a node matching a lex query: {".": "exact"}, {".": {"*": "prefix"}},
  // {".": {">": "from", "<": "to"}} (inclusive), with an optional "%": limit.
  Json lexQuery(const std::string& soul, const Json& lex) const;

  // Every node, as one partial graph.
  Json everything() const;

  std::size_t size() const { return nodes_.size(); }
  std::size_t deferredCount() const { return deferred_.size(); }
  // What the deferred queue holds, as counted against kMaxDeferredBytes.
  std::size_t deferredBytes() const { return deferredBytes_; }
  const HamLimits& limits() const { return limits_; }

 private:
  void apply(const Write& write, MergeOutcome& outcome);
  // Whether the same write (soul, field, state, value) is already waiting.
  bool isDeferred(const Write& write) const;
  static std::size_t deferredCost(const Write& write);
  bool makeRoomToDefer(const Write& write, MergeOutcome& outcome);

  HamLimits limits_;
  std::size_t maxDeferred_;
  std::size_t maxDeferredBytes_;
  std::size_t deferredBytes_ = 0;
  std::unordered_map<std::string, Node> nodes_;
  // By state, the earliest due first; soul and field in the key find a
  // repeat without scanning every write of the same state.
  using DeferredKey = std::tuple<double, std::string, std::string>;
  std::multimap<DeferredKey, Write> deferred_;
};

}  // namespace ms::graph

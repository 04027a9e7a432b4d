#pragma once
// One peer's view of the graph: local writes get states from the hybrid
// clock and, in a user's space, that user's signature; writes from other
// peers are checked completely (structure, ownership, signatures) before
// any of them merges. Storage and networks are the JS layer's business: a
// put returns the partial graph to store and send.
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/json.h"
#include "graph/graph.h"
#include "graph/hybrid_clock.h"
#include "graph/subscriptions.h"
#include "identity/field_signature.h"

namespace ms::graph {

// Signs writes as one user (the keys stay with the caller).
struct Signer {
  std::string pub;
  std::function<std::string(const identity::SignedWrite&)> sign;
};

// The most fields one read returns (see Peer::read).
constexpr std::size_t kMaxReadFields = 1000000;

struct PutOutcome {
  Json applied;                       // the partial graph of the writes that changed something
  std::vector<std::string> changedSouls;
  std::size_t deferred = 0;
  std::vector<Write> queued;          // writes from the future now waiting (Graph's MergeOutcome)
  std::vector<Write> unqueued;        // writes that stopped waiting
};

class Peer {
 public:
  explicit Peer(HamLimits limits = {}) : graph_(limits) {}

  // Writes `value` at `soul`: an object's fields merge into the node, nested
  // objects become child nodes "<soul>/<key>" linked from the field. A field
  // whose link to its child node is overwritten by anything but an object
  // deletes that child: every field of it (and of its own children, down the
  // path) that still holds a value gets null in the same put, signed like any
  // write, so the old object is gone on every peer that merges the put, and
  // an object written there later starts empty (fields left over from the
  // old one, which the deleting peer had not seen, are deleted then). Throws
  // ms::InputError for values the graph cannot hold, and when the soul is in
  // a space `signer` does not own ("write refused").
  PutOutcome put(const std::string& soul, const Json& value, double now, const Signer* signer);

  // Adds `signer`'s pub to the list of pubs that use `alias` ("~@<alias>").
  PutOutcome registerAlias(const std::string& alias, double now, const Signer& signer);
  // Takes `signer`'s pub off that list (when the account is deleted).
  PutOutcome unregisterAlias(const std::string& alias, double now, const Signer& signer);

  // A partial graph from another peer: every write checked before any merges.
  PutOutcome receive(const Json& partialGraph, double now);
  // A partial graph from our own storage, verified when it first arrived.
  PutOutcome load(const Json& partialGraph, double now);
  PutOutcome applyDue(double now);

  const Graph& graph() const { return graph_; }

  // The node as a plain object without its deleted (null) fields, links to child nodes followed up to
  // `maxDepth` levels; a link back to a node already on the path stays a
  // link {"#": soul}, so cycles end. At most kMaxReadFields fields are read
  // in all (links past that stay links), so shared links cannot make a read
  // exponential. `visited` collects the souls read.
  Json read(const std::string& soul, int maxDepth, std::set<std::string>* visited = nullptr) const;
  // The same as JSON text, written directly: nodes with many fields read in
  // linear time (building an insertion-ordered document would be quadratic).
  std::string readText(const std::string& soul, int maxDepth, std::set<std::string>* visited = nullptr) const;
  // One field's value as JSON text ("null" when absent); a link is read as its node.
  std::string readFieldText(const std::string& soul, const std::string& field, int maxDepth, std::set<std::string>* visited = nullptr) const;

  // Listeners (subscriptions.h): `soul`, or one `field` of it, read as readText /
  // readFieldText do. Whoever changes the graph ends each call (one put, or a
  // whole frame of merges) with noticesAfter(the souls it changed), so that
  // every subscription's last reading stays the current one.
  std::pair<SubscriptionId, const Reading&> subscribe(const std::string& soul, std::optional<std::string> field, int maxDepth) {
    return subscriptions_.add(*this, soul, std::move(field), maxDepth);
  }
  bool unsubscribe(SubscriptionId id) { return subscriptions_.remove(id); }
  Notices noticesAfter(const std::vector<std::string>& changedSouls) { return subscriptions_.afterChange(*this, changedSouls); }

 private:
  PutOutcome mergeWrites(const std::vector<Write>& writes, double now);
  PutOutcome outcomeOf(const MergeOutcome& merged) const;
  // Tombstones for every field still holding a value in `child` and the child nodes below it.
  void deleteChild(const std::string& child, double now, const Signer* signer, const std::string& owner, std::vector<Write>& out);
  void flatten(const std::string& soul, const Json& object, double now, const Signer* signer, std::vector<Write>& out, int depth);

  Graph graph_;
  HybridClock clock_;
  Subscriptions subscriptions_;
};

}  // namespace ms::graph

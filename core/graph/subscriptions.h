#pragma once
// What a peer's listeners read, kept in the core so that a change tells the
// JS layer only which listeners now read something else, and what. A
// subscription is a soul (or one field of it) read deep; it remembers the
// souls that read touched and the text it read. After a change, exactly the
// subscriptions whose touched souls include a changed soul are read again,
// and those whose text differs are reported: a change elsewhere calls
// nobody, a change down a link calls the listener above it, the same value
// written again calls nobody.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace ms::graph {

class Peer;

using SubscriptionId = std::uint32_t;

// One deep read: its JSON text and every soul it touched.
struct Reading {
  std::string text;
  std::set<std::string> souls;
};

struct Notice {
  SubscriptionId id;
  std::string text;  // the new value, JSON
};

struct Notices {
  std::vector<Notice> changed;       // by id, oldest subscription first
  std::vector<std::string> reached;  // souls the new reads touched that the old ones had not
};

class Subscriptions {
 public:
  // Starts following `soul` (one `field` of it, or the whole node), links
  // followed `depth` levels; returns its id and first reading.
  std::pair<SubscriptionId, const Reading&> add(const Peer& peer, const std::string& soul, std::optional<std::string> field, int depth);
  // Whether `id` was there (ending one twice is harmless).
  bool remove(SubscriptionId id);
  // After `changedSouls` changed in `peer`: the subscriptions that now read something else.
  Notices afterChange(const Peer& peer, const std::vector<std::string>& changedSouls);

 private:
  struct Subscription {
    std::string soul;
    std::optional<std::string> field;
    int depth;
    Reading last;
  };

  static Reading read(const Peer& peer, const Subscription& subscription);
  void index(SubscriptionId id, const std::set<std::string>& souls);
  void unindex(SubscriptionId id, const std::set<std::string>& souls);

  std::map<SubscriptionId, Subscription> byId_;
  std::unordered_map<std::string, std::vector<SubscriptionId>> bySoul_;  // touched soul → subscriptions
  SubscriptionId next_ = 1;
};

}  // namespace ms::graph

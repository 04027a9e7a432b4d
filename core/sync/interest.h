#pragma once
// Routing by interest: which connections asked for which souls, so a relay
// sends a put only to those (not to everyone), with bounded memory per
// connection. Peer relays follow everything.
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace ms::sync {

using ConnectionId = std::uint64_t;

class Interest {
 public:
  explicit Interest(std::size_t maxSoulsPerConnection = 10000) : maxSouls_(maxSoulsPerConnection) {}
  // Records that `connection` wants `soul`; false when it already follows too many.
  bool want(ConnectionId connection, const std::string& soul);
  // Records that `connection` wants every soul (a peer relay); false when
  // too many connections already do.
  bool wantAll(ConnectionId connection);
  void forget(ConnectionId connection);
  // The connections that asked for any of `souls`, except `from`.
  std::vector<ConnectionId> interested(const std::vector<std::string>& souls, ConnectionId from) const;
  std::size_t soulsOf(ConnectionId connection) const;

 private:
  static constexpr std::size_t kMaxFollowAll = 16;
  std::size_t maxSouls_;
  std::set<ConnectionId> all_;
  std::map<std::string, std::set<ConnectionId>> bySoul_;
  std::map<ConnectionId, std::set<std::string>> byConnection_;
};

}  // namespace ms::sync

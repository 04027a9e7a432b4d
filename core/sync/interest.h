#pragma once
// Routing by interest: which connections asked for which souls, so a relay
// sends a put only to those (not to everyone), with bounded memory per
// connection.
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
  void forget(ConnectionId connection);
  // The connections that asked for any of `souls`, except `from`.
  std::vector<ConnectionId> interested(const std::vector<std::string>& souls, ConnectionId from) const;
  std::size_t soulsOf(ConnectionId connection) const;

 private:
  std::size_t maxSouls_;
  std::map<std::string, std::set<ConnectionId>> bySoul_;
  std::map<ConnectionId, std::set<std::string>> byConnection_;
};

}  // namespace ms::sync

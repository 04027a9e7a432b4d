#pragma once
// Routing by interest: which connections asked for which souls, so a relay
// sends a put only to those (not to everyone), with bounded memory per
// connection, counted in souls and in bytes (names are up to
// graph::kMaxSoulBytes long), and in bytes over all connections. Peer
// relays follow everything.
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
  // What one entry costs besides its name: the two tables' nodes.
  static constexpr std::size_t kEntryOverhead = 128;

  explicit Interest(std::size_t maxSoulsPerConnection = 10000, std::size_t maxBytesPerConnection = 1 << 20,
                    std::size_t maxBytes = 64 << 20)
      : maxSouls_(maxSoulsPerConnection), maxBytesPerConnection_(maxBytesPerConnection), maxBytes_(maxBytes) {}
  // Records that `connection` wants `soul`; false when it already follows
  // too many (or too long) souls, or the table is full.
  bool want(ConnectionId connection, const std::string& soul);
  // Records that `connection` wants every soul (a peer relay); false when
  // too many connections already do.
  bool wantAll(ConnectionId connection);
  void forget(ConnectionId connection);
  // The connections that asked for any of `souls`, except `from`.
  std::vector<ConnectionId> interested(const std::vector<std::string>& souls, ConnectionId from) const;
  std::size_t soulsOf(ConnectionId connection) const;
  bool followsAll(ConnectionId connection) const { return all_.count(connection) > 0; }
  std::size_t bytes() const { return bytes_; }
  std::size_t souls() const { return bySoul_.size(); }
  std::size_t connections() const { return byConnection_.size(); }  // those following some souls

 private:
  static constexpr std::size_t kMaxFollowAll = 16;
  struct Followed {
    std::set<std::string> souls;
    std::size_t bytes = 0;
  };
  std::size_t maxSouls_, maxBytesPerConnection_, maxBytes_;
  std::size_t bytes_ = 0;
  std::set<ConnectionId> all_;
  std::map<std::string, std::set<ConnectionId>> bySoul_;
  std::map<ConnectionId, Followed> byConnection_;
};

}  // namespace ms::sync

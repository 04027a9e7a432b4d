// Seeded random delivery, in the spirit of Yjs's random tests: clients write
// while a relay and the network between them drop, duplicate and reorder
// frames, and connections break and come back. After the network heals,
// every peer must hold the very same graph and nothing may be left pending.
#include <catch2/catch.hpp>

#include <deque>
#include <memory>
#include <random>

#include "sync/client.h"
#include "sync/relay.h"

using namespace ms::sync;
using ms::Json;

namespace {

constexpr double kStart = 1'700'000'000'000;
const std::vector<std::string> kSouls = {"a", "b", "c"};
const std::vector<std::string> kFields = {"x", "y", "z", "w"};

struct SimulatedClient {
  ms::graph::Peer peer;
  std::unique_ptr<Client> client;
  bool connected = false;
  std::deque<std::string> toRelay, fromRelay;
};

class Network {
 public:
  Network(std::uint32_t seed, int clients) : random_(seed), relay_(relayPeer_) {
    for (int i = 0; i < clients; ++i) {
      auto c = std::make_unique<SimulatedClient>();
      c->client = std::make_unique<Client>(c->peer, "c" + std::to_string(i) + "-");
      std::string ignored;
      for (const auto& soul : kSouls) c->client->follow(soul, ignored);
      clients_.push_back(std::move(c));
    }
  }

  // One random step: a write, a delivery (maybe dropped, duplicated or out
  // of order), a disconnect or a reconnect.
  void step(int n) {
    now_ = kStart + n / 3;  // several steps share a millisecond: equal states happen
    int choice = pick(100);
    int who = pick(static_cast<int>(clients_.size()));
    if (choice < 25) write(who);
    else if (choice < 90) deliverOne(who);
    else if (choice < 95) disconnect(who);
    else connect(who);
  }

  // Everyone reconnects and every frame is delivered, in order, until quiet.
  void heal() {
    for (std::size_t i = 0; i < clients_.size(); ++i) {
      disconnect(static_cast<int>(i));
      connect(static_cast<int>(i));
    }
    for (bool busy = true; busy;) {
      busy = false;
      for (std::size_t i = 0; i < clients_.size(); ++i) {
        auto& c = *clients_[i];
        while (!c.toRelay.empty() || !c.fromRelay.empty()) {
          busy = true;
          if (!c.toRelay.empty()) toRelay(static_cast<int>(i), take(c.toRelay, 0));
          if (!c.fromRelay.empty()) toClient(static_cast<int>(i), take(c.fromRelay, 0));
        }
      }
    }
  }

  Json relayGraph() const { return relayPeer_.graph().everything(); }
  SimulatedClient& client(int i) { return *clients_[i]; }
  int size() const { return static_cast<int>(clients_.size()); }

 private:
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(random_); }

  static std::string take(std::deque<std::string>& queue, std::size_t at) {
    std::string frame = queue[at];
    queue.erase(queue.begin() + static_cast<std::ptrdiff_t>(at));
    return frame;
  }

  Json randomValue() {
    switch (pick(5)) {
      case 0: return nullptr;
      case 1: return pick(2) == 1;
      case 2: return pick(10);
      case 3: return std::string(1, static_cast<char>('a' + pick(5)));
      default: return pick(1000) / 8.0;
    }
  }

  void write(int who) {
    auto& c = *clients_[who];
    Json value = {{kFields[pick(4)], randomValue()}};
    auto applied = c.peer.put(kSouls[pick(3)], value, now_, nullptr).applied;
    route(who, c.client->publish(applied));
  }

  void deliverOne(int who) {
    auto& c = *clients_[who];
    bool up = pick(2) == 0;
    auto& queue = up ? c.toRelay : c.fromRelay;
    if (queue.empty()) return;
    std::size_t at = static_cast<std::size_t>(pick(static_cast<int>(queue.size())));  // any order
    int fate = pick(10);
    if (fate == 0) {  // dropped
      take(queue, at);
      return;
    }
    std::string frame = fate == 1 ? queue[at] : take(queue, at);  // 1: delivered and kept: a duplicate
    if (up) toRelay(who, frame);
    else toClient(who, frame);
  }

  void toRelay(int who, const std::string& frame) {
    auto out = relay_.onFrame(static_cast<ConnectionId>(who + 1), frame, now_);
    for (const auto& list : {out.send, out.afterStored}) {
      for (const auto& m : list) {
        for (ConnectionId to : m.to) {
          auto& target = *clients_[to - 1];
          if (target.connected) target.fromRelay.push_back(m.message.dump());
        }
      }
    }
  }

  void toClient(int who, const std::string& frame) { route(who, clients_[who]->client->onFrame(1, frame, now_)); }

  void route(int who, const ClientOutcome& out) {
    auto& c = *clients_[who];
    if (!c.connected) return;
    for (const auto& item : out.send) c.toRelay.push_back(item.frame.dump());
  }

  void disconnect(int who) {
    auto& c = *clients_[who];
    if (!c.connected) return;
    c.connected = false;
    c.toRelay.clear();
    c.fromRelay.clear();
    relay_.onClose(static_cast<ConnectionId>(who + 1));
    c.client->onClose(1);
  }

  void connect(int who) {
    auto& c = *clients_[who];
    if (c.connected) return;
    c.connected = true;
    route(who, c.client->onOpen(1, true));
  }

  std::mt19937 random_;
  ms::graph::Peer relayPeer_;
  Relay relay_;
  std::vector<std::unique_ptr<SimulatedClient>> clients_;
  double now_ = kStart;
};

}  // namespace

TEST_CASE("after random drops, duplicates, reorders and reconnects, every peer holds the same graph") {
  for (std::uint32_t seed = 1; seed <= 40; ++seed) {
    INFO("seed " << seed);
    Network network(seed, 4);
    for (int n = 0; n < 600; ++n) network.step(n);
    network.heal();
    Json expected = network.relayGraph();
    REQUIRE_FALSE(expected.empty());
    for (int i = 0; i < network.size(); ++i) {
      INFO("client " << i);
      CHECK(network.client(i).peer.graph().everything() == expected);
      CHECK(network.client(i).client->pendingCount() == 0);
    }
  }
}

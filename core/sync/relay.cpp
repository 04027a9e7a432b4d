#include "sync/relay.h"

#include "common/input_error.h"

namespace ms::sync {
namespace {

// Adds a partial graph's fields (values, states, signatures) to `target`.
void mergePartial(Json& target, const Json& partial) {
  for (const auto& [soul, node] : partial.items()) {
    Json& into = target[soul];
    if (into.is_null()) {
      into = node;
      continue;
    }
    for (const auto& [field, value] : node.items()) {
      if (field == "_") continue;
      into[field] = value;
      into["_"][">"][field] = node["_"][">"][field];
      if (node["_"].contains("s") && node["_"]["s"].contains(field)) into["_"]["s"][field] = node["_"]["s"][field];
    }
  }
}

}  // namespace

Outgoing Relay::reply(ConnectionId to, const std::string& replyTo, Json body) {
  body["#"] = nextId();
  if (!replyTo.empty()) body["@"] = replyTo;
  return {to, std::move(body)};
}

RelayOutcome Relay::onFrame(ConnectionId from, std::string_view frame, double now) {
  RelayOutcome out;
  std::vector<Message> messages;
  try {
    messages = parseFrame(frame, limits_);
  } catch (const InputError& error) {
    out.send.push_back(reply(from, "", Json{{"err", error.what()}}));
    return out;
  }
  for (const Message& message : messages) {
    if (!seen_.firstTime(message.id)) continue;  // a duplicate: already handled
    if (message.get) onGet(from, message, out);
    else if (message.put) onPut(from, message, now, out);
    // Replies and acknowledgements sent to a relay need no answer.
  }
  return out;
}

void Relay::onGet(ConnectionId from, const Message& message, RelayOutcome& out) {
  const GetRequest& get = *message.get;
  if (!interest_.want(from, get.soul)) {
    out.send.push_back(reply(from, message.id, Json{{"err", "get refused: this connection follows too many souls"}}));
    return;
  }
  Json node;
  try {
    if (!get.lex.is_null()) node = peer_.graph().lexQuery(get.soul, get.lex);
    else if (get.field) node = peer_.graph().lexQuery(get.soul, Json{{".", *get.field}});
    else node = peer_.graph().nodeJson(get.soul);
  } catch (const InputError& error) {
    out.send.push_back(reply(from, message.id, Json{{"err", error.what()}}));
    return;
  }
  Json put = Json::object();
  if (!node.is_null()) put[get.soul] = node;
  out.send.push_back(reply(from, message.id, Json{{"put", put}}));
}

void Relay::onPut(ConnectionId from, const Message& message, double now, RelayOutcome& out) {
  graph::PutOutcome applied;
  try {
    applied = peer_.receive(*message.put, now);
  } catch (const InputError& error) {
    out.send.push_back(reply(from, message.id, Json{{"err", error.what()}}));
    return;
  }
  if (!applied.changedSouls.empty()) {
    for (ConnectionId to : interest_.interested(applied.changedSouls, from)) {
      out.send.push_back(reply(to, "", Json{{"put", applied.applied}}));
    }
    mergePartial(out.toStore, applied.applied);
  }
  out.afterStored.push_back(reply(from, message.id, Json{{"ok", true}}));
}

}  // namespace ms::sync

#pragma once
// The wire protocol's frames. A frame is JSON text holding one message or
// an array of messages (a batch). A message:
//   {"#": id, "get": {"#": soul, ".": field-or-lex}}           ask for data
//   {"#": id, "put": partial graph}                            send writes
//   {"#": id, "@": id of the request, "ok": true | "err": "…"}  reply, ack
//   (a reply to a get carries "put" with what was found, and "@")
//   {"#": id, "sync": "all"}   relay to relay: send me everything you hold,
//                              then every change; answered with an error
//                              carrying "challenge": text, which the relay
//                              answers with the same message and
//                              "proof": {"key": its public key, "sig": signature}
//                              (peer_relay_auth.h)
// WebRTC signalling through a relay:
//   {"#": id, "hi": rtc id}                    I take direct connections as this id
//   {"#": id, "@": id of the hi, "peers": [rtc ids]}   others you may call
//   {"#": id, "signal": {"to" | "from": rtc id, "data": {…}}}   offer, answer, candidate
// Presence (presence.h), passed on by relays and never stored:
//   {"#": id, "presence": {"pub", "seq", "state", "sig"} | "follow" | {"timeout"} | {"gone"}}
// Every field is checked before anything is used: an invalid frame gets an
// error naming the problem and changes nothing.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "graph/graph.h"
#include "sync/presence.h"

namespace ms::sync {

struct FrameLimits {
  std::size_t maxBytes = 1 << 20;     // a frame larger than this is refused unread
  std::size_t maxDepth = 32;          // brackets nested deeper are refused once the parser gets there
  std::size_t maxBatch = 100;         // messages in one frame
  std::size_t maxIdLength = 64;
  // Fields in one put: bounds the work one message asks for (a put that
  // wide is still handled in milliseconds; wider ones get an error reply).
  std::size_t maxPutFields = 10000;
  // Bytes of answers the gets of one frame may take: a batch of gets for
  // big nodes would otherwise make one frame cost megabytes per message.
  std::size_t maxAnswerBytes = 4 << 20;
};

struct GetRequest {
  std::string soul;
  std::optional<std::string> field;  // one field
  Json lex;                          // or a lex query ({".": …}), else null
};

struct SyncProof {
  std::string key;        // the answering relay's public key (URL-safe base64)
  std::string signature;  // of the challenge, URL-safe base64
};

struct Message {
  std::string id;
  std::string replyTo;  // "@": empty when not a reply
  std::optional<GetRequest> get;
  std::optional<Json> put;                 // the partial graph, checked
  std::vector<graph::Write> writes;        // the same, parsed
  bool syncAll = false;
  std::optional<SyncProof> proof;    // with syncAll: a peer relay's answer to our challenge
  std::string challenge;             // in a reply refusing a sync: what to sign
  std::string hello;                 // "hi": the sender's rtc id
  std::optional<Json> signal;        // {"to"|"from": rtc id, "data": object}
  std::optional<std::vector<std::string>> peers;
  std::optional<PresenceMessage> presence;
  std::optional<bool> ok;
  std::string error;                       // "err"
};

// Throws ms::InputError naming the problem ("frame[2].put.a._[\"#\"] must
// equal the node's soul"). Nothing else is done with an invalid frame.
std::vector<Message> parseFrame(std::string_view text, const FrameLimits& limits = {});

// The id of a frame's (first) message, when it can be read: what the error
// reply to a refused frame names as "@", so the sender knows which request
// failed. Empty when no id can be read. Never throws. A frame too large or
// too deep to parse is looked at only up to its first id ({"#":"…" leads
// every frame this package sends: its JSON has sorted keys).
std::string frameIdOf(std::string_view text, const FrameLimits& limits = {});

// The JSON of a message, for sending.
Json messageJson(const Message& message);

// What an outgoing message (JSON) is, for the operator's counters: "error",
// "ack", "put" (an answer or a forwarded change), "peers", "signal", "sync"
// or "other".
const char* outgoingKindOf(const Json& message);

}  // namespace ms::sync

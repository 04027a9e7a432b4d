#pragma once
// The kinds of token in a value's token stream (format: token_reader.h).
// JS writes them (js/value-tokens.js) with the numbers tools/boundary
// generates from this enum into js/generated/boundary.js.
#include <cstdint>

namespace ms::schema {

enum TokenKind : std::uint32_t {
  kNullToken,
  kFalseToken,
  kTrueToken,
  kNumberToken,  // then the next f64 of `numbers`
  kStringToken,  // then byte offset, byte length (UTF-8 in `bytes`)
  kArrayToken,   // then count, then count values
  kObjectToken,  // then count, then count × (key id, value)
  kNaNToken,
  kInfinityToken,
  kNegativeInfinityToken
};

}  // namespace ms::schema

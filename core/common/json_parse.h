#pragma once
// Parsing JSON text into the core's ordered Json in linear time.
//
// nlohmann's own parser inserts every object member through ordered_map,
// which first searches the members so far for the same key: an object of n
// keys costs O(n²) (10,000 keys: ~0.4 s in wasm), which a hostile frame can
// use; and its lexer copies a string byte by byte (~12 ms per MB in wasm,
// and frames carry values of up to a megabyte). This parser gives the same
// values in one pass, copying strings in runs, appends members as they come
// and only looks for repeated keys once an object is complete, with a hash
// set; a repeated key keeps its first position and its last value, as
// JavaScript's JSON.parse does.
#include <cstddef>
#include <string_view>

#include "common/json.h"

namespace ms {

// The value, or a discarded Json (is_discarded()) when `text` is not JSON.
Json parseJson(std::string_view text);

// Why parseJsonWithin refused a text.
enum class JsonRefusal { kNone, kNotJson, kTooDeep };

// As parseJson, but text that opens more than `maxDepth` arrays and objects
// inside one another is refused (kTooDeep) as soon as the parser gets there:
// the depth of a frame is checked in the same pass that reads it.
Json parseJsonWithin(std::string_view text, std::size_t maxDepth, JsonRefusal& refusal);

}  // namespace ms

#pragma once
// A value's compact JSON text, exactly as value.dump() gives it, made
// without nlohmann's per-byte escaping where the text needs none; and its
// length, counted without making it. Relays send and measure values of up
// to a megabyte per message: escaping byte by byte (and dumping a value
// only to measure it) made one frame of gets cost tens of milliseconds per
// answer.
#include <cstddef>
#include <string>

#include "common/json.h"

namespace ms {

// The length of value.dump().
std::size_t dumpedSize(const Json& value);

// value.dump(), appended to `out`.
void appendDump(const Json& value, std::string& out);
std::string dumpText(const Json& value);

}  // namespace ms

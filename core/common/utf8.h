#pragma once
// UTF-8 encoding shared by the readers of JSON text (common/json_parse.cpp,
// schema/text_reader.cpp), which both decode \u escapes.
#include <cstdint>
#include <string>

namespace ms {

// Appends the UTF-8 form of the code point `code` (at most U+10FFFF).
void appendUtf8(std::string& out, std::uint32_t code);

}  // namespace ms

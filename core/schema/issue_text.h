#pragma once
// The words of validation issues, in Zod's style ("Invalid input: expected
// number, received string"), so apps moving from Zod keep their messages.
#include <cstdint>
#include <string>
#include <vector>

#include "schema/schema_node.h"

namespace ms::schema {

// Shortest text that reads back as the same double, like JS's Number#toString.
std::string formatNumber(double x);
// "number", or "null|string" for several types.
std::string typeNames(std::uint8_t types);
// Values as JSON joined by `separator`: "a"|"b".
std::string quotedList(const std::vector<Json>& values, const char* separator);

}  // namespace ms::schema

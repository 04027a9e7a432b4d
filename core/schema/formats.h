#pragma once
// The `format` values this validator enforces, checked in the core from
// their RFCs (no regular expressions): a format that is named but not
// enforced would be a promise not kept, so others are refused.
#include <optional>
#include <string>
#include <string_view>

namespace ms::schema {

enum class Format : unsigned char { None, Email, Uri, Uuid, Date, Time, DateTime, Ipv4, Ipv6, Hostname };

std::optional<Format> formatNamed(std::string_view name);
const char* formatName(Format format);
bool matchesFormat(Format format, std::string_view text);
// The message Zod gives for a string not in the format.
std::string formatMessage(Format format);

}  // namespace ms::schema

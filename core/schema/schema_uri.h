#pragma once
// The URI arithmetic of $id and $ref: resolving a reference against a base
// (RFC 3986 §5.2) and reading a fragment as a JSON pointer (RFC 6901), which
// in a URI is percent-encoded ("#/$defs/a%25b" names the key "a%b").
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ms::schema {

// `reference` made absolute against `base`; its fragment is kept as written.
std::string resolveUri(std::string_view base, std::string_view reference);

struct UriParts {
  std::string withoutFragment;
  std::string fragment;  // still percent-encoded; empty when there is none
};
UriParts splitFragment(std::string_view uri);

// nullopt when a '%' is not followed by two hex digits.
std::optional<std::string> percentDecode(std::string_view text);

// "/a~1b/c" → {"a/b", "c"}; nullopt when it is not a JSON pointer.
std::optional<std::vector<std::string>> pointerTokens(std::string_view pointer);
// The tokens written back as a pointer, escaped, so equal places have equal text.
std::string pointerText(const std::vector<std::string>& tokens);

}  // namespace ms::schema

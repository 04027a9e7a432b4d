#include "schema/schema_uri.h"

#include <cctype>

namespace ms::schema {
namespace {

struct Reference {
  std::optional<std::string> scheme, authority, query, fragment;
  std::string path;
};

Reference parse(std::string_view text) {
  Reference out;
  std::size_t colon = text.find(':');
  std::size_t stop = text.find_first_of("/?#");
  if (colon != std::string_view::npos && colon > 0 && (stop == std::string_view::npos || colon < stop) &&
      std::isalpha(static_cast<unsigned char>(text[0]))) {
    bool valid = true;
    for (std::size_t i = 1; i < colon; ++i) {
      char c = text[i];
      valid = valid && (std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.');
    }
    if (valid) {
      out.scheme = std::string(text.substr(0, colon));
      text.remove_prefix(colon + 1);
    }
  }
  if (std::size_t hash = text.find('#'); hash != std::string_view::npos) {
    out.fragment = std::string(text.substr(hash + 1));
    text = text.substr(0, hash);
  }
  if (std::size_t question = text.find('?'); question != std::string_view::npos) {
    out.query = std::string(text.substr(question + 1));
    text = text.substr(0, question);
  }
  if (text.starts_with("//")) {
    std::size_t slash = text.find('/', 2);
    out.authority = std::string(text.substr(2, slash == std::string_view::npos ? std::string_view::npos : slash - 2));
    text = slash == std::string_view::npos ? std::string_view() : text.substr(slash);
  }
  out.path = std::string(text);
  return out;
}

// RFC 3986 §5.2.4: "a/./b/../c" → "a/c".
std::string removeDotSegments(std::string input) {
  std::string output;
  while (!input.empty()) {
    if (input.starts_with("../")) input.erase(0, 3);
    else if (input.starts_with("./")) input.erase(0, 2);
    else if (input.starts_with("/./")) input.erase(0, 2);
    else if (input == "/.") input = "/";
    else if (input.starts_with("/../") || input == "/..") {
      input = input == "/.." ? "/" : input.substr(3);
      std::size_t last = output.rfind('/');
      output.erase(last == std::string::npos ? 0 : last);
    } else if (input == "." || input == "..") input.clear();
    else {
      std::size_t next = input.find('/', input[0] == '/' ? 1 : 0);
      output += input.substr(0, next);
      input.erase(0, next == std::string::npos ? input.size() : next);
    }
  }
  return output;
}

std::string text(const Reference& r) {
  std::string out;
  if (r.scheme) out += *r.scheme + ":";
  if (r.authority) out += "//" + *r.authority;
  out += r.path;
  if (r.query) out += "?" + *r.query;
  if (r.fragment) out += "#" + *r.fragment;
  return out;
}

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string resolveUri(std::string_view baseText, std::string_view referenceText) {
  Reference base = parse(baseText), ref = parse(referenceText), target;
  if (ref.scheme) {
    target = ref;
    target.path = removeDotSegments(ref.path);
  } else {
    if (ref.authority) {
      target.authority = ref.authority;
      target.path = removeDotSegments(ref.path);
      target.query = ref.query;
    } else {
      if (ref.path.empty()) {
        target.path = base.path;
        target.query = ref.query ? ref.query : base.query;
      } else {
        if (ref.path[0] == '/') {
          target.path = removeDotSegments(ref.path);
        } else {
          std::string merged;
          if (base.authority && base.path.empty()) merged = "/" + ref.path;
          else {
            std::size_t slash = base.path.rfind('/');
            merged = (slash == std::string::npos ? "" : base.path.substr(0, slash + 1)) + ref.path;
          }
          target.path = removeDotSegments(merged);
        }
        target.query = ref.query;
      }
      target.authority = base.authority;
    }
    target.scheme = base.scheme;
  }
  target.fragment = ref.fragment;
  return text(target);
}

UriParts splitFragment(std::string_view uri) {
  std::size_t hash = uri.find('#');
  if (hash == std::string_view::npos) return {std::string(uri), ""};
  return {std::string(uri.substr(0, hash)), std::string(uri.substr(hash + 1))};
}

std::optional<std::string> percentDecode(std::string_view input) {
  std::string out;
  for (std::size_t i = 0; i < input.size(); ++i) {
    if (input[i] != '%') {
      out += input[i];
      continue;
    }
    if (i + 2 >= input.size()) return std::nullopt;
    int high = hexDigit(input[i + 1]), low = hexDigit(input[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

std::optional<std::vector<std::string>> pointerTokens(std::string_view pointer) {
  std::vector<std::string> tokens;
  if (pointer.empty()) return tokens;
  if (pointer[0] != '/') return std::nullopt;
  std::string token;
  for (std::size_t i = 1; i <= pointer.size(); ++i) {
    if (i == pointer.size() || pointer[i] == '/') {
      tokens.push_back(std::move(token));
      token.clear();
    } else if (pointer[i] == '~') {
      if (i + 1 >= pointer.size() || (pointer[i + 1] != '0' && pointer[i + 1] != '1')) return std::nullopt;
      token += pointer[++i] == '0' ? '~' : '/';
    } else {
      token += pointer[i];
    }
  }
  return tokens;
}

std::string pointerText(const std::vector<std::string>& tokens) {
  std::string out;
  for (const auto& token : tokens) {
    out += '/';
    for (char c : token) {
      if (c == '~') out += "~0";
      else if (c == '/') out += "~1";
      else out += c;
    }
  }
  return out;
}

}  // namespace ms::schema

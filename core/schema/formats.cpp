#include "schema/formats.h"

#include <cctype>
#include <cstring>
#include <vector>

namespace ms::schema {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isHex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
bool isAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 && static_cast<unsigned char>(c) < 0x80; }

// `count` digits at `at`, as a number; -1 when they are not all digits.
int digits(std::string_view text, std::size_t at, std::size_t count) {
  if (at + count > text.size()) return -1;
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (!isDigit(text[i])) return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// RFC 3339 full-date: YYYY-MM-DD, a day that exists.
bool isDate(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return false;
  int year = digits(t, 0, 4), month = digits(t, 5, 2), day = digits(t, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap);
}

// RFC 3339 full-time: HH:MM:SS[.frac](Z|±HH:MM); a leap second only at 23:59:60 UTC.
bool isTime(std::string_view t) {
  if (t.size() < 9 || t[2] != ':' || t[5] != ':') return false;
  int hour = digits(t, 0, 2), minute = digits(t, 3, 2), second = digits(t, 6, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return false;
  std::size_t at = 8;
  if (at < t.size() && t[at] == '.') {
    std::size_t start = ++at;
    while (at < t.size() && isDigit(t[at])) ++at;
    if (at == start) return false;
  }
  int offsetMinutes = 0;
  if (at < t.size() && (t[at] == 'Z' || t[at] == 'z')) {
    ++at;
  } else {
    if (at + 6 != t.size() || (t[at] != '+' && t[at] != '-') || t[at + 3] != ':') return false;
    int offsetHour = digits(t, at + 1, 2), offsetMinute = digits(t, at + 4, 2);
    if (offsetHour < 0 || offsetHour > 23 || offsetMinute < 0 || offsetMinute > 59) return false;
    offsetMinutes = (t[at] == '+' ? 1 : -1) * (offsetHour * 60 + offsetMinute);
    at += 6;
  }
  if (at != t.size()) return false;
  if (second == 60) {
    int utc = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440;
    return utc == 23 * 60 + 59;
  }
  return true;
}

bool isDateTime(std::string_view t) {
  return t.size() > 11 && (t[10] == 'T' || t[10] == 't') && isDate(t.substr(0, 10)) && isTime(t.substr(11));
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t next = text.find(separator, start);
    parts.push_back(text.substr(start, next == std::string_view::npos ? std::string_view::npos : next - start));
    if (next == std::string_view::npos) return parts;
    start = next + 1;
  }
}

// Dotted decimal, four parts 0-255, no leading zeros.
bool isIpv4(std::string_view t) {
  auto parts = split(t, '.');
  if (parts.size() != 4) return false;
  for (auto part : parts) {
    if (part.empty() || part.size() > 3 || (part.size() > 1 && part[0] == '0')) return false;
    int value = digits(part, 0, part.size());
    if (value < 0 || value > 255) return false;
  }
  return true;
}

// RFC 4291 §2.2: eight groups of 1-4 hex digits, one "::" for a run of zero
// groups, and the last two groups may be written as an IPv4 address.
bool isIpv6(std::string_view t) {
  std::size_t gap = t.find("::");
  if (gap != std::string_view::npos && t.find("::", gap + 1) != std::string_view::npos) return false;
  auto countGroups = [](std::string_view part, bool last, int& groups) {
    if (part.empty()) return true;
    auto pieces = split(part, ':');
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      auto piece = pieces[i];
      if (last && i + 1 == pieces.size() && piece.find('.') != std::string_view::npos) {
        if (!isIpv4(piece)) return false;
        groups += 2;
        continue;
      }
      if (piece.empty() || piece.size() > 4) return false;
      for (char c : piece) {
        if (!isHex(c)) return false;
      }
      ++groups;
    }
    return true;
  };
  int groups = 0;
  if (gap == std::string_view::npos) return countGroups(t, true, groups) && groups == 8;
  return countGroups(t.substr(0, gap), false, groups) && countGroups(t.substr(gap + 2), true, groups) && groups <= 7;
}

// RFC 1123 host names: dot-separated labels of letters, digits and inner
// hyphens, each 1-63 characters, 253 in all.
bool isHostname(std::string_view t) {
  if (t.empty() || t.size() > 253) return false;
  for (auto label : split(t, '.')) {
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      if (!isAlnum(c) && c != '-') return false;
    }
  }
  return true;
}

bool isUuid(std::string_view t) {
  if (t.size() != 36) return false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? t[i] != '-' : !isHex(t[i])) return false;
  }
  return true;
}

// RFC 5321 mailbox: a dot-atom or quoted local part, @, and a host name or
// an address literal ([192.0.2.1], [IPv6:…]).
bool isEmail(std::string_view t) {
  std::size_t at = t.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == t.size() || at > 64) return false;
  std::string_view local = t.substr(0, at), domain = t.substr(at + 1);
  if (local.size() >= 2 && local.front() == '"' && local.back() == '"') {
    for (std::size_t i = 1; i + 1 < local.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(local[i]);
      if (c == '\\') {
        if (++i + 1 >= local.size()) return false;
      } else if (c == '"' || c < 0x20 || c == 0x7f) {
        return false;
      }
    }
  } else {
    for (auto atom : split(local, '.')) {
      if (atom.empty()) return false;
      for (char c : atom) {
        if (!isAlnum(c) && !std::strchr("!#$%&'*+-/=?^_`{|}~", c)) return false;
      }
    }
  }
  if (domain.size() > 2 && domain.front() == '[' && domain.back() == ']') {
    std::string_view literal = domain.substr(1, domain.size() - 2);
    if (literal.starts_with("IPv6:")) return isIpv6(literal.substr(5));
    return isIpv4(literal);
  }
  return isHostname(domain);
}

// RFC 3986 absolute URI: a scheme, then only characters a URI may hold
// (percent escapes complete), at most one '#', and a well-formed authority.
bool isUri(std::string_view t) {
  std::size_t colon = t.find(':');
  if (colon == std::string_view::npos || colon == 0 || !std::isalpha(static_cast<unsigned char>(t[0]))) return false;
  for (std::size_t i = 1; i < colon; ++i) {
    if (!isAlnum(t[i]) && t[i] != '+' && t[i] != '-' && t[i] != '.') return false;
  }
  bool fragment = false;
  for (std::size_t i = colon + 1; i < t.size(); ++i) {
    char c = t[i];
    if (c == '%') {
      if (i + 2 >= t.size() || !isHex(t[i + 1]) || !isHex(t[i + 2])) return false;
      i += 2;
    } else if (c == '#') {
      if (fragment) return false;
      fragment = true;
    } else if (!isAlnum(c) && !std::strchr("-._~:/?[]@!$&'()*+,;=", c)) {
      return false;
    }
  }
  std::string_view rest = t.substr(colon + 1);
  if (rest.starts_with("//")) {
    std::string_view authority = rest.substr(2, rest.find_first_of("/?#", 2) - 2);
    std::size_t userEnd = authority.rfind('@');
    std::string_view host = userEnd == std::string_view::npos ? authority : authority.substr(userEnd + 1);
    if (host.starts_with("[")) {
      std::size_t close = host.find(']');
      if (close == std::string_view::npos) return false;
      host = host.substr(close + 1);
      if (!host.empty() && host[0] != ':') return false;
    } else if (host.find_first_of("[]") != std::string_view::npos) {
      return false;
    }
    std::size_t port = host.rfind(':');
    if (port != std::string_view::npos) {
      for (char c : host.substr(port + 1)) {
        if (!isDigit(c)) return false;
      }
    }
  }
  return true;
}

struct Named {
  const char* name;
  Format format;
  const char* message;
};
constexpr Named kFormats[] = {
    {"email", Format::Email, "Invalid email address"},   {"uri", Format::Uri, "Invalid URL"},
    {"uuid", Format::Uuid, "Invalid UUID"},              {"date", Format::Date, "Invalid ISO date"},
    {"time", Format::Time, "Invalid ISO time"},          {"date-time", Format::DateTime, "Invalid ISO datetime"},
    {"ipv4", Format::Ipv4, "Invalid IPv4 address"},      {"ipv6", Format::Ipv6, "Invalid IPv6 address"},
    {"hostname", Format::Hostname, "Invalid hostname"},
};

}  // namespace

std::optional<Format> formatNamed(std::string_view name) {
  for (const auto& entry : kFormats) {
    if (name == entry.name) return entry.format;
  }
  return std::nullopt;
}

const char* formatName(Format format) {
  for (const auto& entry : kFormats) {
    if (entry.format == format) return entry.name;
  }
  return "";
}

std::string formatMessage(Format format) {
  for (const auto& entry : kFormats) {
    if (entry.format == format) return entry.message;
  }
  return "";
}

bool matchesFormat(Format format, std::string_view text) {
  switch (format) {
    case Format::None: return true;
    case Format::Email: return isEmail(text);
    case Format::Uri: return isUri(text);
    case Format::Uuid: return isUuid(text);
    case Format::Date: return isDate(text);
    case Format::Time: return isTime(text);
    case Format::DateTime: return isDateTime(text);
    case Format::Ipv4: return isIpv4(text);
    case Format::Ipv6: return isIpv6(text);
    case Format::Hostname: return isHostname(text);
  }
  return false;
}

}  // namespace ms::schema

#include "graph/ownership.h"

#include "common/input_error.h"
#include "common/json_fields.h"
#include "graph/graph_value.h"
#include "identity/field_signature.h"

namespace ms::graph {

std::string userSoul(const std::string& pub) { return std::string(kUserSpacePrefix) + pub; }
std::string aliasSoul(const std::string& alias) { return std::string(kAliasListPrefix) + alias; }

bool isAliasList(const std::string& soul) { return soul.size() > kAliasListPrefix.size() && soul.starts_with(kAliasListPrefix); }

std::string ownerOf(const std::string& soul) {
  const std::size_t start = kUserSpacePrefix.size();
  if (soul.size() <= start || !soul.starts_with(kUserSpacePrefix) || soul.starts_with(kAliasListPrefix)) return "";
  std::size_t slash = soul.find('/');
  return soul.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
}

namespace {

bool signedBy(const Write& write, const std::string& pub) {
  return !write.data.signature.empty() &&
         identity::verifyWrite({write.soul, write.field, write.data.value, write.data.state, pub}, write.data.signature);
}

}  // namespace

void checkWrite(const Write& write) {
  const std::string where = fieldPath(write.soul, write.field);
  if (isAliasList(write.soul)) {
    const Json& value = write.data.value;
    // An entry links a pub to its space, or is null once the account is deleted.
    if (!value.is_null() && (!isLink(value) || linkedSoul(value) != userSoul(write.field))) {
      throwRangeError(where, "write refused: an alias entry must link a pub to its own space");
    }
    if (!signedBy(write, write.field)) throwRangeError(where, "write refused: an alias entry must be signed by the pub it adds");
    return;
  }
  std::string owner = ownerOf(write.soul);
  if (owner.empty()) return;
  if (write.data.signature.empty()) throwRangeError(where, "write refused: unsigned write into the space of " + owner);
  if (!signedBy(write, owner)) throwRangeError(where, "write refused: not signed by " + owner + ", who owns this space");
}

}  // namespace ms::graph

#pragma once
// Who may write where. Ownership comes from the soul's name, never from who
// wrote first: "~<pub>" and "~<pub>/…" belong to pub, and every field there
// must carry pub's signature. "~@<alias>" lists the pubs that took an alias:
// each may only add itself (field = its pub, value = a link to "~<pub>",
// signed by it). A list has no entry cap: a cap would let strangers' keys
// fill it and lock the alias's owner out. Its bytes are public writes,
// bounded like them; sign-in copes with any number of entries
// (identity/alias_sign_in.h).
// Everything else is public: anyone may write, HAM decides.
#include <cstddef>
#include <string>
#include <string_view>

#include "graph/graph.h"

namespace ms::graph {

// How these souls are named (tools/boundary generates the prefixes for the
// JS side): a user's space is kUserSpacePrefix + pub, an alias list
// kAliasListPrefix + alias.
inline constexpr std::string_view kUserSpacePrefix = "~";
inline constexpr std::string_view kAliasListPrefix = "~@";
std::string userSoul(const std::string& pub);
std::string aliasSoul(const std::string& alias);

// The pub that owns `soul`, or "" for public souls and alias lists.
std::string ownerOf(const std::string& soul);
bool isAliasList(const std::string& soul);

// Checks a write that came from another peer; throws ms::InputError saying
// why it is refused (unsigned, wrong signer, bad alias entry).
void checkWrite(const Write& write);

}  // namespace ms::graph

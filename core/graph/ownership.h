#pragma once
// Who may write where. Ownership comes from the soul's name, never from who
// wrote first: "~<pub>" and "~<pub>/…" belong to pub, and every field there
// must carry pub's signature. "~@<alias>" lists the pubs that took an alias:
// each may only add itself (field = its pub, value = a link to "~<pub>",
// signed by it), and a list holds a bounded number of entries.
// Everything else is public: anyone may write, HAM decides.
#include <cstddef>
#include <string>

#include "graph/graph.h"

namespace ms::graph {

constexpr std::size_t kMaxAliasEntries = 16;

// The pub that owns `soul`, or "" for public souls and alias lists.
std::string ownerOf(const std::string& soul);
bool isAliasList(const std::string& soul);

// Checks a write that came from another peer; throws ms::InputError saying
// why it is refused (unsigned, wrong signer, bad alias entry, full list).
// `graph` is consulted for the alias list's current size.
void checkWrite(const Write& write, const Graph& graph);

}  // namespace ms::graph

// How a graph is kept by a storage adapter: one entry per field, so a write
// stores only what changed (a node with 100,000 fields is never rewritten
// whole). Key: JSON [soul, field]. Value: JSON [value, state, signature?].
export function entriesOfPartialGraph(partial) {
  const entries = [];
  for (const [soul, node] of Object.entries(partial)) {
    const meta = node._;
    for (const field of Object.keys(node)) {
      if (field === '_') continue;
      const signature = meta.s?.[field];
      const stored = signature ? [node[field], meta['>'][field], signature] : [node[field], meta['>'][field]];
      entries.push([JSON.stringify([soul, field]), JSON.stringify(stored)]);
    }
  }
  return entries;
}

// The stored entries as one partial graph. Entries that do not parse are
// reported to `onBadEntry` and left out (the core checks the rest).
export function partialGraphOfEntries(entries, onBadEntry) {
  const partial = {};
  for (const [key, text] of entries) {
    try {
      const [soul, field] = JSON.parse(key);
      const [value, state, signature] = JSON.parse(text);
      const node = (partial[soul] ??= { _: { '#': soul, '>': {} } });
      node[field] = value;
      node._['>'][field] = state;
      if (signature) (node._.s ??= {})[field] = signature;
    } catch (error) {
      onBadEntry(key, error);
    }
  }
  return partial;
}

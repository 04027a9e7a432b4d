// Discovery: a small public list of who takes part, so people can find and
// pick each other by name. It lives at one well-known node of the graph:
//   mutual-store-demo/participants/<pub> = {alias, pub, at}
// This is a demo convenience, not a trust anchor: the node is public and
// anyone can write (or overwrite) entries in it. The data that matters for
// allocation, recognition weights and commitments, is signed in each user's
// own space, so a forged entry can at worst show a wrong name next to a pub.
const DIRECTORY = 'mutual-store-demo/participants';

/** Adds (or refreshes) me in the directory; resolves when written locally. */
export function announce(peer, { alias, pub }) {
  return peer.get(DIRECTORY).next(pub).put({ alias, pub, at: Date.now() });
}

/** Takes an entry out (null deletes a field in the graph). */
export function withdraw(peer, pub) {
  return peer.get(DIRECTORY).next(pub).put(null);
}

// Anyone can write here, so only well-formed entries filed under their own
// pub are listed. A link can also arrive before the entry it points to
// (it then reads as null): that entry shows up with the next update.
function validEntries(value) {
  const entries = [];
  if (!value || typeof value !== 'object') return entries;
  for (const [key, entry] of Object.entries(value)) {
    if (!entry || typeof entry !== 'object') continue;
    const { alias, pub, at } = entry;
    if (pub !== key || typeof alias !== 'string' || alias === '' || typeof at !== 'number') continue;
    entries.push({ alias: alias.slice(0, 64), pub, at });
  }
  return entries.sort((a, b) => a.alias.localeCompare(b.alias) || a.pub.localeCompare(b.pub));
}

/** Calls `onChange(entries)` now and whenever the directory changes; returns off(). */
export function followDirectory(peer, onChange) {
  return peer.get(DIRECTORY).on((value) => onChange(validEntries(value)), { get: true });
}

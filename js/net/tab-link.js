// Tabs of one browser whose peers share a storage (the same name on
// IndexedDB or localStorage) see each other's changes as they happen: every
// change is posted on a BroadcastChannel and the other tabs merge it like
// data from any peer (checked, signatures verified). Stored data needs no
// exchange: a tab that opens later loads it from the shared storage.

/** Whether peers on this storage spec share it across tabs (and can say so). */
export function sharesStorageAcrossTabs(storageSpec) {
  return (storageSpec === 'indexeddb' || storageSpec === 'localstorage') && typeof BroadcastChannel === 'function';
}

/**
 * Opens the channel for `channelName`; `deliver(partialGraphText)` gets what
 * other tabs post. Returns {send(partialGraph), close()}.
 */
export function openTabLink(channelName, deliver) {
  const channel = new BroadcastChannel(channelName);
  channel.onmessage = (event) => {
    if (typeof event.data === 'string') deliver(event.data); // anything else is not ours
  };
  return {
    send: (partialGraph) => channel.postMessage(JSON.stringify(partialGraph)),
    close: () => channel.close(),
  };
}

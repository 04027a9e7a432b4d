// Closing the participants of a live-allocation test (each {peer, net}).

// One participant leaves: its loops and stores stop, its peer closes (once).
export async function leave(person) {
  if (person.left) return;
  person.left = true;
  await person.net.cleanupAllocationStores();
  await person.peer.close();
}

// Everything a test starts is closed after it, even when an assertion has
// failed: a loop's timer or an open socket left behind keeps the test
// process alive for ever. `people` may still grow after this call.
export function closeAfter(t, relay, people) {
  t.after(async () => {
    const problems = [];
    const attempt = async (close) => {
      try {
        await close();
      } catch (error) {
        problems.push(error);
      }
    };
    for (const person of people) await attempt(() => leave(person));
    await attempt(() => relay.close());
    if (problems.length > 0) throw problems[0];
  });
}

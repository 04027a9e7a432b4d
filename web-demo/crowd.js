// The simulated crowd: a few participants that live in this page but join
// the network exactly as a person would, each with its own peer (its own
// connection to the relay), its own user and its own allocation loop. So
// one person can watch a network allocate and converge without friends.
import { joinNetwork, CAPACITY_ID } from './live-network.js';
import { buildCommitment } from './live-inputs.js';

export const DEFAULT_CROWD_SIZE = 5;

const randomName = () => Math.random().toString(36).slice(2, 6);

/**
 * Adds `size` members; each recognises one to three others among the crowd
 * and the person `realPub` (always the first member, then by chance).
 * Resolves to {members: [{alias, pub, net, loop}], remove()}.
 */
export async function createCrowd({ relayUrl, size, realPub, roundMs, onError }) {
  if (!Number.isInteger(size) || size < 1 || size > 20) throw new RangeError(`crowd size must be a whole number from 1 to 20 (got ${size})`);
  const joined = await Promise.allSettled(Array.from({ length: size }, () => joinNetwork({
    relayUrl,
    alias: `crowd-${randomName()}`,
    password: crypto.randomUUID(), // nobody signs in as them again
    create: true,
    // In memory (gone with the page), cheap passwords, and relays only:
    // direct WebRTC channels between members of one page would be pure cost.
    peerOptions: { storage: 'memory', passwordCost: 'test', webrtc: false },
    roundMs,
    onError,
  })));
  const members = joined.filter((r) => r.status === 'fulfilled').map((r) => r.value);
  const failed = joined.find((r) => r.status === 'rejected');
  if (failed) {
    await Promise.allSettled(members.map((m) => m.leave({ unlist: true })));
    throw failed.reason;
  }

  members.forEach((member, i) => {
    const others = members.filter((m) => m !== member).map((m) => m.pub);
    const chosen = pick(others, 1 + Math.floor(Math.random() * Math.min(3, others.length || 1)));
    if (realPub && (i === 0 || Math.random() < 0.5)) chosen.push(realPub);
    if (chosen.length === 0 && realPub) chosen.push(realPub);
    const raw = chosen.map(() => 0.2 + Math.random());
    const sum = raw.reduce((a, b) => a + b, 0);
    if (chosen.length) member.net.myRecognitionWeightsStore.set(Object.fromEntries(chosen.map((pub, k) => [pub, raw[k] / sum])));
    // Needs of 100–900; every other member also has 400–1600 to give.
    const need = 100 * (1 + Math.floor(Math.random() * 9));
    const capacity = i % 2 === 0 ? 100 * (4 + Math.floor(Math.random() * 13)) : undefined;
    member.net.myCommitmentStore.set(buildCommitment({ need, capacity, attributes: {}, filter: {} }, CAPACITY_ID));
  });

  return {
    members,
    async remove() {
      const results = await Promise.allSettled(members.map((m) => m.leave({ unlist: true })));
      const failure = results.find((r) => r.status === 'rejected');
      if (failure) throw failure.reason;
    },
  };
}

// `count` different entries of `list`, in random order.
function pick(list, count) {
  const copy = [...list];
  const chosen = [];
  while (chosen.length < count && copy.length) chosen.push(copy.splice(Math.floor(Math.random() * copy.length), 1)[0]);
  return chosen;
}

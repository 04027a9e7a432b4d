// Keeps the subscriptions equal to what the groups need. The groups come
// from the live network in the core (LiveNetwork::groups), fed with my
// weights and everyone's as they arrive; they are read again after every
// change of weights, since any weights can move someone between groups. The
// algorithm's subscriptions are held as owner 'algorithm', so letting go of
// one never drops a subscription the app made by hand.
import { emptyGroups, wantedKinds } from './subscription-groups.js';

const OWNER = 'algorithm';

export function followAlgorithm({ subscriptions, feed }) {
  let groups = emptyGroups();
  let held = new Map(); // pub → kinds held for the algorithm
  const excluded = new Set(); // unsubscribed by hand: left alone until subscribed by hand again
  let working = false;
  let again = false;

  function reconcile() {
    groups = { ...feed.live.groups(), mr: feed.live.mutualRecognition() };
    const wanted = wantedKinds(groups, excluded);
    for (const [pub, kinds] of held) {
      for (const kind of kinds) if (!wanted.get(pub)?.has(kind)) subscriptions.release(kind, pub, OWNER);
    }
    for (const [pub, kinds] of wanted) for (const kind of kinds) subscriptions.subscribe(kind, pub, OWNER);
    held = wanted;
  }

  // Changing subscriptions changes the maps, which asks for another pass;
  // run passes one after another instead of inside each other.
  function update() {
    if (working) {
      again = true;
      return;
    }
    working = true;
    try {
      do {
        again = false;
        reconcile();
      } while (again);
    } finally {
      working = false;
    }
  }

  const offChange = feed.onChange(update, ['myWeights', 'recognitionWeights']);
  update();

  return {
    groups: () => groups,
    /** Leaves `pub` out of the groups' subscriptions (the app is unsubscribing from it). */
    exclude(pub) {
      excluded.add(pub);
      update();
    },
    /** The app asked for `pub` again: it may be in the groups again. */
    include(pub) {
      if (excluded.delete(pub)) update();
    },
    stop() {
      offChange();
      for (const [pub, kinds] of held) for (const kind of kinds) subscriptions.release(kind, pub, OWNER);
      held = new Map();
      groups = emptyGroups();
    },
  };
}

// Which participants the allocation needs, and what it needs from each,
// worked out from recognition alone.
//
//   mutual        MR(me, X) > 0               everything (full participant)
//   beneficiaries I recognise X, MR = 0       commitment (their residual need)
//   providers     X recognises me, MR = 0     commitment and allocation state
//   coordinators  all of the above            round state
//
// The groups themselves are worked out in the core (LiveNetwork::groups);
// here only what each group needs and which subscriptions follow from it.
// Recognition weights are followed for everyone in a group: for those I
// recognise, to see whether they recognise me back (MR); for providers, to
// notice when they stop. A provider I do not recognise can only be found
// once its weights are here, i.e. once someone named it (see index.js).
import { createLiveNetwork } from './live-network.js';

export const NEEDS = Object.freeze({
  mutual: ['commitments', 'allocationStates', 'recognitionWeights', 'roundStates'],
  beneficiaries: ['commitments', 'recognitionWeights', 'roundStates'],
  providers: ['commitments', 'allocationStates', 'recognitionWeights', 'roundStates'],
});

export function emptyGroups() {
  return { mutual: [], beneficiaries: [], providers: [], coordinators: [], mr: {} };
}

/** The groups of `myPub` given my weights and the weights received so far (pub → weights), from the core. */
export function deriveGroups(myPub, myWeights, networkWeights) {
  if (!myWeights) return emptyGroups();
  const live = createLiveNetwork(myPub);
  try {
    live.setMyWeights(myWeights);
    for (const [pub, weights] of Object.entries(networkWeights)) if (pub !== myPub) live.setRecognitionWeights(pub, weights);
    return { ...live.groups(), mr: live.mutualRecognition() };
  } finally {
    live.destroy();
  }
}

/** pub → the kinds of data the groups need from it. */
export function wantedKinds(groups, excluded = new Set()) {
  const wanted = new Map();
  for (const group of ['mutual', 'beneficiaries', 'providers']) {
    for (const pub of groups[group]) if (!excluded.has(pub)) wanted.set(pub, new Set(NEEDS[group]));
  }
  return wanted;
}

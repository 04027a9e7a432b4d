// Which participants the allocation needs, and what it needs from each,
// worked out from recognition alone (pure: no network here).
//
//   mutual        MR(me, X) > 0               everything (full participant)
//   beneficiaries I recognise X, MR = 0       commitment (their residual need)
//   providers     X recognises me, MR = 0     commitment and allocation state
//   coordinators  all of the above            round state
//
// Coordinators are everyone whose commitment we follow because the round
// rule (shouldAdvanceRound) counts every fresh commitment as an active
// participant: one we had no round state for would always count as behind.
// Recognition weights are followed for everyone in a group: for those I
// recognise, to see whether they recognise me back (MR); for providers, to
// notice when they stop. A provider I do not recognise can only be found
// once its weights are here, i.e. once someone named it (see index.js).
import { computeAllMutualRecognition } from '../allocation-engine.js';
import { ownValue } from '../own-keys.js';

export const NEEDS = Object.freeze({
  mutual: ['commitments', 'allocationStates', 'recognitionWeights', 'roundStates'],
  beneficiaries: ['commitments', 'recognitionWeights', 'roundStates'],
  providers: ['commitments', 'allocationStates', 'recognitionWeights', 'roundStates'],
});

export function emptyGroups() {
  return { mutual: [], beneficiaries: [], providers: [], coordinators: [], mr: {} };
}

/** The groups of `myPub` given my weights and the weights received so far (pub → weights). */
export function deriveGroups(myPub, myWeights, networkWeights) {
  const groups = emptyGroups();
  if (!myWeights) return groups;
  const mr = computeAllMutualRecognition(myPub, myWeights, networkWeights);
  for (const [pub, value] of Object.entries(mr)) {
    if (pub === myPub) continue; // self-recognition needs no subscription
    if (value > 0) groups.mutual.push(pub);
    else if ((ownValue(myWeights, pub) ?? 0) > 0) groups.beneficiaries.push(pub);
    else if ((ownValue(ownValue(networkWeights, pub), myPub) ?? 0) > 0) groups.providers.push(pub);
  }
  groups.coordinators = [...groups.mutual, ...groups.beneficiaries, ...groups.providers];
  groups.mr = mr;
  return groups;
}

/** pub → the kinds of data the groups need from it. */
export function wantedKinds(groups, excluded = new Set()) {
  const wanted = new Map();
  for (const group of ['mutual', 'beneficiaries', 'providers']) {
    for (const pub of groups[group]) if (!excluded.has(pub)) wanted.set(pub, new Set(NEEDS[group]));
  }
  return wanted;
}

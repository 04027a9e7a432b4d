// Constants of the allocation algorithm (spec: allocation.md).
export const DENOMINATOR_FLOOR = 0.0001;
export const CONVERGENCE_EPSILON = 0.001;
export const STALE_THRESHOLD_MS = 60000;
export const ROUND_GOSSIP_INTERVAL_MS = 5000;
export const ROUND_ADVANCEMENT_THRESHOLD = 0.5;

#pragma once
// States for local writes: a hybrid logical clock whose reading is one
// double, in milliseconds since the epoch.
//
// Representation: while the wall clock moves forward, a state is the wall
// time itself. When it does not (many writes in one millisecond, or the
// wall clock stepped back), the clock counts on in the fraction: each write
// adds 1/1024 ms, which doubles represent exactly at today's magnitudes
// (about 1.7e12 ms, where a double resolves 2^-12 ms; exact until 2^43 ms,
// the year 2248). So the logical counter
// lives in the low bits and the state still reads as a time, which is what
// HAM's future window compares against. After 1024 writes in one
// millisecond the clock runs 1 ms ahead of the wall clock until the wall
// clock catches up; HamLimits::toleranceMs keeps such states applying at
// once on other peers. At magnitudes where 1/1024 ms is below a double's
// resolution the clock steps to the next representable double instead, so
// it is strictly increasing for every finite reading.
namespace ms::graph {

class HybridClock {
 public:
  // The state for a write made at wall time `now` (finite, else RangeError):
  // greater than every state this clock has returned or observed.
  double next(double now);
  // Moves the clock past a state accepted from elsewhere, so our next write
  // orders after what we have seen. Non-finite states are ignored.
  void observe(double state);
  // The same for a state received from a peer: it counts only when it is
  // within `toleranceMs` of `now`. A state further ahead would be deferred
  // or dropped by HAM, and following it would push our own writes into the
  // future where other peers defer or drop them.
  void observe(double state, double now, double toleranceMs);
  double last() const { return last_; }

 private:
  double last_ = 0;
};

}  // namespace ms::graph

#pragma once
// States for local writes: milliseconds since the epoch, but strictly
// increasing even for many writes in one millisecond or when the wall clock
// steps back (a hybrid logical clock). Within a millisecond the state grows
// by 1/1024 ms, which doubles represent exactly at today's magnitudes.
namespace ms::graph {

class HybridClock {
 public:
  // The state for a write made at wall time `now`.
  double next(double now);
  // Moves the clock past a state accepted from elsewhere, so our next write
  // orders after what we have seen.
  void observe(double state);
  double last() const { return last_; }

 private:
  double last_ = 0;
};

}  // namespace ms::graph

// Counter-based random numbers: a value is a pure function of (seed, stream,
// index), so parallel code draws the same numbers on any thread count and a
// unit's numbers do not depend on the order units are visited.
//
// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number
// generators", OOPSLA 2014) is the mixing function; it passes BigCrush when
// used on a counter, and is what xoshiro's authors recommend for seeding.
#ifndef JOBIMPACT_BASE_HASH_RANDOM_H_
#define JOBIMPACT_BASE_HASH_RANDOM_H_

#include <cmath>
#include <cstdint>

namespace jobimpact {

inline uint64_t SplitMix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A stream of uniforms and normals indexed by a counter.
class HashStream {
 public:
  HashStream(uint64_t seed, uint64_t stream)
      : key_(SplitMix64(seed * 0x2545f4914f6cdd1dULL + stream)) {}
  // Uniform in [0, 1) from the top 53 bits.
  double Uniform(uint64_t i) const {
    return static_cast<double>(SplitMix64(key_ + i * 0x9e3779b97f4a7c15ULL) >>
                               11) *
           0x1.0p-53;
  }
  // Standard normal by Box-Muller on the uniforms 2i and 2i + 1.
  double Normal(uint64_t i) const {
    const double u1 = 1.0 - Uniform(2 * i);
    const double u2 = Uniform(2 * i + 1);
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

 private:
  uint64_t key_;
};

}  // namespace jobimpact

#endif  // JOBIMPACT_BASE_HASH_RANDOM_H_

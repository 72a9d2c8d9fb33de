// Internal to the simulator: the sample designs of `simulate draw`. Each
// returns the selected units with the design information a survey file
// carries (stratum, population counts per stage, weight).
#ifndef JOBIMPACT_SRC_SIM_SAMPLE_DESIGN_H_
#define JOBIMPACT_SRC_SIM_SAMPLE_DESIGN_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace jobimpact::sim::internal {

struct Stratum {
  std::vector<uint32_t> units;  // Population indices, increasing.
  double measure = 0.0;         // Sum of the frame's size measure.
};
// Stratum -> city (gazetteer index) -> units: the frame of cluster designs.
using CityGroups =
    std::map<uint64_t, std::map<uint16_t, std::vector<uint32_t>>>;

struct Selected {
  size_t unit = 0;
  std::string stratum;       // Label written to the file.
  int64_t stratum_size = 0;  // Units (element designs) or PSUs in the stratum.
  int64_t psu_size = 0;      // Units in the unit's PSU (two-stage only).
  double weight = 0.0;       // 1 / inclusion probability.
  std::string psu;           // PSU label (DrawTwoStagePps only).
};

// n distinct indices of [0, size), increasing (Floyd's algorithm).
std::vector<int64_t> SampleIndices(int64_t size, int64_t n, uint64_t seed,
                                   uint64_t stream);

// Stratified simple random sampling, allocation proportional to each
// stratum's size measure (at least min(2, N_h), at most N_h per stratum).
std::vector<Selected> DrawStratified(const std::map<uint64_t, Stratum>& strata,
                                     int64_t n, uint64_t seed,
                                     const std::string& prefix);

// Cluster sampling with cities as PSUs: in each stratum a simple random
// sample of cities (at least min(2, M_h)), then either every unit of a
// sampled city (per_city = 0: one stage) or a simple random sample of
// per_city units in it (two stages). PSUs are allocated to strata in
// proportion to their units, so that about n units are drawn.
std::vector<Selected> DrawClusters(const CityGroups& groups, int64_t n,
                                   int64_t per_city, uint64_t seed,
                                   const std::string& prefix);

// Two stages with unequal probabilities: in each stratum, cities by
// systematic PPS (size = units; Madow 1949) along the city order, then
// about per_city units of each by simple random sampling, so every unit of
// the stratum has the same inclusion probability (n's share / N_h). Cities whose probability
// would reach 1 are taken with certainty, each as its own stratum (label +
// "C" + city) whose PSUs are its units, sampled at the same rate. The
// variance is that of the first stage (ultimate clusters) with the
// stratum's count of PSUs as fpc, the usual approximation for PPS
// without replacement.
std::vector<Selected> DrawTwoStagePps(const CityGroups& groups, int64_t n,
                                      int64_t per_city, uint64_t seed,
                                      const std::string& prefix);

// Unequal probabilities: within each stratum, systematic sampling with
// probability proportional to size (Madow 1949) along the frame order (which
// the population builds at random); units whose probability would reach 1
// are taken with certainty into a stratum of their own (label + "C", fpc =
// its size, so it adds no variance).
std::vector<Selected> DrawPps(const std::map<uint64_t, Stratum>& strata,
                              const std::function<double(size_t)>& size,
                              int64_t n, uint64_t seed,
                              const std::string& prefix);

}  // namespace jobimpact::sim::internal

#endif  // JOBIMPACT_SRC_SIM_SAMPLE_DESIGN_H_

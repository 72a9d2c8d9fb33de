// Survey-engine benchmark on a synthetic stratified sample.
//
//   survey_bench generate FILE ROWS          writes the CSV both sides read
//   survey_bench linearization FILE          totals and ratios by 31 domains
//   survey_bench bootstrap FILE REPLICATES   the same with Rao-Wu bootstrap
//
// Each run prints wall time (excluding the CSV read, as the R side does) and
// peak resident memory. Columns: stratum (50), domain (31), y, x, w.
#include <sys/resource.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <random>
#include <string>

#include <fmt/format.h>

#include "jobimpact/base/allocator.h"
#include "jobimpact/survey/estimators.h"
#include "jobimpact/table/csv_reader.h"

namespace {

int Generate(const std::string& path, long rows) {
  std::ofstream out(path);
  std::mt19937_64 g(11);
  out << "stratum,domain,y,x,w\n";
  for (long i = 0; i < rows; ++i) {
    const auto s = g() % 50;
    const auto d = g() % 31;
    const double x = 1 + static_cast<double>(g() % 1000) / 10.0;
    const double y = x * (0.5 + static_cast<double>(g() % 1000) / 1000.0) + static_cast<double>(d);
    const double w = 10 + static_cast<double>(s) + static_cast<double>(g() % 100) / 10.0;
    out << 's' << s << ",d" << d << ',' << fmt::format("{:.3f}", y) << ','
        << fmt::format("{:.1f}", x) << ',' << fmt::format("{:.1f}", w) << '\n';
  }
  return out ? 0 : 2;
}

int Run(const std::string& path, int replicates) {
  namespace sv = jobimpact::survey;
  const auto read_start = std::chrono::steady_clock::now();
  auto t = jobimpact::table::ReadCsvFile(path, {});
  if (!t.ok()) {
    std::cerr << t.status().ToString() << "\n";
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  sv::DesignSpec spec;
  spec.strata = "stratum";
  spec.weights = "w";
  auto d = sv::Design::Create(*t, spec);
  if (!d.ok()) return 2;
  const auto designed = std::chrono::steady_clock::now();
  sv::EstimationOptions o;
  o.by = {"domain"};
  if (replicates > 0) {
    o.method = sv::VarianceMethod::kReplication;
    o.replicates.type = sv::ReplicateType::kBootstrap;
    o.replicates.bootstrap_replicates = replicates;
    o.replicates.seed = 1;
  }
  auto e = sv::Estimate(*t, *d, {{sv::Statistic::kTotal, "y", ""}, {sv::Statistic::kRatio, "y", "x"}}, o);
  if (!e.ok()) {
    std::cerr << e.status().ToString() << "\n";
    return 2;
  }
  const auto end = std::chrono::steady_clock::now();
  const double secs = std::chrono::duration<double>(end - start).count();
  const double read_secs = std::chrono::duration<double>(start - read_start).count();
  const double design_secs = std::chrono::duration<double>(designed - start).count();
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::cout << fmt::format("jobimpact {}: {} rows, {} estimates in {:.3f} s, peak RSS {:.0f} MB\n",
                           replicates > 0 ? fmt::format("bootstrap x{}", replicates) : "linearization",
                           t->num_rows(), e->size(), secs, static_cast<double>(ru.ru_maxrss) / 1024.0);
  std::cout << fmt::format("read {:.3f} s + design {:.3f} s + estimates {:.3f} s = {:.3f} s with the read\n",
                           read_secs, design_secs, secs - design_secs, read_secs + secs);
  std::cout << fmt::format("check: total y = {:.10g}, se = {:.10g}\n", (*e)[0].estimate, (*e)[0].se);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  jobimpact::UseHugePagesForLargeArrays(argv);  // As the CLI does.
  jobimpact::KeepLargeAllocationsInTheHeap();
  const std::string cmd = argc > 1 ? argv[1] : "";
  if (cmd == "generate" && argc == 4) return Generate(argv[2], std::atol(argv[3]));
  if (cmd == "linearization" && argc == 3) return Run(argv[2], 0);
  if (cmd == "bootstrap" && argc == 4) return Run(argv[2], std::atoi(argv[3]));
  std::cerr << "usage: survey_bench generate FILE ROWS | linearization FILE | bootstrap FILE R\n";
  return 1;
}

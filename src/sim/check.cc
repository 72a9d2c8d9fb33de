#include "jobimpact/sim/check.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "jobimpact/base/hash_random.h"
#include "jobimpact/base/number_format.h"
#include "jobimpact/study/config.h"
#include "jobimpact/study/model.h"
#include "jobimpact/table/csv_writer.h"

namespace jobimpact::sim {
namespace {

using Key = std::tuple<std::string, std::string, std::string, std::string>;

struct Outcome {
  bool present = false;
  double estimate = 0.0;
  bool covered = false;
};

std::string DomainText(const CheckRow& r) {
  return r.domain_type.empty() ? "" : r.domain_type + "=" + r.domain;
}

}  // namespace

Status CheckOptions::Validate() const {
  JI_RETURN_IF_ERROR(population.Validate());
  JI_RETURN_IF_ERROR(draw.Validate());
  if (replications < 2 || replications > 100000) {
    return InvalidArgumentError(fmt::format(
        "replications must lie in [2, 100000], got {}", replications));
  }
  if (threads < 0) return InvalidArgumentError("threads must not be negative");
  return Status::Ok();
}

Result<std::vector<CheckRow>> RunMonteCarlo(const CheckOptions& options,
                                            CheckSummary* summary) {
  JI_RETURN_IF_ERROR(options.Validate());
  const auto t0 = std::chrono::steady_clock::now();
  JI_ASSIGN_OR_RETURN(Population pop, GeneratePopulation(options.population));
  DrawFrame frame = BuildDrawFrame(pop);
  if (options.draw.consumers_n > 0 && !options.draw.io_table.empty()) {
    // Read and solve the table once for the truth and every replication.
    JI_ASSIGN_OR_RETURN(IoMapping io,
                        MapConsumptionToTable(pop, options.draw.io_table));
    frame.io = std::make_shared<const IoMapping>(std::move(io));
  }
  const std::vector<Truth> truth = PopulationTruth(pop, frame.io.get());
  std::map<Key, size_t> index;
  for (size_t i = 0; i < truth.size(); ++i) {
    const Truth& t = truth[i];
    index[{t.indicator, t.component, t.domain_type, t.domain}] = i;
  }
  std::filesystem::path work = options.work_dir;
  std::error_code ec;
  bool own_work = false;
  if (work.empty()) {
    work =
        std::filesystem::temp_directory_path(ec) /
        fmt::format("jobimpact_check_{}_{}",
                    std::chrono::steady_clock::now().time_since_epoch().count(),
                    options.draw.seed);
    own_work = true;
  }
  std::filesystem::create_directories(work, ec);
  if (ec) {
    return IoError(
        fmt::format("cannot create {}: {}", work.string(), ec.message()));
  }
  const int threads =
      options.threads > 0
          ? options.threads
          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const int reps = options.replications;
  std::vector<std::vector<Outcome>> outcomes(
      static_cast<size_t>(reps), std::vector<Outcome>(truth.size()));
  std::vector<Status> errors(static_cast<size_t>(reps));
  auto run_one = [&](int r) {
    DrawOptions d = options.draw;
    d.write_truth = false;  // Computed once above.
    d.seed =
        SplitMix64(options.draw.seed * 1000003ULL + static_cast<uint64_t>(r));
    const auto dir = work / fmt::format("rep{:06d}", r);
    auto body = [&]() -> Status {
      JI_RETURN_IF_ERROR(WriteDraw(pop, frame, d, dir));
      JI_ASSIGN_OR_RETURN(study::StudySpec spec,
                          study::LoadStudy(dir / "study.toml"));
      // The check is of the sampling intervals against the truth: the
      // total intervals (assumptions at their ranges) are not drawn.
      study::StudyOptions run_options;
      run_options.draws = 0;
      run_options.threads = 1;  // The replications run in parallel already.
      JI_ASSIGN_OR_RETURN(study::StudyRun run,
                          study::RunStudy(spec, run_options, nullptr));
      for (const study::Figure& f : run.figures) {
        auto it =
            index.find({f.indicator, f.component, f.domain_type, f.domain});
        if (it == index.end()) continue;
        Outcome& o = outcomes[static_cast<size_t>(r)][it->second];
        o.present = true;
        o.estimate = f.estimate;
        const double t = truth[it->second].value;
        o.covered = f.ci_low && f.ci_high && *f.ci_low <= t && t <= *f.ci_high;
      }
      return Status::Ok();
    };
    errors[static_cast<size_t>(r)] = body();
    std::filesystem::remove_all(dir, ec);
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int r = t; r < reps; r += threads) run_one(r);
    });
  }
  for (auto& th : pool) th.join();
  if (own_work) std::filesystem::remove_all(work, ec);
  for (int r = 0; r < reps; ++r) {
    if (!errors[static_cast<size_t>(r)].ok()) {
      return Status(errors[static_cast<size_t>(r)].code(),
                    fmt::format("replication {}: {}", r,
                                errors[static_cast<size_t>(r)].message()));
    }
  }
  std::vector<CheckRow> rows;
  for (size_t i = 0; i < truth.size(); ++i) {
    CheckRow row{truth[i].indicator, truth[i].component, truth[i].domain_type,
                 truth[i].domain, truth[i].value};
    double sum = 0, sq = 0;
    int covered = 0;
    for (int r = 0; r < reps; ++r) {
      const Outcome& o = outcomes[static_cast<size_t>(r)][i];
      if (!o.present) continue;
      ++row.replications;
      sum += o.estimate;
      sq += (o.estimate - row.truth) * (o.estimate - row.truth);
      covered += o.covered ? 1 : 0;
    }
    if (row.replications == 0) continue;
    const double n = row.replications;
    row.mean_estimate = sum / n;
    row.bias = row.mean_estimate - row.truth;
    row.rmse = std::sqrt(sq / n);
    row.coverage = covered / n;
    rows.push_back(std::move(row));
  }
  if (summary != nullptr) {
    summary->replications = reps;
    summary->threads = threads;
    summary->seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
            .count();
  }
  return rows;
}

std::string CheckRowsCsv(const std::vector<CheckRow>& rows) {
  std::string s =
      "indicator,component,domain,truth,mean_estimate,bias,rmse,coverage,"
      "replications\n";
  for (const CheckRow& r : rows) {
    s += fmt::format(
        "{},{},{},{:.17g},{:.17g},{:.17g},{:.17g},{:.6g},{}\n", r.indicator,
        r.component, table::QuoteCsvField(DomainText(r)), r.truth,
        r.mean_estimate, r.bias, r.rmse, r.coverage, r.replications);
  }
  return s;
}

std::string CheckRowsTable(const std::vector<CheckRow>& rows,
                           const CheckSummary& summary) {
  std::string s = fmt::format(
      "{} replications in {:.1f} s on {} threads; coverage of nominal 95% "
      "intervals\n\n{:<14} {:<22} {:<20} {:>13} {:>9} {:>9} {:>9}\n",
      summary.replications, summary.seconds, summary.threads, "indicator",
      "component", "domain", "truth", "bias %", "rmse %", "coverage");
  for (const CheckRow& r : rows) {
    // Truths are counts and shares: one format for both (a share printed
    // as "0" was a defect).
    s +=
        fmt::format("{:<14} {:<22} {:<20} {:>13} {:>9.2f} {:>9.2f} {:>9.3f}\n",
                    r.indicator, r.component.empty() ? "(all)" : r.component,
                    DomainText(r), FormatQuantity(r.truth),
                    100 * r.bias / r.truth, 100 * r.rmse / r.truth, r.coverage);
  }
  return s;
}

}  // namespace jobimpact::sim

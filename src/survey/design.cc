#include "jobimpact/survey/design.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <unordered_map>

#include "jobimpact/base/quote.h"
#include "jobimpact/survey/calibration.h"
#include "jobimpact/table/csv_reader.h"

namespace jobimpact::survey {
namespace {

using table::Column;
using table::ColumnType;
using table::Table;

constexpr double kInf = std::numeric_limits<double>::infinity();

std::string Where(const Table& t, size_t row, const Column& c) {
  return fmt::format("{}:{}: column \"{}\"", t.source(), t.LineOfRow(row),
                     c.name());
}

Result<const Column*> Numeric(const Table& t, const std::string& name,
                              const char* role) {
  JI_ASSIGN_OR_RETURN(const Column* c, t.Get(name));
  if (c->type() != ColumnType::kDouble) {
    for (size_t r = 0; r < t.num_rows(); ++r) {
      double unused;
      if (!c->IsMissing(r) && !table::ParseNumber(c->text(r), &unused)) {
        return InvalidArgumentError(
            fmt::format("{} ({}): expected a number, found {}", Where(t, r, *c),
                        role, QuoteForMessage(c->text(r))));
      }
    }
  }
  return c;
}

// Codes a label column into 0.. by first appearance; missing labels are an
// error naming the row.
Result<std::vector<std::string>> Labels(const Table& t, const std::string& name,
                                        const char* role) {
  JI_ASSIGN_OR_RETURN(const Column* c, t.Get(name));
  std::vector<std::string> out(t.num_rows());
  for (size_t r = 0; r < t.num_rows(); ++r) {
    if (c->IsMissing(r)) {
      return InvalidArgumentError(
          fmt::format("{} ({}): value is missing", Where(t, r, *c), role));
    }
    out[r] = c->CellText(r);
  }
  return out;
}

}  // namespace

double FpcFactor(double popsize, double sampled) {
  return std::isinf(popsize) ? 1.0 : (popsize - sampled) / popsize;
}

Result<LonelyPsu> ParseLonelyPsu(const std::string& name) {
  if (name == "fail") return LonelyPsu::kFail;
  if (name == "remove") return LonelyPsu::kRemove;
  if (name == "certainty") return LonelyPsu::kCertainty;
  if (name == "adjust") return LonelyPsu::kAdjust;
  if (name == "average") return LonelyPsu::kAverage;
  return InvalidArgumentError("unknown lonely-PSU policy \"" + name +
                              "\" (expected fail, remove, certainty, adjust or "
                              "average)");
}

const char* LonelyPsuName(LonelyPsu policy) {
  switch (policy) {
    case LonelyPsu::kFail:
      return "fail";
    case LonelyPsu::kRemove:
      return "remove";
    case LonelyPsu::kCertainty:
      return "certainty";
    case LonelyPsu::kAdjust:
      return "adjust";
    case LonelyPsu::kAverage:
      return "average";
  }
  return "?";
}

Status DesignSpec::Validate() const {
  if (clusters.size() > 2) {
    return InvalidArgumentError(
        fmt::format("at most two stages of clusters are supported, got {}",
                    clusters.size()));
  }
  if (!weights.empty() && !probs.empty()) {
    return InvalidArgumentError("give weights or probabilities, not both");
  }
  const size_t stages = std::max<size_t>(1, clusters.size());
  if (!fpc.empty() && fpc.size() != stages) {
    return InvalidArgumentError(fmt::format(
        "fpc needs one column per stage ({}), got {}", stages, fpc.size()));
  }
  if (weights.empty() && probs.empty() && fpc.empty()) {
    return InvalidArgumentError(
        "the design needs weights, probabilities, or an fpc for every stage");
  }
  return Status::Ok();
}

Result<Design> Design::SimpleRandomSample(int64_t n, double population) {
  if (n < 1) {
    return InvalidArgumentError(
        fmt::format("a simple random sample needs n >= 1, got {}", n));
  }
  if (!(population >= static_cast<double>(n)) || !std::isfinite(population)) {
    return InvalidArgumentError(fmt::format(
        "a simple random sample of n={} needs a population count N >= n, got "
        "{:g}",
        n, population));
  }
  // The general resolver on two constant columns, so the design is coded
  // exactly as a declared one with these weights and fpc would be.
  const size_t rows = static_cast<size_t>(n);
  Table t("simple random sample");
  JI_RETURN_IF_ERROR(t.AddColumn(table::Column::Doubles(
      "w", std::vector<double>(rows, population / static_cast<double>(n)))));
  JI_RETURN_IF_ERROR(t.AddColumn(
      table::Column::Doubles("N", std::vector<double>(rows, population))));
  DesignSpec spec;
  spec.weights = "w";
  spec.fpc = {"N"};
  return Create(t, spec);
}

Result<Design> Design::Create(const Table& t, const DesignSpec& spec,
                              DesignSummary* summary) {
  JI_RETURN_IF_ERROR(spec.Validate());
  const size_t n = t.num_rows();
  if (n == 0) return InvalidArgumentError(t.source() + ": the sample is empty");
  Design d;
  d.lonely_ = spec.lonely_psu;
  d.stratified_ = !spec.strata.empty();
  d.clustered_ = !spec.clusters.empty();
  d.two_stage_ = spec.clusters.size() == 2;
  d.has_fpc_ = !spec.fpc.empty();

  // Strata.
  d.row_stratum_.assign(n, 0);
  if (d.stratified_) {
    JI_ASSIGN_OR_RETURN(auto labels, Labels(t, spec.strata, "strata"));
    std::unordered_map<std::string, int32_t> code;
    for (size_t r = 0; r < n; ++r) {
      auto [it, inserted] =
          code.emplace(labels[r], static_cast<int32_t>(code.size()));
      if (inserted) d.stratum_labels_.push_back(labels[r]);
      d.row_stratum_[r] = it->second;
    }
  } else {
    d.stratum_labels_ = {"(all)"};
  }
  const int h_count = static_cast<int>(d.stratum_labels_.size());

  // PSUs, identified within strata.
  d.row_psu_.resize(n);
  if (d.clustered_) {
    JI_ASSIGN_OR_RETURN(auto labels, Labels(t, spec.clusters[0], "cluster"));
    std::map<std::pair<int32_t, std::string>, int32_t> code;
    for (size_t r = 0; r < n; ++r) {
      auto [it, inserted] =
          code.emplace(std::make_pair(d.row_stratum_[r], labels[r]),
                       static_cast<int32_t>(code.size()));
      if (inserted) d.psu_stratum_.push_back(d.row_stratum_[r]);
      d.row_psu_[r] = it->second;
    }
  } else {
    for (size_t r = 0; r < n; ++r) {
      d.row_psu_[r] = static_cast<int32_t>(r);
      d.psu_stratum_.push_back(d.row_stratum_[r]);
    }
  }
  d.stratum_npsu_.assign(h_count, 0);
  for (int32_t s : d.psu_stratum_) ++d.stratum_npsu_[s];
  const int p_count = static_cast<int>(d.psu_stratum_.size());

  // SSUs, identified within PSUs.
  if (d.two_stage_) {
    JI_ASSIGN_OR_RETURN(auto labels,
                        Labels(t, spec.clusters[1], "cluster stage 2"));
    std::map<std::pair<int32_t, std::string>, int32_t> code;
    d.row_ssu_.resize(n);
    d.psu_nssu_.assign(p_count, 0);
    for (size_t r = 0; r < n; ++r) {
      auto [it, inserted] =
          code.emplace(std::make_pair(d.row_psu_[r], labels[r]),
                       static_cast<int32_t>(code.size()));
      if (inserted) ++d.psu_nssu_[d.row_psu_[r]];
      d.row_ssu_[r] = it->second;
    }
  }

  // Finite population corrections, as population counts.
  d.stratum_popsize_.assign(h_count, kInf);
  if (d.two_stage_) d.psu_popsize_.assign(p_count, kInf);
  if (d.has_fpc_) {
    for (size_t stage = 0; stage < spec.fpc.size(); ++stage) {
      JI_ASSIGN_OR_RETURN(const Column* c, Numeric(t, spec.fpc[stage], "fpc"));
      const auto& v = c->doubles();
      const bool fractions = std::all_of(v.begin(), v.end(), [](double x) {
        return !std::isnan(x) && x <= 1.0;
      });
      std::vector<double>& target =
          stage == 0 ? d.stratum_popsize_ : d.psu_popsize_;
      std::vector<int> seen_row(target.size(), -1);
      for (size_t r = 0; r < n; ++r) {
        if (std::isnan(v[r]) || v[r] <= 0) {
          return InvalidArgumentError(fmt::format(
              "{} (fpc): expected a population count > 0 or a sampling "
              "fraction in (0, 1], found {}",
              Where(t, r, *c),
              c->CellText(r).empty() ? "nothing" : c->CellText(r)));
        }
        const size_t unit = stage == 0 ? static_cast<size_t>(d.row_stratum_[r])
                                       : static_cast<size_t>(d.row_psu_[r]);
        const double sampled =
            stage == 0 ? d.stratum_npsu_[unit] : d.psu_nssu_[unit];
        const double pop = fractions ? sampled / v[r] : v[r];
        if (seen_row[unit] >= 0 && std::fabs(target[unit] - pop) > 1e-9 * pop) {
          return InvalidArgumentError(fmt::format(
              "{} (fpc): differs from line {} within the same {}",
              Where(t, r, *c), t.LineOfRow(static_cast<size_t>(seen_row[unit])),
              stage == 0 ? "stratum" : "PSU"));
        }
        if (pop + 1e-9 < sampled) {
          return InvalidArgumentError(fmt::format(
              "{} (fpc): population count {:g} is smaller than the {:g} {} "
              "sampled",
              Where(t, r, *c), pop, sampled, stage == 0 ? "PSUs" : "SSUs"));
        }
        target[unit] = pop;
        seen_row[unit] = static_cast<int>(r);
      }
    }
  }

  // Weights.
  d.weights_.resize(n);
  std::string weights_from;
  if (!spec.weights.empty() || !spec.probs.empty()) {
    const bool probs = spec.weights.empty();
    const std::string& name = probs ? spec.probs : spec.weights;
    JI_ASSIGN_OR_RETURN(const Column* c,
                        Numeric(t, name, probs ? "probabilities" : "weights"));
    const auto& v = c->doubles();
    for (size_t r = 0; r < n; ++r) {
      if (probs) {
        if (!(v[r] > 0 && v[r] <= 1)) {
          return InvalidArgumentError(fmt::format(
              "{} (probabilities): expected a probability in (0, 1], found {}",
              Where(t, r, *c), std::isnan(v[r]) ? "nothing" : c->CellText(r)));
        }
        d.weights_[r] = 1.0 / v[r];
      } else {
        if (!(v[r] > 0) || !std::isfinite(v[r])) {
          return InvalidArgumentError(fmt::format(
              "{} (weights): expected a weight > 0, found {}", Where(t, r, *c),
              std::isnan(v[r]) ? "nothing" : c->CellText(r)));
        }
        d.weights_[r] = v[r];
      }
    }
    weights_from = (probs ? "1/" : "") + name;
  } else {
    if (spec.fpc.size() != std::max<size_t>(1, spec.clusters.size())) {
      return InvalidArgumentError(
          "weights can be derived from the fpc only when "
          "every stage has one");
    }
    for (size_t r = 0; r < n; ++r) {
      const int32_t s = d.row_stratum_[r];
      double w = d.stratum_popsize_[s] / d.stratum_npsu_[s];
      if (d.two_stage_) {
        const int32_t p = d.row_psu_[r];
        w *= d.psu_popsize_[p] / d.psu_nssu_[p];
      }
      d.weights_[r] = w;
    }
    weights_from = "fpc (N/n per stage)";
  }

  // Lonely PSUs (a stratum sampled with certainty is not lonely).
  int64_t lonely = 0;
  for (int h = 0; h < h_count; ++h) {
    const double f = FpcFactor(d.stratum_popsize_[h], d.stratum_npsu_[h]);
    if (d.stratum_npsu_[h] == 1 && f >= kCertaintyFpc) {
      ++lonely;
      if (d.lonely_ == LonelyPsu::kFail) {
        size_t row = 0;
        while (d.row_stratum_[row] != h) ++row;
        return InvalidArgumentError(
            fmt::format("{}:{}: stratum \"{}\" has only one PSU; choose a "
                        "lonely-PSU policy "
                        "(remove, certainty, adjust, average) or merge strata",
                        t.source(), t.LineOfRow(row), d.stratum_labels_[h]));
      }
    }
  }
  if (d.two_stage_ && d.has_fpc_ && d.lonely_ == LonelyPsu::kFail) {
    for (int p = 0; p < p_count; ++p) {
      const double f = FpcFactor(d.psu_popsize_[p], d.psu_nssu_[p]);
      if (d.psu_nssu_[p] == 1 && f >= kCertaintyFpc) {
        size_t row = 0;
        while (d.row_psu_[row] != p) ++row;
        return InvalidArgumentError(
            fmt::format("{}:{}: the PSU of this row has only one second-stage "
                        "unit; choose a "
                        "lonely-PSU policy",
                        t.source(), t.LineOfRow(row)));
      }
    }
  }

  d.row_order_.resize(n);
  std::iota(d.row_order_.begin(), d.row_order_.end(), 0);
  std::stable_sort(d.row_order_.begin(), d.row_order_.end(),
                   [&d](int32_t a, int32_t b) {
                     if (d.row_stratum_[a] != d.row_stratum_[b])
                       return d.row_stratum_[a] < d.row_stratum_[b];
                     if (d.row_psu_[a] != d.row_psu_[b])
                       return d.row_psu_[a] < d.row_psu_[b];
                     if (d.two_stage_) return d.row_ssu_[a] < d.row_ssu_[b];
                     return false;
                   });

  d.ordered_stratum_.resize(n);
  d.ordered_psu_.resize(n);
  if (d.two_stage_) d.ordered_ssu_.resize(n);
  for (size_t k = 0; k < n; ++k) {
    d.ordered_stratum_[k] = d.row_stratum_[d.row_order_[k]];
    d.ordered_psu_[k] = d.row_psu_[d.row_order_[k]];
    if (d.two_stage_) d.ordered_ssu_[k] = d.row_ssu_[d.row_order_[k]];
  }

  if (summary != nullptr) {
    summary->rows = static_cast<int64_t>(n);
    summary->strata = h_count;
    summary->psus = p_count;
    summary->ssus =
        d.two_stage_
            ? static_cast<int64_t>(
                  *std::max_element(d.row_ssu_.begin(), d.row_ssu_.end()) + 1)
            : 0;
    summary->lonely_strata = lonely;
    summary->weights_from = weights_from;
  }
  return d;
}

Design Design::WithCalibration(
    std::vector<double> weights,
    std::shared_ptr<const CalibrationInfo> info) const {
  Design d = *this;
  d.weights_ = std::move(weights);
  d.calibration_ = std::move(info);
  return d;
}

std::string Design::Describe() const {
  std::string s = stratified_
                      ? fmt::format("stratified ({} strata)", num_strata())
                      : "unstratified";
  if (!clustered_) {
    s += fmt::format(", {} units", num_psus());
  } else if (two_stage_) {
    s += fmt::format(
        ", two-stage: {} PSUs, {} SSUs", num_psus(),
        row_ssu_.empty()
            ? 0
            : *std::max_element(row_ssu_.begin(), row_ssu_.end()) + 1);
  } else {
    s += fmt::format(", {} PSUs", num_psus());
  }
  if (has_fpc_) s += ", fpc";
  s += fmt::format(", lonely PSU: {}", LonelyPsuName(lonely_));
  if (calibration_) s += ", " + calibration_->description;
  return s;
}

}  // namespace jobimpact::survey

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

// A label column as integer codes and their texts: the column's levels for
// text, the distinct values for numbers. Missing labels are an error naming
// the row. Codes index `texts`; they are not yet in any particular order.
struct LabelCodes {
  std::vector<int32_t> code;
  std::vector<std::string> texts;
};

Result<LabelCodes> Labels(const Table& t, const std::string& name,
                          const char* role) {
  JI_ASSIGN_OR_RETURN(const Column* c, t.Get(name));
  for (size_t r = 0; r < t.num_rows(); ++r) {
    if (c->IsMissing(r)) {
      return InvalidArgumentError(
          fmt::format("{} ({}): value is missing", Where(t, r, *c), role));
    }
  }
  LabelCodes out;
  if (c->type() == ColumnType::kString) {
    out.code = c->codes();
    out.texts = c->levels();
    return out;
  }
  std::unordered_map<double, int32_t> index;
  out.code.resize(t.num_rows());
  for (size_t r = 0; r < t.num_rows(); ++r) {
    auto [it, inserted] =
        index.emplace(c->doubles()[r], static_cast<int32_t>(index.size()));
    if (inserted) out.texts.push_back(c->CellText(r));
    out.code[r] = it->second;
  }
  return out;
}

// Numbers the groups of rows by first appearance: `key` identifies a row's
// group (values below `space`, or any values if `space` is 0). Returns the
// group of every row; `first_row` receives each group's first row.
std::vector<int32_t> NumberByFirstAppearance(const std::vector<int64_t>& key,
                                             int64_t space,
                                             std::vector<size_t>* first_row) {
  std::vector<int32_t> group(key.size());
  first_row->clear();
  if (space > 0 && space <= static_cast<int64_t>(4 * key.size() + 1024)) {
    std::vector<int32_t> id(static_cast<size_t>(space), -1);
    for (size_t r = 0; r < key.size(); ++r) {
      int32_t& g = id[static_cast<size_t>(key[r])];
      if (g < 0) {
        g = static_cast<int32_t>(first_row->size());
        first_row->push_back(r);
      }
      group[r] = g;
    }
    return group;
  }
  std::unordered_map<int64_t, int32_t> id;
  id.reserve(key.size());
  for (size_t r = 0; r < key.size(); ++r) {
    auto [it, inserted] =
        id.emplace(key[r], static_cast<int32_t>(first_row->size()));
    if (inserted) first_row->push_back(r);
    group[r] = it->second;
  }
  return group;
}

// A stable counting sort of `order` by `key[order[k]]` (keys in [0, K)):
// linear, and applied last-key-first it sorts by several keys (LSD radix).
void StableCountingSort(const std::vector<int32_t>& key, int32_t K,
                        std::vector<int32_t>* order) {
  std::vector<size_t> start(static_cast<size_t>(K) + 1, 0);
  for (int32_t r : *order) ++start[static_cast<size_t>(key[r]) + 1];
  for (size_t k = 1; k < start.size(); ++k) start[k] += start[k - 1];
  std::vector<int32_t> out(order->size());
  for (int32_t r : *order) out[start[static_cast<size_t>(key[r])]++] = r;
  *order = std::move(out);
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

  // Strata, numbered by first appearance.
  d.row_stratum_.assign(n, 0);
  std::vector<size_t> first;
  if (d.stratified_) {
    JI_ASSIGN_OR_RETURN(LabelCodes labels, Labels(t, spec.strata, "strata"));
    std::vector<int64_t> key(labels.code.begin(), labels.code.end());
    d.row_stratum_ = NumberByFirstAppearance(
        key, static_cast<int64_t>(labels.texts.size()), &first);
    for (size_t r : first) {
      d.stratum_labels_.push_back(labels.texts[labels.code[r]]);
    }
  } else {
    d.stratum_labels_ = {"(all)"};
  }
  const int h_count = static_cast<int>(d.stratum_labels_.size());

  // PSUs, identified within strata (R's nest = TRUE), by first appearance.
  d.row_psu_.resize(n);
  if (d.clustered_) {
    JI_ASSIGN_OR_RETURN(LabelCodes labels,
                        Labels(t, spec.clusters[0], "cluster"));
    const int64_t L = static_cast<int64_t>(labels.texts.size());
    std::vector<int64_t> key(n);
    for (size_t r = 0; r < n; ++r)
      key[r] = d.row_stratum_[r] * L + labels.code[r];
    d.row_psu_ = NumberByFirstAppearance(key, h_count * L, &first);
    for (size_t r : first) d.psu_stratum_.push_back(d.row_stratum_[r]);
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
    JI_ASSIGN_OR_RETURN(LabelCodes labels,
                        Labels(t, spec.clusters[1], "cluster stage 2"));
    const int64_t L = static_cast<int64_t>(labels.texts.size());
    std::vector<int64_t> key(n);
    for (size_t r = 0; r < n; ++r) key[r] = d.row_psu_[r] * L + labels.code[r];
    d.row_ssu_ = NumberByFirstAppearance(key, p_count * L, &first);
    d.psu_nssu_.assign(p_count, 0);
    for (size_t r : first) ++d.psu_nssu_[d.row_psu_[r]];
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

  // Rows by stratum, PSU, SSU (each stable): LSD radix of counting sorts.
  d.row_order_.resize(n);
  std::iota(d.row_order_.begin(), d.row_order_.end(), 0);
  if (d.two_stage_) {
    const int32_t ssus =
        *std::max_element(d.row_ssu_.begin(), d.row_ssu_.end());
    StableCountingSort(d.row_ssu_, ssus + 1, &d.row_order_);
  }
  if (d.clustered_) StableCountingSort(d.row_psu_, p_count, &d.row_order_);
  if (d.stratified_) StableCountingSort(d.row_stratum_, h_count, &d.row_order_);

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

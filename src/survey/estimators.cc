#include "jobimpact/survey/estimators.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <charconv>
#include <cmath>
#include <cstring>
#include <map>
#include <set>
#include <thread>
#include <unordered_map>

#include "jobimpact/base/quote.h"
#include "jobimpact/survey/linearization.h"
#include "jobimpact/table/csv_reader.h"

namespace jobimpact::survey {
namespace {

using table::Column;
using table::ColumnType;
using table::Table;

struct DomainSet {
  std::vector<int32_t> code;
  std::vector<std::string> labels;
  std::vector<int64_t> counts;
  // Rows missing a domain value (kExclude) sit in one more, unreported
  // domain, so that the domains still partition the rows.
  int32_t hidden = -1;
};

DomainSet Overall(size_t n) {
  DomainSet s;
  s.code.assign(n, 0);
  s.labels = {""};
  s.counts = {static_cast<int64_t>(n)};
  return s;
}

// The level of each row of `c` in level order (text: the column's levels;
// numbers: ascending distinct values) and the level texts; -1 if missing.
void LevelsOf(const Column& c, std::vector<int32_t>* code,
              std::vector<std::string>* text) {
  const size_t n = c.size();
  code->assign(n, -1);
  text->clear();
  if (c.type() == ColumnType::kString) {
    *text = c.levels();
    for (size_t i = 0; i < n; ++i) (*code)[i] = c.codes()[i];
    return;
  }
  std::vector<double> distinct;
  for (double v : c.doubles()) {
    if (!std::isnan(v)) distinct.push_back(v);
  }
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  for (double v : distinct) {
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof(buf), v);
    text->emplace_back(buf, res.ptr);
  }
  for (size_t i = 0; i < n; ++i) {
    const double v = c.doubles()[i];
    if (std::isnan(v)) continue;
    (*code)[i] = static_cast<int32_t>(
        std::lower_bound(distinct.begin(), distinct.end(), v) -
        distinct.begin());
  }
}

// Crossed domains of the `by` columns, numbered in mixed radix of their
// levels (first column slowest); only combinations that occur are kept.
Result<DomainSet> ByColumns(const Table& t, const std::vector<std::string>& by,
                            MissingPolicy missing) {
  const size_t n = t.num_rows();
  std::vector<uint64_t> key(n, 0);
  std::vector<uint8_t> absent(n, 0);
  std::vector<std::vector<std::string>> texts(by.size());
  double space = 1;
  for (size_t b = 0; b < by.size(); ++b) {
    JI_ASSIGN_OR_RETURN(const Column* c, t.Get(by[b]));
    std::vector<int32_t> code;
    LevelsOf(*c, &code, &texts[b]);
    std::vector<size_t> missing_rows;
    const uint64_t radix = texts[b].size() + 1;
    space *= static_cast<double>(radix);
    if (space > 1e18) {
      return InvalidArgumentError(fmt::format(
          "{}: the domains of {} have too many combinations of levels",
          t.source(), fmt::join(by, ", ")));
    }
    for (size_t i = 0; i < n; ++i) {
      if (code[i] < 0) {
        missing_rows.push_back(i);
        absent[i] = 1;
      }
      key[i] = key[i] * radix + static_cast<uint64_t>(code[i] + 1);
    }
    if (!missing_rows.empty() && missing == MissingPolicy::kFail) {
      return MissingValuesError(t, by[b], "domain", missing_rows,
                                MissingUse::kBreakdown);
    }
  }
  // The keys that occur, ascending: a presence table when the key space is
  // small (the usual case: a few columns of a few dozen levels), else a sort.
  const bool small = space <= static_cast<double>(4 * n + 1024);
  std::vector<uint64_t> distinct;
  std::vector<int32_t> domain_of_key;  // Small spaces: key -> domain.
  if (small) {
    domain_of_key.assign(static_cast<size_t>(space), -1);
    for (size_t i = 0; i < n; ++i) {
      if (!absent[i]) domain_of_key[key[i]] = 0;
    }
    for (size_t k = 0; k < domain_of_key.size(); ++k) {
      if (domain_of_key[k] == 0) {
        domain_of_key[k] = static_cast<int32_t>(distinct.size());
        distinct.push_back(k);
      }
    }
  } else {
    for (size_t i = 0; i < n; ++i) {
      if (!absent[i]) distinct.push_back(key[i]);
    }
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()),
                   distinct.end());
  }
  DomainSet s;
  for (uint64_t k : distinct) {
    // Decode the mixed-radix key, last column first.
    std::vector<std::string> parts(by.size());
    uint64_t rest = k;
    for (size_t b = by.size(); b-- > 0;) {
      const uint64_t radix = texts[b].size() + 1;
      parts[b] = by[b] + "=" + texts[b][rest % radix - 1];
      rest /= radix;
    }
    std::string label;
    for (const auto& p : parts) label += (label.empty() ? "" : ";") + p;
    s.labels.push_back(std::move(label));
  }
  const bool any_absent =
      std::find(absent.begin(), absent.end(), 1) != absent.end();
  if (any_absent) {
    s.hidden = static_cast<int32_t>(s.labels.size());
    s.labels.push_back("(missing)");
  }
  s.code.resize(n);
  s.counts.assign(s.labels.size(), 0);
  for (size_t i = 0; i < n; ++i) {
    if (absent[i]) {
      s.code[i] = s.hidden;
    } else if (small) {
      s.code[i] = domain_of_key[key[i]];
    } else {
      s.code[i] = static_cast<int32_t>(
          std::lower_bound(distinct.begin(), distinct.end(), key[i]) -
          distinct.begin());
    }
    ++s.counts[s.code[i]];
  }
  return s;
}

// An estimate whose interval cannot be formed: se and bounds are NaN (the
// outputs print them empty) and the call's notes say why.
void SetNoInterval(SurveyEstimate* e, const std::string& what,
                   std::vector<std::string>* notes) {
  e->se = e->ci_low = e->ci_high = std::nan("");
  e->deff.reset();
  notes->push_back(what + ": " + e->note);
}

// Missing values met while building the problems, per column (for the
// summary), and the policy that decides what they do.
struct MissingLog {
  MissingPolicy policy = MissingPolicy::kFail;
  std::map<std::string, int64_t> counts;
};

// The values of an analysis column, NaN where missing (kExclude; under
// kFail a missing value is an error listing the rows).
Result<std::vector<double>> AnalysisValues(const Table& t,
                                           const std::string& name,
                                           MissingLog* log) {
  JI_ASSIGN_OR_RETURN(const Column* c, t.Get(name));
  std::vector<size_t> missing = MissingRows(*c);
  if (!missing.empty() && log->policy == MissingPolicy::kFail) {
    return MissingValuesError(t, name, "analysis variable", missing,
                              MissingUse::kAnalysis);
  }
  log->counts[name] = static_cast<int64_t>(missing.size());
  if (c->type() != ColumnType::kDouble) {
    // A text column: name the first cell that is not a number, not the
    // first row (the reader kept the column as text because of that cell).
    for (size_t i = 0; i < t.num_rows(); ++i) {
      double unused = 0;
      if (!c->IsMissing(i) && !table::ParseNumber(c->text(i), &unused)) {
        return InvalidArgumentError(fmt::format(
            "{}:{}: column \"{}\": expected a number, found {}", t.source(),
            t.LineOfRow(i), name, QuoteForMessage(c->text(i))));
      }
    }
    return InvalidArgumentError(
        fmt::format("{}: column \"{}\" was read as text; declare it numeric",
                    t.source(), name));
  }
  return c->doubles();
}

// One estimation problem: theta = Y (total) or Y / X (mean, ratio, share).
struct Problem {
  Problem(Statistic s, std::string l, std::vector<double> yv,
          std::vector<double> xv)
      : statistic(s), label(std::move(l)), y(std::move(yv)), x(std::move(xv)) {}

  Statistic statistic;
  std::string label;
  std::vector<double> y;
  std::vector<double> x;  // Empty for totals.
  // Rows left out of this estimate for a missing value (kExclude): y and x
  // are 0 there, so their weight in it is zero. Empty when none are.
  std::vector<uint8_t> skip;

  // Leaves out the rows where y or x is NaN.
  void ExcludeMissing() {
    for (size_t i = 0; i < y.size(); ++i) {
      if (!std::isnan(y[i]) && (x.empty() || !std::isnan(x[i]))) continue;
      if (skip.empty()) skip.assign(y.size(), 0);
      skip[i] = 1;
      y[i] = 0;
      if (!x.empty()) x[i] = 0;
    }
  }
  bool used(size_t i) const { return skip.empty() || skip[i] == 0; }
  // Quantiles: y is the indicator value <= q_d; only domain set `set` is
  // reported, with q per domain and the analysis values.
  int set = -1;
  std::vector<double> q;
  const std::vector<double>* values = nullptr;
  double p = 0;
};

// Values of one domain sorted, with their cumulative weights (accumulated in
// long double, as R's cumsum does), for R survey's quantile rule "math".
struct SortedDomain {
  std::vector<double> x;
  std::vector<long double> cumw;
  long double total = 0;

  // qrule_math: pos = last index with cumw <= p W; x[pos] if the weight share
  // there equals p exactly, else the next value.
  double Quantile(double p) const {
    const long double target = static_cast<long double>(p) * total;
    size_t pos = static_cast<size_t>(
        std::upper_bound(cumw.begin(), cumw.end(), target) - cumw.begin());
    // Below the first weight share R's helper last() returns index 1, so the
    // rule gives the second-smallest value there; kept for agreement with R.
    if (pos == 0) pos = 1;
    --pos;
    const bool exact = static_cast<long double>(p) - cumw[pos] / total == 0;
    if (exact) return x[pos];
    return pos + 1 < x.size() ? x[pos + 1] : x[pos];
  }
};

std::vector<SortedDomain> SortByDomain(const std::vector<double>& values,
                                       const std::vector<double>& w,
                                       const std::vector<int32_t>& code,
                                       int D) {
  std::vector<std::vector<std::pair<double, double>>> rows(D);
  for (size_t i = 0; i < values.size(); ++i) {
    if (code[i] >= 0 && w[i] > 0 && !std::isnan(values[i])) {
      rows[code[i]].push_back({values[i], w[i]});
    }
  }
  std::vector<SortedDomain> out(D);
  for (int d = 0; d < D; ++d) {
    std::stable_sort(
        rows[d].begin(), rows[d].end(),
        [](const auto& a, const auto& b) { return a.first < b.first; });
    long double c = 0;
    for (const auto& [v, wt] : rows[d]) {
      c += wt;
      out[d].x.push_back(v);
      out[d].cumw.push_back(c);
    }
    out[d].total = c;
  }
  return out;
}

Result<std::vector<Problem>> Problems(const Table& t, const Request& req,
                                      MissingLog* log) {
  std::vector<Problem> out;
  const size_t n = t.num_rows();
  switch (req.statistic) {
    case Statistic::kTotal: {
      JI_ASSIGN_OR_RETURN(auto y, AnalysisValues(t, req.variable, log));
      out.push_back({req.statistic, req.variable, std::move(y), {}});
      break;
    }
    case Statistic::kMean: {
      JI_ASSIGN_OR_RETURN(auto y, AnalysisValues(t, req.variable, log));
      out.push_back({req.statistic, req.variable, std::move(y),
                     std::vector<double>(n, 1.0)});
      break;
    }
    case Statistic::kRatio: {
      if (req.denominator.empty()) {
        return InvalidArgumentError("ratio " + req.variable +
                                    " needs a denominator");
      }
      JI_ASSIGN_OR_RETURN(auto y, AnalysisValues(t, req.variable, log));
      JI_ASSIGN_OR_RETURN(auto x, AnalysisValues(t, req.denominator, log));
      out.push_back({req.statistic, req.variable + "/" + req.denominator,
                     std::move(y), std::move(x)});
      break;
    }
    case Statistic::kQuantile:
      return InternalError("quantiles are built per domain set");
    case Statistic::kProportion: {
      JI_ASSIGN_OR_RETURN(const Column* c, t.Get(req.variable));
      std::vector<size_t> missing = MissingRows(*c);
      if (!missing.empty() && log->policy == MissingPolicy::kFail) {
        return MissingValuesError(t, req.variable, "analysis variable", missing,
                                  MissingUse::kAnalysis);
      }
      log->counts[req.variable] = static_cast<int64_t>(missing.size());
      std::vector<int32_t> code;
      std::vector<std::string> levels;
      LevelsOf(*c, &code, &levels);
      // The denominator of every level's share: the rows with an answer.
      std::vector<double> answered(n, 1.0);
      for (size_t i : missing) answered[i] = std::nan("");
      std::vector<std::vector<double>> ind(levels.size());
      for (size_t i = 0; i < n; ++i) {
        if (code[i] < 0) continue;
        auto& v = ind[static_cast<size_t>(code[i])];
        if (v.empty()) v.assign(n, 0.0);
        v[i] = 1.0;
      }
      for (size_t k = 0; k < levels.size(); ++k) {
        if (ind[k].empty()) continue;  // A label no row has.
        out.push_back({req.statistic, req.variable + "=" + levels[k],
                       std::move(ind[k]), answered});
      }
      break;
    }
  }
  for (Problem& p : out) p.ExcludeMissing();
  return out;
}

// Threads for the estimates of one call: the replication option if set,
// else the machine's cores, never more than the tasks; one for small samples
// (starting threads costs more than it saves).
int EstimationThreads(const EstimationOptions& options, size_t tasks,
                      size_t rows) {
  if (tasks < 2 || rows < 50000) return 1;
  int t = options.replicates.threads > 0
              ? options.replicates.threads
              : static_cast<int>(std::thread::hardware_concurrency());
  return std::max(1, std::min(t, static_cast<int>(tasks)));
}

}  // namespace

const char* StatisticName(Statistic s) {
  switch (s) {
    case Statistic::kTotal:
      return "total";
    case Statistic::kMean:
      return "mean";
    case Statistic::kRatio:
      return "ratio";
    case Statistic::kProportion:
      return "prop";
    case Statistic::kQuantile:
      return "quantile";
  }
  return "?";
}

Status EstimationOptions::Validate() const {
  if (!(confidence > 0 && confidence < 1)) {
    return InvalidArgumentError(fmt::format(
        "the confidence level must lie in (0, 1), got {}", confidence));
  }
  if (missing == MissingPolicy::kLevel) {
    return InvalidArgumentError(
        "missing-value policy \"level\" applies to a study's breakdown "
        "roles; estimates take fail or exclude");
  }
  if (method == VarianceMethod::kReplication) return replicates.Validate();
  return Status::Ok();
}

double SurveyEstimate::cv() const {
  return estimate == 0 ? std::nan("") : se / std::fabs(estimate);
}

Status ParseVarianceMethod(const std::string& text,
                           EstimationOptions* options) {
  const auto colon = text.find(':');
  const std::string name = text.substr(0, colon);
  const std::string arg =
      colon == std::string::npos ? "" : text.substr(colon + 1);
  auto bad = [&text]() {
    return InvalidArgumentError("unknown variance method \"" + text +
                                "\" (expected linearization, jk1, jkn, brr, "
                                "fay:RHO, bootstrap:R or supplied)");
  };
  if (name != "fay" && name != "bootstrap" && !arg.empty()) return bad();
  options->method = VarianceMethod::kReplication;
  if (name == "linearization") {
    options->method = VarianceMethod::kLinearization;
  } else if (name == "jk1") {
    options->replicates.type = ReplicateType::kJk1;
  } else if (name == "jkn") {
    options->replicates.type = ReplicateType::kJkn;
  } else if (name == "brr") {
    options->replicates.type = ReplicateType::kBrr;
  } else if (name == "supplied") {
    options->replicates.type = ReplicateType::kSupplied;
  } else if (name == "fay" || name == "bootstrap") {
    double v = 0;
    if (arg.empty() || !table::ParseNumber(arg, &v)) return bad();
    if (name == "fay") {
      options->replicates.type = ReplicateType::kFay;
      options->replicates.fay_rho = v;
    } else {
      if (v != std::floor(v) || v < 2 || v > 1e7) {
        return InvalidArgumentError(
            "bootstrap:R needs a whole number of replicates >= 2, got " + arg);
      }
      options->replicates.type = ReplicateType::kBootstrap;
      options->replicates.bootstrap_replicates = static_cast<int>(v);
    }
  } else {
    return bad();
  }
  return options->Validate();
}

Result<double> StudentTQuantile(double p, double df) {
  if (!(df > 0)) {
    return InvalidArgumentError(fmt::format(
        "a t interval needs positive degrees of freedom, got {}", df));
  }
  if (!(p > 0 && p < 1))
    return InvalidArgumentError("quantile level outside (0, 1)");
  return boost::math::quantile(boost::math::students_t_distribution<double>(df),
                               p);
}

Result<std::vector<SurveyEstimate>> Estimate(
    const Table& t, const Design& design, const std::vector<Request>& requests,
    const EstimationOptions& options, EstimationSummary* summary) {
  JI_RETURN_IF_ERROR(options.Validate());
  const size_t n = t.num_rows();
  MissingLog log{options.missing, {}};
  if (design.num_rows() != n) {
    return InternalError("the design and the table have different row counts");
  }
  std::vector<DomainSet> sets;
  sets.push_back(Overall(n));
  if (!options.by.empty()) {
    JI_ASSIGN_OR_RETURN(DomainSet s, ByColumns(t, options.by, options.missing));
    sets.push_back(std::move(s));
  }

  const bool replicate = options.method == VarianceMethod::kReplication;
  std::optional<ReplicateDesign> rep;
  if (replicate) {
    JI_ASSIGN_OR_RETURN(ReplicateDesign r,
                        ReplicateDesign::Create(design, t, options.replicates));
    rep = std::move(r);
  }
  const int df =
      replicate ? rep->DegreesOfFreedom() : design.DegreesOfFreedom();
  // With df <= 0 (e.g. one PSU in all) no t interval exists; the estimates
  // are still reported.
  const auto tq_or = StudentTQuantile((1 + options.confidence) / 2, df);
  const bool have_tq = tq_or.ok();
  const double tq = have_tq ? *tq_or : 0.0;
  std::vector<std::string> notes;
  auto where = [](const std::string& label, const std::string& domain) {
    return domain.empty() ? label : label + " in " + domain;
  };
  const std::string variance_label =
      replicate ? "replication: " + rep->Describe() : "Taylor linearization";
  auto fill_summary = [&] {
    if (summary == nullptr) return;
    summary->design = design.Describe();
    summary->variance = variance_label;
    summary->df = df;
    summary->rows = static_cast<int64_t>(n);
    summary->notes = notes;
    const MissingPolicyInfo& policy = MissingPolicyInfoOf(options.missing);
    summary->missing_policy =
        std::string(policy.name) + ": " + std::string(policy.meaning);
    summary->missing_values.clear();
    for (const auto& [column, count] : log.counts) {
      if (count > 0) summary->missing_values.emplace_back(column, count);
    }
    for (const auto& by : options.by) {
      const Column* c = t.Find(by);
      const int64_t count =
          c ? static_cast<int64_t>(MissingRows(*c).size()) : 0;
      if (count > 0 && log.counts.count(by) == 0) {
        summary->missing_values.emplace_back(by, count);
      }
    }
  };

  const auto& w = design.weights();
  std::vector<Problem> problems;
  std::vector<std::vector<double>> quantile_values;
  quantile_values.reserve(requests.size());
  for (const auto& req : requests) {
    if (req.statistic != Statistic::kQuantile) {
      JI_ASSIGN_OR_RETURN(auto more, Problems(t, req, &log));
      for (auto& p : more) problems.push_back(std::move(p));
      continue;
    }
    if (!(req.p > 0 && req.p < 1)) {
      return InvalidArgumentError(
          fmt::format("quantile {}: the probability must lie in (0, 1), got {}",
                      req.variable, req.p));
    }
    JI_ASSIGN_OR_RETURN(auto values, AnalysisValues(t, req.variable, &log));
    quantile_values.push_back(std::move(values));
    const auto* v = &quantile_values.back();
    for (size_t si = 0; si < sets.size(); ++si) {
      const DomainSet& ds = sets[si];
      const int D = static_cast<int>(ds.labels.size());
      auto sorted = SortByDomain(*v, w, ds.code, D);
      Problem pr{Statistic::kQuantile,
                 fmt::format("{}:{}", req.variable, req.p),
                 std::vector<double>(n, 0.0), std::vector<double>(n, 1.0)};
      pr.set = static_cast<int>(si);
      pr.values = v;
      pr.p = req.p;
      pr.q.resize(D);
      for (int d = 0; d < D; ++d) {
        // No rows with weight: no quantile (NaN; left out below).
        pr.q[d] =
            sorted[d].x.empty() ? std::nan("") : sorted[d].Quantile(req.p);
      }
      for (size_t i = 0; i < n; ++i) {
        pr.y[i] = (*v)[i] <= pr.q[ds.code[i]] ? 1.0 : 0.0;
        if (std::isnan((*v)[i])) pr.x[i] = std::nan("");
      }
      pr.ExcludeMissing();
      problems.push_back(std::move(pr));
    }
  }
  // Degrees of freedom of each domain: PSUs minus strata with rows in it
  // that the estimate uses.
  auto domain_df = [&design](const DomainSet& ds, int d, const Problem& pr) {
    std::set<int32_t> psus, strata;
    for (size_t i = 0; i < ds.code.size(); ++i) {
      if (ds.code[i] == d && design.weights()[i] > 0 && pr.used(i)) {
        psus.insert(design.row_psu()[i]);
        strata.insert(design.row_stratum()[i]);
      }
    }
    return static_cast<int>(psus.size()) - static_cast<int>(strata.size());
  };

  // Replication: one pass over the replicates for every column of every
  // problem, in the finest domain set; coarser sets (the whole population)
  // are sums over its domains, which partition the rows.
  std::vector<double> rep_sums;
  std::vector<size_t> y_col(problems.size()), x_col(problems.size());
  size_t K = 0;
  if (replicate) {
    // A column that equals an earlier one bit for bit (the numerator of a
    // ratio that is also a total, say) is summed once.
    std::vector<const std::vector<double>*> cols;
    auto column_of = [&cols](const std::vector<double>* v) {
      for (size_t k = 0; k < cols.size(); ++k) {
        if (cols[k]->size() == v->size() &&
            std::memcmp(cols[k]->data(), v->data(),
                        v->size() * sizeof(double)) == 0) {
          return k;
        }
      }
      cols.push_back(v);
      return cols.size() - 1;
    };
    for (size_t p = 0; p < problems.size(); ++p) {
      y_col[p] = column_of(&problems[p].y);
      if (!problems[p].x.empty()) x_col[p] = column_of(&problems[p].x);
    }
    K = cols.size();
    const DomainSet& fine = sets.back();
    JI_ASSIGN_OR_RETURN(
        rep_sums, rep->ReplicateSums(cols, fine.code,
                                     static_cast<int>(fine.labels.size())));
  }

  // Every (problem, domain set) pair is independent: they run on up to
  // `threads` threads, each into its own slot, and are joined in order.
  struct TaskResult {
    std::vector<SurveyEstimate> out;
    std::vector<std::string> notes;
    Status status;
  };
  auto run_task = [&](size_t pi, size_t si, TaskResult* res) -> Status {
    const Problem& pr = problems[pi];
    const bool is_total = pr.x.empty();
    const DomainSet& ds = sets[si];

    const int D = static_cast<int>(ds.labels.size());
    std::vector<double> ysum(D, 0.0), xsum(D, 0.0);
    for (size_t i = 0; i < n; ++i) {
      ysum[ds.code[i]] += w[i] * pr.y[i];
      if (!is_total) xsum[ds.code[i]] += w[i] * pr.x[i];
    }
    std::vector<double> theta(D);
    std::vector<std::string> skip(D);  // Why domain d has no estimate.
    for (int d = 0; d < D; ++d) {
      if (pr.statistic == Statistic::kQuantile && std::isnan(pr.q[d])) {
        skip[d] = "no rows with positive weight";
      } else if (!is_total && xsum[d] == 0.0) {
        skip[d] = "the weighted denominator total is zero";
      }
      theta[d] = !skip[d].empty() ? 0.0
                 : is_total       ? ysum[d]
                                  : ysum[d] / xsum[d];
    }
    std::vector<double> var(D);
    if (!replicate) {
      DomainInfluence inf;
      inf.z.resize(n);
      inf.domain = ds.code;
      inf.num_domains = D;
      for (size_t i = 0; i < n; ++i) {
        const int32_t d = ds.code[i];
        inf.z[i] = is_total || xsum[d] == 0.0
                       ? w[i] * pr.y[i]
                       : w[i] * (pr.y[i] - theta[d] * pr.x[i]) / xsum[d];
      }
      JI_ASSIGN_OR_RETURN(var, LinearizedVariance(design, inf));
    } else {
      const DomainSet& fine = sets.back();
      const size_t F = fine.labels.size();
      const bool coarse = &ds != &fine;  // The whole population.
      const int R = rep->num_replicates();
      std::vector<double> thetas(R);
      for (int d = 0; d < D; ++d) {
        for (int r = 0; r < R; ++r) {
          double ys = 0, xs = 0;
          for (size_t f = coarse ? 0 : static_cast<size_t>(d);
               f < (coarse ? F : static_cast<size_t>(d) + 1); ++f) {
            const double* s =
                rep_sums.data() + (static_cast<size_t>(r) * F + f) * K;
            ys += s[y_col[pi]];
            if (!is_total) xs += s[x_col[pi]];
          }
          thetas[r] = is_total ? ys : (xs != 0 ? ys / xs : std::nan(""));
        }
        var[d] = rep->Variance(thetas, theta[d]);
      }
    }
    // Design-effect ingredients per domain in two passes: n, sum w and
    // the weighted sum of squared deviations (domain's own n and N, as
    // R's subsets).
    struct DeffSums {
      int64_t n = 0;
      double wsum = 0, wy = 0, ss = 0;
    };
    std::vector<DeffSums> dw(D);
    if (pr.statistic != Statistic::kRatio) {
      for (size_t i = 0; i < n; ++i) {
        if (w[i] <= 0 || !pr.used(i)) continue;
        DeffSums& a = dw[ds.code[i]];
        ++a.n;
        a.wsum += w[i];
        a.wy += w[i] * pr.y[i];
      }
      for (size_t i = 0; i < n; ++i) {
        if (w[i] <= 0 || !pr.used(i)) continue;
        DeffSums& a = dw[ds.code[i]];
        const double dev = pr.y[i] - a.wy / a.wsum;
        a.ss += w[i] * dev * dev;
      }
    }
    // Rows each domain's estimate used.
    std::vector<int64_t> used_n = ds.counts;
    if (!pr.skip.empty()) {
      used_n.assign(D, 0);
      for (size_t i = 0; i < n; ++i) used_n[ds.code[i]] += pr.used(i);
    }
    for (int d = 0; d < D; ++d) {
      if (d == ds.hidden) continue;
      const std::string what =
          fmt::format("{} of {}", StatisticName(pr.statistic),
                      where(pr.label, ds.labels[d]));
      if (!skip[d].empty()) {
        res->notes.push_back(what + ": not estimated: " + skip[d]);
        continue;
      }
      SurveyEstimate e;
      e.statistic = pr.statistic;
      e.variable = pr.label;
      e.domain = ds.labels[d];
      e.estimate = theta[d];
      e.se = std::sqrt(var[d]);
      e.df = df;
      e.n = used_n[d];
      if (!std::isfinite(var[d]) || var[d] < 0) {
        e.note = replicate ? "no standard error: a replicate leaves the domain "
                             "empty (e.g. all its rows lie in one PSU)"
                           : "no standard error: the variance is not finite";
      } else if (!have_tq) {
        e.note = fmt::format(
            "no interval: the design has {} degrees of freedom", df);
      }
      if (pr.statistic == Statistic::kQuantile) {
        // Woodruff: the t interval of F(q) mapped back through the rule.
        const int qdf = ds.labels[d].empty() && pr.skip.empty()
                            ? df
                            : std::min(df, domain_df(ds, d, pr));
        const auto qt_or = StudentTQuantile((1 + options.confidence) / 2, qdf);
        e.estimate = pr.q[d];
        if (e.note.empty() && !qt_or.ok()) {
          e.note = fmt::format(
              "no interval: the domain has {} degrees of freedom (its "
              "rows lie in one PSU per stratum)",
              qdf);
        }
        e.df = qdf;
        if (!e.note.empty()) {
          SetNoInterval(&e, what, &res->notes);
          e.method = fmt::format("quantile (rule \"math\"); design: {}",
                                 design.Describe());
          res->out.push_back(std::move(e));
          continue;
        }
        const double qt = *qt_or;
        std::vector<int32_t> one(n, -1);
        for (size_t i = 0; i < n; ++i) {
          if (ds.code[i] == d && pr.used(i)) one[i] = 0;
        }
        const SortedDomain sd = SortByDomain(*pr.values, w, one, 1)[0];
        const double lo_p = std::clamp(theta[d] - qt * e.se, 0.0, 1.0);
        const double hi_p = std::clamp(theta[d] + qt * e.se, 0.0, 1.0);
        e.ci_low = lo_p <= 0 ? sd.x.front() : sd.Quantile(lo_p);
        e.ci_high = hi_p >= 1 ? sd.x.back() : sd.Quantile(hi_p);
        e.se = (e.ci_high - e.ci_low) / (2 * qt);
        e.method = fmt::format(
            "quantile (rule \"math\") by {}; Woodruff interval from the "
            "estimated "
            "CDF {:.6g} (se {:.3g}); design: {}; t({}) {:g}%",
            variance_label, theta[d], std::sqrt(var[d]), design.Describe(), qdf,
            100 * options.confidence);
        res->out.push_back(std::move(e));
        continue;
      }
      if (pr.statistic != Statistic::kRatio && dw[d].n > 1 &&
          dw[d].wsum > static_cast<double>(dw[d].n)) {
        const double nn = static_cast<double>(dw[d].n);
        const double s2 = dw[d].ss / dw[d].wsum * nn / (nn - 1);
        double vsrs = s2 / nn * (dw[d].wsum - nn) / dw[d].wsum;
        if (is_total) vsrs *= dw[d].wsum * dw[d].wsum;
        if (vsrs > 0) e.deff = var[d] / vsrs;
      }
      if (!e.note.empty()) {
        SetNoInterval(&e, what, &res->notes);
        e.method =
            fmt::format("{} by {}; design: {}", StatisticName(pr.statistic),
                        variance_label, design.Describe());
        res->out.push_back(std::move(e));
        continue;
      }
      std::string interval;
      const double p = theta[d];
      if (pr.statistic == Statistic::kProportion && p > 0 && p < 1) {
        const double l = std::log(p / (1 - p));
        const double half = tq * e.se / (p * (1 - p));
        e.ci_low = 1 / (1 + std::exp(-(l - half)));
        e.ci_high = 1 / (1 + std::exp(-(l + half)));
        interval = fmt::format("logit t({}) interval", df);
      } else {
        e.ci_low = e.estimate - tq * e.se;
        e.ci_high = e.estimate + tq * e.se;
        interval = fmt::format("t({}) interval", df);
      }
      e.method =
          fmt::format("{} by {}; design: {}; {} {:g}%",
                      StatisticName(pr.statistic), variance_label,
                      design.Describe(), interval, 100 * options.confidence);
      res->out.push_back(std::move(e));
    }
    return Status::Ok();
  };
  std::vector<std::pair<size_t, size_t>> tasks;
  for (size_t pi = 0; pi < problems.size(); ++pi) {
    for (size_t si = 0; si < sets.size(); ++si) {
      if (problems[pi].set >= 0 && problems[pi].set != static_cast<int>(si)) {
        continue;
      }
      tasks.emplace_back(pi, si);
    }
  }
  std::vector<TaskResult> results(tasks.size());
  const int threads = EstimationThreads(options, tasks.size(), n);
  auto work = [&](int worker) {
    for (size_t k = static_cast<size_t>(worker); k < tasks.size();
         k += static_cast<size_t>(threads)) {
      results[k].status =
          run_task(tasks[k].first, tasks[k].second, &results[k]);
    }
  };
  std::vector<std::thread> pool;
  for (int worker = 1; worker < threads; ++worker) {
    pool.emplace_back(work, worker);
  }
  work(0);
  for (auto& th : pool) th.join();
  std::vector<SurveyEstimate> out;
  for (auto& r : results) {
    JI_RETURN_IF_ERROR(r.status);
    for (auto& e : r.out) out.push_back(std::move(e));
    for (auto& note : r.notes) notes.push_back(std::move(note));
  }
  fill_summary();
  return out;
}

}  // namespace jobimpact::survey

#include "jobimpact/inputoutput/leontief.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

namespace jobimpact::inputoutput {
namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

Status CheckFinite(const MatrixXd& m, const char* what) {
  if (!m.allFinite()) {
    return NumericalError(std::string(what) + " contains non-finite values");
  }
  return Status::Ok();
}

// Certifies that the spectral radius of a non-negative A is below one (the
// Hawkins-Simon condition: L exists and is non-negative). ||A||_1 < 1 settles
// it at once; otherwise power iteration on A + I with the Collatz-Wielandt
// bounds min_i (Bx)_i / x_i <= rho(B) <= max_i (Bx)_i / x_i for positive x
// (Horn & Johnson 2013, §8.1), B = A + I keeping x positive.
Status CheckProductive(const MatrixXd& a, double norm_a, double* rho_upper) {
  *rho_upper = norm_a;
  if (norm_a < 1.0 || (a.array() < 0.0).any()) return Status::Ok();
  VectorXd x = VectorXd::Ones(a.rows());
  double lo = 0, hi = norm_a;
  for (int it = 0; it < 2000; ++it) {
    VectorXd y = a * x + x;
    const VectorXd ratio = y.cwiseQuotient(x);
    lo = std::max(lo, ratio.minCoeff() - 1.0);
    hi = std::min(hi, ratio.maxCoeff() - 1.0);
    *rho_upper = hi;
    if (hi < 1.0) return Status::Ok();
    if (lo >= 1.0) break;
    x = y / y.maxCoeff();
    if (!(x.array() > 0.0).all()) break;
  }
  return NumericalError(fmt::format(
      "the spectral radius of A is {} 1 (Collatz-Wielandt bounds [{:.6g}, "
      "{:.6g}]): the table is not productive (Hawkins-Simon condition fails): "
      "I - A is singular or its inverse has negative entries",
      lo >= 1.0 ? ">=" : "not certified below", lo, hi));
}

constexpr const char* kLuDescription =
    "LU with partial pivoting of I - A (Eigen PartialPivLU)";

}  // namespace

struct LeontiefSolver::State {
  MatrixXd a;
  double norm_a = 0.0;
  std::unique_ptr<Eigen::PartialPivLU<MatrixXd>> lu;  // Null if iterative.
  BlockGmresOptions iterative;
};

Result<MatrixXd> TechnicalCoefficients(const IoTable& table) {
  const Index n = static_cast<Index>(table.size());
  if (table.z.rows() != n || table.z.cols() != n ||
      table.gross_output.size() != n) {
    return InternalError("IoTable: inconsistent block sizes");
  }
  for (Index j = 0; j < n; ++j) {
    if (!(table.gross_output(j) > 0.0)) {
      return InvalidArgumentError(fmt::format(
          "{}: sector {} has zero gross output, so its column of technical "
          "coefficients is undefined (remove or aggregate the sector)",
          table.source, table.Describe(static_cast<size_t>(j))));
    }
  }
  MatrixXd a = table.z * table.gross_output.cwiseInverse().asDiagonal();
  JI_RETURN_IF_ERROR(CheckFinite(a, "technical coefficients A"));
  return a;
}

Result<LeontiefMethod> ParseLeontiefMethod(const std::string& name) {
  if (name == "auto") return LeontiefMethod::kAuto;
  if (name == "lu") return LeontiefMethod::kLu;
  if (name == "iterative") return LeontiefMethod::kIterative;
  return InvalidArgumentError("unknown Leontief solver \"" + name +
                              "\" (expected auto, lu or iterative)");
}

const char* LeontiefMethodName(LeontiefMethod method) {
  switch (method) {
    case LeontiefMethod::kAuto:
      return "auto";
    case LeontiefMethod::kLu:
      return "lu";
    case LeontiefMethod::kIterative:
      return "iterative";
  }
  return "?";
}

Status LeontiefOptions::Validate() const {
  if (!(min_rcond > 0.0) || !(min_rcond < 1.0)) {
    return InvalidArgumentError(fmt::format(
        "LeontiefOptions.min_rcond must lie in (0, 1), got {}", min_rcond));
  }
  if (auto_lu_max_size < 0) {
    return InvalidArgumentError(
        "LeontiefOptions.auto_lu_max_size must not be "
        "negative");
  }
  return iterative.Validate();
}

LeontiefSolver::LeontiefSolver(std::shared_ptr<const State> state)
    : state_(std::move(state)) {}

Result<LeontiefSolver> LeontiefSolver::Create(MatrixXd a,
                                              const LeontiefOptions& options,
                                              LeontiefSummary* summary) {
  JI_RETURN_IF_ERROR(options.Validate());
  if (a.rows() != a.cols() || a.rows() == 0) {
    return InvalidArgumentError(fmt::format(
        "the coefficient matrix must be square and non-empty, got {} x {}",
        a.rows(), a.cols()));
  }
  if (!a.allFinite()) {
    return InvalidArgumentError(
        "technical coefficients A contain non-finite values");
  }
  const Index n = a.rows();
  auto state = std::make_shared<State>();
  state->norm_a = NormOne(a);
  state->iterative = options.iterative;
  auto sum = std::make_shared<LeontiefSummary>();
  sum->n = n;
  sum->norm_a = state->norm_a;
  sum->rcond = std::numeric_limits<double>::quiet_NaN();
  JI_RETURN_IF_ERROR(CheckProductive(a, state->norm_a, &sum->rho_upper));

  LeontiefMethod method = options.method;
  std::string why;
  if (method == LeontiefMethod::kAuto) {
    if (n <= options.auto_lu_max_size) {
      method = LeontiefMethod::kLu;
    } else if (state->norm_a < 1.0) {
      method = LeontiefMethod::kIterative;
    } else {
      method = LeontiefMethod::kLu;
      why = " (iteration has no certificate: a column sum of A is >= 1)";
    }
  }
  if (method == LeontiefMethod::kIterative) {
    if (!(state->norm_a < 1.0)) {
      return InvalidArgumentError(fmt::format(
          "the iterative Leontief solver needs every column sum of |A| "
          "below 1 for its error certificate, but the largest is {:.6g}; use "
          "the LU solver",
          state->norm_a));
    }
    sum->method = LeontiefMethod::kIterative;
    sum->description = fmt::format(
        "restarted GMRES on I - A, batched over right-hand sides, certified "
        "relative error <= {:g} (||A||_1 = {:.4f})",
        options.iterative.tolerance, state->norm_a);
  } else {
    MatrixXd m = MatrixXd::Identity(n, n) - a;
    state->lu = std::make_unique<Eigen::PartialPivLU<MatrixXd>>(std::move(m));
    // PartialPivLU never reports failure itself; the reciprocal condition
    // estimate (Hager/Higham 1-norm estimator) exposes (near-)singularity.
    const double rcond = state->lu->rcond();
    sum->method = LeontiefMethod::kLu;
    sum->rcond = rcond;
    sum->description = std::string(kLuDescription) + why;
    if (!std::isfinite(rcond) || rcond < options.min_rcond) {
      if (summary != nullptr) *summary = *sum;
      return NumericalError(fmt::format(
          "I - A is singular or near-singular: reciprocal condition estimate "
          "{:.3g} is below {:.3g} (check for a sector whose inputs exceed its "
          "output)",
          rcond, options.min_rcond));
    }
  }
  if (summary != nullptr) *summary = *sum;
  state->a = std::move(a);
  LeontiefSolver solver(std::move(state));
  solver.summary_ = std::move(sum);
  return solver;
}

int64_t LeontiefSolver::size() const { return state_->a.rows(); }

Result<MatrixXd> LeontiefSolver::Run(const MatrixXd& rhs, bool transpose,
                                     SolveReport* report) const {
  const Index n = state_->a.rows();
  if (rhs.rows() != n) {
    return InvalidArgumentError(
        fmt::format("right-hand side has {} rows, the table has {} sectors",
                    rhs.rows(), n));
  }
  if (!rhs.allFinite()) {
    return InvalidArgumentError(
        "right-hand side of a Leontief solve contains non-finite values");
  }
  if (state_->lu == nullptr) {
    BlockGmresSummary gs;
    JI_ASSIGN_OR_RETURN(MatrixXd x,
                        SolveLeontiefIteratively(state_->a, rhs, transpose,
                                                 state_->iterative, &gs));
    if (report != nullptr) {
      report->method = summary_->description;
      report->iterations = gs.iterations;
      report->relative_error_bound = gs.max_relative_error_bound;
    }
    return x;
  }
  MatrixXd x = transpose ? MatrixXd(state_->lu->transpose().solve(rhs))
                         : MatrixXd(state_->lu->solve(rhs));
  JI_RETURN_IF_ERROR(CheckFinite(x, "Leontief solution"));
  if (report != nullptr) {
    report->method = summary_->description;
    report->iterations = 0;
    report->relative_error_bound = std::numeric_limits<double>::quiet_NaN();
    if (state_->norm_a < 1.0) {
      // Same certificate as the iteration (block_gmres.h), from the exact
      // residual of the LU solution.
      MatrixXd r = transpose ? MatrixXd(state_->a.transpose() * x)
                             : MatrixXd(state_->a * x);
      r = rhs - (x - r);
      const double gap = 1.0 - state_->norm_a;
      double worst = 0.0;
      for (Index c = 0; c < x.cols(); ++c) {
        const double rn = transpose ? r.col(c).lpNorm<Eigen::Infinity>()
                                    : r.col(c).lpNorm<1>();
        const double xn = transpose ? x.col(c).lpNorm<Eigen::Infinity>()
                                    : x.col(c).lpNorm<1>();
        const double bound = rn / gap;
        if (rn == 0.0) continue;
        worst = std::max(worst, xn > bound
                                    ? bound / (xn - bound)
                                    : std::numeric_limits<double>::infinity());
      }
      report->relative_error_bound = worst;
    }
  }
  return x;
}

Result<VectorXd> LeontiefSolver::LeontiefColumnSums(SolveReport* report) const {
  // 1^T L = y^T  <=>  (I - A)^T y = 1.
  JI_ASSIGN_OR_RETURN(
      MatrixXd y, Run(MatrixXd::Ones(size(), 1), /*transpose=*/true, report));
  return VectorXd(y.col(0));
}

Result<VectorXd> LeontiefSolver::TotalConsumptionColumnSums(
    SolveReport* report) const {
  JI_ASSIGN_OR_RETURN(VectorXd y, LeontiefColumnSums(report));
  return VectorXd(y.array() - 1.0);
}

Result<MatrixXd> LeontiefSolver::Solve(const MatrixXd& f,
                                       SolveReport* report) const {
  return Run(f, /*transpose=*/false, report);
}

Result<MatrixXd> LeontiefSolver::SolveTransposed(const MatrixXd& v,
                                                 SolveReport* report) const {
  return Run(v, /*transpose=*/true, report);
}

Result<MatrixXd> LeontiefSolver::FullInverse() const {
  const Index n = size();
  if (state_->lu != nullptr) {
    MatrixXd l = state_->lu->inverse();
    JI_RETURN_IF_ERROR(CheckFinite(l, "Leontief inverse"));
    return l;
  }
  Eigen::PartialPivLU<MatrixXd> lu(MatrixXd::Identity(n, n) - state_->a);
  MatrixXd l = lu.inverse();
  JI_RETURN_IF_ERROR(CheckFinite(l, "Leontief inverse"));
  return l;
}

Result<MatrixXd> TotalConsumptionMatrix(const LeontiefSolver& solver) {
  JI_ASSIGN_OR_RETURN(MatrixXd l, solver.FullInverse());
  l.diagonal().array() -= 1.0;
  return l;
}

Result<MatrixXd> GhoshInverse(const LeontiefSolver& solver,
                              const VectorXd& gross_output) {
  if (gross_output.size() != solver.size()) {
    return InvalidArgumentError(
        fmt::format("gross output has {} entries, the table has {} sectors",
                    gross_output.size(), solver.size()));
  }
  if (!(gross_output.array() > 0.0).all()) {
    return InvalidArgumentError(
        "the Ghosh inverse needs positive gross output in every sector");
  }
  JI_ASSIGN_OR_RETURN(MatrixXd l, solver.FullInverse());
  return MatrixXd(gross_output.cwiseInverse().asDiagonal() * l *
                  gross_output.asDiagonal());
}

}  // namespace jobimpact::inputoutput

#include "jobimpact/inputoutput/leontief.h"

#include <fmt/format.h>

#include <cmath>

namespace jobimpact::inputoutput {
namespace {

Status CheckFinite(const Eigen::MatrixXd& m, const char* what) {
  if (!m.allFinite()) {
    return NumericalError(std::string(what) + " contains non-finite values");
  }
  return Status::Ok();
}

}  // namespace

Result<Eigen::MatrixXd> TechnicalCoefficients(const IoTable& table) {
  const Eigen::Index n = static_cast<Eigen::Index>(table.size());
  if (table.z.rows() != n || table.z.cols() != n ||
      table.gross_output.size() != n) {
    return InternalError("IoTable: inconsistent block sizes");
  }
  for (Eigen::Index j = 0; j < n; ++j) {
    if (!(table.gross_output(j) > 0.0)) {
      return InvalidArgumentError(fmt::format(
          "{}: sector {} has zero gross output, so its column of technical "
          "coefficients is undefined (remove or aggregate the sector)",
          table.source, table.Describe(static_cast<size_t>(j))));
    }
  }
  Eigen::MatrixXd a = table.z * table.gross_output.cwiseInverse().asDiagonal();
  JI_RETURN_IF_ERROR(CheckFinite(a, "technical coefficients A"));
  return a;
}

Status LeontiefOptions::Validate() const {
  if (!(min_rcond > 0.0) || !(min_rcond < 1.0)) {
    return InvalidArgumentError(fmt::format(
        "LeontiefOptions.min_rcond must lie in (0, 1), got {}", min_rcond));
  }
  return Status::Ok();
}

Result<LeontiefSolver> LeontiefSolver::Create(const Eigen::MatrixXd& a,
                                              const LeontiefOptions& options,
                                              LeontiefSummary* summary) {
  JI_RETURN_IF_ERROR(options.Validate());
  if (a.rows() != a.cols() || a.rows() == 0) {
    return InvalidArgumentError(fmt::format(
        "the coefficient matrix must be square and non-empty, got {} x {}",
        a.rows(), a.cols()));
  }
  JI_RETURN_IF_ERROR(CheckFinite(a, "technical coefficients A"));
  const Eigen::Index n = a.rows();
  Eigen::MatrixXd m = Eigen::MatrixXd::Identity(n, n) - a;
  auto lu = std::make_shared<Eigen::PartialPivLU<Eigen::MatrixXd>>(m);
  // PartialPivLU never reports failure itself; the reciprocal condition
  // estimate (Hager/Higham 1-norm estimator) exposes (near-)singularity.
  const double rcond = lu->rcond();
  if (summary != nullptr) {
    summary->n = n;
    summary->rcond = rcond;
    summary->method = "LU with partial pivoting (Eigen PartialPivLU)";
  }
  if (!std::isfinite(rcond) || rcond < options.min_rcond) {
    return NumericalError(fmt::format(
        "I - A is singular or near-singular: reciprocal condition estimate "
        "{:.3g} is below {:.3g} (check for a sector whose inputs exceed its "
        "output)",
        rcond, options.min_rcond));
  }
  return LeontiefSolver(std::move(lu));
}

int64_t LeontiefSolver::size() const { return lu_->matrixLU().rows(); }

Result<Eigen::VectorXd> LeontiefSolver::LeontiefColumnSums() const {
  // 1^T L = y^T  <=>  (I - A)^T y = 1.
  Eigen::VectorXd ones = Eigen::VectorXd::Ones(lu_->matrixLU().rows());
  Eigen::VectorXd y = lu_->transpose().solve(ones);
  JI_RETURN_IF_ERROR(CheckFinite(y, "column sums of the Leontief inverse"));
  return y;
}

Result<Eigen::VectorXd> LeontiefSolver::TotalConsumptionColumnSums() const {
  JI_ASSIGN_OR_RETURN(Eigen::VectorXd y, LeontiefColumnSums());
  return Eigen::VectorXd(y.array() - 1.0);
}

Result<Eigen::MatrixXd> LeontiefSolver::Solve(const Eigen::MatrixXd& f) const {
  if (f.rows() != lu_->matrixLU().rows()) {
    return InvalidArgumentError(
        fmt::format("final demand has {} rows, the table has {} sectors",
                    f.rows(), lu_->matrixLU().rows()));
  }
  Eigen::MatrixXd x = lu_->solve(f);
  JI_RETURN_IF_ERROR(CheckFinite(x, "Leontief solution"));
  return x;
}

}  // namespace jobimpact::inputoutput

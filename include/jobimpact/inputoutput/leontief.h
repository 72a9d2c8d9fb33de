// The Leontief model x = A x + f, solved by LU factorisation of (I - A)
// (never an explicit inverse):
//
//   A = Z diag(x)^-1              technical coefficients
//   L = (I - A)^-1                Leontief inverse (total requirements)
//   B = L - I                     total consumption coefficients (完全消耗系数)
//
// Column sums of L solve (I - A)^T y = 1 (one transposed solve), so the
// column sums of B are y - 1 (Miller & Blair 2009, §2.3 and §6.2: output
// multipliers are the column sums of L).
#ifndef JOBIMPACT_INPUTOUTPUT_LEONTIEF_H_
#define JOBIMPACT_INPUTOUTPUT_LEONTIEF_H_

#include <Eigen/Dense>
#include <memory>
#include <string>

#include "jobimpact/base/status.h"
#include "jobimpact/inputoutput/io_table.h"

namespace jobimpact::inputoutput {

// A = Z diag(x)^-1. A sector with zero gross output has no defined column of
// A: InvalidArgument naming the sector (it is never divided by).
Result<Eigen::MatrixXd> TechnicalCoefficients(const IoTable& table);

struct LeontiefOptions {
  // Factorisations whose reciprocal condition number estimate (1-norm) is
  // below this are rejected as singular or near-singular.
  double min_rcond = 1e-12;

  Status Validate() const;
};

struct LeontiefSummary {
  int64_t n = 0;
  double rcond = 0.0;  // Reciprocal condition estimate of I - A (1-norm).
  std::string method;  // "LU with partial pivoting (Eigen)".
};

// Holds the LU factorisation of I - A for repeated solves.
class LeontiefSolver {
 public:
  // Factorises I - A. NumericalError (with the condition estimate) if I - A
  // is singular or near-singular, or A is not square or not finite.
  static Result<LeontiefSolver> Create(const Eigen::MatrixXd& a,
                                       const LeontiefOptions& options,
                                       LeontiefSummary* summary = nullptr);

  int64_t size() const;
  // Column sums of L = (I - A)^-1, by one transposed solve.
  Result<Eigen::VectorXd> LeontiefColumnSums() const;
  // Column sums of B = L - I (the reports' 完全消耗系数 per sector).
  Result<Eigen::VectorXd> TotalConsumptionColumnSums() const;
  // x = L f for one or more right-hand sides (columns of f).
  Result<Eigen::MatrixXd> Solve(const Eigen::MatrixXd& f) const;

 private:
  explicit LeontiefSolver(
      std::shared_ptr<Eigen::PartialPivLU<Eigen::MatrixXd>> lu)
      : lu_(std::move(lu)) {}
  std::shared_ptr<Eigen::PartialPivLU<Eigen::MatrixXd>> lu_;
};

}  // namespace jobimpact::inputoutput

#endif  // JOBIMPACT_INPUTOUTPUT_LEONTIEF_H_

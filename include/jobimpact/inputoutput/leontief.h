// The Leontief model x = A x + f, solved without an explicit inverse unless
// the inverse itself is asked for:
//
//   A = Z diag(x)^-1              technical coefficients
//   L = (I - A)^-1                Leontief inverse (total requirements)
//   B = L - I                     total consumption coefficients (完全消耗系数)
//   G = diag(x)^-1 L diag(x)      Ghosh (supply-side) inverse
//
// Column sums of L solve (I - A)^T y = 1 (one transposed solve), so the
// column sums of B are y - 1 (Miller & Blair 2009, §2.3 and §6.2: output
// multipliers are the column sums of L); G follows from L by the similarity
// of Miller & Blair (2009) eq. 12.10.
//
// Two solvers: LU factorisation of I - A (exact up to rounding; any A with
// I - A non-singular) and a batched GMRES iteration (block_gmres.h) whose
// error bound is certified; kAuto picks LU up to `auto_lu_max_size` sectors.
// Every solve reports its method and, when the largest column sum of A is
// below one, a certified relative error bound computed from the exact
// residual of the returned solution.
#ifndef JOBIMPACT_INPUTOUTPUT_LEONTIEF_H_
#define JOBIMPACT_INPUTOUTPUT_LEONTIEF_H_

#include <Eigen/Dense>
#include <memory>
#include <string>

#include "jobimpact/base/status.h"
#include "jobimpact/inputoutput/block_gmres.h"
#include "jobimpact/inputoutput/io_table.h"

namespace jobimpact::inputoutput {

// A = Z diag(x)^-1. A sector with zero gross output has no defined column of
// A: InvalidArgument naming the sector (it is never divided by).
Result<Eigen::MatrixXd> TechnicalCoefficients(const IoTable& table);

enum class LeontiefMethod { kAuto, kLu, kIterative };

// "auto", "lu", "iterative".
Result<LeontiefMethod> ParseLeontiefMethod(const std::string& name);
const char* LeontiefMethodName(LeontiefMethod method);

struct LeontiefOptions {
  LeontiefMethod method = LeontiefMethod::kAuto;
  // kAuto factorises tables up to this many sectors and iterates above it
  // (falling back to LU when the iteration has no certificate, i.e. some
  // column sum of A is >= 1).
  int64_t auto_lu_max_size = 1500;
  // LU factorisations whose reciprocal condition number estimate (1-norm) is
  // below this are rejected as singular or near-singular.
  double min_rcond = 1e-12;
  BlockGmresOptions iterative;

  Status Validate() const;
};

struct LeontiefSummary {
  int64_t n = 0;
  LeontiefMethod method = LeontiefMethod::kLu;  // The one used (never kAuto).
  double rcond = 0.0;   // LU only: reciprocal condition estimate (1-norm).
  double norm_a = 0.0;  // Largest column sum of |A|.
  // Certified upper bound on the spectral radius of A (< 1: the table is
  // productive); ||A||_1 when that already settles it.
  double rho_upper = 0.0;
  std::string description;  // E.g. "LU with partial pivoting (Eigen)".
};

// How one solve went.
struct SolveReport {
  std::string method;
  int iterations = 0;  // Iterative only.
  // Certified bound on (error norm / solution norm) over the columns; NaN
  // when no certificate exists (some column sum of A >= 1).
  double relative_error_bound = 0.0;
};

// Holds the factorisation (or the matrix, for the iterative path) of I - A
// for repeated solves. Cheap to copy (shared, immutable state).
class LeontiefSolver {
 public:
  // Prepares I - A. Numerical error (with the condition estimate) if I - A is
  // singular or near-singular, or if a non-negative A has spectral radius
  // >= 1 (not productive; Collatz-Wielandt bounds in the message);
  // InvalidArgument if A is not square or finite, or the iterative method is
  // forced on an A without certificate. Takes `a` by value: pass std::move(a)
  // to avoid a copy of n x n doubles.
  static Result<LeontiefSolver> Create(Eigen::MatrixXd a,
                                       const LeontiefOptions& options,
                                       LeontiefSummary* summary = nullptr);

  int64_t size() const;
  const LeontiefSummary& summary() const { return *summary_; }

  // Column sums of L = (I - A)^-1, by one transposed solve.
  Result<Eigen::VectorXd> LeontiefColumnSums(
      SolveReport* report = nullptr) const;
  // Column sums of B = L - I (the reports' 完全消耗系数 per sector).
  Result<Eigen::VectorXd> TotalConsumptionColumnSums(
      SolveReport* report = nullptr) const;
  // X = L F for one or more right-hand sides (columns of F).
  Result<Eigen::MatrixXd> Solve(const Eigen::MatrixXd& f,
                                SolveReport* report = nullptr) const;
  // Y = L^T V, i.e. the rows V^T L: multipliers of coefficient rows V^T.
  Result<Eigen::MatrixXd> SolveTransposed(const Eigen::MatrixXd& v,
                                          SolveReport* report = nullptr) const;
  // The full inverse L (n x n). Always by LU (n^3 work: only when asked).
  Result<Eigen::MatrixXd> FullInverse() const;

 private:
  struct State;
  explicit LeontiefSolver(std::shared_ptr<const State> state);
  Result<Eigen::MatrixXd> Run(const Eigen::MatrixXd& rhs, bool transpose,
                              SolveReport* report) const;

  std::shared_ptr<const State> state_;
  std::shared_ptr<const LeontiefSummary> summary_;
};

// Total consumption coefficients B = L - I (full matrix; by LU).
Result<Eigen::MatrixXd> TotalConsumptionMatrix(const LeontiefSolver& solver);

// Ghosh inverse G = (I - diag(x)^-1 Z)^-1 = diag(x)^-1 L diag(x) (Miller &
// Blair 2009, §12.1). x must be positive.
Result<Eigen::MatrixXd> GhoshInverse(const LeontiefSolver& solver,
                                     const Eigen::VectorXd& gross_output);

}  // namespace jobimpact::inputoutput

#endif  // JOBIMPACT_INPUTOUTPUT_LEONTIEF_H_

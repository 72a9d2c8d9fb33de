// Iterative Leontief solves with a certified error bound, for tables too large
// to factorise quickly.
//
// Solves (I - A) X = F, or (I - A)^T X = F, for every column of F at once by
// restarted GMRES (Saad & Schultz 1986) run on each column, with the matrix
// products of all columns batched into one dense product per iteration (so
// the cost is dominated by BLAS-3 products with A, not by n^3 factorisation).
// GMRES minimises the residual over the same Krylov space the Neumann series
// I + A + A^2 + ... lives in, so it never needs more products than Neumann.
//
// Certificate. For any approximate solution x~ with residual r = f - (I-A)x~,
// the error is L r with L = (I - A)^-1, and when ||A||_1 (the largest column
// sum of |A|) is below one, ||L||_1 <= 1 / (1 - ||A||_1) (Neumann bound; Miller
// & Blair 2009, app. A). Hence
//   forward:    ||x~ - x||_1   <= ||r||_1   / (1 - ||A||_1)
//   transposed: ||y~ - y||_inf <= ||r||_inf / (1 - ||A||_1)
// (||(I-A)^-T||_inf = ||L||_1). The residual is recomputed exactly at the end,
// so the bound holds for the returned numbers, not for a recurrence estimate.
#ifndef JOBIMPACT_INPUTOUTPUT_BLOCK_GMRES_H_
#define JOBIMPACT_INPUTOUTPUT_BLOCK_GMRES_H_

#include <Eigen/Dense>

#include "jobimpact/base/status.h"

namespace jobimpact::inputoutput {

struct BlockGmresOptions {
  // Target for every column: certified error bound / norm of the solution.
  double tolerance = 1e-10;
  // Krylov dimension before a restart.
  int restart = 20;
  // Cap on batched products with A (over all restarts).
  int max_iterations = 400;

  Status Validate() const;
};

struct BlockGmresSummary {
  int iterations = 0;  // Batched products with A.
  int restarts = 0;
  double norm_a = 0.0;  // ||A||_1, the largest column sum of |A|.
  // Largest certified relative error bound over the columns (forward: 1-norm,
  // transposed: max-norm), after the final exact residual.
  double max_relative_error_bound = 0.0;
};

// ||A||_1: the largest column sum of |A|.
double NormOne(const Eigen::MatrixXd& a);

// Solves (I - A) X = F (transpose = false) or (I - A)^T X = F. Errors:
// InvalidArgument if shapes disagree, A is not finite, or ||A||_1 >= 1 (no
// certificate: use the LU path); Numerical if the tolerance is not reached
// within max_iterations (the bound achieved is in the message).
Result<Eigen::MatrixXd> SolveLeontiefIteratively(
    const Eigen::MatrixXd& a, const Eigen::MatrixXd& f, bool transpose,
    const BlockGmresOptions& options, BlockGmresSummary* summary = nullptr);

}  // namespace jobimpact::inputoutput

#endif  // JOBIMPACT_INPUTOUTPUT_BLOCK_GMRES_H_

#include "jobimpact/inputoutput/block_gmres.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <vector>

namespace jobimpact::inputoutput {
namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

// out = (I - A) p, or (I - A)^T p: one dense product for the whole block.
void ApplyIMinusA(const MatrixXd& a, bool transpose, const MatrixXd& p,
                  MatrixXd* out) {
  if (transpose) {
    out->noalias() = a.transpose() * p;
  } else {
    out->noalias() = a * p;
  }
  *out = p - *out;
}

// The norm the certificate is stated in (see the header).
double CertNorm(const Eigen::Ref<const VectorXd>& v, bool transpose) {
  return transpose ? v.lpNorm<Eigen::Infinity>() : v.lpNorm<1>();
}

// Per-column GMRES state for one restart cycle.
struct Column {
  Index index = 0;  // Column of F.
  MatrixXd basis;   // n x (m+1) Arnoldi vectors.
  MatrixXd h;       // (m+1) x m Hessenberg matrix, rotated to triangular.
  VectorXd g;       // Rotated right-hand side beta e1.
  VectorXd cs, sn;  // Givens rotations.
  int steps = 0;
  bool live = true;
  double target = 0.0;  // 2-norm residual at which the column stops.
};

}  // namespace

Status BlockGmresOptions::Validate() const {
  if (!(tolerance >= 1e-15) || !(tolerance < 1.0)) {
    return InvalidArgumentError(
        fmt::format("iterative solver tolerance must lie in [1e-15, 1), got {}",
                    tolerance));
  }
  if (restart < 1 || restart > 1000) {
    return InvalidArgumentError(fmt::format(
        "iterative solver restart must lie in [1, 1000], got {}", restart));
  }
  if (max_iterations < 1) {
    return InvalidArgumentError(
        fmt::format("iterative solver max_iterations must be positive, got {}",
                    max_iterations));
  }
  return Status::Ok();
}

double NormOne(const MatrixXd& a) {
  if (a.size() == 0) return 0.0;
  return a.cwiseAbs().colwise().sum().maxCoeff();
}

Result<MatrixXd> SolveLeontiefIteratively(const MatrixXd& a, const MatrixXd& f,
                                          bool transpose,
                                          const BlockGmresOptions& options,
                                          BlockGmresSummary* summary) {
  JI_RETURN_IF_ERROR(options.Validate());
  if (a.rows() != a.cols() || a.rows() == 0) {
    return InvalidArgumentError(fmt::format(
        "the coefficient matrix must be square and non-empty, got {} x {}",
        a.rows(), a.cols()));
  }
  if (f.rows() != a.rows()) {
    return InvalidArgumentError(
        fmt::format("right-hand side has {} rows, the table has {} sectors",
                    f.rows(), a.rows()));
  }
  if (!a.allFinite() || !f.allFinite()) {
    return InvalidArgumentError(
        "iterative solver: the coefficients or the right-hand side contain "
        "non-finite values");
  }
  const Index n = a.rows();
  const Index k = f.cols();
  const double norm_a = NormOne(a);
  if (!(norm_a < 1.0)) {
    return InvalidArgumentError(fmt::format(
        "the iterative solver needs every column sum of |A| below 1 for its "
        "error certificate, but the largest is {:.6g}; use the LU solver",
        norm_a));
  }
  const double gap = 1.0 - norm_a;
  // ||r||_1 <= sqrt(n) ||r||_2 and ||r||_inf <= ||r||_2: a 2-norm target
  // that implies the certified one.
  const double p_per_2 = transpose ? 1.0 : std::sqrt(static_cast<double>(n));
  const int m = options.restart;

  MatrixXd x = f;  // First term of the Neumann series L f = f + A f + ...
  MatrixXd r(n, k);
  MatrixXd block, product;
  int iterations = 0;
  int restarts = 0;
  while (true) {
    // Exact residual and certificate for every column.
    ApplyIMinusA(a, transpose, x, &r);
    r = f - r;
    double worst = 0.0;
    std::vector<Index> active;
    for (Index c = 0; c < k; ++c) {
      const double rn = CertNorm(r.col(c), transpose);
      const double xn = CertNorm(x.col(c), transpose);
      const double bound = rn / gap;
      double rel = 0.0;
      if (rn > 0.0) {
        rel = xn > bound ? bound / (xn - bound)
                         : std::numeric_limits<double>::infinity();
      }
      worst = std::max(worst, rel);
      if (rel > options.tolerance) active.push_back(c);
    }
    if (summary != nullptr) {
      summary->iterations = iterations;
      summary->restarts = restarts;
      summary->norm_a = norm_a;
      summary->max_relative_error_bound = worst;
    }
    if (active.empty()) break;
    if (iterations >= options.max_iterations) {
      return NumericalError(fmt::format(
          "iterative Leontief solve did not reach the relative error bound "
          "{:.3g} in {} iterations (achieved {:.3g}); raise max_iterations or "
          "use the LU solver",
          options.tolerance, iterations, worst));
    }
    ++restarts;

    std::vector<Column> cols(active.size());
    for (size_t i = 0; i < active.size(); ++i) {
      Column& cl = cols[i];
      cl.index = active[i];
      const double beta = r.col(cl.index).norm();
      cl.basis.resize(n, m + 1);
      cl.basis.col(0) = r.col(cl.index) / beta;
      cl.h = MatrixXd::Zero(m + 1, m);
      cl.g = VectorXd::Zero(m + 1);
      cl.g(0) = beta;
      cl.cs = VectorXd::Zero(m);
      cl.sn = VectorXd::Zero(m);
      double xn = CertNorm(x.col(cl.index), transpose);
      if (xn == 0.0) xn = CertNorm(f.col(cl.index), transpose);
      cl.target = 0.5 * options.tolerance * gap * xn / p_per_2;
    }
    for (int j = 0; j < m && iterations < options.max_iterations; ++j) {
      std::vector<size_t> live;
      for (size_t i = 0; i < cols.size(); ++i) {
        if (cols[i].live) live.push_back(i);
      }
      if (live.empty()) break;
      block.resize(n, static_cast<Index>(live.size()));
      for (size_t t = 0; t < live.size(); ++t) {
        block.col(static_cast<Index>(t)) = cols[live[t]].basis.col(j);
      }
      ApplyIMinusA(a, transpose, block, &product);
      ++iterations;
      for (size_t t = 0; t < live.size(); ++t) {
        Column& cl = cols[live[t]];
        VectorXd w = product.col(static_cast<Index>(t));
        const double w_norm = w.norm();
        // Classical Gram-Schmidt twice ("twice is enough", Giraud et al.
        // 2005): as stable as modified Gram-Schmidt, in BLAS-2 steps.
        auto basis = cl.basis.leftCols(j + 1);
        VectorXd hcol = basis.transpose() * w;
        w.noalias() -= basis * hcol;
        VectorXd again = basis.transpose() * w;
        w.noalias() -= basis * again;
        hcol += again;
        const double hn = w.norm();
        cl.h.col(j).head(j + 1) = hcol;
        cl.h(j + 1, j) = hn;
        for (int i = 0; i < j; ++i) {
          const double t1 = cl.cs(i) * cl.h(i, j) + cl.sn(i) * cl.h(i + 1, j);
          cl.h(i + 1, j) = -cl.sn(i) * cl.h(i, j) + cl.cs(i) * cl.h(i + 1, j);
          cl.h(i, j) = t1;
        }
        const double denom = std::hypot(cl.h(j, j), cl.h(j + 1, j));
        if (denom > 0.0) {
          cl.cs(j) = cl.h(j, j) / denom;
          cl.sn(j) = cl.h(j + 1, j) / denom;
        } else {
          cl.cs(j) = 1.0;
          cl.sn(j) = 0.0;
        }
        cl.h(j, j) = denom;
        cl.h(j + 1, j) = 0.0;
        cl.g(j + 1) = -cl.sn(j) * cl.g(j);
        cl.g(j) = cl.cs(j) * cl.g(j);
        cl.steps = denom > 0.0 ? j + 1 : j;
        // Stop the column when its residual estimate meets the target or
        // the Krylov space became invariant (the solution is exact in it).
        const bool breakdown = !(hn > 1e-14 * w_norm);
        if (breakdown || std::fabs(cl.g(j + 1)) <= cl.target) {
          cl.live = false;
        } else {
          cl.basis.col(j + 1) = w / hn;
        }
      }
    }
    for (Column& cl : cols) {
      if (cl.steps == 0) continue;
      VectorXd y = cl.h.topLeftCorner(cl.steps, cl.steps)
                       .triangularView<Eigen::Upper>()
                       .solve(cl.g.head(cl.steps));
      x.col(cl.index).noalias() += cl.basis.leftCols(cl.steps) * y;
    }
    if (!x.allFinite()) {
      return NumericalError(
          "iterative Leontief solve produced non-finite "
          "values");
    }
  }
  return x;
}

}  // namespace jobimpact::inputoutput

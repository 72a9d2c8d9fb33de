// Status and Result<T>: the error channel for expected failures (bad input,
// numerical trouble, I/O). Programmer errors use assert instead.
//
// Modelled on absl::Status / absl::StatusOr: a Status is cheap when OK and
// carries a code plus a human-readable message that names the file, row,
// column or key path involved and what was expected.
#ifndef JOBIMPACT_BASE_STATUS_H_
#define JOBIMPACT_BASE_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace jobimpact {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // Bad input data or configuration (CLI exit 2).
  kNotFound,         // A named file, column, sector or key does not exist.
  kNumerical,        // Singular system, non-finite result (CLI exit 3).
  kIoError,          // Could not read or write a file.
  kInternal,         // A bug: an invariant the library relies on failed.
};

// Returns a short lowercase name, e.g. "invalid argument".
const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message)
      : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // Returns a copy whose message is "prefix: message" (for adding context such
  // as the file name as an error travels up).
  Status WithPrefix(const std::string& prefix) const;

  // "invalid argument: <message>" or "ok".
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

Status InvalidArgumentError(std::string message);
Status NotFoundError(std::string message);
Status NumericalError(std::string message);
Status IoError(std::string message);
Status InternalError(std::string message);

// Either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design.
  // An OK status carries no value: as absl::StatusOr does, the result is
  // then an internal error (never a Result that is neither).
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    if (status_.ok()) {
      status_ = Status(StatusCode::kInternal,
                       "Result constructed from an OK status without a value");
    }
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T& value() & {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*value_);
  }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace jobimpact

#define JI_CONCAT_INNER_(a, b) a##b
#define JI_CONCAT_(a, b) JI_CONCAT_INNER_(a, b)

// Returns from the enclosing function if `expr` (a Status) is not OK.
#define JI_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::jobimpact::Status ji_status_ = (expr); \
    if (!ji_status_.ok()) return ji_status_; \
  } while (false)

// `lhs` = value of `rexpr` (a Result<T>), or returns its Status.
#define JI_ASSIGN_OR_RETURN(lhs, rexpr) \
  JI_ASSIGN_OR_RETURN_IMPL_(JI_CONCAT_(ji_result_, __LINE__), lhs, rexpr)
#define JI_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                              \
  if (!tmp.ok()) return tmp.status();              \
  lhs = std::move(tmp).value()

#endif  // JOBIMPACT_BASE_STATUS_H_

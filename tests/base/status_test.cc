#include "jobimpact/base/status.h"

#include <gtest/gtest.h>

#include "jobimpact/base/file.h"

namespace jobimpact {
namespace {

Result<int> Half(int x) {
  if (x % 2) return InvalidArgumentError("odd");
  return x / 2;
}

Result<int> Quarter(int x) {
  JI_ASSIGN_OR_RETURN(int h, Half(x));
  JI_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

TEST(StatusTest, CodesMessagesAndPropagation) {
  EXPECT_TRUE(Status::Ok().ok());
  Status s = NumericalError("bad").WithPrefix("file.csv");
  EXPECT_EQ(s.code(), StatusCode::kNumerical);
  EXPECT_EQ(s.ToString(), "numerical failure: file.csv: bad");
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_EQ(Quarter(6).status().message(), "odd");
}

TEST(FileTest, ResolveRelativeTo) {
  EXPECT_EQ(ResolveRelativeTo("/a/b/study.toml", "data/x.csv"),
            std::filesystem::path("/a/b/data/x.csv"));
  EXPECT_EQ(ResolveRelativeTo("/a/b/study.toml", "../../d.csv"),
            std::filesystem::path("/d.csv"));
  EXPECT_EQ(ResolveRelativeTo("/a/b/study.toml", "/abs.csv"),
            std::filesystem::path("/abs.csv"));
  EXPECT_EQ(ReadFileToString("/nonexistent").status().code(),
            StatusCode::kNotFound);
}

}  // namespace
}  // namespace jobimpact

namespace jobimpact {
namespace {

// absl::StatusOr's rule: a Result made from an OK status is an internal
// error, in every build type (it was neither a value nor an error).
TEST(StatusTest, ResultFromAnOkStatusIsAnInternalError) {
  Result<int> r(Status::Ok());
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInternal);
  EXPECT_NE(r.status().message().find("OK status"), std::string::npos);
}

}  // namespace
}  // namespace jobimpact

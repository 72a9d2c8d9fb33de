// Row expressions (table/expression.h): the grammar, types, missing values
// under Kleene's logic, division by zero, and errors with line and column.
#include "jobimpact/table/expression.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

namespace jobimpact::table {
namespace {

using ::testing::HasSubstr;
constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

// Four firms: staff aged 16-29, employees, insured.
struct Firms {
  Column young = Column::Doubles("staff_16_29", {6, 1, kNan, 0});
  Column employees = Column::Doubles("employees", {10, 4, 5, 0});
  Column insured =
      Column::Strings("insured", {"是", "否", "是", ""}, {0, 0, 0, 1});
  ExpressionColumns columns() const {
    return {{"staff_16_29", &young},
            {"employees", &employees},
            {"insured", &insured}};
  }
};

// The values of `text` on the four firms (NaN: missing).
std::vector<double> Values(const std::string& text) {
  Firms f;
  auto e = Expression::Parse(text);
  EXPECT_TRUE(e.ok()) << e.status().ToString();
  if (!e.ok()) return {};
  auto v = Evaluate(*e, f.columns(), 4);
  EXPECT_TRUE(v.ok()) << v.status().ToString();
  return v.ok() ? v->values : std::vector<double>{};
}

std::string ErrorOf(const std::string& text) {
  Firms f;
  auto e = Expression::Parse(text);
  if (!e.ok()) return e.status().message();
  auto v = Evaluate(*e, f.columns(), 4);
  return v.ok() ? "" : std::string(v.status().message());
}

void ExpectValues(const std::vector<double>& got,
                  const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    if (std::isnan(want[i])) {
      EXPECT_TRUE(std::isnan(got[i])) << "row " << i << ": " << got[i];
    } else {
      EXPECT_EQ(got[i], want[i]) << "row " << i;
    }
  }
}

TEST(ExpressionTest, TheIssuesExampleIsAShareCondition) {
  Firms f;
  auto e = Expression::Parse("staff_16_29 / employees > 0.5");
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  EXPECT_EQ(e->Names(), (std::vector<std::string>{"staff_16_29", "employees"}));
  auto v = Evaluate(*e, f.columns(), 4);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->type, ExpressionType::kCondition);
  ExpectValues(v->values, {1, 0, kNan, kNan});
  EXPECT_EQ(v->missing, 2);
  // Firm 4 has no employees: 0 / 0, named by its row.
  EXPECT_EQ(v->divided_by_zero, (std::vector<size_t>{3}));
}

TEST(ExpressionTest, PrecedenceAndArithmetic) {
  ExpectValues(Values("1 + 2 * 3 - 4 / 2"), {5, 5, 5, 5});
  ExpectValues(Values("(1 + 2) * 3"), {9, 9, 9, 9});
  ExpectValues(Values("-employees + 1"), {-9, -3, -4, 1});
  ExpectValues(Values("- -2"), {2, 2, 2, 2});
  ExpectValues(Values("2e1 + .5"), {20.5, 20.5, 20.5, 20.5});
  // Comparisons bind looser than arithmetic, "not" looser than both,
  // "and" tighter than "or".
  ExpectValues(Values("employees - 4 >= 1"), {1, 0, 1, 0});
  ExpectValues(Values("not employees > 4"), {0, 1, 0, 1});
  ExpectValues(Values("true or false and false"), {1, 1, 1, 1});
  ExpectValues(Values("(true or false) and false"), {0, 0, 0, 0});
}

TEST(ExpressionTest, TextComparisonsAndMissingValues) {
  ExpectValues(Values("insured == \"是\""), {1, 0, 1, kNan});
  ExpectValues(Values("insured != '是'"), {0, 1, 0, kNan});
  ExpectValues(Values("is_missing(insured)"), {0, 0, 0, 1});
  ExpectValues(Values("is_missing(staff_16_29)"), {0, 0, 1, 0});
  // Kleene: a known false decides "and", a known true decides "or".
  // Firm 4: missing and false = false.
  ExpectValues(Values("insured == \"是\" and staff_16_29 > 0"),
               {1, 0, kNan, 0});
  ExpectValues(Values("employees > 4 and staff_16_29 > 0"), {1, 0, kNan, 0});
  ExpectValues(Values("employees > 4 or staff_16_29 > 0"), {1, 1, 1, 0});
  ExpectValues(Values("not is_missing(staff_16_29) and staff_16_29 >= 0"),
               {1, 1, 0, 1});
}

TEST(ExpressionTest, SyntaxErrorsNameLineAndColumn) {
  EXPECT_THAT(ErrorOf(""), HasSubstr("1:1: the expression is empty"));
  EXPECT_THAT(ErrorOf("employees >"),
              HasSubstr("1:12: expected a number, a string, a name or \"(\", "
                        "found the end"));
  EXPECT_THAT(ErrorOf("employees = 3"),
              HasSubstr("1:11: \"=\" : compare with \"==\""));
  EXPECT_THAT(ErrorOf("employees > 1 && true"),
              HasSubstr("1:15: \"&\": write \"and\" / \"or\""));
  EXPECT_THAT(ErrorOf("(employees + 1"),
              HasSubstr("1:15: expected \")\" closing the \"(\" at 1:1"));
  EXPECT_THAT(ErrorOf("employees > 1\n  and insured == \"是"),
              HasSubstr("2:18: string without its closing quote"));
  EXPECT_THAT(ErrorOf("employees 3"),
              HasSubstr("1:11: expected an operator or the end, found \"3\""));
  EXPECT_THAT(ErrorOf("is_missing(3)"),
              HasSubstr("1:12: is_missing takes a name"));
  EXPECT_THAT(ErrorOf("1.2.3 > 0"),
              HasSubstr("1:1: \"1.2.3\" is not a number"));
  // Columns count characters, not bytes.
  EXPECT_THAT(ErrorOf("insured == \"是\" ？"),
              HasSubstr("1:16: unexpected \"？\""));
}

TEST(ExpressionTest, TypeAndNameErrorsNameLineAndColumn) {
  EXPECT_THAT(ErrorOf("employes > 3"),
              HasSubstr("1:1: unknown name \"employes\" (known: employees, "
                        "insured, staff_16_29)"));
  EXPECT_THAT(ErrorOf("employees > 3 and\n  is_missing(staf)"),
              HasSubstr("2:3: unknown name \"staf\""));
  EXPECT_THAT(ErrorOf("insured + 1 > 0"),
              HasSubstr("1:1: \"+\" takes a number, and this is a text"));
  EXPECT_THAT(ErrorOf("employees == \"是\""),
              HasSubstr("1:14: \"==\" compares a number with a text"));
  EXPECT_THAT(
      ErrorOf("employees and true"),
      HasSubstr("1:1: \"and\" takes a condition, and this is a number"));
  EXPECT_THAT(ErrorOf("insured == \"yes\""),
              HasSubstr("1:12: \"yes\" is not a value of insured (values: 是, "
                        "否)"));
  EXPECT_THAT(ErrorOf("insured"), HasSubstr("the expression is text"));
}

TEST(ExpressionTest, DivisionByZeroCountsEachRowOnce) {
  Firms f;
  auto e = Expression::Parse("staff_16_29 / employees + 1 / employees > 0");
  ASSERT_TRUE(e.ok());
  auto v = Evaluate(*e, f.columns(), 4);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->divided_by_zero, (std::vector<size_t>{3}));
  ExpectValues(v->values, {1, 1, kNan, kNan});
}

}  // namespace
}  // namespace jobimpact::table

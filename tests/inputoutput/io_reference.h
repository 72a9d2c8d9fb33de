// The numpy reference values of tests/reference/io_references.csv (written by
// tests/reference/make_io_references.py), for the input-output, study and CLI
// tests.
#ifndef JOBIMPACT_TESTS_INPUTOUTPUT_IO_REFERENCE_H_
#define JOBIMPACT_TESTS_INPUTOUTPUT_IO_REFERENCE_H_

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <tuple>

#include "test_util.h"

namespace jobimpact::testing {

// Value of (table, variant, quantity, code); a missing key fails the test and
// returns NaN.
inline double IoReference(const std::string& table, const std::string& variant,
                          const std::string& quantity,
                          const std::string& code) {
  using Key = std::tuple<std::string, std::string, std::string, std::string>;
  static const auto* refs = [] {
    auto* m = new std::map<Key, double>();
    table::Table t =
        ReadCsvText(ReadAll(SourcePath("tests/reference/io_references.csv")));
    for (size_t r = 0; r < t.num_rows(); ++r) {
      (*m)[{t.Find("table")->text(r), t.Find("variant")->text(r),
            t.Find("quantity")->text(r), t.Find("code")->text(r)}] =
          t.Find("value")->doubles()[r];
    }
    return m;
  }();
  auto it = refs->find({table, variant, quantity, code});
  EXPECT_NE(it, refs->end())
      << table << " " << variant << " " << quantity << " " << code;
  return it == refs->end() ? std::nan("") : it->second;
}

}  // namespace jobimpact::testing

#endif  // JOBIMPACT_TESTS_INPUTOUTPUT_IO_REFERENCE_H_

// `jobimpact compare` output: two results side by side.
//
// CSV columns: indicator, component, domain_type, domain, year, unit,
// present (both | a_only | b_only), estimate_a, se_a, estimate_b, se_b,
// difference (b - a), relative_change ((b - a) / |a|), z, significant, test
// (the z test and its level, where z exists).
#ifndef JOBIMPACT_REPORT_COMPARE_OUTPUT_H_
#define JOBIMPACT_REPORT_COMPARE_OUTPUT_H_

#include <string>
#include <vector>

#include "jobimpact/results/compare.h"

namespace jobimpact::report {

std::string ComparisonCsv(const std::vector<results::ComparedFigure>& figures,
                          double level);

// Aligned text with a header naming the two directories, the test and its
// level, and a count of figures that differ.
std::string ComparisonTable(const std::vector<results::ComparedFigure>& figures,
                            const std::string& name_a,
                            const std::string& name_b, double level);

}  // namespace jobimpact::report

#endif  // JOBIMPACT_REPORT_COMPARE_OUTPUT_H_

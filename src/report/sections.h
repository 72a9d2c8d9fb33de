// The report document's sections (private to src/report), in document
// order. Each returns its HTML, or "" when the results have nothing for it
// (the series section says so instead for a single-year study).
#ifndef JOBIMPACT_SRC_REPORT_SECTIONS_H_
#define JOBIMPACT_SRC_REPORT_SECTIONS_H_

#include <string>

#include "format.h"

namespace jobimpact::report::internal {

std::string HeadlineSection(const Ctx& c);     // 1. Cards and summary.
std::string SeriesSection(const Ctx& c);       // 2. Jobs by year.
std::string ComponentSection(const Ctx& c);    // 3. Components, FT / PT.
std::string ProvinceSection(const Ctx& c);     // 4. Tile maps, top N.
std::string BreakdownSection(const Ctx& c);    // 5. Other breakdowns.
std::string ConsumptionSection(const Ctx& c);  // 6. Consumption, sectors.
std::string NotesSection(const Ctx& c);        // 7. Reconciliation, notes.
std::string MethodsSection(const Ctx& c);      // 8. Methods, provenance.
std::string AllFiguresSection(const Ctx& c);   // Appendix: every figure.

}  // namespace jobimpact::report::internal

#endif  // JOBIMPACT_SRC_REPORT_SECTIONS_H_

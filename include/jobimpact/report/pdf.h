// The report as PDF, printed by a headless Chromium (Debian's `chromium`)
// from the self-contained HTML: the print styles lay it out on A4.
#ifndef JOBIMPACT_REPORT_PDF_H_
#define JOBIMPACT_REPORT_PDF_H_

#include <string>
#include <string_view>

#include "jobimpact/base/status.h"

namespace jobimpact::report {

struct PdfOptions {
  // The browser to run; empty: $JOBIMPACT_CHROMIUM, else the first of
  // chromium, chromium-browser, google-chrome on $PATH.
  std::string browser;
  // The browser is killed after this long (it has hung).
  int timeout_seconds = 120;

  [[nodiscard]] Status Validate() const;
};

struct PdfSummary {
  std::string browser;  // The program that printed.
  double seconds = 0;
};

// The browser PdfOptions names, or NotFound saying how to install one.
Result<std::string> FindChromium(const PdfOptions& options);

// Prints `html` to PDF bytes. The page and the browser's profile live in a
// private scratch directory, removed afterwards; the browser gets no
// network access to anything (the page references nothing). Errors:
// NotFound (no browser), IoError (the browser failed or timed out, with the
// end of its log), Internal (its output is not a PDF).
Result<std::string> HtmlToPdf(std::string_view html, const PdfOptions& options,
                              PdfSummary* summary);

}  // namespace jobimpact::report

#endif  // JOBIMPACT_REPORT_PDF_H_

// SPSS (.sav, .zsav, .por), Stata (.dta) and SAS (.sas7bdat, .xpt) files,
// read through ReadStat (Debian's libreadstat).
//
// Each variable becomes a column named by the variable; its label is kept
// (Column::label) and shown in messages next to the name. Row numbers in
// messages are case numbers (the first case is 1).
//
// - Numeric variables are numbers. System missing, user-defined missing
//   values and ranges (SPSS) and tagged missing values (.a-.z in Stata and
//   SAS) are missing.
// - A numeric variable with value labels becomes a text column whose levels
//   are the labels, in the order the file lists them, when its type is
//   declared text or, undeclared, when every value has a label; the code of
//   each level is kept (Column::level_codes) so filters may name either.
//   Declared text, a value with no label is an error naming case, variable
//   and value. Labels of user-defined missing values are not levels. A
//   partly labelled undeclared variable, or one declared numeric, keeps its
//   codes as numbers.
// - Variables in a date or datetime display format (SPSS DATE/ADATE/...,
//   Stata %td/%tc, SAS DATE9./MMDDYY/DATETIME...) become ISO 8601 text
//   ("2024-03-05", "2024-03-05T08:30:00"); declared numeric they are an
//   error ("found a date").
// - String variables are text; empty or blank strings are missing; declared
//   numeric they must hold numbers.
//
// Text arrives as UTF-8 from the file's declared code page; `Encoding::
// kGb18030` overrides a wrong declaration (old Chinese SPSS files).
// Errors: InvalidArgument naming the file (and case and variable where one is
// involved) for unreadable, truncated or mis-encoded files; NotFound for a
// missing file or a required column.
#ifndef JOBIMPACT_TABLE_STAT_READER_H_
#define JOBIMPACT_TABLE_STAT_READER_H_

#include <filesystem>

#include "jobimpact/base/status.h"
#include "jobimpact/table/read.h"
#include "jobimpact/table/table.h"

namespace jobimpact::table {

// Preconditions: `format` is one of kSav, kPor, kDta, kSas7bdat, kXpt.
// `summary` may be null.
Result<Table> ReadStatFile(const std::filesystem::path& path, FileFormat format,
                           const TableReadOptions& options,
                           TableReadSummary* summary = nullptr);

}  // namespace jobimpact::table

#endif  // JOBIMPACT_TABLE_STAT_READER_H_

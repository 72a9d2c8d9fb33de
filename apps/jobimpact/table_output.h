// Output of `jobimpact survey describe`: an aligned text overview (one line
// a column, then the levels of each text column), CSV (one row a column
// and one a level: column,label,type,values,missing,level,code,count,min,
// mean,max) or JSON with the same content.
#ifndef JOBIMPACT_APPS_JOBIMPACT_TABLE_OUTPUT_H_
#define JOBIMPACT_APPS_JOBIMPACT_TABLE_OUTPUT_H_

#include <string>

#include "jobimpact/table/describe.h"
#include "jobimpact/table/read.h"

namespace jobimpact::cli {

std::string DescriptionTable(const table::TableDescription& d,
                             const table::TableReadSummary& read);
std::string DescriptionCsv(const table::TableDescription& d);
std::string DescriptionJson(const table::TableDescription& d,
                            const table::TableReadSummary& read);

}  // namespace jobimpact::cli

#endif  // JOBIMPACT_APPS_JOBIMPACT_TABLE_OUTPUT_H_

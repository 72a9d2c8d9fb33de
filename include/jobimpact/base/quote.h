// Quoting data for error messages: a message names the value it rejects,
// but a cell may hold anything (NUL and control bytes, megabytes of text,
// invalid UTF-8), and echoing that raw can corrupt a terminal or a log.
#ifndef JOBIMPACT_BASE_QUOTE_H_
#define JOBIMPACT_BASE_QUOTE_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace jobimpact {

// `s` in double quotes, at most `max_chars` UTF-8 characters (cut on a
// character boundary, then "..." and the full size in bytes). Control bytes,
// DEL, '"', '\\' and bytes that are not valid UTF-8 are written as escapes
// (\n, \t, \0, \", \\, \xNN). For example "p\"3", "x\0evil",
// "aaaa..." (1048576 bytes).
std::string QuoteForMessage(std::string_view s, size_t max_chars = 60);

}  // namespace jobimpact

#endif  // JOBIMPACT_BASE_QUOTE_H_

// WriteStudy: the inverse of LoadStudy. Writes a StudySpec as a study file in
// the documented format (docs/study-format.md), so programs that build
// studies (the simulator) write them through one writer, and a loaded study
// can be saved again: LoadStudy of the text gives back an equal spec
// (operator== in config.h; the spec's own file path and the line numbers
// it remembers for messages excepted).
#ifndef JOBIMPACT_STUDY_WRITE_H_
#define JOBIMPACT_STUDY_WRITE_H_

#include <filesystem>
#include <map>
#include <string>

#include "jobimpact/study/config.h"

namespace jobimpact::study {

struct WriteStudyOptions {
  // Where the file will be written: input paths are written relative to
  // this directory (generic form). Empty: written as absolute paths.
  std::filesystem::path directory;
  // Comment lines written first, each prefixed with "# " (may be empty).
  std::string header;
  // Comments written just above a table, by its name without brackets
  // (e.g. "surveys.providers.design" -> "Design: stratified.").
  std::map<std::string, std::string> comments;
};

// The study as TOML text. Numbers are written in shortest round-trip form,
// strings as TOML basic strings (escaped); settings equal to the loader's
// defaults that do not change results (delimiter ",", na_values ["NA"],
// variance "linearization", seed 1, ...) are left out.
std::string WriteStudy(const StudySpec& spec,
                       const WriteStudyOptions& options = {});

}  // namespace jobimpact::study

#endif  // JOBIMPACT_STUDY_WRITE_H_

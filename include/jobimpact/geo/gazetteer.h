// Geography reference data of China and a name matcher for messy survey
// input.
//
// The reference tables ship in data/geo/ and are compiled into the library
// (Gazetteer::Default() needs no file at run time):
//  * provinces.csv: the 34 provincial-level divisions: GB/T 2260 code, full
//    and short Chinese name, English name, pinyin, kind, aliases (traditional
//    characters, one-character abbreviations, other English forms).
//  * cities.csv: the prefecture-level divisions of the mainland (plus the
//    county-level cities administered directly by a province), with their
//    province and city tier as the 2021 report defines it (docs/method.md,
//    "What the reports publish"): tier 1 = Beijing, Shanghai, Guangzhou,
//    Shenzhen; tier 2 = the other provincial capitals (Tianjin and Chongqing
//    included) and the sub-provincial cities Dalian, Qingdao, Ningbo, Xiamen;
//    tier 3 = all others. Hong Kong, Macao and Taiwan have no tiered cities.
//
// Matching normalises both sides: surrounding and inner spaces and
// punctuation removed, traditional characters mapped to simplified ones,
// Latin letters lower-cased, administrative suffixes dropped (省, 市,
// 自治区 and its ethnic forms, 特别行政区; trailing words Province, City,
// Municipality, Autonomous Region, SAR, Sheng, Shi). A key that names two
// places matches neither (reported as ambiguous).
#ifndef JOBIMPACT_GEO_GAZETTEER_H_
#define JOBIMPACT_GEO_GAZETTEER_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/table/table.h"

namespace jobimpact::geo {

struct Province {
  std::string code;      // GB/T 2260, e.g. "440000".
  std::string name_zh;   // 广东省
  std::string short_zh;  // 广东 (the canonical label jobimpact reports)
  std::string name_en;   // Guangdong
  std::string pinyin;    // Guangdong
  std::string kind;      // province, municipality, autonomous region, ...
};

struct City {
  std::string name_zh;   // 深圳市
  std::string short_zh;  // 深圳
  size_t province = 0;   // Index into Gazetteer::provinces().
  int tier = 3;          // 1, 2 or 3 (3 = "tier 3 and below").
  std::string name_en;   // Only for tier 1 and 2 cities.
};

// The normalised matching key of a name (see the file comment).
std::string NormalizePlaceName(std::string_view name);

class Gazetteer {
 public:
  // The shipped tables (data/geo), parsed once.
  static const Gazetteer& Default();
  // Builds a gazetteer from CSV text in the data/geo layouts; errors name
  // the source, line and column.
  static Result<Gazetteer> FromCsv(std::string_view provinces_csv,
                                   std::string_view cities_csv,
                                   const std::string& provinces_name,
                                   const std::string& cities_name);

  const std::vector<Province>& provinces() const { return provinces_; }
  const std::vector<City>& cities() const { return cities_; }

  enum class Match { kFound, kNotFound, kAmbiguous };
  // Index of the province `text` names.
  Match MatchProvince(std::string_view text, size_t* index) const;
  // Index of the city `text` names; `province` (an index) disambiguates.
  Match MatchCity(std::string_view text, std::optional<size_t> province,
                  size_t* index) const;

 private:
  Gazetteer() = default;
  std::vector<Province> provinces_;
  std::vector<City> cities_;
  std::map<std::string, std::vector<size_t>> province_keys_, city_keys_;
};

// A value that could not be matched, for error messages.
struct Unmatched {
  size_t line = 0;
  std::string value;
  bool ambiguous = false;
};

// Matches every row of a province column; returns the province index per
// row. Rows with no value are Unmatched too. `unmatched` lists the failures
// (first `max_listed`); the result is an error only through the caller.
std::vector<std::optional<size_t>> MatchProvinceColumn(
    const table::Table& t, const table::Column& column, const Gazetteer& g,
    std::vector<Unmatched>* unmatched);

// "\"Guang dong\" (line 4), \"X\" (line 9, ambiguous), ... and 3 more".
std::string DescribeUnmatched(const std::vector<Unmatched>& unmatched,
                              size_t max_listed = 10);

}  // namespace jobimpact::geo

#endif  // JOBIMPACT_GEO_GAZETTEER_H_

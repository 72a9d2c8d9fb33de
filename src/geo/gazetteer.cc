#include "jobimpact/geo/gazetteer.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <unordered_map>

#include "geo_data.h"
#include "jobimpact/base/quote.h"
#include "jobimpact/table/csv_reader.h"

namespace jobimpact::geo {
namespace {

// Traditional -> simplified for the characters that occur in the names of
// provinces and cities (pairs of UTF-8 characters).
constexpr std::string_view kTraditional =
    "內内遼辽寧宁龍龙蘇苏東东廣广慶庆貴贵雲云陝陕肅肃臺台灣湾門门區区維维爾尔壯"
    "壮"
    "別别國国開开陽阳華华長长鄭郑濟济蘭兰銀银島岛連连莊庄漢汉烏乌魯鲁齊齐濱滨鶴"
    "鹤"
    "雞鸡綏绥嶺岭無无錫锡揚扬鎮镇興兴紹绍麗丽蕪芜馬马銅铜廈厦贛赣鷹鹰饒饶棗枣煙"
    "烟"
    "濰潍臨临頂顶許许峽峡駐驻黃黄荊荆岡冈隨随張张婁娄頭头遠远欽钦賀贺賓宾萬万涼"
    "凉"
    "瀘泸綿绵樂乐達达資资壩坝畢毕順顺滄沧紅红雙双納纳薩萨則则鹹咸關关隴陇樹树衛"
    "卫"
    "瑪玛滬沪閩闽魯鲁粵粤瓊琼陝陕隴陇瀋沈爾尔圖图應应澤泽嶽岳鄉乡廬庐寶宝窩窝";

size_t Utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;  // Invalid byte: passed through as one unit.
}

const std::unordered_map<std::string, std::string>& TraditionalMap() {
  static const auto* map = [] {
    auto* m = new std::unordered_map<std::string, std::string>();
    std::string_view s = kTraditional;
    while (!s.empty()) {
      const size_t a = Utf8Length(static_cast<unsigned char>(s[0]));
      const size_t b = Utf8Length(static_cast<unsigned char>(s[a]));
      (*m)[std::string(s.substr(0, a))] = std::string(s.substr(a, b));
      s.remove_prefix(a + b);
    }
    return m;
  }();
  return *map;
}

bool IsSpaceAt(std::string_view s, size_t i, size_t* len) {
  if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n') {
    *len = 1;
    return true;
  }
  if (s.substr(i, 3) == "\u3000") {  // Ideographic space.
    *len = 3;
    return true;
  }
  return false;
}

bool IsDroppedPunctuation(std::string_view ch) {
  static const std::set<std::string_view> kDrop = {
      "-",      "'",      ".", ",", "_",      "\u2019",
      "\u00b7", "\u30fb", "(", ")", "\uff08", "\uff09"};
  return kDrop.count(ch) > 0;
}

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() > suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::string NormalizePlaceName(std::string_view name) {
  // Words, with trailing administrative words dropped.
  std::vector<std::string> words;
  std::string word;
  for (size_t i = 0; i < name.size();) {
    size_t len = 0;
    if (IsSpaceAt(name, i, &len)) {
      if (!word.empty()) words.push_back(Lower(word));
      word.clear();
      i += len;
      continue;
    }
    word += name[i];
    ++i;
  }
  if (!word.empty()) words.push_back(Lower(word));
  while (words.size() > 1) {
    const std::string& last = words.back();
    const size_t n = words.size();
    if (last == "province" || last == "city" || last == "municipality" ||
        last == "sar" || last == "sheng" || last == "shi") {
      words.pop_back();
    } else if (last == "region" && words[n - 2] == "autonomous" && n > 2) {
      words.resize(n - 2);
    } else if (last == "region" && n > 3 && words[n - 2] == "administrative" &&
               words[n - 3] == "special") {
      words.resize(n - 3);
    } else {
      break;
    }
  }
  std::string joined;
  for (const auto& w : words) joined += w;
  // Characters: punctuation dropped, traditional -> simplified.
  std::string out;
  const auto& trad = TraditionalMap();
  for (size_t i = 0; i < joined.size();) {
    const size_t len = std::min(
        Utf8Length(static_cast<unsigned char>(joined[i])), joined.size() - i);
    std::string ch = joined.substr(i, len);
    i += len;
    if (IsDroppedPunctuation(ch)) continue;
    auto it = trad.find(ch);
    out += it == trad.end() ? ch : it->second;
  }
  for (std::string_view suffix : {"特别行政区", "维吾尔自治区", "壮族自治区",
                                  "回族自治区", "自治区", "省", "市"}) {
    if (EndsWith(out, suffix)) {
      out.resize(out.size() - suffix.size());
      break;
    }
  }
  return out;
}

namespace {

std::vector<std::string> SplitAliases(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t p = s.find(';', start);
    if (p == std::string::npos) p = s.size();
    if (p > start) out.push_back(s.substr(start, p - start));
    start = p + 1;
  }
  return out;
}

void AddKey(std::map<std::string, std::vector<size_t>>* keys,
            const std::string& name, size_t index) {
  if (name.empty()) return;
  const std::string key = NormalizePlaceName(name);
  if (key.empty()) return;
  auto& v = (*keys)[key];
  if (std::find(v.begin(), v.end(), index) == v.end()) v.push_back(index);
}

Result<table::Table> ReadStrings(std::string_view csv, const std::string& name,
                                 const std::vector<std::string>& columns) {
  table::CsvReadOptions opts;
  for (const auto& c : columns)
    opts.column_types[c] = table::ColumnType::kString;
  opts.required_columns = columns;
  return table::ReadCsvString(csv, name, opts);
}

std::string Cell(const table::Table& t, const std::string& col, size_t r) {
  const table::Column* c = t.Find(col);
  return c == nullptr || c->IsMissing(r) ? "" : c->text(r);
}

}  // namespace

Result<Gazetteer> Gazetteer::FromCsv(std::string_view provinces_csv,
                                     std::string_view cities_csv,
                                     const std::string& provinces_name,
                                     const std::string& cities_name) {
  Gazetteer g;
  JI_ASSIGN_OR_RETURN(table::Table p,
                      ReadStrings(provinces_csv, provinces_name,
                                  {"code", "name_zh", "short_zh", "name_en",
                                   "pinyin", "kind", "aliases"}));
  std::map<std::string, size_t> by_code;
  for (size_t r = 0; r < p.num_rows(); ++r) {
    Province pr{Cell(p, "code", r),     Cell(p, "name_zh", r),
                Cell(p, "short_zh", r), Cell(p, "name_en", r),
                Cell(p, "pinyin", r),   Cell(p, "kind", r)};
    if (pr.code.size() != 6 || pr.name_zh.empty() || pr.short_zh.empty()) {
      return InvalidArgumentError(fmt::format(
          "{}:{}: a province needs a six-digit code, name_zh and short_zh",
          provinces_name, p.LineOfRow(r)));
    }
    if (!by_code.emplace(pr.code, g.provinces_.size()).second) {
      return InvalidArgumentError(fmt::format("{}:{}: code {} is listed twice",
                                              provinces_name, p.LineOfRow(r),
                                              pr.code));
    }
    const size_t i = g.provinces_.size();
    for (const auto& n : {pr.name_zh, pr.short_zh, pr.name_en, pr.pinyin}) {
      AddKey(&g.province_keys_, n, i);
    }
    for (const auto& a : SplitAliases(Cell(p, "aliases", r))) {
      AddKey(&g.province_keys_, a, i);
    }
    g.provinces_.push_back(std::move(pr));
  }
  JI_ASSIGN_OR_RETURN(
      table::Table c,
      ReadStrings(cities_csv, cities_name,
                  {"name_zh", "province_code", "tier", "name_en", "aliases"}));
  for (size_t r = 0; r < c.num_rows(); ++r) {
    City city;
    city.name_zh = Cell(c, "name_zh", r);
    city.short_zh = NormalizePlaceName(city.name_zh);
    city.name_en = Cell(c, "name_en", r);
    auto it = by_code.find(Cell(c, "province_code", r));
    if (it == by_code.end()) {
      return InvalidArgumentError(fmt::format(
          "{}:{}: column \"province_code\": \"{}\" is not a province code",
          cities_name, c.LineOfRow(r), Cell(c, "province_code", r)));
    }
    city.province = it->second;
    const std::string tier = Cell(c, "tier", r);
    if (tier != "1" && tier != "2" && tier != "3") {
      return InvalidArgumentError(
          fmt::format("{}:{}: column \"tier\": expected 1, 2 or 3, found {}",
                      cities_name, c.LineOfRow(r), QuoteForMessage(tier)));
    }
    city.tier = tier[0] - '0';
    const size_t i = g.cities_.size();
    AddKey(&g.city_keys_, city.name_zh, i);
    AddKey(&g.city_keys_, city.name_en, i);
    for (const auto& a : SplitAliases(Cell(c, "aliases", r))) {
      AddKey(&g.city_keys_, a, i);
    }
    g.cities_.push_back(std::move(city));
  }
  return g;
}

const Gazetteer& Gazetteer::Default() {
  static const Gazetteer* g = [] {
    auto r = FromCsv(internal::kProvincesCsv, internal::kCitiesCsv,
                     "data/geo/provinces.csv", "data/geo/cities.csv");
    // The shipped tables are checked by the tests; failing here is a bug.
    if (!r.ok()) {
      fmt::print(stderr, "jobimpact: internal error: {}\n",
                 r.status().message());
      std::abort();
    }
    return new Gazetteer(std::move(*r));
  }();
  return *g;
}

Gazetteer::Match Gazetteer::MatchProvince(std::string_view text,
                                          size_t* index) const {
  auto it = province_keys_.find(NormalizePlaceName(text));
  if (it == province_keys_.end()) return Match::kNotFound;
  if (it->second.size() > 1) return Match::kAmbiguous;
  *index = it->second[0];
  return Match::kFound;
}

Gazetteer::Match Gazetteer::MatchCity(std::string_view text,
                                      std::optional<size_t> province,
                                      size_t* index) const {
  auto it = city_keys_.find(NormalizePlaceName(text));
  if (it == city_keys_.end()) return Match::kNotFound;
  std::vector<size_t> candidates;
  for (size_t i : it->second) {
    if (!province || cities_[i].province == *province) candidates.push_back(i);
  }
  if (candidates.empty()) return Match::kNotFound;
  if (candidates.size() > 1) return Match::kAmbiguous;
  *index = candidates[0];
  return Match::kFound;
}

std::vector<std::optional<size_t>> MatchProvinceColumn(
    const table::Table& t, const table::Column& column, const Gazetteer& g,
    std::vector<Unmatched>* unmatched) {
  std::vector<std::optional<size_t>> out(t.num_rows());
  for (size_t r = 0; r < t.num_rows(); ++r) {
    const std::string v = column.IsMissing(r) ? "" : column.CellText(r);
    size_t idx = 0;
    const auto m =
        v.empty() ? Gazetteer::Match::kNotFound : g.MatchProvince(v, &idx);
    if (m == Gazetteer::Match::kFound) {
      out[r] = idx;
    } else if (unmatched != nullptr) {
      unmatched->push_back({static_cast<size_t>(t.LineOfRow(r)), v,
                            m == Gazetteer::Match::kAmbiguous});
    }
  }
  return out;
}

std::string DescribeUnmatched(const std::vector<Unmatched>& unmatched,
                              size_t max_listed) {
  std::string s;
  for (size_t i = 0; i < unmatched.size() && i < max_listed; ++i) {
    const Unmatched& u = unmatched[i];
    s += fmt::format("{}\"{}\" (line {}{})", i ? ", " : "", u.value, u.line,
                     u.ambiguous ? ", ambiguous" : "");
  }
  if (unmatched.size() > max_listed) {
    s += fmt::format(" and {} more", unmatched.size() - max_listed);
  }
  return s;
}

}  // namespace jobimpact::geo

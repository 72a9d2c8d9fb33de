#include "jobimpact/geo/gazetteer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "jobimpact/table/csv_reader.h"
#include "test_util.h"

namespace jobimpact::geo {
namespace {

using ::testing::HasSubstr;

std::string ProvinceOf(std::string_view text) {
  size_t i = 0;
  const auto& g = Gazetteer::Default();
  switch (g.MatchProvince(text, &i)) {
    case Gazetteer::Match::kFound:
      return g.provinces()[i].short_zh;
    case Gazetteer::Match::kAmbiguous:
      return "<ambiguous>";
    case Gazetteer::Match::kNotFound:
      return "<none>";
  }
  return "";
}

std::string CityOf(std::string_view text) {
  size_t i = 0;
  const auto& g = Gazetteer::Default();
  if (g.MatchCity(text, std::nullopt, &i) != Gazetteer::Match::kFound) {
    return "<none>";
  }
  const City& c = g.cities()[i];
  return c.short_zh + "/" + g.provinces()[c.province].short_zh + "/" +
         std::to_string(c.tier);
}

TEST(GazetteerTest, ShippedTables) {
  const Gazetteer& g = Gazetteer::Default();
  ASSERT_EQ(g.provinces().size(), 34u);
  std::map<int, int> tiers;
  std::set<size_t> with_cities;
  for (const City& c : g.cities()) {
    ++tiers[c.tier];
    with_cities.insert(c.province);
  }
  EXPECT_EQ(tiers[1], 4);
  EXPECT_EQ(tiers[2], 32);  // 28 other capitals + 4 sub-provincial cities.
  EXPECT_EQ(with_cities.size(), 31u);  // Every mainland division.
  // Every name of every place matches that place and nothing else.
  for (size_t i = 0; i < g.provinces().size(); ++i) {
    const Province& p = g.provinces()[i];
    for (const std::string& name :
         {p.name_zh, p.short_zh, p.name_en, p.pinyin}) {
      size_t found = 99;
      EXPECT_EQ(g.MatchProvince(name, &found), Gazetteer::Match::kFound)
          << name;
      EXPECT_EQ(found, i) << name;
    }
  }
  for (size_t i = 0; i < g.cities().size(); ++i) {
    size_t found = 999;
    EXPECT_EQ(g.MatchCity(g.cities()[i].name_zh, std::nullopt, &found),
              Gazetteer::Match::kFound)
        << g.cities()[i].name_zh;
    EXPECT_EQ(found, i);
  }
}

TEST(GazetteerTest, MessyProvinceNames) {
  for (const char* s :
       {"广东", "广东省", "  广东省 ", "Guangdong", "guangdong",
        "GUANGDONG PROVINCE", "廣東", "廣東省", "粤", "Guang-dong", "广　东"}) {
    EXPECT_EQ(ProvinceOf(s), "广东") << s;
  }
  for (const char* s :
       {"广西壮族自治区", "广西", "Guangxi Zhuang Autonomous Region",
        "廣西壯族自治區", "Guangxi"}) {
    EXPECT_EQ(ProvinceOf(s), "广西") << s;
  }
  for (const char* s : {"内蒙古自治区", "內蒙古", "Inner Mongolia",
                        "Nei Mongol", "Neimenggu"}) {
    EXPECT_EQ(ProvinceOf(s), "内蒙古") << s;
  }
  EXPECT_EQ(ProvinceOf("Shaanxi"), "陕西");
  EXPECT_EQ(ProvinceOf("陝西省"), "陕西");
  EXPECT_EQ(ProvinceOf("Shanxi"), "山西");
  EXPECT_EQ(ProvinceOf("Tibet"), "西藏");
  EXPECT_EQ(ProvinceOf("Xizang Autonomous Region"), "西藏");
  EXPECT_EQ(ProvinceOf("Hong Kong SAR"), "香港");
  EXPECT_EQ(ProvinceOf("香港特别行政区"), "香港");
  EXPECT_EQ(ProvinceOf("Macau"), "澳门");
  EXPECT_EQ(ProvinceOf("新疆维吾尔自治区"), "新疆");
  EXPECT_EQ(ProvinceOf("Beijing Shi"), "北京");
  EXPECT_EQ(ProvinceOf("北京市"), "北京");
  EXPECT_EQ(ProvinceOf("广东东"), "<none>");
  EXPECT_EQ(ProvinceOf(""), "<none>");
  EXPECT_EQ(ProvinceOf("Atlantis"), "<none>");
}

TEST(GazetteerTest, CitiesAndTiers) {
  EXPECT_EQ(CityOf("深圳"), "深圳/广东/1");
  EXPECT_EQ(CityOf("Shenzhen"), "深圳/广东/1");
  EXPECT_EQ(CityOf("西安市"), "西安/陕西/2");
  EXPECT_EQ(CityOf("Xi'an"), "西安/陕西/2");
  EXPECT_EQ(CityOf("Xian"), "西安/陕西/2");
  EXPECT_EQ(CityOf("廈門"), "厦门/福建/2");
  EXPECT_EQ(CityOf("Tianjin"), "天津/天津/2");
  EXPECT_EQ(CityOf("大连"), "大连/辽宁/2");
  EXPECT_EQ(CityOf("吉林市"), "吉林/吉林/3");
  EXPECT_EQ(CityOf("朝阳"), "朝阳/辽宁/3");
  EXPECT_EQ(CityOf("延边"), "延边朝鲜族自治州/吉林/3");
  EXPECT_EQ(CityOf("海南州"), "海南藏族自治州/青海/3");
  EXPECT_EQ(CityOf("苏州市"), "苏州/江苏/3");
  EXPECT_EQ(CityOf("Gotham"), "<none>");
  // A province hint rules a city out when it lies elsewhere.
  const auto& g = Gazetteer::Default();
  size_t gd = 0, i = 0;
  ASSERT_EQ(g.MatchProvince("广东", &gd), Gazetteer::Match::kFound);
  EXPECT_EQ(g.MatchCity("苏州", gd, &i), Gazetteer::Match::kNotFound);
}

TEST(GazetteerTest, RegionSchemesCoverTheMainlandOnce) {
  for (const char* file : {"data/regions/east_central_west_2021.csv",
                           "data/regions/nbs_four_regions.csv"}) {
    auto t =
        table::ReadCsvFile(testing::SourcePath(file), table::CsvReadOptions());
    ASSERT_TRUE(t.ok());
    std::vector<Unmatched> unmatched;
    auto idx = MatchProvinceColumn(*t, *t->Find("province"),
                                   Gazetteer::Default(), &unmatched);
    EXPECT_TRUE(unmatched.empty()) << file << DescribeUnmatched(unmatched);
    std::set<size_t> seen;
    for (const auto& i : idx) {
      ASSERT_TRUE(i.has_value());
      EXPECT_TRUE(seen.insert(*i).second) << file;
    }
    EXPECT_EQ(seen.size(), 31u) << file;
  }
}

TEST(GazetteerTest, UnmatchedValuesAreListedWithLines) {
  auto t =
      table::ReadCsvString("province\n广东省\nGuang Dong\nNarnia\n\n宁夏\n",
                           "s.csv", table::CsvReadOptions());
  ASSERT_TRUE(t.ok());
  std::vector<Unmatched> unmatched;
  auto idx = MatchProvinceColumn(*t, *t->Find("province"), Gazetteer::Default(),
                                 &unmatched);
  // A blank line in a one-column file is a row with no value: unmatched.
  ASSERT_EQ(idx.size(), 5u);
  EXPECT_TRUE(idx[0] && idx[1] && idx[4]);
  EXPECT_FALSE(idx[2] || idx[3]);
  EXPECT_EQ(DescribeUnmatched(unmatched), "\"Narnia\" (line 4), \"\" (line 5)");
  std::vector<Unmatched> many(12, Unmatched{2, "x", false});
  EXPECT_THAT(DescribeUnmatched(many, 2), HasSubstr("and 10 more"));
}

TEST(GazetteerTest, BadReferenceTables) {
  const std::string prov =
      "code,name_zh,short_zh,name_en,pinyin,kind,aliases\n"
      "440000,广东省,广东,Guangdong,Guangdong,province,粤\n";
  auto bad_code = Gazetteer::FromCsv(
      prov, "name_zh,province_code,tier,name_en,aliases\n深圳市,999999,1,,\n",
      "p.csv", "c.csv");
  EXPECT_THAT(bad_code.status().message(),
              HasSubstr("c.csv:2: column \"province_code\": \"999999\""));
  auto bad_tier = Gazetteer::FromCsv(
      prov, "name_zh,province_code,tier,name_en,aliases\n深圳市,440000,0,,\n",
      "p.csv", "c.csv");
  EXPECT_THAT(bad_tier.status().message(),
              HasSubstr("c.csv:2: column \"tier\": expected 1, 2 or 3"));
  // Two provinces sharing an alias: the alias matches neither.
  auto two = Gazetteer::FromCsv(
      prov +
          "450000,广西壮族自治区,广西,Guangxi,Guangxi,autonomous region,粤\n",
      "name_zh,province_code,tier,name_en,aliases\n深圳市,440000,1,,\n",
      "p.csv", "c.csv");
  ASSERT_TRUE(two.ok()) << two.status().ToString();
  size_t i = 0;
  EXPECT_EQ(two->MatchProvince("粤", &i), Gazetteer::Match::kAmbiguous);
}

TEST(GazetteerTest, Normalization) {
  EXPECT_EQ(NormalizePlaceName(" Inner  Mongolia Autonomous Region "),
            "innermongolia");
  EXPECT_EQ(NormalizePlaceName("Huangshi"), "huangshi");  // Not "huang".
  EXPECT_EQ(NormalizePlaceName("Huangshi Shi"), "huangshi");
  EXPECT_EQ(NormalizePlaceName("黑龍江省"), "黑龙江");
  EXPECT_EQ(NormalizePlaceName("市"), "市");  // Never empties a name.
}

}  // namespace
}  // namespace jobimpact::geo

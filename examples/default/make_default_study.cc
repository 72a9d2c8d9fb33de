// Writes the survey microdata of the bundled default study (a simulated 2020
// WeChat-like ecosystem) into a directory:
//   providers.csv  service-provider firms, UTF-8 with BOM, Chinese headers
//   operators.csv  official-account and mini-program operators, GB18030
//   consumers.csv  consumer spending driven by the platform, UTF-8
//
// Deterministic: the same bytes on every machine. It uses std::mt19937_64
// (whose output sequence the C++ standard fixes) and its own transforms to
// uniform, normal and categorical draws, because std::*_distribution
// algorithms differ between standard libraries.
//
// This is a stand-in until the simulator (issue 5) replaces it; the numbers
// are plausible, not calibrated to the published marginals.
#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "jobimpact/store/output_dir.h"
#include "jobimpact/table/encoding.h"

namespace {

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  // Uniform in [0, 1) from the top 53 bits.
  double Uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  // Standard normal by the Box-Muller transform.
  double Normal() {
    double u1 = 1.0 - Uniform();  // (0, 1]
    double u2 = Uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  // Index drawn with the given (unnormalised) weights.
  size_t Pick(const std::vector<double>& weights) {
    double total = 0;
    for (double w : weights) total += w;
    double u = Uniform() * total;
    for (size_t i = 0; i < weights.size(); ++i) {
      if (u < weights[i]) return i;
      u -= weights[i];
    }
    return weights.size() - 1;
  }

 private:
  std::mt19937_64 engine_;
};

// Provinces with rough weights (large coastal provinces weigh most).
const std::vector<std::string> kProvinces = {
    "广东",   "北京", "上海", "浙江", "江苏", "山东", "四川",   "河南",
    "湖北",   "福建", "湖南", "安徽", "河北", "陕西", "重庆",   "辽宁",
    "江西",   "广西", "云南", "天津", "山西", "贵州", "黑龙江", "吉林",
    "内蒙古", "新疆", "甘肃", "海南", "宁夏", "青海", "西藏"};
const std::vector<double> kProvinceWeights = {
    14, 9, 8,   8,   7.5, 6,   5,   5, 4, 4,   3.5, 3,   3,   2.5, 2.5, 2,
    2,  2, 1.8, 1.8, 1.5, 1.5, 1.2, 1, 1, 0.8, 0.8, 0.6, 0.3, 0.3, 0.1};

std::string Fixed(double v, int digits) {
  return fmt::format("{:.{}f}", v, digits);
}

std::string Providers(Rng& rng) {
  std::string out = "\xEF\xBB\xBF";  // UTF-8 BOM, as Excel writes it.
  out += "企业编号,服务商类型,省份,员工人数,微信业务员工占比,全职员工占比\n";
  const std::vector<std::string> kinds = {"企业微信", "微信支付", "小程序"};
  int id = 1;
  for (size_t k = 0; k < kinds.size(); ++k) {
    for (int i = 0; i < 200; ++i, ++id) {
      // Heavy-tailed firm size: lognormal, median ~ 25 employees.
      double employees = std::round(std::exp(3.2 + 1.1 * rng.Normal()));
      if (employees < 1) employees = 1;
      double share = std::min(1.0, std::max(0.05, 0.45 + 0.22 * rng.Normal()));
      double ft = std::min(1.0, std::max(0.0, 0.62 + 0.2 * rng.Normal()));
      out += fmt::format("SP{:05d},{},{},{:.0f},{},{}\n", id, kinds[k],
                         kProvinces[rng.Pick(kProvinceWeights)], employees,
                         Fixed(share, 3), Fixed(ft, 3));
    }
  }
  return out;
}

std::string Operators(Rng& rng) {
  std::string out = "账号编号,账号类型,省份,城市等级,开发运营人数,全职人数\n";
  const std::vector<std::string> tiers = {"一线", "二线", "三线及以下"};
  struct Kind {
    const char* name;
    int n;
    double mean_staff;
    double ft_prob;
  };
  const Kind kinds[] = {{"公众号", 500, 0.9, 0.45}, {"小程序", 300, 3.1, 0.6}};
  int id = 1;
  for (const auto& k : kinds) {
    for (int i = 0; i < k.n; ++i, ++id) {
      // Staff count: 0 for dormant accounts, else 1 + Poisson-like tail.
      double u = rng.Uniform();
      int staff = 0;
      if (u > 0.25) {
        double lambda = k.mean_staff / 0.75;
        staff = 1 + static_cast<int>(
                        std::floor(-std::log(1 - rng.Uniform()) *
                                   (lambda - 1 > 0 ? lambda - 1 : 0.1)));
      }
      int full = 0;
      for (int s = 0; s < staff; ++s) full += rng.Uniform() < k.ft_prob;
      out += fmt::format("OP{:05d},{},{},{},{},{}\n", id, k.name,
                         kProvinces[rng.Pick(kProvinceWeights)],
                         tiers[rng.Pick({32, 34, 34})], staff, full);
    }
  }
  return out;
}

std::string Consumers(Rng& rng) {
  // Annual platform-driven spending per consumer (yuan) by category.
  const std::vector<std::pair<const char*, double>> cats = {
      {"traffic", 250},  {"information_services", 46}, {"catering", 120},
      {"shopping", 150}, {"home_services", 30},        {"transport", 180},
      {"education", 25}, {"entertainment", 20},        {"health", 15}};
  std::string out = "respondent_id";
  for (const auto& c : cats) out += std::string(",") + c.first;
  out += "\n";
  for (int i = 1; i <= 1000; ++i) {
    out += fmt::format("C{:05d}", i);
    for (const auto& c : cats) {
      // Zero for a share of consumers, lognormal otherwise.
      // exp(N(-0.5, 1)) has mean 1, so the category mean is c.second.
      double v = rng.Uniform() < 0.3
                     ? 0.0
                     : c.second / 0.7 * std::exp(-0.5 + rng.Normal());
      out += "," + Fixed(v, 2);
    }
    out += "\n";
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: make_default_study OUTPUT_DIR\n";
    return 1;
  }
  std::filesystem::path dir = argv[1];
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    std::cerr << "make_default_study: " << dir << ": " << ec.message() << "\n";
    return 2;
  }
  Rng rng(20200101);
  std::string providers = Providers(rng);
  auto operators = jobimpact::table::EncodeGb18030(Operators(rng));
  if (!operators.ok()) {
    std::cerr << "make_default_study: " << operators.status().ToString()
              << "\n";
    return 2;
  }
  std::string consumers = Consumers(rng);
  for (const auto& [name, content] :
       std::vector<std::pair<std::string, std::string>>{
           {"providers.csv", providers},
           {"operators.csv", *operators},
           {"consumers.csv", consumers}}) {
    auto s = jobimpact::store::WriteFileAtomically(dir / name, content);
    if (!s.ok()) {
      std::cerr << "make_default_study: " << s.ToString() << "\n";
      return 2;
    }
  }
  std::cout << "wrote providers.csv, operators.csv, consumers.csv into " << dir
            << "\n";
  return 0;
}

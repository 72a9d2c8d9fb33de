// Reader benchmark: throughput and peak memory of reading a data file.
//
//   csv_read_bench generate FILE MEGABYTES [COLUMNS]   writes a numeric CSV
//   csv_read_bench read FILE                           reads any format
//                                                      (table/read.h)
//
// `read` runs in its own process so its peak resident set (getrusage
// ru_maxrss) measures the reader alone. Targets: CSV >= 150 MB/s on one core
// (issue 2); peak memory <= 12 bytes per cell plus the file size (issue 12).
#include <fmt/format.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <string>

#include "jobimpact/base/allocator.h"
#include "jobimpact/table/csv_reader.h"
#include "jobimpact/table/read.h"

namespace {

int Generate(const std::string& path, double megabytes, int columns) {
  std::ofstream out(path, std::ios::binary);
  if (!out) {
    std::cerr << "cannot write " << path << "\n";
    return 2;
  }
  std::mt19937_64 rng(42);
  std::string line;
  for (int c = 0; c < columns; ++c)
    line += (c ? ",c" : "c") + std::to_string(c);
  line += "\n";
  out << line;
  const double target = megabytes * 1e6;
  double written = static_cast<double>(line.size());
  std::string block;
  while (written < target) {
    block.clear();
    for (int r = 0; r < 10000; ++r) {
      for (int c = 0; c < columns; ++c) {
        if (c) block += ',';
        // Mixed magnitudes and signs, 3-8 significant digits, some integers.
        uint64_t u = rng();
        if (c % 4 == 0) {
          block += std::to_string(u % 100000);
        } else {
          double v = static_cast<double>(u % 10000000) / 1000.0;
          if (u & (1ULL << 60)) v = -v;
          block += fmt::format("{:.3f}", v);
        }
      }
      block += '\n';
    }
    out << block;
    written += static_cast<double>(block.size());
  }
  return out ? 0 : 2;
}

// Bytes the table holds: 8 a numeric cell, 4 a text cell plus each
// distinct text once (with std::string's own 32 bytes).
double TableBytes(const jobimpact::table::Table& t) {
  double bytes = 0;
  for (const auto& c : t.columns()) {
    if (c.type() == jobimpact::table::ColumnType::kDouble) {
      bytes += 8.0 * static_cast<double>(c.size());
      continue;
    }
    bytes += 4.0 * static_cast<double>(c.size());
    for (const auto& l : c.levels()) {
      bytes += 32.0 + (l.size() > 15 ? static_cast<double>(l.size()) : 0.0);
    }
  }
  return bytes;
}

int Read(const std::string& path) {
  auto start = std::chrono::steady_clock::now();
  jobimpact::table::TableReadSummary summary;
  auto t = jobimpact::table::ReadTableFile(path, {}, &summary);
  auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  if (!t.ok()) {
    std::cerr << t.status().ToString() << "\n";
    return 2;
  }
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  const double peak = static_cast<double>(ru.ru_maxrss) * 1024.0;
  const double cells = static_cast<double>(t->num_rows()) *
                       static_cast<double>(t->num_columns());
  const double file = static_cast<double>(summary.bytes);
  const double mb = file / 1e6;
  const auto& info = jobimpact::table::FileFormatInfoOf(summary.format);
  std::cout << fmt::format(
      "read {}: {:.1f} MB, {} rows x {} columns in {:.3f} s = {:.0f} MB/s\n"
      "read {}: peak RSS {:.0f} MB = {:.1f} bytes per cell + the file size "
      "(target <= 12); table {:.0f} MB ({:.1f} bytes per cell)\n",
      info.name, mb, t->num_rows(), t->num_columns(), seconds, mb / seconds,
      info.name, peak / 1e6, (peak - file) / cells, TableBytes(*t) / 1e6,
      TableBytes(*t) / cells);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  jobimpact::UseHugePagesForLargeArrays(argv);  // As the CLI does.
  jobimpact::KeepLargeAllocationsInTheHeap();
  if (argc >= 4 && std::string(argv[1]) == "generate") {
    return Generate(argv[2], std::atof(argv[3]),
                    argc >= 5 ? std::atoi(argv[4]) : 10);
  }
  if (argc == 3 && std::string(argv[1]) == "read") return Read(argv[2]);
  std::cerr << "usage: csv_read_bench generate FILE MEGABYTES [COLUMNS]\n"
               "       csv_read_bench read FILE\n";
  return 1;
}

// jobimpact command line: parses arguments, calls the library, maps errors to
// exit codes (0 ok, 1 usage, 2 bad input, 3 numerical failure, 4 internal).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "jobimpact/base/status.h"
#include "jobimpact/inputoutput/io_table.h"
#include "jobimpact/inputoutput/leontief.h"
#include "jobimpact/report/report.h"
#include "jobimpact/results/results.h"
#include "jobimpact/store/output_dir.h"
#include "jobimpact/study/model.h"
#include "jobimpact/table/csv_writer.h"

namespace {

using jobimpact::Status;
using jobimpact::StatusCode;

constexpr int kExitOk = 0;
constexpr int kExitUsage = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitNumerical = 3;
constexpr int kExitInternal = 4;

int Fail(const Status& s) {
  std::cerr << "jobimpact: error: " << s.message() << "\n";
  switch (s.code()) {
    case StatusCode::kOk:
      return kExitOk;
    case StatusCode::kInvalidArgument:
    case StatusCode::kNotFound:
    case StatusCode::kIoError:
      return kExitBadInput;
    case StatusCode::kNumerical:
      return kExitNumerical;
    case StatusCode::kInternal:
      return kExitInternal;
  }
  return kExitInternal;
}

std::vector<std::string> SplitCodes(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream ss(list);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

int RunCommand(const std::string& file, const std::string& out_dir) {
  auto eval = jobimpact::study::EvaluateFile(file);
  if (!eval.ok()) return Fail(eval.status());
  auto table = jobimpact::results::ResultsTable::FromFigures(eval->figures);
  if (!table.ok()) return Fail(table.status());
  jobimpact::results::RunInfo info{eval->title, eval->platform, file,
                                   eval->notes};
  auto dir = jobimpact::store::AtomicOutputDir::Create(out_dir);
  if (!dir.ok()) return Fail(dir.status());
  for (const auto& [name, content] :
       std::vector<std::pair<std::string, std::string>>{
           {"results.csv", table->ToCsv()},
           {"results.json", table->ToJson(info)},
           {"report.html", jobimpact::report::RenderHtml(*table, info)}}) {
    Status s = dir->WriteFile(name, content);
    if (!s.ok()) return Fail(s);
  }
  Status s = dir->Commit();
  if (!s.ok()) return Fail(s);
  std::cout << eval->title << "\n\n"
            << jobimpact::report::RenderTextSummary(*table);
  if (!eval->notes.empty()) {
    std::cout << "\nnotes:\n";
    for (const auto& n : eval->notes) std::cout << "  - " << n << "\n";
  }
  const auto& d = dir->destination();
  std::cout << "\nwrote " << table->rows().size() << " results:\n  "
            << (d / "results.csv").string() << "\n  "
            << (d / "results.json").string() << "\n  "
            << (d / "report.html").string() << "\n";
  return kExitOk;
}

int ValidateCommand(const std::string& file) {
  auto eval = jobimpact::study::EvaluateFile(file);
  if (!eval.ok()) return Fail(eval.status());
  auto table = jobimpact::results::ResultsTable::FromFigures(eval->figures);
  if (!table.ok()) return Fail(table.status());
  std::cout << file << ": OK (" << table->rows().size()
            << " results would be written)\n";
  for (const auto& n : eval->notes) std::cout << "  note: " << n << "\n";
  return kExitOk;
}

int CoefficientsCommand(const std::string& file, const std::string& layout_name,
                        const std::string& sectors) {
  namespace io = jobimpact::inputoutput;
  auto layout = io::ParseIoLayout(layout_name);
  if (!layout.ok()) return Fail(layout.status());
  auto t = io::ReadIoTable(file, *layout);
  if (!t.ok()) return Fail(t.status());
  auto a = io::TechnicalCoefficients(*t);
  if (!a.ok()) return Fail(a.status());
  auto solver = io::LeontiefSolver::Create(*a, io::LeontiefOptions());
  if (!solver.ok()) return Fail(solver.status());
  auto cs = solver->TotalConsumptionColumnSums();
  if (!cs.ok()) return Fail(cs.status());
  std::vector<size_t> rows;
  if (sectors.empty()) {
    for (size_t i = 0; i < t->size(); ++i) rows.push_back(i);
  } else {
    for (const auto& code : SplitCodes(sectors)) {
      auto idx = t->IndexOf(code);
      if (!idx) {
        return Fail(jobimpact::NotFoundError(fmt::format(
            "--sectors: \"{}\" is not a sector of {}", code, file)));
      }
      rows.push_back(*idx);
    }
  }
  std::cout << "code,name_zh,name_en,total_consumption_coefficient\n";
  for (size_t i : rows) {
    std::cout << jobimpact::table::QuoteCsvField(t->codes[i]) << ','
              << jobimpact::table::QuoteCsvField(t->names_zh[i]) << ','
              << jobimpact::table::QuoteCsvField(t->names_en[i]) << ','
              << fmt::format("{:.17g}", (*cs)(static_cast<Eigen::Index>(i)))
              << "\n";
  }
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "jobimpact: jobs created by a digital platform ecosystem, direct and "
      "indirect (input-output), with the method of each number stated.\n"
      "Exit codes: 0 ok, 1 usage, 2 bad input, 3 numerical failure, 4 internal "
      "error."};
  app.require_subcommand(1);

  std::string run_file, out_dir;
  auto* run = app.add_subcommand(
      "run",
      "Run a study (or a series of studies) and write results.csv, "
      "results.json and report.html into --out, atomically.");
  run->add_option("STUDY", run_file, "study or series TOML file")->required();
  run->add_option("--out", out_dir, "output directory (replaced as a whole)")
      ->required();

  std::string validate_file;
  auto* validate = app.add_subcommand(
      "validate", "Check a study's configuration and data; writes nothing.");
  validate->add_option("STUDY", validate_file, "study or series TOML file")
      ->required();

  auto* io = app.add_subcommand("io", "Input-output table tools.");
  io->require_subcommand(1);
  std::string table_file, layout = "nbs", sectors;
  auto* coef = io->add_subcommand(
      "coefficients",
      "Print each sector's total consumption coefficient: the column sum of "
      "B = (I - A)^-1 - I, A = Z / gross output, computed by LU "
      "factorisation.");
  coef->add_option("--table", table_file, "input-output table CSV")->required();
  coef->add_option("--layout", layout, "table layout: nbs or matrix")
      ->check(CLI::IsMember({"nbs", "matrix"}));
  coef->add_option("--sectors", sectors,
                   "comma-separated sector codes to print, in that order "
                   "(default: all)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  if (run->parsed()) return RunCommand(run_file, out_dir);
  if (validate->parsed()) return ValidateCommand(validate_file);
  if (coef->parsed()) return CoefficientsCommand(table_file, layout, sectors);
  std::cerr << app.help();
  return kExitUsage;
}

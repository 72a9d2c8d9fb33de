// jobimpact command line: parses arguments, calls the library, maps errors to
// exit codes (0 ok, 1 usage, 2 bad input, 3 numerical failure, 4 internal,
// 5 verification failed).
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "io_output.h"
#include "jobimpact/base/allocator.h"
#include "jobimpact/base/build_info.h"
#include "jobimpact/base/file.h"
#include "jobimpact/base/status.h"
#include "jobimpact/inputoutput/employment.h"
#include "jobimpact/inputoutput/io_table.h"
#include "jobimpact/inputoutput/leontief.h"
#include "jobimpact/inputoutput/multipliers.h"
#include "jobimpact/report/compare_output.h"
#include "jobimpact/report/pdf.h"
#include "jobimpact/report/report.h"
#include "jobimpact/report/xlsx.h"
#include "jobimpact/results/compare.h"
#include "jobimpact/results/provenance.h"
#include "jobimpact/results/results.h"
#include "jobimpact/sim/check.h"
#include "jobimpact/sim/config.h"
#include "jobimpact/sim/draw.h"
#include "jobimpact/sim/output.h"
#include "jobimpact/sim/population.h"
#include "jobimpact/store/interrupt.h"
#include "jobimpact/store/output_dir.h"
#include "jobimpact/store/verify.h"
#include "jobimpact/study/model.h"
#include "jobimpact/survey/calibration.h"
#include "jobimpact/survey/estimators.h"
#include "jobimpact/table/csv_reader.h"
#include "jobimpact/table/csv_writer.h"
#include "jobimpact/table/describe.h"
#include "jobimpact/table/read.h"
#include "survey_output.h"
#include "table_output.h"

namespace {

using jobimpact::Status;
using jobimpact::StatusCode;

constexpr int kExitOk = 0;
constexpr int kExitUsage = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitNumerical = 3;
constexpr int kExitInternal = 4;
constexpr int kExitNotVerified = 5;

// The provenance of this invocation (set at the start of main).
jobimpact::results::Provenance g_provenance;

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

std::vector<std::string> SplitOn(const std::string& list, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(list);
  std::string item;
  while (std::getline(ss, item, sep)) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::vector<std::string> SplitCodes(const std::string& list) {
  return SplitOn(list, ',');
}

// What the document outputs of `run` and `report` should be.
struct DocumentRequest {
  std::string lang;  // "zh", "en" or "" (the study's country decides).
  bool pdf = false;
  bool csv_bom = false;
};

// report.html (and report.pdf) for `table`, in the language asked for.
Status AddDocuments(const jobimpact::results::ResultsTable& table,
                    const jobimpact::results::RunInfo& info,
                    const DocumentRequest& req,
                    std::vector<std::pair<std::string, std::string>>* files) {
  namespace report = jobimpact::report;
  report::ReportOptions opt = report::DefaultReportOptions(info);
  if (!req.lang.empty()) {
    auto lang = report::ParseLanguage(req.lang);
    if (!lang) {
      return jobimpact::InvalidArgumentError("--lang: expected zh or en, got " +
                                             req.lang);
    }
    opt.language = *lang;
  }
  JI_RETURN_IF_ERROR(opt.Validate());
  std::string html = report::RenderHtml(table, info, opt);
  if (req.pdf) {
    report::PdfSummary summary;
    auto pdf = report::HtmlToPdf(html, report::PdfOptions{}, &summary);
    if (!pdf.ok()) return pdf.status().WithPrefix("--pdf");
    files->push_back({"report.pdf", std::move(*pdf)});
  }
  files->insert(files->begin(), {"report.html", std::move(html)});
  return Status::Ok();
}

int RunCommand(const std::string& file, const std::string& out_dir, bool force,
               const jobimpact::study::StudyOptions& options,
               const DocumentRequest& req) {
  namespace store = jobimpact::store;
  // Checked before the run too, so that a refused directory costs no time.
  store::OutputDirOptions out_opt{force, {file}};
  Status pre = store::CheckOutputDestination(out_dir, out_opt);
  if (!pre.ok()) return Fail(pre);
  auto eval = jobimpact::study::EvaluateFile(file, options);
  if (!eval.ok()) return Fail(eval.status());
  auto table = jobimpact::results::ResultsTable::FromFigures(eval->figures);
  if (!table.ok()) return Fail(table.status());
  std::vector<std::pair<std::string, std::filesystem::path>> inputs;
  for (const auto& in : eval->inputs) {
    inputs.push_back({in.role, in.path});
    out_opt.inputs.push_back(in.path);
  }
  jobimpact::results::Provenance prov = g_provenance;
  auto hashed = jobimpact::results::HashInputs(inputs);
  if (!hashed.ok()) return Fail(hashed.status());
  prov.inputs = std::move(*hashed);
  prov.options = eval->options;
  prov.wall_seconds = jobimpact::results::SecondsSince(*prov.clock_start);
  jobimpact::results::RunInfo info{
      eval->title, eval->platform, file,          eval->notes,
      prov,        eval->labels,   eval->country, eval->sensitivity};
  // Every output is made before the directory is touched, so a failure
  // (no browser for --pdf) leaves the destination as it was.
  std::vector<std::pair<std::string, std::string>> files = {
      {"results.csv", (req.csv_bom ? "\xEF\xBB\xBF" : "") + table->ToCsv()},
      {"results.json", table->ToJson(info)}};
  auto xlsx = jobimpact::report::ResultsXlsx(*table, info);
  if (!xlsx.ok()) return Fail(xlsx.status());
  files.push_back({"results.xlsx", std::move(*xlsx)});
  if (!eval->sensitivity.empty()) {
    files.push_back({"sensitivity.csv",
                     jobimpact::results::SensitivityCsv(eval->sensitivity)});
  }
  Status docs = AddDocuments(*table, info, req, &files);
  if (!docs.ok()) return Fail(docs);
  auto dir = store::AtomicOutputDir::Create(out_dir, out_opt);
  if (!dir.ok()) return Fail(dir.status());
  for (const auto& r : dir->removed_stale()) {
    std::cerr << "jobimpact: note: removed " << r.string()
              << ", left by an interrupted run\n";
  }
  for (const auto& [name, content] : files) {
    Status s = dir->WriteFile(name, content);
    if (!s.ok()) return Fail(s);
  }
  Status s = dir->Commit("run", prov);
  if (!s.ok()) return Fail(s);
  std::cout << eval->title << "\n\n"
            << jobimpact::report::RenderTextSummary(*table);
  if (!eval->notes.empty()) {
    std::cout << "\nnotes:\n";
    for (const auto& n : eval->notes) std::cout << "  - " << n << "\n";
  }
  const auto& d = dir->destination();
  std::cout << "\nwrote " << table->rows().size() << " results:\n";
  for (const auto& f : files)
    std::cout << "  " << (d / f.first).string() << "\n";
  std::cout << "  " << (d / jobimpact::store::kManifestName).string()
            << " (manifest: inputs with SHA-256, version, command)\n";
  if (!dir->kept_files().empty()) {
    std::cout << "kept " << dir->kept_files().size()
              << " other file(s) in the directory (--force)\n";
  }
  return kExitOk;
}

// `jobimpact report RESULTS --out DIR`: the document redrawn from an
// earlier run's results.json, into a new output directory (the run's own
// directory is an input, so it is never written).
int ReportCommand(const std::string& results, const std::string& out_dir,
                  bool force, const DocumentRequest& req) {
  namespace store = jobimpact::store;
  std::filesystem::path json = results;
  std::error_code ec;
  if (std::filesystem::is_directory(json, ec)) json /= "results.json";
  auto text = jobimpact::ReadFileToString(json);
  if (!text.ok()) return Fail(text.status());
  auto doc = jobimpact::results::ParseResultsJson(*text, json.string());
  if (!doc.ok()) return Fail(doc.status());
  store::OutputDirOptions out_opt{force, {json}};
  std::vector<std::pair<std::string, std::string>> files;
  Status docs = AddDocuments(doc->table, doc->info, req, &files);
  if (!docs.ok()) return Fail(docs);
  jobimpact::results::Provenance prov = g_provenance;
  auto hashed = jobimpact::results::HashInputs({{"results", json}});
  if (!hashed.ok()) return Fail(hashed.status());
  prov.inputs = std::move(*hashed);
  prov.wall_seconds = jobimpact::results::SecondsSince(*prov.clock_start);
  auto dir = store::AtomicOutputDir::Create(out_dir, out_opt);
  if (!dir.ok()) return Fail(dir.status());
  for (const auto& [name, content] : files) {
    Status s = dir->WriteFile(name, content);
    if (!s.ok()) return Fail(s);
  }
  Status s = dir->Commit("report", prov);
  if (!s.ok()) return Fail(s);
  for (const auto& f : files) {
    std::cout << "wrote " << (dir->destination() / f.first).string() << "\n";
  }
  return kExitOk;
}

int VerifyCommand(const std::string& dir) {
  auto report = jobimpact::store::VerifyOutput(dir);
  if (!report.ok()) return Fail(report.status());
  std::cout << jobimpact::store::VerifyReportText(*report, dir);
  return report->ok() ? kExitOk : kExitNotVerified;
}

int CompareCommand(const std::string& a, const std::string& b, double level,
                   const std::string& format) {
  namespace rs = jobimpact::results;
  auto path = [](const std::string& p) {
    std::filesystem::path f = p;
    std::error_code ec;
    return std::filesystem::is_directory(f, ec) ? f / "results.csv" : f;
  };
  auto ra = rs::ReadResultsCsv(path(a));
  if (!ra.ok()) return Fail(ra.status());
  auto rb = rs::ReadResultsCsv(path(b));
  if (!rb.ok()) return Fail(rb.status());
  rs::CompareOptions opt;
  opt.level = level;
  auto figures = rs::CompareResults(*ra, *rb, opt);
  // The library compares rows; say which files they came from.
  if (!figures.ok()) {
    return Fail(figures.status().WithPrefix(
        fmt::format("compare {} {}", path(a).string(), path(b).string())));
  }
  if (format == "csv") {
    std::cout << jobimpact::report::ComparisonCsv(*figures, level);
  } else {
    std::cout << jobimpact::report::ComparisonTable(*figures, a, b, level);
  }
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

struct IoArgs {
  std::string table;
  std::string layout = "nbs";
  std::string type = "I";
  bool domestic = false;
  std::string employment, concordance, table_unit;
  int employment_year = 0;
  std::string household = "FU101,FU102";
  std::string compensation = "VA001";
  std::string value_added_rows;
  std::string solver = "auto";
  std::string demand;
  std::string aggregate, region, lq = "flq";
  double delta = 0.3;
  std::string format = "table";
};

void AddIoOptions(CLI::App* cmd, IoArgs* a) {
  cmd->add_option("--table", a->table, "input-output table CSV")->required();
  cmd->add_option(
         "--layout", a->layout,
         "table layout: nbs, matrix or pymrio (a directory pymrio saved)")
      ->check(CLI::IsMember({"nbs", "matrix", "pymrio"}));
  cmd->add_option("--type", a->type,
                  "I (open model) or II (closed for households)")
      ->check(CLI::IsMember({"I", "II"}));
  cmd->add_flag("--domestic", a->domestic,
                "domestic coefficients: remove imports (competitive tables: "
                "proportional import shares; non-competitive tables: the "
                "domestic block)");
  cmd->add_option("--employment", a->employment,
                  "employment by industry CSV (NBS layout, 10,000 persons)");
  cmd->add_option("--concordance", a->concordance,
                  "sector -> industry concordance CSV (columns sector, "
                  "industry)");
  cmd->add_option("--employment-year", a->employment_year,
                  "year column of the employment file to use");
  cmd->add_option("--table-unit", a->table_unit,
                  "value of one table unit, e.g. \"10000 yuan\" (NBS tables: "
                  "10000 yuan; needed for jobs per million with --layout "
                  "matrix)");
  cmd->add_option("--household", a->household,
                  "final-use columns of household consumption for Type II, "
                  "comma-separated (default FU101,FU102)");
  cmd->add_option("--compensation", a->compensation,
                  "value-added row of compensation of employees (default "
                  "VA001)");
  cmd->add_option("--value-added-rows", a->value_added_rows,
                  "value-added rows to sum, comma-separated (default: all)");
  cmd->add_option("--solver", a->solver,
                  "auto (LU up to 1500 sectors, certified iteration above), "
                  "lu or iterative")
      ->check(CLI::IsMember({"auto", "lu", "iterative"}));
  cmd->add_option(
      "--aggregate", a->aggregate,
      "aggregate the table first by a concordance CSV (columns "
      "sector, group), e.g. data/io/concordance_cn2017_149_to_42.csv");
  cmd->add_option("--region", a->region,
                  "regionalise for one region by location quotients: CSV with "
                  "columns code, region, nation (output or employment by "
                  "sector)");
  cmd->add_option("--lq", a->lq,
                  "location quotient with --region: slq, cilq "
                  "or flq (default flq)")
      ->check(CLI::IsMember({"slq", "cilq", "flq"}));
  cmd->add_option("--delta", a->delta, "FLQ delta in [0, 1) (default 0.3)");
  cmd->add_option("--format", a->format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
}

// A bad option value: the usage exit code.
int Usage(const Status& s) {
  std::cerr << "jobimpact: error: " << s.message() << " (see --help)\n";
  return kExitUsage;
}

// "10000 yuan" -> 10000, "yuan".
Status ParseTableUnit(const std::string& text, double* value,
                      std::string* currency) {
  std::istringstream in(text);
  if (!(in >> *value >> *currency) || !(*value > 0)) {
    return jobimpact::InvalidArgumentError(
        "--table-unit: expected a positive number and a currency, e.g. "
        "\"10000 yuan\", got \"" +
        text + "\"");
  }
  return Status::Ok();
}

// The io commands' option values alone, before any file is read: a bad
// value is a usage error.
Status CheckIoArgs(const IoArgs& a) {
  if (!a.table_unit.empty()) {
    double value = 0;
    std::string currency;
    JI_RETURN_IF_ERROR(ParseTableUnit(a.table_unit, &value, &currency));
  }
  if (!(a.delta >= 0.0 && a.delta < 1.0)) {
    return jobimpact::InvalidArgumentError(
        fmt::format("--delta must lie in [0, 1), got {}", a.delta));
  }
  const bool any_emp = !a.employment.empty() || !a.concordance.empty();
  if (any_emp && (a.employment.empty() || a.concordance.empty() ||
                  a.employment_year == 0)) {
    return jobimpact::InvalidArgumentError(
        "employment multipliers need --employment, --concordance and "
        "--employment-year together");
  }
  return Status::Ok();
}

// Reads the table and employment data and fills the options; `info` gets
// the units. Returns a non-OK status on bad input.
Status PrepareIo(const IoArgs& a, jobimpact::inputoutput::IoTable* t,
                 jobimpact::inputoutput::MultiplierOptions* opt,
                 jobimpact::cli::IoRunInfo* info, bool per_million) {
  namespace io = jobimpact::inputoutput;
  JI_ASSIGN_OR_RETURN(io::IoLayout layout, io::ParseIoLayout(a.layout));
  JI_ASSIGN_OR_RETURN(*t, io::ReadIoTable(a.table, layout));
  if (!a.aggregate.empty()) {
    JI_ASSIGN_OR_RETURN(io::Aggregation agg,
                        io::ReadAggregation(a.aggregate, *t));
    JI_ASSIGN_OR_RETURN(*t, io::AggregateTable(*t, agg));
  }
  if (!a.region.empty()) {
    JI_ASSIGN_OR_RETURN(opt->region, io::ReadRegionalSizes(a.region, *t));
    JI_ASSIGN_OR_RETURN(opt->lq.method, io::ParseLqMethod(a.lq));
    opt->lq.delta = a.delta;
  }
  if (!a.table_unit.empty()) {
    double value = 0;
    std::string currency;
    JI_RETURN_IF_ERROR(ParseTableUnit(a.table_unit, &value, &currency));
    t->unit_in_currency = value;
    t->unit_name = fmt::format("{:g} {}", value, currency);
  }
  opt->type_ii = a.type == "II";
  opt->imports = a.domestic ? io::ImportTreatment::kDomestic
                            : io::ImportTreatment::kAsPublished;
  opt->household_columns = SplitCodes(a.household);
  opt->compensation_row = a.compensation;
  opt->value_added_rows = SplitCodes(a.value_added_rows);
  JI_ASSIGN_OR_RETURN(opt->solver.method, io::ParseLeontiefMethod(a.solver));
  info->table = a.table;
  info->type_ii = opt->type_ii;
  info->value_unit = t->unit_name.empty() ? "table units" : t->unit_name;
  // CheckIoArgs made sure the three employment options come together.
  if (!a.employment.empty()) {
    JI_ASSIGN_OR_RETURN(io::EmploymentTable emp,
                        io::ReadEmploymentTable(a.employment));
    io::EmploymentCoefficientsSummary es;
    JI_ASSIGN_OR_RETURN(opt->employment_coefficients,
                        io::EmploymentCoefficients(*t, emp, a.employment_year,
                                                   a.concordance, &es));
    info->employment_method = es.method;
    if (!per_million) {
      info->employment_unit = "jobs (persons)";
    } else if (t->unit_in_currency > 0) {
      // Jobs per table unit -> jobs per million currency units.
      info->employment_scale = 1e6 / t->unit_in_currency;
      std::string currency = t->unit_name.substr(t->unit_name.find(' ') + 1);
      info->employment_unit =
          "jobs per million " + currency + " of final demand";
    } else {
      info->employment_unit = "jobs per table unit of final demand";
    }
  }
  return Status::Ok();
}

int MultipliersCommand(const IoArgs& a) {
  if (Status u = CheckIoArgs(a); !u.ok()) return Usage(u);
  namespace io = jobimpact::inputoutput;
  io::IoTable t;
  io::MultiplierOptions opt;
  jobimpact::cli::IoRunInfo info;
  Status s = PrepareIo(a, &t, &opt, &info, /*per_million=*/true);
  if (!s.ok()) return Fail(s);
  auto m = io::ComputeMultipliers(t, opt, &info.summary);
  if (!m.ok()) return Fail(m.status());
  if (a.format == "csv") {
    std::cout << jobimpact::cli::MultipliersCsv(*m, info);
  } else if (a.format == "json") {
    std::cout << jobimpact::cli::MultipliersJson(*m, info);
  } else {
    std::cout << jobimpact::cli::MultipliersTable(*m, info);
  }
  return kExitOk;
}

int ShockCommand(const IoArgs& a) {
  if (Status u = CheckIoArgs(a); !u.ok()) return Usage(u);
  namespace io = jobimpact::inputoutput;
  io::IoTable t;
  io::MultiplierOptions opt;
  jobimpact::cli::IoRunInfo info;
  Status s = PrepareIo(a, &t, &opt, &info, /*per_million=*/false);
  if (!s.ok()) return Fail(s);
  auto d = io::ReadDemandFile(a.demand, t);
  if (!d.ok()) return Fail(d.status());
  auto e = io::ComputeShock(t, d->demand, opt, &info.summary);
  if (!e.ok()) return Fail(e.status());
  if (a.format == "csv") {
    std::cout << jobimpact::cli::ShockCsv(t, d->scenarios, *e, info);
  } else if (a.format == "json") {
    std::cout << jobimpact::cli::ShockJson(t, d->scenarios, *e, info);
  } else {
    std::cout << jobimpact::cli::ShockTable(t, d->scenarios, *e, info);
  }
  return kExitOk;
}

struct SimArgs {
  int year = 2020;
  uint64_t seed = 1;
  double scale = 1.0;
  int threads = 0;
  std::string format = "table";
  std::string out;
  uint64_t draw_seed = 1;
  jobimpact::sim::DrawOptions draw;
  bool utf8 = false;
  std::string provider_design = "stratified", operator_design = "stratified";
  std::string config;               // --config FILE
  bool force = false;               // simulate draw --force
  std::vector<CLI::Option*> flags;  // Settings --config replaces.
};

// Resolves the design names into a.draw.
Status ResolveDesigns(SimArgs* a) {
  JI_ASSIGN_OR_RETURN(a->draw.providers_design,
                      jobimpact::sim::ParseSampleDesign(a->provider_design));
  JI_ASSIGN_OR_RETURN(a->draw.operators_design,
                      jobimpact::sim::ParseSampleDesign(a->operator_design));
  return Status::Ok();
}

void AddPopulationOptions(CLI::App* cmd, SimArgs* a) {
  cmd->add_option("--config", a->config,
                  "simulation config (TOML: population, marginals replaced, "
                  "draw; docs/simulator.md) instead of the flags below");
  a->flags = {
      cmd->add_option("--year", a->year, "2019 or 2020 (default 2020)"),
      cmd->add_option("--seed", a->seed, "population seed (default 1)"),
      cmd->add_option("--scale", a->scale,
                      "size relative to the published one (default 1)")};
  cmd->add_option("--threads", a->threads,
                  "threads (default: all cores; same result for any)");
}

void AddDrawOptions(CLI::App* cmd, SimArgs* a) {
  a->flags.push_back(
      cmd->add_option("--draw-seed", a->draw_seed, "sample seed (default 1)"));
  a->flags.push_back(cmd->add_option("--providers-n", a->draw.providers_n,
                                     "firms drawn (default 3000)"));
  a->flags.push_back(cmd->add_option("--operators-n", a->draw.operators_n,
                                     "accounts drawn (default 9000)"));
  a->flags.push_back(cmd->add_option(
      "--provider-design", a->provider_design,
      "stratified (default), cluster, two-stage, two-stage-pps or pps"));
  a->flags.push_back(
      cmd->add_option("--operator-design", a->operator_design,
                      "stratified (default), two-stage, two-stage-pps or pps"));
  a->flags.push_back(
      cmd->add_option("--units-per-city", a->draw.units_per_city,
                      "two-stage designs: units drawn in each sampled city "
                      "(default 30)"));
  a->flags.push_back(
      cmd->add_option("--nonresponse", a->draw.nonresponse,
                      "share of drawn units not responding (default 0)"));
  a->flags.push_back(
      cmd->add_flag("--informative", a->draw.informative,
                    "non-response rises as units get smaller (not at random)"));
  a->flags.push_back(cmd->add_flag(
      "--utf8", a->utf8, "write operators.csv in UTF-8, not GB18030"));
  a->flags.push_back(
      cmd->add_option("--dirty-rows", a->draw.dirty_rows,
                      "rows with a differently spelled province (default 20)"));
  a->flags.push_back(
      cmd->add_option("--consumers", a->draw.consumers_n,
                      "consumers interviewed, two stages (default 6000; 0 = no "
                      "consumer survey)"));
  a->flags.push_back(cmd->add_option(
      "--consumer-cities", a->draw.consumer_cities,
      "cities of the consumer survey's first stage (default 100)"));
  a->flags.push_back(cmd->add_option(
      "--io-table", a->draw.io_table,
      "NBS input-output table (e.g. data/io/cn2020_153.csv): the "
      "study then reports indirect output and jobs"));
}

// The population and draw settings: from --config, or from the flags (not
// both: a config is the whole setting, so it can be rerun as it is).
jobimpact::Result<jobimpact::sim::SimConfig> Settings(SimArgs a) {
  if (!a.config.empty()) {
    for (const CLI::Option* f : a.flags) {
      if (f->count() > 0) {
        return jobimpact::InvalidArgumentError(
            f->get_name() +
            " cannot be given with --config: the config file holds the whole "
            "setting (change it there)");
      }
    }
    JI_ASSIGN_OR_RETURN(auto config, jobimpact::sim::LoadSimConfig(a.config));
    config.population.threads = a.threads;
    return config;
  }
  JI_RETURN_IF_ERROR(ResolveDesigns(&a));
  jobimpact::sim::SimConfig c;
  c.population.year = a.year;
  c.population.seed = a.seed;
  c.population.scale = a.scale;
  c.population.threads = a.threads;
  c.draw = a.draw;
  c.draw.seed = a.draw_seed;
  c.draw.gb18030 = !a.utf8;
  return c;
}

int SimulateDrawCommand(const SimArgs& a) {
  auto settings = Settings(a);
  if (!settings.ok()) return Fail(settings.status());
  // Checked before the population is built, so a refusal costs no time.
  jobimpact::store::OutputDirOptions out_opt{a.force, {}};
  if (!a.config.empty()) out_opt.inputs.push_back(a.config);
  if (!settings->draw.io_table.empty()) {
    out_opt.inputs.push_back(settings->draw.io_table);
  }
  Status pre = jobimpact::store::CheckOutputDestination(a.out, out_opt);
  if (!pre.ok()) return Fail(pre);
  auto pop = jobimpact::sim::GeneratePopulation(settings->population);
  if (!pop.ok()) return Fail(pop.status());
  jobimpact::sim::DrawSummary s;
  jobimpact::sim::DrawOptions draw = settings->draw;
  draw.output = out_opt;
  draw.provenance = g_provenance;
  const auto& pop_opt = settings->population;
  draw.provenance.options = {
      {"population.year", std::to_string(pop_opt.year)},
      {"population.seed", std::to_string(pop_opt.seed)},
      {"population.scale", fmt::format("{:g}", pop_opt.scale)},
      {"population.threads", std::to_string(pop_opt.threads)},
      {"draw.seed", std::to_string(draw.seed)},
      {"draw.providers",
       fmt::format("{} by {}", draw.providers_n,
                   jobimpact::sim::SampleDesignName(draw.providers_design))},
      {"draw.operators",
       fmt::format("{} by {}", draw.operators_n,
                   jobimpact::sim::SampleDesignName(draw.operators_design))},
      {"draw.consumers",
       fmt::format("{} in {} cities", draw.consumers_n, draw.consumer_cities)},
      {"draw.nonresponse", fmt::format("{:g}{}", draw.nonresponse,
                                       draw.informative ? " informative" : "")},
  };
  if (!a.config.empty()) {
    auto hashed = jobimpact::results::HashInputs({{"config", a.config}});
    if (!hashed.ok()) return Fail(hashed.status());
    draw.provenance.inputs = std::move(*hashed);
  }
  Status st = jobimpact::sim::WriteDraw(*pop, draw, a.out, &s);
  if (!st.ok()) return Fail(st);
  std::cout << fmt::format(
      "drew {} firms ({} responded), {} accounts ({} responded) and {} "
      "consumers ({} responded) from the {} population\nwrote "
      "{}/providers.csv, operators.csv, {}regions.csv, study.toml, "
      "truth.csv\n",
      s.providers_drawn, s.providers_responded, s.operators_drawn,
      s.operators_responded, s.consumers_drawn, s.consumers_responded,
      pop->year, a.out, s.consumers_drawn > 0 ? "consumers.csv, " : "");
  return kExitOk;
}

int SimulatePopulationCommand(const SimArgs& a) {
  auto settings = Settings(a);
  if (!settings.ok()) return Fail(settings.status());
  jobimpact::sim::PopulationSummary summary;
  auto pop = jobimpact::sim::GeneratePopulation(settings->population, &summary);
  if (!pop.ok()) return Fail(pop.status());
  const auto checks = jobimpact::sim::CheckMarginals(*pop);
  if (a.format == "csv") {
    std::cout << jobimpact::sim::MarginalChecksCsv(checks);
  } else {
    std::cout << jobimpact::sim::MarginalChecksTable(checks, *pop, summary);
  }
  return kExitOk;
}

int SimulateCheckCommand(const SimArgs& a, int replications) {
  auto settings = Settings(a);
  if (!settings.ok()) return Fail(settings.status());
  jobimpact::sim::CheckOptions opt;
  opt.population = settings->population;
  opt.draw = settings->draw;
  opt.replications = replications;
  opt.threads = a.threads;
  jobimpact::sim::CheckSummary summary;
  auto rows = jobimpact::sim::RunMonteCarlo(opt, &summary);
  if (!rows.ok()) return Fail(rows.status());
  if (a.format == "csv") {
    std::cout << jobimpact::sim::CheckRowsCsv(*rows);
  } else {
    std::cout << jobimpact::sim::CheckRowsTable(*rows, summary);
  }
  return kExitOk;
}

// How the data file of `survey estimate` / `survey describe` is read.
struct DataArgs {
  std::string data, encoding = "auto", delimiter = ",";
  std::string data_format = "auto", sheet;
  int header_row = 1;
};

struct SurveyArgs : DataArgs {
  std::string strata, clusters, weights, prob, fpc, by, lonely = "fail";
  std::vector<std::string> totals, means, ratios, props, quantiles;
  std::string variance = "linearization", replicate_weights, format = "table";
  std::string rake, calibrate, margins, bounds;
  uint64_t seed = 1;
  double scale = 1.0, level = 0.95;
  std::string rscales;
  std::string missing = "fail";
  bool mse = false;
  int threads = 0;
};

// What a `survey estimate` call asks for, from the option values alone
// (before any data is read): a bad value is a usage error (exit 1).
struct SurveyPlan {
  jobimpact::table::TableReadOptions read;
  jobimpact::survey::DesignSpec design;
  std::optional<jobimpact::survey::CalibrationMethod> calibration;
  std::string margins;
  std::optional<std::pair<double, double>> bounds;
  std::vector<jobimpact::survey::Request> requests;
  jobimpact::survey::EstimationOptions estimation;
};

Status PlanRequests(const SurveyArgs& a, SurveyPlan* p) {
  namespace sv = jobimpact::survey;
  for (const auto& c : a.totals)
    p->requests.push_back({sv::Statistic::kTotal, c, ""});
  for (const auto& c : a.means)
    p->requests.push_back({sv::Statistic::kMean, c, ""});
  for (const auto& r : a.ratios) {
    auto slash = r.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == r.size()) {
      return jobimpact::InvalidArgumentError("--ratio expects NUM/DEN, got \"" +
                                             r + "\"");
    }
    p->requests.push_back(
        {sv::Statistic::kRatio, r.substr(0, slash), r.substr(slash + 1)});
  }
  for (const auto& c : a.props) {
    p->requests.push_back({sv::Statistic::kProportion, c, ""});
  }
  for (const auto& q : a.quantiles) {
    const auto colon = q.rfind(':');
    double v = 0;
    if (colon == std::string::npos || colon == 0 ||
        !jobimpact::table::ParseNumber(q.substr(colon + 1), &v)) {
      return jobimpact::InvalidArgumentError(
          "--quantile expects COL:P, got \"" + q + "\"");
    }
    if (!(v > 0 && v < 1)) {
      return jobimpact::InvalidArgumentError(fmt::format(
          "--quantile {}: the probability must lie in (0, 1), got {}", q, v));
    }
    p->requests.push_back(
        {sv::Statistic::kQuantile, q.substr(0, colon), "", v});
  }
  // Declared numeric, as a study declares its roles, so that the reader
  // names the line, column and value of a cell that is no number.
  for (const auto& r : p->requests) {
    if (r.statistic == sv::Statistic::kProportion) continue;
    for (const std::string* c : {&r.variable, &r.denominator}) {
      if (!c->empty())
        p->read.csv.column_types[*c] = jobimpact::table::ColumnType::kDouble;
    }
  }
  return Status::Ok();
}

// The reading options of --data-format, --sheet, --header-row, --encoding
// and --delimiter; a bad value is a usage error.
Status PlanRead(const DataArgs& a, jobimpact::table::TableReadOptions* read) {
  namespace tb = jobimpact::table;
  JI_ASSIGN_OR_RETURN(read->format, tb::ParseFileFormat(a.data_format));
  JI_ASSIGN_OR_RETURN(read->csv.encoding, tb::ParseEncoding(a.encoding));
  const std::string delim =
      a.delimiter == "\\t" || a.delimiter == "tab" ? "\t" : a.delimiter;
  if (delim.size() != 1) {
    return jobimpact::InvalidArgumentError(
        "--delimiter must be one character (or tab), got \"" + a.delimiter +
        "\"");
  }
  read->csv.delimiter = delim[0];
  // A sheet given as a whole number is a position unless no sheet has that
  // name: the reader cannot know before it opens the workbook, so digits
  // mean a position here and `--sheet=name:2024` forces a name.
  if (a.sheet.rfind("name:", 0) == 0) {
    read->sheet.name = a.sheet.substr(5);
  } else if (!a.sheet.empty() &&
             a.sheet.find_first_not_of("0123456789") == std::string::npos) {
    double n = 0;
    tb::ParseNumber(a.sheet, &n);
    read->sheet.number = n > 1e6 ? 0 : static_cast<int>(n);
  } else {
    read->sheet.name = a.sheet;
  }
  read->sheet.header_row = a.header_row;
  return read->Validate();
}

Status PlanSurvey(const SurveyArgs& a, SurveyPlan* p) {
  namespace sv = jobimpact::survey;
  namespace tb = jobimpact::table;
  JI_RETURN_IF_ERROR(PlanRead(a, &p->read));
  p->design.strata = a.strata;
  p->design.clusters = SplitCodes(a.clusters);
  p->design.weights = a.weights;
  p->design.probs = a.prob;
  p->design.fpc = SplitCodes(a.fpc);
  JI_ASSIGN_OR_RETURN(p->design.lonely_psu, sv::ParseLonelyPsu(a.lonely));
  for (const auto* list : {&a.weights, &a.prob, &a.fpc, &a.replicate_weights}) {
    for (const auto& c : SplitCodes(*list)) {
      p->read.csv.column_types[c] = tb::ColumnType::kDouble;
    }
  }
  if (!a.rake.empty() || !a.calibrate.empty()) {
    JI_ASSIGN_OR_RETURN(
        p->calibration,
        sv::ParseCalibrationMethod(a.rake.empty() ? a.calibrate : "rake"));
    p->margins = a.rake.empty() ? a.margins : a.rake;
    if (p->margins.empty()) {
      return jobimpact::InvalidArgumentError(
          "--calibrate needs --margins FILE");
    }
  }
  if (!a.bounds.empty()) {
    auto b = SplitCodes(a.bounds);
    double lo = 0, hi = 0;
    if (b.size() != 2 || !tb::ParseNumber(b[0], &lo) ||
        !tb::ParseNumber(b[1], &hi) || !(lo < hi)) {
      return jobimpact::InvalidArgumentError(
          "--bounds expects LOWER,UPPER with LOWER < UPPER, got \"" + a.bounds +
          "\"");
    }
    p->bounds = {lo, hi};
  }
  JI_RETURN_IF_ERROR(PlanRequests(a, p));
  sv::EstimationOptions& opts = p->estimation;
  opts.replicates.seed = a.seed;
  opts.replicates.mse = a.mse;
  opts.replicates.threads = a.threads;
  opts.replicates.weight_columns = SplitCodes(a.replicate_weights);
  opts.replicates.scale = a.scale;
  for (const auto& r : SplitCodes(a.rscales)) {
    double v = 0;
    if (!tb::ParseNumber(r, &v) || v < 0) {
      return jobimpact::InvalidArgumentError(
          "--rscales expects numbers >= 0 separated by commas, got \"" + r +
          "\"");
    }
    opts.replicates.rscales.push_back(v);
  }
  JI_RETURN_IF_ERROR(sv::ParseVarianceMethod(a.variance, &opts));
  opts.by = SplitCodes(a.by);
  opts.confidence = a.level;
  JI_ASSIGN_OR_RETURN(opts.missing, sv::ParseMissingPolicy(a.missing));
  return opts.Validate();
}

int SurveyEstimateCommand(const SurveyArgs& a) {
  namespace sv = jobimpact::survey;
  SurveyPlan plan;
  Status planned = PlanSurvey(a, &plan);
  if (!planned.ok()) return Usage(planned);
  auto t = jobimpact::table::ReadTableFile(a.data, plan.read);
  if (!t.ok()) return Fail(t.status());
  auto design = sv::Design::Create(*t, plan.design);
  if (!design.ok()) return Fail(design.status());
  if (plan.calibration) {
    auto cal = sv::ReadMarginsCsv(plan.margins, *plan.calibration);
    if (!cal.ok()) return Fail(cal.status());
    if (plan.bounds) std::tie(cal->lower, cal->upper) = *plan.bounds;
    auto calibrated = sv::Calibrate(*design, *t, *cal);
    if (!calibrated.ok()) return Fail(calibrated.status());
    design = std::move(calibrated);
  }
  const std::vector<sv::Request>& requests = plan.requests;
  const sv::EstimationOptions& opts = plan.estimation;
  sv::EstimationSummary summary;
  auto est = sv::Estimate(*t, *design, requests, opts, &summary);
  if (!est.ok()) return Fail(est.status());
  // Estimates without an interval (or not made) do not fail the call; they
  // are reported, and said so on stderr whatever the format.
  for (const auto& n : summary.notes) {
    std::cerr << "jobimpact: warning: " << n << "\n";
  }
  if (a.format == "csv") {
    std::cout << jobimpact::cli::SurveyEstimatesCsv(*est);
  } else if (a.format == "json") {
    std::cout << jobimpact::cli::SurveyEstimatesJson(*est, summary);
  } else {
    std::cout << jobimpact::cli::SurveyEstimatesTable(*est, summary);
  }
  return kExitOk;
}

struct DescribeArgs : DataArgs {
  std::string format = "table";
};

int SurveyDescribeCommand(const DescribeArgs& a) {
  jobimpact::table::TableReadOptions read;
  Status planned = PlanRead(a, &read);
  if (!planned.ok()) return Usage(planned);
  read.csv.allow_no_rows = true;
  jobimpact::table::TableReadSummary summary;
  auto t = jobimpact::table::ReadTableFile(a.data, read, &summary);
  if (!t.ok()) return Fail(t.status());
  const auto d = jobimpact::table::DescribeTable(*t);
  if (a.format == "csv") {
    std::cout << jobimpact::cli::DescriptionCsv(d);
  } else if (a.format == "json") {
    std::cout << jobimpact::cli::DescriptionJson(d, summary);
  } else {
    std::cout << jobimpact::cli::DescriptionTable(d, summary);
  }
  return kExitOk;
}

// Every command's output goes to stdout: a failed write (a full disk,
// /dev/full, a closed pipe) must not end in exit 0.
int CheckStdout(int code) {
  errno = 0;
  std::cout.flush();
  const bool stream_bad = !std::cout.good();
  const bool flush_bad = std::fflush(stdout) != 0 || std::ferror(stdout);
  if (!stream_bad && !flush_bad) return code;
  const int err = errno;
  std::cerr << "jobimpact: error: cannot write to standard output"
            << (err ? std::string(": ") + std::strerror(err) : "")
            << "; the output is incomplete\n";
  return code == kExitOk ? kExitBadInput : code;
}

void AddDataOptions(CLI::App* cmd, DataArgs* a) {
  cmd->add_option(
      "--data-format", a->data_format,
      "auto (from the extension), " + jobimpact::table::FileFormatChoices());
  cmd->add_option("--sheet", a->sheet,
                  "workbook sheet: a name or a 1-based number (default the "
                  "first; name:TEXT for a sheet named with digits)");
  cmd->add_option("--header-row", a->header_row,
                  "workbook row holding the column names (default 1)");
  cmd->add_option("--encoding", a->encoding,
                  "auto, utf-8 or gb18030 (CSV; gb18030 also overrides an "
                  "SPSS/Stata file's declared code page)");
  cmd->add_option("--delimiter", a->delimiter,
                  "CSV field delimiter (default ,)");
}

int Main(int argc, char** argv) {
  CLI::App app{
      "jobimpact: jobs created by a digital platform ecosystem, direct and "
      "indirect (input-output), with the method of each number stated.\n"
      "Exit codes: 0 ok, 1 usage, 2 bad input, 3 numerical failure, 4 internal "
      "error, 5 verification failed (verify)."};
  app.require_subcommand(1);
  app.set_version_flag("--version", jobimpact::BuildInfoText(),
                       "version, commit, build and libraries");

  std::string run_file, out_dir;
  bool force = false;
  auto* run = app.add_subcommand(
      "run",
      "Run a study (or a series of studies) and write results.csv, "
      "results.json, report.html and the manifest jobimpact-run.json into "
      "--out, atomically.");
  run->add_option("STUDY", run_file, "study or series TOML file")->required();
  run->add_option("--out", out_dir,
                  "output directory: new, empty, or an earlier run's output "
                  "(replaced as a whole); never one holding the study's "
                  "inputs")
      ->required();
  run->add_flag("--force", force,
                "write into a directory that holds files jobimpact did not "
                "write, keeping them");
  std::string run_solver;
  double run_confidence = 0;
  int run_threads = 0;
  run->add_option("--solver", run_solver,
                  "Leontief solve: auto, lu or iterative (default: the "
                  "study's [inputoutput] solver, else auto)");
  run->add_option("--confidence", run_confidence,
                  "confidence level of intervals whose survey declares none "
                  "(default: the study's [study] confidence, else 0.95)");
  run->add_option("--threads", run_threads,
                  "threads for replicate variances and draws (default 0: "
                  "all; same result for any)");
  int run_draws = 2000;
  uint64_t run_draws_seed = 1;
  run->add_option("--draws", run_draws,
                  "Monte Carlo draws of the total intervals, which add the "
                  "ranges of the study's assumptions to the sampling error "
                  "(default 2000; 0: none)");
  run->add_option("--draws-seed", run_draws_seed,
                  "seed of those draws (default 1)");
  std::vector<std::string> run_set;
  run->add_option("--set", run_set,
                  "KEY=VALUE: change one value of the study file before it "
                  "is checked, e.g. indirect.output_per_job.value=350000 or "
                  "components.payment.population.value=22000 (repeatable; "
                  "recorded in the manifest)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  DocumentRequest run_docs;
  auto add_document_options = [](CLI::App* cmd, DocumentRequest* req) {
    cmd->add_option("--lang", req->lang,
                    "language of report.html: zh or en (default: zh for a "
                    "study of China, else en)");
    cmd->add_flag("--pdf", req->pdf,
                  "also write report.pdf, printed on A4 by headless Chromium "
                  "(error if none is installed)");
  };
  add_document_options(run, &run_docs);
  run->add_flag("--csv-bom", run_docs.csv_bom,
                "start results.csv with a UTF-8 byte-order mark, so that "
                "Excel on Chinese Windows reads it as UTF-8");

  std::string report_in, report_out;
  bool report_force = false;
  DocumentRequest report_docs;
  auto* report = app.add_subcommand(
      "report",
      "Redraw report.html (and report.pdf) from an earlier run's "
      "results.json, e.g. in the other language, into a new output "
      "directory --out.");
  report
      ->add_option("RESULTS", report_in,
                   "output directory of `jobimpact run`, or its "
                   "results.json")
      ->required();
  report
      ->add_option("--out", report_out,
                   "output directory (new, empty, or an earlier report's)")
      ->required();
  report->add_flag("--force", report_force,
                   "write into a directory that holds files jobimpact did "
                   "not write, keeping them");
  add_document_options(report, &report_docs);

  std::string verify_dir;
  auto* verify = app.add_subcommand(
      "verify",
      "Re-hash the inputs recorded in DIR/jobimpact-run.json and re-run the "
      "study: exit 0 if every input is unchanged and every figure identical, "
      "5 (listing what differs) otherwise.");
  verify->add_option("DIR", verify_dir, "output directory of `jobimpact run`")
      ->required();

  std::string compare_a, compare_b, compare_format = "table";
  double compare_level = 0.95;
  auto* compare = app.add_subcommand(
      "compare",
      "Every figure of two results side by side: difference, relative "
      "change and, where both have standard errors, a z test taking the two "
      "as independent.");
  compare->add_option("A", compare_a, "output directory or results.csv")
      ->required();
  compare->add_option("B", compare_b, "output directory or results.csv")
      ->required();
  compare->add_option("--level", compare_level,
                      "level of the z test (default 0.95)");
  compare->add_option("--format", compare_format, "table or csv")
      ->check(CLI::IsMember({"table", "csv"}));

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
  coef->add_option(
          "--layout", layout,
          "table layout: nbs, matrix or pymrio (a directory pymrio saved)")
      ->check(CLI::IsMember({"nbs", "matrix", "pymrio"}));
  coef->add_option("--sectors", sectors,
                   "comma-separated sector codes to print, in that order "
                   "(default: all)");

  IoArgs ma;
  auto* mult = io->add_subcommand(
      "multipliers",
      "Output, value-added, labour-income and employment multipliers per "
      "sector (Type I, and Type II closed for households), by LU or a "
      "certified iteration, never an explicit inverse.");
  AddIoOptions(mult, &ma);
  IoArgs sha;
  auto* shock = io->add_subcommand(
      "shock",
      "Direct, indirect and induced effects of final-demand vectors on "
      "output, value added, labour income and jobs, by sector and in total.");
  AddIoOptions(shock, &sha);
  shock
      ->add_option("--demand", sha.demand,
                   "CSV: column code and one column per scenario (final "
                   "demand for domestic output, in table units)")
      ->required();

  SimArgs sim;
  auto* simulate = app.add_subcommand(
      "simulate", "Synthetic ecosystems with known truth (docs/simulator.md).");
  simulate->require_subcommand(1);
  auto* population = simulate->add_subcommand(
      "population",
      "Build the synthetic population of a year, calibrated to the published "
      "marginals, and print each marginal's target and achieved value.");
  AddPopulationOptions(population, &sim);
  population->add_option("--format", sim.format, "table or csv")
      ->check(CLI::IsMember({"table", "csv"}));
  SimArgs sd;
  auto* draw = simulate->add_subcommand(
      "draw",
      "Draw a stratified sample from the synthetic population and write what "
      "a research team receives: survey CSVs (Chinese headers, UTF-8 and "
      "GB18030), a ready study.toml and truth.csv with the population "
      "values.");
  AddPopulationOptions(draw, &sd);
  AddDrawOptions(draw, &sd);
  draw->add_option("--out", sd.out,
                   "output directory (new, empty or an earlier draw's)")
      ->required();
  draw->add_flag("--force", sd.force,
                 "write into a directory that holds other files, keeping "
                 "them");
  SimArgs sc;
  int replications = 500;
  auto* check = simulate->add_subcommand(
      "check",
      "Monte Carlo check: draw R samples from one population, run the study "
      "on each, and report truth, mean estimate, bias, RMSE and coverage of "
      "the 95% intervals per indicator and domain.");
  AddPopulationOptions(check, &sc);
  AddDrawOptions(check, &sc);
  check->add_option("--replications", replications,
                    "number of samples R (default 500)");
  check->add_option("--format", sc.format, "table or csv")
      ->check(CLI::IsMember({"table", "csv"}));

  SurveyArgs sa;
  auto* survey =
      app.add_subcommand("survey", "Design-based survey estimation.");
  survey->require_subcommand(1);
  auto* est = survey->add_subcommand(
      "estimate",
      "Totals, means, ratios and proportions with standard errors, confidence "
      "intervals (t with the design's degrees of freedom; logit for "
      "proportions) and CVs, for the population and by domain.");
  est->add_option("--data", sa.data,
                  "survey file: CSV, .xlsx, .sav/.zsav/.por, .dta, "
                  ".sas7bdat or .xpt")
      ->required();
  AddDataOptions(est, &sa);
  est->add_option("--strata", sa.strata, "stratum column");
  est->add_option("--cluster", sa.clusters,
                  "cluster column(s), one per stage: COL[,COL]");
  auto* wopt =
      est->add_option("--weights", sa.weights, "sampling weight column");
  auto* popt =
      est->add_option("--prob", sa.prob, "inclusion probability column");
  wopt->excludes(popt);
  est->add_option(
      "--fpc", sa.fpc,
      "finite population correction column(s), one per stage: population "
      "counts (> 1) or sampling fractions (<= 1)");
  est->add_option("--lonely-psu", sa.lonely,
                  "fail, remove, certainty, adjust or average")
      ->check(
          CLI::IsMember({"fail", "remove", "certainty", "adjust", "average"}));
  est->add_option("--total", sa.totals,
                  "estimate the total of COL (repeatable)");
  est->add_option("--mean", sa.means, "estimate the mean of COL (repeatable)");
  est->add_option("--ratio", sa.ratios,
                  "estimate the ratio NUM/DEN (repeatable)");
  est->add_option("--prop", sa.props,
                  "estimate the share of every level of COL (repeatable)");
  est->add_option(
      "--quantile", sa.quantiles,
      "estimate the P-quantile of COL, e.g. income:0.5 (repeatable)");
  est->add_option("--by", sa.by, "domain column(s), crossed: COL[,COL]");
  est->add_option("--variance", sa.variance,
                  "linearization (default), jk1, jkn, brr, fay:RHO, "
                  "bootstrap:R, or supplied "
                  "(with --replicate-weights)");
  est->add_option("--seed", sa.seed,
                  "bootstrap seed (results do not depend on --threads)");
  est->add_option("--replicate-weights", sa.replicate_weights,
                  "columns holding supplied replicate weights: COL,COL,...");
  est->add_option("--scale", sa.scale,
                  "scale of supplied replicate weights (default 1)");
  est->add_option(
      "--rscales", sa.rscales,
      "per-replicate scales of supplied replicate weights: R1,R2,... "
      "(default all 1)");
  est->add_flag("--mse", sa.mse,
                "centre replicates at the full-sample estimate");
  est->add_option("--threads", sa.threads,
                  "threads for replication (default: all cores)");
  est->add_option("--level", sa.level, "confidence level (default 0.95)");
  est->add_option("--missing", sa.missing,
                  "missing values: fail (default: an error listing the rows) "
                  "or exclude (a row lacking a value has weight zero in the "
                  "estimates that need it, as R survey's na.rm = TRUE)");
  est->add_option(
      "--rake", sa.rake,
      "rake the weights to the margins in FILE (CSV: margin,level,count)");
  est->add_option(
         "--calibrate", sa.calibrate,
         "calibrate the weights: poststratify, rake, linear or raking "
         "(with --margins; numeric totals are rows with an empty level)")
      ->check(CLI::IsMember({"poststratify", "rake", "linear", "raking"}));
  est->add_option("--margins", sa.margins,
                  "calibration targets CSV for --calibrate");
  est->add_option("--bounds", sa.bounds,
                  "bounds on g for linear calibration: LOWER,UPPER");
  est->add_option("--format", sa.format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));

  DescribeArgs da;
  auto* describe = survey->add_subcommand(
      "describe",
      "The columns of a data file: types, variable labels, levels in order "
      "with counts, ranges and missing values.");
  describe->add_option("file", da.data, "data file")->required();
  AddDataOptions(describe, &da);
  describe->add_option("--format", da.format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  if ((run->parsed() && out_dir.empty()) ||
      (draw->parsed() && sd.out.empty())) {
    std::cerr << "jobimpact: error: --out: give a directory (the value is "
                 "empty)\n";
    return kExitUsage;
  }
  if (compare->parsed() && !(compare_level > 0 && compare_level < 1)) {
    std::cerr << "jobimpact: error: --level must lie strictly between 0 and "
                 "1\n";
    return kExitUsage;
  }
  if (run->parsed()) {
    jobimpact::study::StudyOptions options;
    if (run->count("--solver") > 0) {
      auto method = jobimpact::inputoutput::ParseLeontiefMethod(run_solver);
      if (!method.ok()) return Usage(method.status().WithPrefix("--solver"));
      options.solver = *method;
    }
    if (run->count("--confidence") > 0) options.confidence = run_confidence;
    options.threads = run_threads;
    options.draws = run_draws;
    options.draws_seed = run_draws_seed;
    for (const std::string& kv : run_set) {
      const size_t eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) {
        std::cerr << "jobimpact: error: --set: expected KEY=VALUE, got \"" << kv
                  << "\"\n";
        return kExitUsage;
      }
      options.set.push_back({kv.substr(0, eq), kv.substr(eq + 1)});
    }
    Status valid = options.Validate();
    if (!valid.ok()) return Usage(valid.WithPrefix("run"));
    return RunCommand(run_file, out_dir, force, options, run_docs);
  }
  if (report->parsed()) {
    if (report_out.empty()) {
      std::cerr << "jobimpact: error: --out: give a directory (the value is "
                   "empty)\n";
      return kExitUsage;
    }
    return ReportCommand(report_in, report_out, report_force, report_docs);
  }
  if (verify->parsed()) return VerifyCommand(verify_dir);
  if (compare->parsed()) {
    return CompareCommand(compare_a, compare_b, compare_level, compare_format);
  }
  if (validate->parsed()) return ValidateCommand(validate_file);
  if (coef->parsed()) return CoefficientsCommand(table_file, layout, sectors);
  if (mult->parsed()) return MultipliersCommand(ma);
  if (population->parsed()) return SimulatePopulationCommand(sim);
  if (draw->parsed()) return SimulateDrawCommand(sd);
  if (check->parsed()) return SimulateCheckCommand(sc, replications);
  if (shock->parsed()) return ShockCommand(sha);
  if (est->parsed()) {
    if (sa.totals.empty() && sa.means.empty() && sa.ratios.empty() &&
        sa.props.empty() && sa.quantiles.empty()) {
      std::cerr << "jobimpact: error: give at least one of --total, --mean, "
                   "--ratio, --prop, --quantile\n";
      return kExitUsage;
    }
    return SurveyEstimateCommand(sa);
  }
  if (describe->parsed()) return SurveyDescribeCommand(da);
  std::cerr << app.help();
  return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  jobimpact::UseHugePagesForLargeArrays(argv);
  jobimpact::KeepLargeAllocationsInTheHeap();
  jobimpact::store::InstallInterruptCleanup();
  g_provenance = jobimpact::results::StartProvenance(argc, argv);
  return CheckStdout(Main(argc, argv));
}

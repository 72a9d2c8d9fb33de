#include "jobimpact/report/pdf.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>
#include <vector>

#include "jobimpact/base/file.h"

extern char** environ;

namespace jobimpact::report {
namespace {

bool Executable(const std::filesystem::path& p) {
  return access(p.c_str(), X_OK) == 0 && std::filesystem::is_regular_file(p);
}

// The last lines of the browser's log, for an error message.
std::string LogTail(const std::filesystem::path& log) {
  auto text = ReadFileToString(log);
  if (!text.ok() || text->empty()) return "(no output)";
  const std::string& s = *text;
  return s.size() > 600 ? "..." + s.substr(s.size() - 600) : s;
}

// Runs argv with stdout and stderr to `log`; waits at most `timeout`.
Status RunWithTimeout(const std::vector<std::string>& argv,
                      const std::filesystem::path& log, int timeout) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&fa, 1, 2);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int rc =
      posix_spawn(&pid, argv[0].c_str(), &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) {
    return IoError(
        fmt::format("cannot start {}: {}", argv[0], std::strerror(rc)));
  }
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(timeout);
  int status = 0;
  while (true) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR)
      return IoError("waiting for " + argv[0] + " failed");
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return IoError(fmt::format("{} did not finish within {} s; its log: {}",
                                 argv[0], timeout, LogTail(log)));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return IoError(fmt::format("{} failed (status {}); its log: {}", argv[0],
                               status, LogTail(log)));
  }
  return Status::Ok();
}

}  // namespace

Status PdfOptions::Validate() const {
  if (timeout_seconds < 1 || timeout_seconds > 3600) {
    return InvalidArgumentError(fmt::format(
        "pdf timeout: expected 1 to 3600 seconds, got {}", timeout_seconds));
  }
  return Status::Ok();
}

Result<std::string> FindChromium(const PdfOptions& options) {
  std::string given = options.browser;
  if (given.empty()) {
    if (const char* env = std::getenv("JOBIMPACT_CHROMIUM")) given = env;
  }
  if (!given.empty()) {
    if (Executable(given)) return given;
    return NotFoundError("the browser " + given +
                         " (--browser or JOBIMPACT_CHROMIUM) is not an "
                         "executable file");
  }
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
    size_t start = 0;
    while (start <= dirs.size()) {
      size_t end = dirs.find(':', start);
      if (end == std::string::npos) end = dirs.size();
      const std::filesystem::path p =
          std::filesystem::path(dirs.substr(start, end - start)) / name;
      if (end > start && Executable(p)) return p.string();
      start = end + 1;
    }
  }
  return NotFoundError(
      "report.pdf needs a headless Chromium, and none was found on PATH "
      "(chromium, chromium-browser, google-chrome): install Debian's "
      "package (apt-get install chromium fonts-noto-cjk) or name one with "
      "JOBIMPACT_CHROMIUM; report.html prints the same pages from any "
      "browser");
}

Result<std::string> HtmlToPdf(std::string_view html, const PdfOptions& options,
                              PdfSummary* summary) {
  JI_RETURN_IF_ERROR(options.Validate());
  auto browser = FindChromium(options);
  if (!browser.ok()) return browser.status();
  auto scratch = ScratchDir::Create("jobimpact-pdf");
  if (!scratch.ok()) return scratch.status();
  const std::filesystem::path dir = scratch->path();
  {
    std::ofstream page(dir / "report.html", std::ios::binary);
    page.write(html.data(), static_cast<std::streamsize>(html.size()));
    if (!page) return IoError("cannot write " + (dir / "report.html").string());
  }
  const auto t0 = std::chrono::steady_clock::now();
  // A fresh profile in the scratch directory: nothing of the user's is
  // read or changed. --no-sandbox: the sandbox needs user namespaces that
  // containers and CI machines often lack; the page is our own.
  const std::vector<std::string> argv = {
      *browser,
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-extensions",
      "--user-data-dir=" + (dir / "profile").string(),
      "--no-pdf-header-footer",
      "--print-to-pdf=" + (dir / "report.pdf").string(),
      "file://" + (dir / "report.html").string()};
  JI_RETURN_IF_ERROR(
      RunWithTimeout(argv, dir / "browser.log", options.timeout_seconds));
  auto pdf = ReadFileToString(dir / "report.pdf");
  if (!pdf.ok()) {
    return IoError(*browser +
                   " wrote no PDF; its log: " + LogTail(dir / "browser.log"));
  }
  if (pdf->rfind("%PDF-", 0) != 0) {
    return InternalError(*browser + " wrote a file that is not a PDF");
  }
  if (summary != nullptr) {
    summary->browser = *browser;
    summary->seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0)
            .count();
  }
  return std::move(*pdf);
}

}  // namespace jobimpact::report

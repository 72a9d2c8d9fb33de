// Cleanup of temporaries when a run is interrupted.
//
// Outputs are built in hidden temporaries and renamed into place at the end
// (output_dir.h). InstallInterruptCleanup() makes SIGINT, SIGTERM and SIGHUP
// remove every temporary registered with a TempPathGuard before the process
// dies of the signal (exit status 128 + signal number in a shell). The
// removal runs on a thread of its own, woken through a pipe by an
// async-signal-safe handler, so it may use the file system library freely.
// A SIGKILL cannot be caught: the next run removes temporaries of processes
// that no longer exist (RemoveStaleTemporaries in output_dir.h).
#ifndef JOBIMPACT_STORE_INTERRUPT_H_
#define JOBIMPACT_STORE_INTERRUPT_H_

#include <filesystem>
#include <functional>

namespace jobimpact::store {

// Installs the handlers and starts the cleanup thread; later calls do
// nothing. Call it early in main(), before other threads start.
void InstallInterruptCleanup();

// Registers a temporary file or directory for removal on interrupt while the
// guard lives (and is not released). Does not remove anything itself.
class TempPathGuard {
 public:
  explicit TempPathGuard(std::filesystem::path path);
  ~TempPathGuard();
  TempPathGuard(TempPathGuard&& other) noexcept;
  TempPathGuard& operator=(TempPathGuard&&) = delete;
  TempPathGuard(const TempPathGuard&) = delete;

  // Unregisters the path, e.g. once it has been renamed into place.
  void Release();

 private:
  std::filesystem::path path_;
  bool registered_ = false;
};

// Runs `fn` (e.g. the renames that publish an output) so that an interrupt
// cleanup cannot start half-way through it. Returns false without running
// `fn` if a cleanup has already begun.
bool RunUninterrupted(const std::function<void()>& fn);

}  // namespace jobimpact::store

#endif  // JOBIMPACT_STORE_INTERRUPT_H_

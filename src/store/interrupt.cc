#include "jobimpact/store/interrupt.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <mutex>
#include <set>
#include <string>
#include <system_error>
#include <thread>

namespace jobimpact::store {
namespace {

struct Registry {
  std::recursive_mutex mu;
  std::multiset<std::string> paths;
  bool interrupted = false;
};

// Never destroyed: the cleanup thread may still use it while the process
// exits.
Registry& TheRegistry() {
  static Registry* r = new Registry;
  return *r;
}

int g_wake_fd = -1;  // Write end of the pipe; set once before handlers run.

void OnSignal(int sig) {
  // Only async-signal-safe calls here: hand the signal to the thread.
  const unsigned char c = static_cast<unsigned char>(sig);
  const int saved = errno;
  [[maybe_unused]] ssize_t n = ::write(g_wake_fd, &c, 1);
  errno = saved;
}

void RemoveRegistered(Registry& r) {
  for (const auto& p : r.paths) {
    // A file created in a directory while it is being removed makes one
    // pass fail; a few passes win that race.
    for (int attempt = 0; attempt < 5; ++attempt) {
      std::error_code ec;
      std::filesystem::remove_all(p, ec);
      if (!ec && !std::filesystem::exists(p, ec)) break;
    }
  }
}

void CleanupLoop(int read_fd) {
  unsigned char sig = 0;
  while (true) {
    ssize_t n = ::read(read_fd, &sig, 1);
    if (n == 1) break;
    if (n < 0 && errno == EINTR) continue;
    return;  // The pipe closed: nothing more to watch.
  }
  Registry& r = TheRegistry();
  r.mu.lock();  // Held until the process dies: no commit can start now.
  r.interrupted = true;
  RemoveRegistered(r);
  // Die of the same signal so that the caller sees how the run ended.
  ::signal(sig, SIG_DFL);
  ::kill(::getpid(), sig);
  ::pause();
}

}  // namespace

void InstallInterruptCleanup() {
  static std::once_flag once;
  std::call_once(once, [] {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
      return;  // Then no cleanup; runs still
               // work (stale removal later).
    g_wake_fd = fds[1];
    std::thread(CleanupLoop, fds[0]).detach();
    struct sigaction sa = {};
    sa.sa_handler = OnSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(sig, &sa, nullptr);
  });
}

TempPathGuard::TempPathGuard(std::filesystem::path path)
    : path_(std::move(path)) {
  Registry& r = TheRegistry();
  std::lock_guard<std::recursive_mutex> lock(r.mu);
  r.paths.insert(path_.string());
  registered_ = true;
}

TempPathGuard::TempPathGuard(TempPathGuard&& other) noexcept
    : path_(std::move(other.path_)), registered_(other.registered_) {
  other.registered_ = false;
}

TempPathGuard::~TempPathGuard() { Release(); }

void TempPathGuard::Release() {
  if (!registered_) return;
  Registry& r = TheRegistry();
  std::lock_guard<std::recursive_mutex> lock(r.mu);
  auto it = r.paths.find(path_.string());
  if (it != r.paths.end()) r.paths.erase(it);
  registered_ = false;
}

bool RunUninterrupted(const std::function<void()>& fn) {
  Registry& r = TheRegistry();
  std::lock_guard<std::recursive_mutex> lock(r.mu);
  if (r.interrupted) return false;
  fn();
  return true;
}

}  // namespace jobimpact::store

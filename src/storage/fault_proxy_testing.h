// Test-only: tests/tools/fault_proxy.py as a child process for the fault tests of each backend
// (s3_fault_test.cc, azure_fault_test.cc). Header-only; not part of the library.
#ifndef F2M_STORAGE_FAULT_PROXY_TESTING_H_
#define F2M_STORAGE_FAULT_PROXY_TESTING_H_

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "base/strings.h"

namespace f2m {
namespace testing_internal {

namespace fsys = std::filesystem;

inline std::string SourceDir() {
  const char* env = std::getenv("F2M_SOURCE_DIR");
  if (env != nullptr && *env != '\0') return env;
  return fsys::path(__FILE__).parent_path().parent_path().parent_path().string();
}

// The proxy as a child process, stopped (SIGTERM) and reaped on destruction.
class FaultProxy {
 public:
  FaultProxy(const std::string& target, std::vector<std::string> args) {
    dir_ = fsys::temp_directory_path() / StrCat("f2m_proxy_", ::getpid(), "_", counter_++);
    fsys::create_directories(dir_);
    std::vector<std::string> argv = {"python3",       SourceDir() + "/tests/tools/fault_proxy.py",
                                     "--target",      target,
                                     "--port-file",   (dir_ / "port").string(),
                                     "--max-seconds", "300"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::cout.flush();
    std::fflush(nullptr);  // or the child flushes our buffered output a second time
    pid_ = ::fork();
    if (pid_ == 0) {
      std::string out = (dir_ / "out").string();
      freopen(out.c_str(), "w", stdout);
      std::vector<char*> cargv;
      for (auto& a : argv) cargv.push_back(a.data());
      cargv.push_back(nullptr);
      ::execvp("python3", cargv.data());
      _exit(127);
    }
    for (int i = 0; i < 100 && !fsys::exists(dir_ / "port"); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::ifstream(dir_ / "port") >> port_;
  }
  ~FaultProxy() {
    Stop();
    fsys::remove_all(dir_);
  }
  // Stops the proxy and returns its summary line ("N connections, D dropped, E answered 500").
  std::string Stop() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
      pid_ = -1;
      std::ifstream in(dir_ / "out");
      std::getline(in, summary_);
    }
    return summary_;
  }
  std::string Endpoint() const { return StrCat("127.0.0.1:", port_); }
  int port() const { return port_; }

 private:
  static inline int counter_ = 0;
  fsys::path dir_;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string summary_;
};

}  // namespace testing_internal
}  // namespace f2m

#endif  // F2M_STORAGE_FAULT_PROXY_TESTING_H_

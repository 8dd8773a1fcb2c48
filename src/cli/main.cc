// faiss2milvus: migrates Faiss indexes into Milvus. Everything is in cli/cli.h; this is only
// the one top-level catch for what must never happen (our code returns Status, never throws).
#include <cstdio>
#include <exception>

#include "cli/cli.h"

int main(int argc, char** argv) {
  try {
    return f2m::RunCli(argc, argv, f2m::RealProcessEnv());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "faiss2milvus: error: internal: unexpected exception: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "faiss2milvus: error: internal: unexpected exception\n");
  }
  return 1;
}

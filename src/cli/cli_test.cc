#include "cli/cli.h"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "cli/exit_status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace f2m {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
namespace stdfs = std::filesystem;

struct CliRun {
  int code;
  std::string out, err;
};

CliRun Cli(std::vector<std::string> args, const std::atomic<bool>* cancel = nullptr) {
  args.insert(args.begin(), "faiss2milvus");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  ProcessEnv penv{&out, &err, [](std::string_view) { return std::optional<std::string>(); },
                  cancel};
  int code = RunCli(static_cast<int>(argv.size()), argv.data(), penv);
  return {code, out.str(), err.str()};
}

// One error line, exactly.
void ExpectOneErrorLine(const CliRun& r, std::string_view text) {
  EXPECT_THAT(r.err, StartsWith("faiss2milvus: error: "));
  EXPECT_THAT(r.err, HasSubstr(std::string(text)));
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (stdfs::path(::testing::TempDir()) / "cli_test" /
            ::testing::UnitTest::GetInstance()->current_test_info()->name())
               .string();
    stdfs::remove_all(dir_);
    stdfs::create_directories(dir_);
  }
  // A real IndexFlatL2 file (the bytes faiss::write_index writes): d = 2, rows (i, -i).
  std::string WriteFlatIndex(int64_t ntotal) {
    std::string b = "IxF2";
    auto put = [&b](const auto& v) { b.append(reinterpret_cast<const char*>(&v), sizeof(v)); };
    put(int32_t{2});
    put(ntotal);
    put(int64_t{1} << 20);
    put(int64_t{1} << 20);
    put(uint8_t{1});
    put(int32_t{1});
    put(static_cast<uint64_t>(ntotal * 2));
    for (int64_t i = 0; i < ntotal; ++i) {
      put(static_cast<float>(i));
      put(static_cast<float>(-i));
    }
    std::string path = dir_ + "/flat.index";
    std::ofstream(path, std::ios::binary) << b;
    return path;
  }
  std::string WriteConfig(const std::string& yaml) {
    std::string path = dir_ + "/m.yaml";
    std::ofstream(path) << yaml;
    return path;
  }
  std::string LocalConfig(const std::string& index) {
    return WriteConfig("source: {local: {faissFile: " + index + "}}\ntarget: {local: {outputDir: " +
                       dir_ + "/out}, create: {collection: {name: c}}}\n");
  }
  std::string dir_;
};

TEST(ExitStatusTest, MapsStatusCodes) {
  EXPECT_EQ(ExitStatusFor(absl::OkStatus()), 0);
  EXPECT_EQ(ExitStatusFor(absl::DataLossError("x")), 1);
  EXPECT_EQ(ExitStatusFor(absl::InvalidArgumentError("x")), 1);
  EXPECT_EQ(ExitStatusFor(UsageError(absl::InvalidArgumentError("x"))), 2);
  EXPECT_EQ(ExitStatusFor(UsageError(absl::NotFoundError("x"))), 2);
  EXPECT_EQ(ExitStatusFor(absl::CancelledError("x")), 130);
  EXPECT_TRUE(UsageError(absl::OkStatus()).ok());
}

TEST(CliTableTest, HelpListsEveryCommandOfTheTable) {
  CliRun r = Cli({"--help"});
  EXPECT_EQ(r.code, 0);
  for (const Command& c : Commands()) {
    EXPECT_THAT(r.out, HasSubstr(StrCat("  ", c.name, " ", c.synopsis)));
    EXPECT_THAT(r.out, HasSubstr(c.help));
  }
  EXPECT_EQ(Commands().size(), 5u);
}

TEST(CliTableTest, CommandHelpComesFromTheTable) {
  CliRun r = Cli({"inspect", "--help"});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, CommandHelp(*FindCommand("inspect")));
  EXPECT_THAT(r.out, HasSubstr("usage: faiss2milvus inspect INDEX [--json]"));
}

TEST(CliTableTest, Version) {
  CliRun r = Cli({"--version"});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, "faiss2milvus 0.1.0\n");
}

TEST(CliTableTest, UsageErrorsExitTwo) {
  CliRun r = Cli({"bogus"});
  EXPECT_EQ(r.code, 2);
  ExpectOneErrorLine(r, "parse arguments: The following argument was not expected: bogus");
  r = Cli({});
  EXPECT_EQ(r.code, 2);
  ExpectOneErrorLine(r, "parse arguments: no command given (try --help)");
  r = Cli({"inspect"});
  EXPECT_EQ(r.code, 2);
  ExpectOneErrorLine(r, "INDEX");
}

TEST_F(CliTest, LoadWithoutADumpSaysRunDumpFirst) {
  std::string config = LocalConfig(WriteFlatIndex(3));
  CliRun r = Cli({"load", "--config", config});
  EXPECT_EQ(r.code, 1);
  ExpectOneErrorLine(r, "/out/c: no manifest.json (run dump first)");
}

TEST_F(CliTest, LoadOfAnUnfinishedDumpIsRefused) {
  std::string config = LocalConfig(WriteFlatIndex(3));
  stdfs::create_directories(dir_ + "/out/c");
  ASSERT_EQ(Cli({"dump", "--config", config}).code, 0);
  std::string manifest = dir_ + "/out/c/manifest.json";
  std::ifstream in(manifest);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  text.replace(text.find("\"complete\""), 10, "\"writing\"");
  std::ofstream(manifest) << text;
  CliRun r = Cli({"load", "--config", config});
  EXPECT_EQ(r.code, 1);
  ExpectOneErrorLine(r, "the dump is not finished (manifest state \"writing\")");
}

TEST_F(CliTest, VerifyWithoutADumpFails) {
  CliRun r = Cli({"verify", "--config", LocalConfig(WriteFlatIndex(3))});
  EXPECT_EQ(r.code, 1);
  ExpectOneErrorLine(r, "manifest.json");
}

TEST_F(CliTest, MissingConfigIsAConfigurationError) {
  CliRun r = Cli({"dump", "--config", dir_ + "/none.yaml"});
  EXPECT_EQ(r.code, 2);
  ExpectOneErrorLine(r, "read config " + dir_ + "/none.yaml: no such file");
}

TEST_F(CliTest, BadConfigIsAConfigurationError) {
  CliRun r = Cli({"--config", WriteConfig("name: x\n"), "dump"});
  EXPECT_EQ(r.code, 2);
  ExpectOneErrorLine(r, "config name: the nesting was lost");
}

TEST_F(CliTest, DumpWritesTheFilesThenReportsAlreadyDumped) {
  std::string config = LocalConfig(WriteFlatIndex(5));
  CliRun r = Cli({"dump", "--config", config});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("dumped 5 rows into 1 parts"));
  EXPECT_TRUE(stdfs::exists(dir_ + "/out/c/manifest.json"));
  EXPECT_EQ(stdfs::file_size(dir_ + "/out/c/part-00000/data.npy"), 128u + 5 * 8);
  r = Cli({"dump", "--config", config});
  EXPECT_EQ(r.code, 0);
  EXPECT_THAT(r.out, HasSubstr("already dumped: " + dir_ + "/out/c"));
}

TEST_F(CliTest, InterruptedDumpExits130WithoutManifest) {
  std::atomic<bool> cancel{true};
  CliRun r = Cli({"dump", "--config", LocalConfig(WriteFlatIndex(5))}, &cancel);
  EXPECT_EQ(r.code, 130);
  ExpectOneErrorLine(r, "interrupted");
  EXPECT_FALSE(stdfs::exists(dir_ + "/out/c/manifest.json"));
}

TEST_F(CliTest, CorruptIndexFailsWithOneLine) {
  std::string index = WriteFlatIndex(5);
  stdfs::resize_file(index, 50);
  CliRun r = Cli({"dump", "--config", LocalConfig(index)});
  EXPECT_EQ(r.code, 1);
  ExpectOneErrorLine(r, index);
  EXPECT_FALSE(stdfs::exists(dir_ + "/out/c/manifest.json"));
}

TEST_F(CliTest, InspectPrintsTextAndJson) {
  std::string index = WriteFlatIndex(3);
  CliRun r = Cli({"inspect", index});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("IxF2 IndexFlatL2"));
  EXPECT_THAT(r.out, HasSubstr("ntotal:      3"));
  r = Cli({"inspect", index, "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["d"], 2);
  EXPECT_EQ(j["ids"], "sequential");
  EXPECT_EQ(j["plan"]["parts"], 1);
}

TEST_F(CliTest, InspectMissingFileFails) {
  CliRun r = Cli({"inspect", dir_ + "/none.index"});
  EXPECT_EQ(r.code, 1);
  ExpectOneErrorLine(r, dir_ + "/none.index");
}

}  // namespace
}  // namespace f2m

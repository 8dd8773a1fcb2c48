#include "cli/commands.h"

#include "base/log.h"
#include "cli/exit_status.h"
#include "cli/progress_bar.h"
#include "migrate/dump.h"
#include "migrate/inspect.h"
#include "migrate/load.h"
#include "migrate/migrate_run.h"
#include "migrate/verify.h"

#include <unistd.h>

namespace f2m {
namespace {

StatusOr<Config> LoadConfigForCommand(const CommandContext& ctx, FileSystem& fs) {
  auto config = LoadConfig(fs, ctx.config_path, ctx.env);
  if (!config.ok()) {
    Status s = config.status();
    if (absl::IsNotFound(s)) {
      s = absl::NotFoundError(StrCat("read config ", ctx.config_path,
                                     ": no such file (give one with --config FILE)"));
    }
    return UsageError(s);
  }
  F2M_LOG_INFO("config {}:\n{}", ctx.config_path, config->Redacted());
  return config;
}

Status RunDump(const CommandContext& ctx) {
  auto fs = NewLocalFileSystem(/*durable=*/true);
  F2M_ASSIGN_OR_RETURN(Config config, LoadConfigForCommand(ctx, *fs));
  ProgressBar bar = ctx.progress ? ProgressBar::ForStderr() : ProgressBar(stderr, false, false);
  DumpOptions options;
  options.cancel = ctx.cancel;
  F2M_ASSIGN_OR_RETURN(
      DumpResult r,
      Dump(config, *fs, *fs, [&](uint64_t done, uint64_t total) { bar.Update(done, total); },
           options));
  bar.Finish();
  if (r.already_dumped) {
    *ctx.out << "already dumped: " << r.output_dir << " (" << r.rows << " rows in " << r.parts
             << " parts; its manifest is complete for the same source)\n";
  } else {
    *ctx.out << "dumped " << r.rows << " rows into " << r.parts << " parts (" << r.bytes
             << " bytes) under " << r.output_dir << "\n";
  }
  return absl::OkStatus();
}

Status RunInspect(const CommandContext& ctx) {
  auto fs = NewLocalFileSystem(/*durable=*/false);
  F2M_ASSIGN_OR_RETURN(InspectReport report, Inspect(*fs, ctx.index_path, kDefaultMaxFileSize));
  *ctx.out << (ctx.json ? InspectJson(report) : InspectText(report));
  return absl::OkStatus();
}

// F2M_TEST_CRASH_AT=<step>[@<part>] ends the process at that step as SIGKILL would (exit 137,
// nothing flushed or cleaned up): the kill tests of resumption use it.
StepHook CrashHook(const CommandContext& ctx) {
  auto at = ctx.env ? ctx.env("F2M_TEST_CRASH_AT") : std::nullopt;
  if (!at || at->empty()) return nullptr;
  return [spec = *at](std::string_view step, int64_t part) {
    std::string here(step);
    if (spec == here || spec == StrCat(here, "@", part)) ::_exit(137);
  };
}

std::function<void(const std::string&)> Reporter(const CommandContext& ctx) {
  return [](const std::string& line) { F2M_LOG_INFO("{}", line); };
}

Status RunLoadCommand(const CommandContext& ctx) {
  auto fs = NewLocalFileSystem(/*durable=*/true);
  F2M_ASSIGN_OR_RETURN(Config config, LoadConfigForCommand(ctx, *fs));
  LoadRunOptions options;
  options.drop_existing = ctx.drop_existing;
  options.step = CrashHook(ctx);
  options.report = Reporter(ctx);
  options.cancel = ctx.cancel;
  F2M_ASSIGN_OR_RETURN(LoadResult r, RunLoad(config, *fs, options));
  *ctx.out << "loaded " << r.rows << " rows into collection " << r.collection << " ("
           << r.parts << " parts, " << r.imported << " imported by this run); count(*) = "
           << r.rows << "\n";
  return absl::OkStatus();
}

Status RunMigrateCommand(const CommandContext& ctx) {
  auto fs = NewLocalFileSystem(/*durable=*/true);
  F2M_ASSIGN_OR_RETURN(Config config, LoadConfigForCommand(ctx, *fs));
  ProgressBar bar = ctx.progress ? ProgressBar::ForStderr() : ProgressBar(stderr, false, false);
  MigrateOptions options;
  options.drop_existing = ctx.drop_existing;
  options.step = CrashHook(ctx);
  options.report = Reporter(ctx);
  options.progress = [&](uint64_t done, uint64_t total) { bar.Update(done, total); };
  options.dump.cancel = ctx.cancel;
  F2M_ASSIGN_OR_RETURN(MigrateResult r, RunMigrate(config, *fs, options));
  bar.Finish();
  *ctx.out << "migrated " << r.rows << " rows into collection " << r.collection << " ("
           << r.parts << " parts: " << r.written << " written, " << r.imported
           << " imported by this run); " << r.verify.Summary() << "\n";
  return absl::OkStatus();
}

Status RunVerifyCommand(const CommandContext& ctx) {
  auto fs = NewLocalFileSystem(/*durable=*/false);
  F2M_ASSIGN_OR_RETURN(Config config, LoadConfigForCommand(ctx, *fs));
  F2M_ASSIGN_OR_RETURN(VerifyReport r, RunVerify(config, *fs, VerifyOptions{}));
  *ctx.out << "verified: " << r.Summary() << "\n";
  return absl::OkStatus();
}

}  // namespace

const std::vector<Command>& Commands() {
  static const auto* commands = new std::vector<Command>{
      {"dump", "[--config FILE]", "index -> Milvus import files (.npy parts + manifest.json)",
       false, false, RunDump},
      {"load", "[--config FILE]", "create the collection and bulk-import the dumped files",
       false, true, RunLoadCommand},
      {"migrate", "[--config FILE]", "dump + load + verify in one resumable run", false,
       true, RunMigrateCommand},
      {"verify", "[--config FILE]", "row count, sampled vectors by id, recall@k", false,
       false, RunVerifyCommand},
      {"inspect", "INDEX [--json]",
       "type tree, d, ntotal, metric, ids, exact/lossy, dump plan; writes nothing", true,
       false, RunInspect},
  };
  return *commands;
}

const Command* FindCommand(const std::string& name) {
  for (const Command& c : Commands()) {
    if (name == c.name) return &c;
  }
  return nullptr;
}

std::string UsageText() {
  std::string out =
      "usage: faiss2milvus COMMAND [options]\n\n"
      "Migrates Faiss indexes into Milvus collections.\n\ncommands:\n";
  for (const Command& c : Commands()) {
    std::string head = StrCat("  ", c.name, " ", c.synopsis);
    head.append(head.size() < 34 ? 34 - head.size() : 1, ' ');
    out += StrCat(head, c.help, "\n");
  }
  out += StrCat(
      "\noptions:\n"
      "  --config FILE                   migration config (default ",
      kDefaultConfigPath,
      ")\n"
      "  -v, --verbose                   info messages on stderr\n"
      "  --version                       print the version\n"
      "  -h, --help                      this help; COMMAND --help for one command\n\n"
      "exit status: 0 done, 1 failed, 2 usage or configuration error, 130 interrupted\n");
  return out;
}

std::string CommandHelp(const Command& c) {
  return StrCat("usage: faiss2milvus ", c.name, " ", c.synopsis, "\n\n", c.help, "\n");
}

}  // namespace f2m

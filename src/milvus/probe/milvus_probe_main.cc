// f2m_milvus_probe: drives MilvusClient from the command line, one call per run, JSON on stdout.
// The end-to-end tests (tests/e2e/test_milvus_client.py) use it against the real Milvus; it is a
// test driver, not a user tool. Errors: "f2m_milvus_probe: error: [<Code>] <message>", exit 1.
//
//   f2m_milvus_probe [--endpoint E] [--user U] [--database D] [--attempts N] [--timeout-ms T]
//                    <command> args...       (password from $MILVUS_PASSWORD, never argv)
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "base/log.h"
#include "milvus/milvus_client.h"
#include "milvus/version.h"

namespace f2m::milvus {
namespace {

using Args = std::vector<std::string>;
using Command = std::function<Status(MilvusClient&, const Args&)>;

std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
      continue;
    }
    out += c;
  }
  return out + "\"";
}

template <typename T>
std::string List(const std::vector<T>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) out = StrCat(out, i ? "," : "", v[i]);
  return out + "]";
}

void Print(const std::string& json) { std::printf("%s\n", json.c_str()); }

std::string StateJson(const ImportTaskState& s) {
  return StrCat("{\"task\":", s.task_id, ",\"state\":", Quote(ImportStateName(s.state)),
                ",\"row_count\":", s.row_count, ",\"progress\":", s.progress_percent,
                ",\"failed_reason\":", Quote(s.failed_reason), ",\"files\":", Quote(s.files), "}");
}

Status Need(const Args& a, size_t n, std::string_view usage) {
  if (a.size() >= n) return absl::OkStatus();
  return absl::InvalidArgumentError(StrCat("usage: ", usage));
}

std::vector<int64_t> Ints(const Args& a, size_t from) {
  std::vector<int64_t> out;
  for (size_t i = from; i < a.size(); ++i) out.push_back(std::strtoll(a[i].c_str(), nullptr, 10));
  return out;
}

const std::map<std::string, Command>& Commands() {
  static const auto* table = new std::map<std::string, Command>{
      {"version", [](MilvusClient& c, const Args&) -> Status {
         F2M_ASSIGN_OR_RETURN(std::string text, c.GetVersion());
         F2M_ASSIGN_OR_RETURN(ServerVersion v, ParseServerVersion(text));
         ImportPolicy p = ImportPolicyFor(v);
         Print(StrCat("{\"version\":", Quote(text), ",\"major\":", v.major, ",\"minor\":", v.minor,
                      ",\"patch\":", v.patch, ",\"import_allowed\":", p.allowed,
                      ",\"max_in_flight\":", p.max_in_flight, ",\"task_expiry_s\":",
                      p.task_expiry ? p.task_expiry->count() / 1000 : 0, "}"));
         return absl::OkStatus();
       }},
      {"has", [](MilvusClient& c, const Args& a) -> Status {
         F2M_RETURN_IF_ERROR(Need(a, 1, "has COLLECTION"));
         F2M_ASSIGN_OR_RETURN(bool has, c.HasCollection(a[0]));
         Print(StrCat("{\"has\":", has, "}"));
         return absl::OkStatus();
       }},
      {"create", [](MilvusClient& c, const Args& a) -> Status {
         F2M_RETURN_IF_ERROR(Need(a, 2, "create COLLECTION DIM [binary] [SHARDS]"));
         CollectionSpec spec;
         spec.name = a[0];
         spec.dim = std::strtoll(a[1].c_str(), nullptr, 10);
         spec.kind = a.size() > 2 && a[2] == "binary" ? VectorKind::kBinary : VectorKind::kFloat;
         spec.shards_num = a.size() > 3 ? std::atoi(a[3].c_str()) : 0;
         spec.description = "faiss2milvus probe";
         return c.CreateCollection(spec);
       }},
      {"describe", [](MilvusClient& c, const Args& a) -> Status {
         F2M_RETURN_IF_ERROR(Need(a, 1, "describe COLLECTION"));
         F2M_ASSIGN_OR_RETURN(CollectionInfo info, c.DescribeCollection(a[0]));
         std::string fields;
         for (const FieldInfo& f : info.fields) {
           fields = StrCat(fields, fields.empty() ? "" : ",", "{\"name\":", Quote(f.name),
                           ",\"type\":", f.data_type, ",\"primary\":", f.is_primary_key,
                           ",\"auto_id\":", f.auto_id, ",\"dim\":", f.dim, "}");
         }
         Print(StrCat("{\"name\":", Quote(info.name), ",\"description\":", Quote(info.description),
                      ",\"shards_num\":", info.shards_num, ",\"fields\":[", fields, "]}"));
         return absl::OkStatus();
       }},
      {"drop", [](MilvusClient& c, const Args& a) -> Status {
         F2M_RETURN_IF_ERROR(Need(a, 1, "drop COLLECTION"));
         return c.DropCollection(a[0]);
       }},
      {"index", [](MilvusClient& c, const Args& a) -> Status {
         F2M_RETURN_IF_ERROR(Need(a, 5, "index COLLECTION FIELD TYPE METRIC PARAMS_JSON"));
         return c.CreateIndex(a[0], IndexSpec{a[1], a[2], a[3], a[4], ""});
       }},
      {"index-wait", [](MilvusClient& c, const Args& a) -> Status {
         F2M_RETURN_IF_ERROR(Need(a, 2, "index-wait COLLECTION FIELD"));
         LoadOptions o;
         o.on_progress = [](int64_t p) { std::fprintf(stderr, "index %lld%%\n", (long long)p); };
         return c.WaitForIndex(a[0], a[1], o);
       }},
      {"load", [](MilvusClient& c, const Args& a) -> Status {
         F2M_RETURN_IF_ERROR(Need(a, 1, "load COLLECTION"));
         LoadOptions o;
         o.on_progress = [](int64_t p) { std::fprintf(stderr, "load %lld%%\n", (long long)p); };
         return c.LoadCollection(a[0], o);
       }},
      {"flush", [](MilvusClient& c, const Args& a) -> Status {
         F2M_RETURN_IF_ERROR(Need(a, 1, "flush COLLECTION"));
         return c.Flush(a[0]);
       }},
      {"import", [](MilvusClient& c, const Args& a) -> Status {
         F2M_RETURN_IF_ERROR(Need(a, 2, "import COLLECTION FILE..."));
         std::vector<std::string> files(a.begin() + 1, a.end());
         F2M_ASSIGN_OR_RETURN(std::vector<int64_t> tasks, c.Import(a[0], files));
         Print(StrCat("{\"tasks\":", List(tasks), "}"));
         return absl::OkStatus();
       }},
      {"state", [](MilvusClient& c, const Args& a) -> Status {
         F2M_RETURN_IF_ERROR(Need(a, 1, "state TASK"));
         F2M_ASSIGN_OR_RETURN(ImportTaskState s, c.GetImportState(Ints(a, 0)[0]));
         Print(StateJson(s));
         return absl::OkStatus();
       }},
      {"wait", [](MilvusClient& c, const Args& a) -> Status {
         F2M_RETURN_IF_ERROR(Need(a, 1, "wait TASK..."));
         ImportWaitOptions o;
         o.on_progress = [](const std::vector<ImportTaskState>& states) {
           for (const auto& s : states) std::fprintf(stderr, "%s\n", StateJson(s).c_str());
         };
         F2M_ASSIGN_OR_RETURN(auto states, WaitForImports(c, SystemClock(), Ints(a, 0), o));
         for (const auto& s : states) Print(StateJson(s));
         return absl::OkStatus();
       }},
      {"list", [](MilvusClient& c, const Args& a) -> Status {
         F2M_ASSIGN_OR_RETURN(auto tasks, c.ListImportTasks(a.empty() ? "" : a[0]));
         for (const auto& s : tasks) Print(StateJson(s));
         return absl::OkStatus();
       }},
      {"stats", [](MilvusClient& c, const Args& a) -> Status {
         F2M_RETURN_IF_ERROR(Need(a, 1, "stats COLLECTION"));
         F2M_ASSIGN_OR_RETURN(int64_t rows, c.GetCollectionStatistics(a[0]));
         Print(StrCat("{\"row_count\":", rows, "}"));
         return absl::OkStatus();
       }},
      {"count", [](MilvusClient& c, const Args& a) -> Status {
         F2M_RETURN_IF_ERROR(Need(a, 1, "count COLLECTION"));
         F2M_ASSIGN_OR_RETURN(int64_t n, c.QueryCount(a[0]));
         Print(StrCat("{\"count\":", n, "}"));
         return absl::OkStatus();
       }},
      {"vectors", [](MilvusClient& c, const Args& a) -> Status {
         F2M_RETURN_IF_ERROR(Need(a, 2, "vectors COLLECTION ID..."));
         std::vector<int64_t> ids = Ints(a, 1);
         F2M_ASSIGN_OR_RETURN(VectorsById v, c.QueryVectors(a[0], ids));
         std::string rows;
         size_t width = v.kind == VectorKind::kFloat ? size_t(v.dim) : size_t(v.dim / 8);
         for (size_t i = 0; i < v.ids.size(); ++i) {
           std::string row;
           for (size_t j = 0; j < width; ++j) {
             row = StrCat(row, j ? "," : "",
                          v.kind == VectorKind::kFloat ? StrCat(v.floats[i * width + j])
                                                       : StrCat(int(v.bytes[i * width + j])));
           }
           rows = StrCat(rows, i ? "," : "", "[", row, "]");
         }
         Print(StrCat("{\"dim\":", v.dim, ",\"ids\":", List(v.ids), ",\"vectors\":[", rows, "]}"));
         return absl::OkStatus();
       }},
      {"search", [](MilvusClient& c, const Args& a) -> Status {
         F2M_RETURN_IF_ERROR(Need(a, 5, "search COLLECTION METRIC TOPK PARAMS_JSON V1,V2,..."));
         SearchSpec spec;
         spec.metric_type = a[1];
         spec.top_k = std::strtoll(a[2].c_str(), nullptr, 10);
         spec.params_json = a[3];
         for (char* p = const_cast<char*>(a[4].c_str()); *p;) {
           spec.float_queries.push_back(std::strtof(p, &p));
           if (*p == ',') ++p;
         }
         spec.dim = static_cast<int64_t>(spec.float_queries.size());
         F2M_ASSIGN_OR_RETURN(SearchResult r, c.Search(a[0], spec));
         Print(StrCat("{\"ids\":", List(r.ids), ",\"scores\":", List(r.scores), "}"));
         return absl::OkStatus();
       }},
  };
  return *table;
}

int Run(int argc, char** argv) {
  MilvusConfig config;
  if (const char* pw = std::getenv("MILVUS_PASSWORD")) config.password = pw;
  int i = 1;
  for (; i + 1 < argc && std::string_view(argv[i]).substr(0, 2) == "--"; i += 2) {
    std::string_view flag = argv[i];
    if (flag == "--endpoint") config.endpoint = argv[i + 1];
    else if (flag == "--user") config.username = argv[i + 1];
    else if (flag == "--database") config.database = argv[i + 1];
    else if (flag == "--attempts") config.retry.max_attempts = std::atoi(argv[i + 1]);
    else if (flag == "--timeout-ms") config.rpc_timeout = Duration(std::atoll(argv[i + 1]));
  }
  auto it = i < argc ? Commands().find(argv[i]) : Commands().end();
  if (it == Commands().end()) {
    std::fprintf(stderr, "f2m_milvus_probe: error: usage: [flags] <command> args...\n");
    return 2;
  }
  InitLogging(LogLevel::kWarn);
  StatusOr<std::unique_ptr<MilvusClient>> client = MilvusClient::Create(config);
  Status s = client.ok() ? it->second(**client, Args(argv + i + 1, argv + argc)) : client.status();
  if (s.ok()) return 0;
  std::fprintf(stderr, "f2m_milvus_probe: error: [%s] %s\n",
               absl::StatusCodeToString(s.code()).c_str(), std::string(s.message()).c_str());
  return 1;
}

}  // namespace
}  // namespace f2m::milvus

int main(int argc, char** argv) { return f2m::milvus::Run(argc, argv); }

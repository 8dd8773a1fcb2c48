#include "migrate/inspect.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "migrate/fake_index_for_test.h"
#include "nlohmann/json.hpp"

namespace f2m {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

IndexInfo IvfInfo() {
  IndexInfo info;
  info.nodes = {{"IwFl", "IndexIVFFlat", 0, {{"nlist", "4"}}},
                {"IxF2", "IndexFlatL2", 1, {}}};
  info.d = 128;
  info.ntotal = 1000;
  info.metric_type = 1;
  info.id_kind = IdKind::kPerList;
  info.ivf = IvfStats{4, 3, 0, 600, 250};
  info.milvus_index_type = "IVF_FLAT";
  info.milvus_index_params = {{"nlist", "4"}};
  return info;
}

TEST(InspectTest, JsonIsTheDocumentedObject) {
  FakeIndex index(IvfInfo(), std::vector<int64_t>(1000));
  auto r = InspectIndex(index, "/data/x.index", 123, uint64_t{1} << 30);
  ASSERT_TRUE(r.ok()) << r.status();
  auto j = nlohmann::ordered_json::parse(InspectJson(*r));
  std::vector<std::string> keys;
  for (auto& [k, v] : j.items()) keys.push_back(k);
  EXPECT_THAT(keys, ElementsAre("path", "size", "type_tree", "nodes", "d", "ntotal", "metric",
                                "metric_type", "vector_type", "ids", "exact", "lossy_note", "ivf",
                                "milvus_index", "plan"));
  EXPECT_EQ(j["type_tree"], "IwFl(IndexIVFFlat) > IxF2(IndexFlatL2)");
  EXPECT_EQ(j["nodes"][0]["params"]["nlist"], "4");
  EXPECT_EQ(j["nodes"][1]["depth"], 1);
  EXPECT_EQ(j["ids"], "per_list");
  EXPECT_EQ(j["ivf"]["max_list"], 600);
  EXPECT_EQ(j["milvus_index"]["index_type"], "IVF_FLAT");
  EXPECT_EQ(j["plan"]["rows_per_part"], 2097152);
  EXPECT_EQ(j["plan"]["total_bytes"], 520256);
}

TEST(InspectTest, NonIvfHasNullIvf) {
  IndexInfo info = IvfInfo();
  info.ivf.reset();
  FakeIndex index(info, std::vector<int64_t>(1000));
  auto j = nlohmann::json::parse(InspectJson(*InspectIndex(index, "x", 1, 1 << 30)));
  EXPECT_TRUE(j["ivf"].is_null());
}

TEST(InspectTest, TextShowsTreeIdsListsAndPlan) {
  IndexInfo info = IvfInfo();
  info.exact = false;
  info.lossy_note = "decoded from 8-bit scalar codes";
  FakeIndex index(info, std::vector<int64_t>(1000));
  std::string text = InspectText(*InspectIndex(index, "x.index", 2048, 1 << 30));
  EXPECT_THAT(text, HasSubstr("x.index (2.0 KiB (2048 bytes))"));
  EXPECT_THAT(text, HasSubstr("  IwFl IndexIVFFlat  nlist=4\n    IxF2 IndexFlatL2\n"));
  EXPECT_THAT(text, HasSubstr("ids:         per_list"));
  EXPECT_THAT(text, HasSubstr("exact:       no, lossy: decoded from 8-bit scalar codes"));
  EXPECT_THAT(text, HasSubstr("nlist 4, non-empty 3, sizes min 0 / mean 250.00 / max 600"));
  EXPECT_THAT(text, HasSubstr("milvus:      IVF_FLAT  nlist=4"));
  EXPECT_THAT(text, HasSubstr("1 part of up to 2097152 rows (512 bytes a row)"));
}

TEST(InspectTest, MissingFileIsNotFound) {
  auto fs = NewLocalFileSystem(false);
  auto r = Inspect(*fs, "/nonexistent/x.index", 1 << 30);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(r.status().message(), HasSubstr("/nonexistent/x.index"));
}

TEST(InspectTest, UnplannableIndexIsAnError) {
  IndexInfo info = IvfInfo();
  info.d = 0;
  FakeIndex index(info, {});
  EXPECT_THAT(InspectIndex(index, "x", 1, 1 << 30).status().message(),
              HasSubstr("plan dump: d = 0"));
}

}  // namespace
}  // namespace f2m

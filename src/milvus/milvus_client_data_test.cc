// Load, index wait and Query parsing of MilvusClient against the in-process fake MilvusService.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "milvus/fake_milvus_service.h"

namespace f2m::milvus {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using MilvusClientDataTest = MilvusClientTest;

TEST_F(MilvusClientDataTest, LoadPollsProgressTo100) {
  std::vector<int64_t> seen;
  LoadOptions o;
  o.on_progress = [&](int64_t p) { seen.push_back(p); };
  Status s = Client()->LoadCollection("c", o);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_THAT(seen, ElementsAre(40, 80, 100));
  EXPECT_EQ(clock_.sleeps().size(), 2u);
}

TEST_F(MilvusClientDataTest, WaitForIndexUntilAllRowsIndexed) {
  std::vector<int64_t> seen;
  LoadOptions o;
  o.on_progress = [&](int64_t p) { seen.push_back(p); };
  Status s = Client()->WaitForIndex("c", "data", o);
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_THAT(seen, ElementsAre(40, 80, 100));
}

TEST_F(MilvusClientDataTest, FailedIndexBuildGivesMilvusReason) {
  fake_.index_fails_ = true;
  Status s = Client()->WaitForIndex("c", "data");
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("wait for the index of c.data: index data_idx failed in "
                                     "milvus: out of memory building IVF_PQ"));
}

TEST_F(MilvusClientDataTest, QueryCountIsStrongCountStar) {
  StatusOr<int64_t> n = Client()->QueryCount("c");
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(*n, 1234);
  mpb::QueryRequest req = fake_.last_query();
  EXPECT_EQ(req.expr(), "");
  EXPECT_EQ(req.consistency_level(), cpb::Strong);
  EXPECT_FALSE(req.use_default_consistency());
}

TEST_F(MilvusClientDataTest, QueryVectorsBuildsInExprAndPairsRows) {
  std::vector<int64_t> ids = {10, 20, -5};
  StatusOr<VectorsById> v = Client()->QueryVectors("c", ids);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(fake_.last_query().expr(), "id in [10,20,-5]");
  EXPECT_THAT(fake_.last_query().output_fields(), ElementsAre("data"));
  EXPECT_EQ(v->dim, 2);
  EXPECT_THAT(v->ids, ElementsAre(10, 20));
  EXPECT_THAT(v->floats, ElementsAre(10.f, -10.f, 20.f, -20.f));
}

TEST_F(MilvusClientDataTest, QueryVectorsSplitsLongIdListsIntoChunks) {
  std::vector<int64_t> ids(2500);
  for (size_t i = 0; i < ids.size(); ++i) ids[i] = int64_t(i);
  StatusOr<VectorsById> v = Client()->QueryVectors("c", ids);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(fake_.calls_, 3);  // 1000 + 1000 + 500
  EXPECT_THAT(fake_.last_query().expr(), HasSubstr("id in [2000,2001,"));
}

TEST_F(MilvusClientDataTest, ImportWithoutFilesIsRefusedLocally) {
  StatusOr<std::vector<int64_t>> t = Client()->Import("c", {});
  EXPECT_EQ(t.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(fake_.calls_, 0);
}

TEST_F(MilvusClientDataTest, SearchRejectsRaggedQueries) {
  SearchSpec spec;
  spec.dim = 4;
  spec.float_queries = {1, 2, 3};
  EXPECT_THAT(Client()->Search("c", spec).status().message(),
              HasSubstr("queries are not rows of dim 4"));
}

}  // namespace
}  // namespace f2m::milvus

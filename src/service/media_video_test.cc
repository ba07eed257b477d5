// Video screening end to end: vPDQ files imported into the store, sample videos matched
// through the frame index. Oracle: the reference rule (core MatchVpdq) applied to the upstream
// sample hash files, which were made by Meta's reference hasher.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "formats/video/vpdq_file.h"
#include "service/media_service.h"
#include "testing/shared_data.h"

namespace tamis {
namespace {

// The server's path: the body matched, then written as `tamis media match` writes a result.
Result<std::string> MatchVideoJson(const MediaMatcher& m, std::string_view body, const MediaMatchParams& p,
                                   std::string_view name = "body") {
  TAMIS_ASSIGN_OR_RETURN(MediaResult r, MatchVideoBody(m, body, p, name));
  return MediaResultJson(r, {});
}

using testing::SharedPath;

Clock FixedClock() {
  return [] { return std::string("2026-12-07T10:00:00Z"); };
}

std::filesystem::path VideoDir() { return SharedPath("media/pdq/video/tmk-sample-videos"); }
std::filesystem::path HashDir() { return SharedPath("media/pdq/video/vpdq-sample-hashes"); }

class MediaVideoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StoreOptions o;
    o.data_dir = dir_.path() / "data";
    store_ = std::move(Store::Open(o)).value();
  }
  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

// The upstream every-frame hashes of `name`, sampled at `step` as our 1 fps hashing samples.
std::vector<media::VpdqFeature> UpstreamSampled(const std::string& name, int step) {
  auto all = video::ReadVpdqFile(HashDir() / (name + ".txt"));
  EXPECT_TRUE(all.ok()) << all.status().ToString();
  std::vector<media::VpdqFeature> out;
  if (!all.ok()) return out;
  for (const auto& f : *all)
    if (f.frame_number % step == 0) out.push_back(f);
  return out;
}

TEST_F(MediaVideoTest, ChairEditsMatchTheListedOriginalUnrelatedVideosDoNot) {
  TAMIS_REQUIRE_SHARED_DATA();
  video::QuietFfmpegLogging();
  // 1. Hash every sample video (folder input: videos told by content, 2 threads).
  std::map<std::string, MediaResult> hashed;
  ASSERT_TRUE(MatchMedia(nullptr, {VideoDir().string()}, {}, 2,
                         [&](const MediaResult& r) { hashed[std::filesystem::path(r.input).stem().string()] = r; },
                         nullptr)
                  .ok());
  ASSERT_EQ(hashed.size(), 14u);
  for (const auto& [name, r] : hashed) {
    ASSERT_TRUE(r.status.ok()) << name << ": " << r.status.ToString();
    EXPECT_EQ(r.kind, "video");
    ASSERT_TRUE(r.video && r.video->info);
    EXPECT_FALSE(r.video->frames.empty());
    ASSERT_TRUE(r.digests);
  }
  // 2. The list: the upstream hashes of every sample video, as vPDQ files, one video each.
  std::filesystem::create_directories(dir_ / "list");
  for (const auto& [name, r] : hashed)
    ASSERT_TRUE(video::WriteVpdqFile(dir_ / "list" / (name + ".txt"), UpstreamSampled(name, r.video->info->frame_step)).ok());
  HashListImportRequest req;
  req.files = {dir_ / "list"};
  req.source = "tmk";
  req.extra_tags = {"source:unit"};
  auto imp = ImportHashLists(*store_, req, FixedClock());
  ASSERT_TRUE(imp.ok()) << imp.status().ToString();
  EXPECT_EQ(imp->outcome.version.entity_count, 14);
  EXPECT_EQ(imp->outcome.version.format, "vpdq");
  auto matcher = MediaMatcher::Build(*store_, {}, dir_.path() / "cache");
  ASSERT_TRUE(matcher.ok()) << matcher.status().ToString();
  EXPECT_EQ((*matcher)->video_count(), 14u);
  EXPECT_EQ((*matcher)->pdq_count(), 0u);

  // 3. Every video against the list: percentages equal the reference rule on upstream hashes.
  VideoMatchParams all;
  all.min_query_percent = 0;
  all.min_compared_percent = 0;
  const auto orig_ref = UpstreamSampled("chair-orig-22-sd-bar", hashed["chair-orig-22-sd-bar"].video->info->frame_step);
  for (const auto& [name, r] : hashed) {
    auto hits = (*matcher)->MatchVideo(r.video->frames, all);
    ASSERT_TRUE(hits.ok());
    const VideoHit* orig = nullptr;
    for (const auto& h : *hits) {
      if (h.entry->label == "chair-orig-22-sd-bar") orig = &h;
      EXPECT_EQ(h.entry->source, "tmk");
      EXPECT_EQ(h.entry->tags, std::vector<std::string>{"source:unit"});
      // No chair video matches a non-chair one, or the reverse.
      EXPECT_EQ(name.rfind("chair-", 0) == 0, h.entry->label.rfind("chair-", 0) == 0) << name << " ~ " << h.entry->label;
    }
    const media::VpdqMatch ref =
        media::MatchVpdq(UpstreamSampled(name, r.video->info->frame_step), orig_ref);
    if (ref.query_match_percent == 0 && ref.compared_match_percent == 0) {
      EXPECT_EQ(orig, nullptr) << name;
      continue;
    }
    ASSERT_NE(orig, nullptr) << name;
    EXPECT_DOUBLE_EQ(orig->query_match_percent, ref.query_match_percent) << name;
    EXPECT_DOUBLE_EQ(orig->compared_match_percent, ref.compared_match_percent) << name;
    EXPECT_EQ(orig->frames.size(), std::min<size_t>(orig->query_frames_matched, all.max_frames_reported));
  }
  // With the default 80 / 80 rule: the re-encode, grey, sepia and small logo match the
  // original (figures in docs/benchmarks.md); unrelated videos give no hit at all.
  for (const char* n : {"chair-20-sd-bar", "chair-22-sd-grey-bar", "chair-22-sd-sepia-bar",
                        "chair-22-with-small-logo-bar", "chair-orig-22-sd-bar"}) {
    auto hits = (*matcher)->MatchVideo(hashed[n].video->frames, {});
    ASSERT_TRUE(hits.ok());
    bool found = false;
    for (const auto& h : *hits) found = found || h.entry->label == "chair-orig-22-sd-bar";
    EXPECT_TRUE(found) << n;
  }
  for (const char* n : {"doorknob-hd-no-bar", "pattern-sd-grey-bar", "test-padded-dimensions"}) {
    auto hits = (*matcher)->MatchVideo(hashed[n].video->frames, {});
    ASSERT_TRUE(hits.ok());
    for (const auto& h : *hits) EXPECT_EQ(h.entry->label.rfind("chair-", 0), std::string::npos) << n;
  }
}

TEST_F(MediaVideoTest, VideoFileVpdqFileAndServerBodyGiveTheSameAnswer) {
  TAMIS_REQUIRE_SHARED_DATA();
  video::QuietFfmpegLogging();
  // List: the original, at every frame (upstream file as published); the query at 1 fps.
  HashListImportRequest req;
  req.files = {HashDir() / "chair-orig-22-sd-bar.txt", HashDir() / "doorknob-hd-no-bar.txt"};
  req.source = "samples";
  ASSERT_TRUE(ImportHashLists(*store_, req, FixedClock()).ok());
  auto matcher = MediaMatcher::Build(*store_, {}, {});
  ASSERT_TRUE(matcher.ok());
  ASSERT_EQ((*matcher)->video_count(), 2u);

  const auto video = VideoDir() / "chair-22-sd-grey-bar.mp4";
  MediaMatchParams p;
  p.video.min_compared_percent = 0;  // the list has every frame, the query one a second
  std::vector<MediaResult> results;
  ASSERT_TRUE(MatchMedia(matcher->get(), {video.string()}, p, 1, [&](const MediaResult& r) { results.push_back(r); },
                         nullptr)
                  .ok());
  ASSERT_EQ(results.size(), 1u);
  ASSERT_TRUE(results[0].status.ok()) << results[0].status.ToString();
  ASSERT_EQ(results[0].video_hits.size(), 1u);
  const VideoHit& hit = results[0].video_hits[0];
  EXPECT_EQ(hit.entry->label, "chair-orig-22-sd-bar");
  EXPECT_DOUBLE_EQ(hit.query_match_percent, 100.0);
  // 1 fps against every frame: the reference rule on the same two frame sets.
  const media::VpdqMatch ref =
      media::MatchVpdq(results[0].video->frames, video::ReadVpdqFile(HashDir() / "chair-orig-22-sd-bar.txt").value());
  EXPECT_DOUBLE_EQ(hit.compared_match_percent, ref.compared_match_percent);
  EXPECT_LT(hit.compared_match_percent, 50.0);
  ASSERT_FALSE(hit.frames.empty());
  EXPECT_EQ(hit.frames[0].query_seconds, 0.0);
  for (const auto& f : hit.frames) EXPECT_LT(f.distance, 31);

  // The same frames as a vPDQ file input, and the video's bytes as a server body.
  ASSERT_TRUE(video::WriteVpdqFile(dir_ / "query.txt", results[0].video->frames).ok());
  std::vector<MediaResult> from_file;
  ASSERT_TRUE(MatchMedia(matcher->get(), {(dir_ / "query.txt").string()}, p, 1,
                         [&](const MediaResult& r) { from_file.push_back(r); }, nullptr)
                  .ok());
  ASSERT_EQ(from_file.size(), 1u);
  EXPECT_EQ(from_file[0].kind, "vpdq");
  ASSERT_EQ(from_file[0].video_hits.size(), 1u);
  EXPECT_DOUBLE_EQ(from_file[0].video_hits[0].query_match_percent, 100.0);

  std::ifstream in(video, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  auto json = MatchVideoJson(**matcher, ss.str(), p, "upload.mp4");
  ASSERT_TRUE(json.ok()) << json.status().ToString();
  EXPECT_NE(json->find("\"input\":\"upload.mp4\""), std::string::npos) << *json;
  EXPECT_NE(json->find("\"kind\":\"video\""), std::string::npos);
  EXPECT_NE(json->find("\"label\":\"chair-orig-22-sd-bar\""), std::string::npos);
  EXPECT_NE(json->find("\"query_match_percent\":100"), std::string::npos) << *json;
  EXPECT_NE(json->find("\"matched_frames\":[{\"query_seconds\":0,"), std::string::npos) << *json;
  // The vPDQ text as a body gives the same hits.
  std::ifstream vin(dir_ / "query.txt");
  std::stringstream vs;
  vs << vin.rdbuf();
  auto json2 = MatchVideoJson(**matcher, vs.str(), p);
  ASSERT_TRUE(json2.ok());
  EXPECT_NE(json2->find("\"kind\":\"vpdq\""), std::string::npos);
  EXPECT_NE(json2->find("\"label\":\"chair-orig-22-sd-bar\""), std::string::npos);

  // Bad bodies: a clear error, never a crash.
  EXPECT_EQ(MatchVideoJson(**matcher, "", p).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(MatchVideoJson(**matcher, "hello world", p).status().code(), StatusCode::kInvalidArgument);
  auto bad = MatchVideoJson(**matcher, "0,100,abc,0.0\n", p);
  EXPECT_FALSE(bad.ok());
  std::string cut = ss.str().substr(0, ss.str().size() / 3);
  auto truncated = MatchVideoJson(**matcher, cut, p, "cut.mp4");
  EXPECT_FALSE(truncated.ok());
  EXPECT_NE(truncated.status().message().find("cut.mp4"), std::string::npos) << truncated.status().ToString();
}

TEST_F(MediaVideoTest, BadVpdqFileRefusesTheListInStrictModeAndIsSkippedWhenLenient) {
  {
    std::ofstream good(dir_ / "good.txt");
    good << "0,100,34ada6b96d18d2491a79f80f07f2c9936fe6083dfb6983d8a4a36db40034df54,0.000\n";
    std::ofstream bad(dir_ / "bad.txt");
    bad << "0,100,34ada6b96d18d2491a79f80f07f2c9936fe6083dfb6983d8a4a36db40034df54,0.000\n"
        << "1,900,34ada6b96d18d2491a79f80f07f2c9936fe6083dfb6983d8a4a36db40034df54,0.033\n";
  }
  HashListImportRequest req;
  req.files = {dir_ / "good.txt", dir_ / "bad.txt"};
  req.source = "v";
  auto strict = ImportHashLists(*store_, req, FixedClock());
  ASSERT_FALSE(strict.ok());
  EXPECT_NE(strict.status().message().find("bad.txt"), std::string::npos) << strict.status().ToString();
  EXPECT_NE(strict.status().message().find("line 2"), std::string::npos) << strict.status().ToString();
  EXPECT_TRUE(store_->CurrentHashes({}).value().empty());
  req.lenient = true;
  auto lenient = ImportHashLists(*store_, req, FixedClock());
  ASSERT_TRUE(lenient.ok()) << lenient.status().ToString();
  EXPECT_EQ(lenient->outcome.version.entity_count, 1);
  EXPECT_EQ(lenient->outcome.version.skipped_records, 1);
  auto stored = store_->CurrentHashes({});
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ((*stored)[0].type, "vpdq");
  EXPECT_EQ((*stored)[0].label, "good");
  ASSERT_EQ((*stored)[0].frames.size(), 1u);
  EXPECT_EQ((*stored)[0].frames[0].hash.ToHex(), "34ada6b96d18d2491a79f80f07f2c9936fe6083dfb6983d8a4a36db40034df54");
  EXPECT_EQ((*stored)[0].frames[0].quality, 100);
}

}  // namespace
}  // namespace tamis

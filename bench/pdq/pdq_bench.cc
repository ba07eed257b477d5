// bench_pdq: PDQ hashing of JPEGs end to end (read from memory, decode, 512 squash, hash)
// against libjpeg-turbo decode-only of the same bytes, reported as a ratio in the same run.
// Test JPEGs are generated at start-up from shared images (nearest-neighbour resized, libjpeg
// quality 90) or synthesised if ../shared is absent; nothing is written to disk.
// Also prints the Hamming drift of the optional fast JPEG mode (DCT-domain scaling) over the
// shared corpus's JPEGs and over the generated 1080p images.
//
// BM_PdqEndToEnd/<size>/<mode>: mode 0 exact (streaming squash, rows skipped), 1 fast (DCT-domain
// JPEG scaling, not bit-exact), 2 exact reading every row. TAMIS_PDQ_ISA=scalar|sse2|avx2 forces
// the PDQ kernels.
// Run: build-pdq/bench/pdq/bench_pdq --benchmark_min_time=2 --benchmark_repetitions=5
//        --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>
#include <jpeglib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/media/pdq.h"
#include "testing/shared_data_default.h"
#include "formats/image/decode.h"
#include "formats/image/hash_file.h"

namespace {

using tamis::image::DecodedImage;
using Bytes = std::vector<uint8_t>;

std::filesystem::path SharedDir() {
  if (const char* e = std::getenv("TAMIS_SHARED_DATA"); e && *e) return e;
  return tamis::testing::SharedDataDefault();
}

Bytes EncodeJpeg(const std::vector<uint8_t>& rgb, int w, int h, int quality) {
  jpeg_compress_struct c;
  jpeg_error_mgr err;
  c.err = jpeg_std_error(&err);
  jpeg_create_compress(&c);
  unsigned char* mem = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&c, &mem, &size);
  c.image_width = w;
  c.image_height = h;
  c.input_components = 3;
  c.in_color_space = JCS_RGB;
  jpeg_set_defaults(&c);
  jpeg_set_quality(&c, quality, TRUE);
  jpeg_start_compress(&c, TRUE);
  while (c.next_scanline < c.image_height) {
    JSAMPROW row = const_cast<uint8_t*>(rgb.data()) + static_cast<size_t>(c.next_scanline) * w * 3;
    jpeg_write_scanlines(&c, &row, 1);
  }
  jpeg_finish_compress(&c);
  Bytes out(mem, mem + size);
  jpeg_destroy_compress(&c);
  std::free(mem);
  return out;
}

// RGB resized by nearest neighbour from `src` (any channels), or a synthetic pattern.
std::vector<uint8_t> Resize(const DecodedImage* src, int w, int h, int variant) {
  std::vector<uint8_t> out(static_cast<size_t>(w) * h * 3);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      uint8_t* d = &out[(static_cast<size_t>(y) * w + x) * 3];
      if (src != nullptr) {
        const int sx = static_cast<int>(static_cast<int64_t>(x) * src->width / w);
        const int sy = static_cast<int>(static_cast<int64_t>(y) * src->height / h);
        const uint8_t* s = &src->pixels[(static_cast<size_t>(sy) * src->width + sx) * src->channels];
        for (int k = 0; k < 3; ++k) d[k] = s[src->channels == 1 ? 0 : k];
      } else {
        d[0] = static_cast<uint8_t>(128 + 100 * std::sin(x * 0.013 * (variant + 1) + y * 0.007));
        d[1] = static_cast<uint8_t>((x * y / 97 + variant * 40) & 255);
        d[2] = static_cast<uint8_t>(128 + 90 * std::cos(y * 0.021 - x * 0.004 * variant));
      }
    }
  }
  return out;
}

struct Corpus {
  std::vector<Bytes> jpeg512;
  std::vector<Bytes> jpeg1080;
};

Corpus& GetCorpus() {
  static Corpus corpus = [] {
    Corpus c;
    const char* sources[] = {
        "media/pdq/images/pdq-data/bridge-mods/aaa-orig.jpg",
        "media/pdq/images/pdq-data/misc-images/c.png",
        "media/pdq/images/pdq-data/reg-test-input/pen-and-coaster.png",
        "media/pdq/images/python-threatexchange/letterboxed_sample-b.jpg",
    };
    for (int i = 0; i < 4; ++i) {
      auto img = tamis::image::DecodeImageFile(SharedDir() / sources[i]);
      const DecodedImage* src = img.ok() ? &*img : nullptr;
      c.jpeg512.push_back(EncodeJpeg(Resize(src, 512, 512, i), 512, 512, 90));
      c.jpeg1080.push_back(EncodeJpeg(Resize(src, 1920, 1080, i), 1920, 1080, 90));
    }
    return c;
  }();
  return corpus;
}

// Baseline: plain libjpeg-turbo decode to RGB (default settings, as our decoder uses).
void DecodeOnly(const Bytes& b, std::vector<uint8_t>* buf) {
  jpeg_decompress_struct d;
  jpeg_error_mgr err;
  d.err = jpeg_std_error(&err);
  jpeg_create_decompress(&d);
  jpeg_mem_src(&d, b.data(), b.size());
  jpeg_read_header(&d, TRUE);
  d.out_color_space = JCS_RGB;
  jpeg_start_decompress(&d);
  buf->resize(static_cast<size_t>(d.output_width) * d.output_height * 3);
  while (d.output_scanline < d.output_height) {
    JSAMPROW row = buf->data() + static_cast<size_t>(d.output_scanline) * d.output_width * 3;
    jpeg_read_scanlines(&d, &row, 1);
  }
  jpeg_finish_decompress(&d);
  jpeg_destroy_decompress(&d);
}

const std::vector<Bytes>& Set(int which) {
  return which == 512 ? GetCorpus().jpeg512 : GetCorpus().jpeg1080;
}

void BM_DecodeOnly(benchmark::State& state) {
  const auto& set = Set(static_cast<int>(state.range(0)));
  std::vector<uint8_t> buf;
  size_t i = 0;
  for (auto _ : state) {
    DecodeOnly(set[i++ % set.size()], &buf);
    benchmark::DoNotOptimize(buf.data());
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_PdqEndToEnd(benchmark::State& state) {
  const auto& set = Set(static_cast<int>(state.range(0)));
  tamis::image::HashImageOptions opts;
  // range(1): 0 exact, 1 fast (DCT-domain scaling), 2 exact without jpeg_skip_scanlines.
  opts.fast_jpeg_scaling = state.range(1) == 1;
  opts.decode.jpeg_skip_rows = state.range(1) != 2;
  tamis::image::ImageHasher hasher(opts);
  size_t i = 0;
  for (auto _ : state) {
    auto r = hasher.HashBytes(set[i++ % set.size()]);
    if (!r.ok()) state.SkipWithError(r.status().ToString().c_str());
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_PdqEndToEndDihedrals(benchmark::State& state) {
  const auto& set = Set(static_cast<int>(state.range(0)));
  tamis::image::HashImageOptions opts;
  opts.dihedrals = true;
  tamis::image::ImageHasher hasher(opts);
  size_t i = 0;
  for (auto _ : state) {
    auto r = hasher.HashBytes(set[i++ % set.size()]);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}

// PDQ core alone on already-decoded 512x512 RGB (luma + filter + DCT + median).
void BM_PdqCore512(benchmark::State& state) {
  auto img = tamis::image::DecodeImage(Set(512)[0]);
  tamis::media::PdqHasher hasher;
  tamis::media::PdqOptions opts;
  opts.force_scalar = state.range(0) != 0;
  for (auto _ : state) {
    auto r = hasher.HashPixels(img->View(), opts);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_DecodeOnly)->Arg(512)->Arg(1080)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PdqEndToEnd)->Args({512, 0})->Args({1080, 0})->Args({1080, 1})->Args({1080, 2})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PdqEndToEndDihedrals)->Arg(512)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PdqCore512)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

// Console output plus ratios against the decode-only baseline at the end.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& r : runs) {
      auto it = r.counters.find("items_per_second");
      if (it == r.counters.end()) continue;
      // With --benchmark_repetitions use the median aggregate (named "<run>_median").
      std::string name = r.benchmark_name();
      if (r.run_type == Run::RT_Aggregate) {
        if (r.aggregate_name != "median") continue;
        name = r.run_name.str();
      }
      rates_[name] = it->second;
    }
    ConsoleReporter::ReportRuns(runs);
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    std::printf("\nimages/s and ratio vs libjpeg-turbo decode-only of the same JPEGs:\n");
    for (int size : {512, 1080}) {
      const std::string base = "BM_DecodeOnly/" + std::to_string(size);
      if (!rates_.count(base)) continue;
      for (const auto& [name, rate] : rates_) {
        if (name.rfind("BM_PdqEndToEnd", 0) == 0 &&
            name.find("/" + std::to_string(size)) != std::string::npos) {
          std::printf("  %-36s %8.1f img/s  %5.1f%% of decode-only (%.1f img/s)\n", name.c_str(),
                      rate, 100.0 * rate / rates_[base], rates_[base]);
        }
      }
    }
    std::printf("  reference C++ tool (issue): ~80 img/s end to end on 512x512 JPEGs\n");
  }

 private:
  std::map<std::string, double> rates_;
};

// Hamming drift of fast_jpeg_scaling vs the exact file-level hash.
void ReportFastModeDrift() {
  namespace fs = std::filesystem;
  tamis::image::HashImageOptions exact_o, fast_o;
  fast_o.fast_jpeg_scaling = true;
  tamis::image::ImageHasher exact(exact_o), fast(fast_o);
  int n = 0, scaled = 0, max_d = 0, sum_d = 0;
  auto measure = [&](const Bytes& b, const std::string& name) {
    auto a = exact.HashBytes(b);
    auto f = fast.HashBytes(b);
    if (!a.ok() || !f.ok()) return;
    int w = 0, h = 0;
    (void)tamis::image::PeekImageSize(b, &w, &h);
    const int denom = tamis::image::ChooseJpegScaleDenom(w, h);
    const int d = tamis::media::HammingDistance(a->pdq.hash, f->pdq.hash);
    ++n;
    if (denom > 1) {
      ++scaled;
      std::printf("  %-60s %dx%d 1/%d distance %d\n", name.c_str(), w, h, denom, d);
    }
    max_d = std::max(max_d, d);
    sum_d += d;
  };
  const fs::path root = SharedDir() / "media/pdq/images";
  std::printf("fast_jpeg_scaling drift vs exact (JPEGs; only images with both sides >= 1024 are scaled):\n");
  std::error_code ec;
  if (fs::is_directory(root, ec)) {
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(root)) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& p : files) {
      std::vector<uint8_t> b;
      if (!tamis::image::ReadFileBytes(p, &b).ok()) continue;
      if (tamis::image::DetectImageFormat(b) != tamis::image::ImageFormat::kJpeg) continue;
      measure(b, fs::relative(p, root).string());
    }
  }
  for (size_t i = 0; i < GetCorpus().jpeg1080.size(); ++i) {
    measure(GetCorpus().jpeg1080[i], "generated-1920x1080-" + std::to_string(i));
  }
  std::printf("  %d JPEGs, %d scaled, max distance %d, mean %.2f\n\n", n, scaled, max_d,
              n ? double(sum_d) / n : 0.0);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  GetCorpus();
  ReportFastModeDrift();
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}

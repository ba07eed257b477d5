#include "service/downloader.h"

#include <curl/curl.h>

#include <cstdio>
#include <mutex>

namespace tamis {
namespace {

struct Sink {
  std::FILE* f = nullptr;
  int64_t written = 0;
  int64_t max_bytes = 0;
  bool too_large = false;
  bool write_failed = false;
  const DownloadOptions* opts = nullptr;
};

size_t OnData(char* ptr, size_t size, size_t nmemb, void* user) {
  auto* s = static_cast<Sink*>(user);
  size_t n = size * nmemb;
  if (s->written + static_cast<int64_t>(n) > s->max_bytes) {
    s->too_large = true;
    return 0;  // aborts the transfer
  }
  if (std::fwrite(ptr, 1, n, s->f) != n) {
    s->write_failed = true;
    return 0;
  }
  s->written += static_cast<int64_t>(n);
  return n;
}

int OnProgress(void* user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t, curl_off_t) {
  auto* s = static_cast<Sink*>(user);
  if (s->opts->progress) s->opts->progress(dlnow, dltotal > 0 ? dltotal : -1);
  return 0;
}

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

Status DownloadToFile(const std::string& url, const std::filesystem::path& dest,
                      const DownloadOptions& opts) {
  bool https = url.rfind("https://", 0) == 0;
  bool http = url.rfind("http://", 0) == 0;
  if (!https && !(http && opts.allow_insecure_http))
    return InvalidArgument("refusing to download " + url +
                           (http ? ": plain http is disabled (set allow_insecure_http for a trusted mirror)"
                                 : ": only https:// URLs are supported"));
  GlobalInit();
  std::filesystem::path part = dest;
  part += ".part";
  Sink sink;
  sink.f = std::fopen(part.c_str(), "wb");
  if (!sink.f) return IoError("cannot write " + part.string());
  sink.max_bytes = opts.max_bytes;
  sink.opts = &opts;
  CURL* c = curl_easy_init();
  if (!c) {
    std::fclose(sink.f);
    std::filesystem::remove(part);
    return Internal("curl_easy_init failed");
  }
  char err[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnData);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, OnProgress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &sink);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(opts.timeout_s));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, err);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "tamis/0.1 (sanctions list update)");
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
  // The schemes libcurl may use, for the first URL as for redirects: never file://, ftp://,
  // scp:// ... whatever the URL check above let through.
  const char* schemes = opts.allow_insecure_http ? "https,http" : "https";
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, schemes);
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, schemes);
  if (!opts.ca_bundle.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, opts.ca_bundle.c_str());
  CURLcode rc = curl_easy_perform(c);
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(c);
  bool closed = std::fclose(sink.f) == 0;
  Status st;
  if (sink.too_large) {
    st = ResourceExhausted(url + ": larger than the " + std::to_string(opts.max_bytes) + "-byte limit");
  } else if (sink.write_failed || !closed) {
    st = IoError("writing " + part.string() + " failed");
  } else if (rc != CURLE_OK) {
    st = Unavailable(url + ": " + (err[0] ? err : curl_easy_strerror(rc)));
  } else if (status >= 400) {
    st = Unavailable(url + ": HTTP status " + std::to_string(status));
  } else if (sink.written == 0) {
    st = Unavailable(url + ": empty response");
  }
  std::error_code ec;
  if (!st.ok()) {
    std::filesystem::remove(part, ec);
    return st;
  }
  std::filesystem::rename(part, dest, ec);
  if (ec) return IoError("cannot rename " + part.string() + ": " + ec.message());
  return Status();
}

}  // namespace tamis

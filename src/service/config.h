// Tamis configuration: loaded once in main with precedence defaults -> file -> TAMIS_*
// environment -> command-line flags, then passed down as an immutable value.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"

namespace tamis {

// One file of an official list: where to fetch it and the local name the importer expects.
struct SourceFile {
  std::string url;
  std::string local_name;  // e.g. "sdn.csv"
};

// An official list that `tamis lists update` keeps current.
struct SourceConfig {
  std::string name;    // "un", "ofac", "eu", "uk"
  std::string format;  // importer format name (see importers.h)
  std::vector<SourceFile> files;
  bool enabled = true;
};

struct Config {
  std::filesystem::path data_dir;         // store location (and the local caches and downloads)
  // The store, when not the SQLite one in data_dir: "postgresql://user@host/db" (a shared
  // PostgreSQL store, many replicas) or "sqlite:DIR". Default "": data_dir. (store/db.h)
  std::string store_url;
  std::vector<SourceConfig> sources;      // official lists, defaults below
  int download_timeout_s = 300;           // per file
  int64_t max_download_bytes = int64_t{1} << 30;
  bool allow_insecure_http = false;       // http:// URLs refused unless set (tests, air-gapped mirrors)
  std::string ca_bundle;                  // custom CA file for TLS; "" = system default
};

// Built-in defaults: the official URLs of the UN, OFAC, EU and UK lists, and the data
// directory $XDG_DATA_HOME/tamis (else ~/.local/share/tamis, else ./tamis-data).
Config DefaultConfig();

// Applies a JSON config file over `cfg`:
//   {"data_dir": "...", "store": "postgresql://...", "download_timeout_s": 300, "allow_insecure_http": false, "ca_bundle": "...",
//    "sources": {"un": {"enabled": true, "format": "un_xml",
//                       "files": [{"url": "https://...", "name": "consolidated.xml"}]}}}
// A source named in the file replaces the default of that name; new names are added.
// Errors: kNotFound, kParseError naming the field.
Status ApplyConfigFile(const std::filesystem::path& file, Config* cfg);

// Applies TAMIS_DATA (data_dir), TAMIS_STORE (store_url), TAMIS_ALLOW_INSECURE_HTTP (1/true),
// TAMIS_CA_BUNDLE.
void ApplyEnvironment(Config* cfg);

}  // namespace tamis

// Use cases over the store for sanctions lists: import files, update the official lists
// (download or take from a folder), diff versions. Each import is atomic (see store.h):
// a file that fails to parse or verify leaves the previous version in force.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "service/clock.h"
#include "service/config.h"
#include "store/store.h"

namespace tamis {

// (stage, done, total or -1): "parse un", "download ofac sdn.csv", "store un", ...
using ProgressFn = std::function<void(const std::string& stage, int64_t done, int64_t total)>;

// Name, SHA-256 and size of a file, for the provenance of an imported version.
// Errors: kNotFound when the file cannot be read.
Result<ImportedFile> DescribeFile(const std::filesystem::path& path);

struct ListImportRequest {
  std::vector<std::filesystem::path> files;  // one source; OFAC companions may be included
  std::string format;                        // "" = detect from content
  std::string source;                        // source name for user watchlists ("" = "internal")
  bool force = false;                        // import even if the content is unchanged
  std::string origin = "file";
};

struct ListImportReport {
  ImportOutcome outcome;
  std::vector<ImportWarning> warnings;  // from the parser (orphans, unparsed remarks)
};

// Parses `req.files` and imports them as one new version. Errors: those of
// LoadListFiles (kNotFound, kParseError naming file/line/field, ...) and of the store.
Result<ListImportReport> ImportListFiles(Store& store, const ListImportRequest& req,
                                         const Clock& clock, const ProgressFn& progress);

struct UpdateRequest {
  std::filesystem::path from_dir;    // "" = download from the configured URLs
  std::vector<std::string> sources;  // "" = every enabled source
  bool force = false;
  // Refuse a new version with fewer than this fraction of the current version's entities
  // (a truncated official file must not empty the list). 0 disables the check.
  double min_keep_ratio = 0.5;
};

struct SourceUpdate {
  std::string source;
  Status status;            // OK, or why this source was not updated (others still are)
  bool unchanged = false;
  ListImportReport report;  // when status is OK
};

// Updates each requested source independently; one failing source does not stop the rest.
// With from_dir, the folder is searched recursively and each file's format is detected
// from its content. Returns kInvalidArgument for an unknown source name.
Result<std::vector<SourceUpdate>> UpdateLists(Store& store, const Config& cfg, const UpdateRequest& req,
                                              const Clock& clock, const ProgressFn& progress);

}  // namespace tamis

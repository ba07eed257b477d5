// Parsers of the sanctions-list formats Tamis ingests. Each takes the bytes of one file
// (or of a file set, for OFAC) and returns the entities in the canonical model
// (core/entity.h), or a ParseError whose message names the file, the line or element,
// and the field at fault. Parsers never throw, never crash on malformed input, and
// refuse inputs over ImportOptions::max_file_bytes. Thread-safe: no shared state.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/entity.h"
#include "core/status.h"

namespace tamis {

// One input file: `name` is used in messages and for format detection ("sdn.csv").
struct ListFile {
  std::string name;
  std::string content;
};

struct ImportOptions {
  // Files larger than this are refused with kResourceExhausted (default 2 GiB).
  int64_t max_file_bytes = int64_t{2} << 30;
  // Source name for user watchlists ("internal" by default); ignored by official formats.
  std::string source = "internal";
  // Called now and then with (records done, records total or -1). May be empty.
  std::function<void(int64_t, int64_t)> progress;
};

// Receives each entity of a streamed parse as it is built; an error stops the parse and is
// returned by it (the same alias as store/store.h).
using EntitySink = std::function<Status(Entity&&)>;

// ---- official lists ----
// The XML lists have Stream* forms: the same parse, each entity handed to `sink` as soon as its
// record is read (records are parsed one at a time, see xml_doc.h XmlRecordReader: memory holds
// the document without its records, 16 bytes and an id per record, and one record), with the
// same entities, order, warnings and errors as the Parse* forms, which collect these streams.
// UN Security Council consolidated list XML. Ids "un:<REFERENCE_NUMBER>" (e.g. "un:QDi.001").
Result<ParsedList> ParseUnXml(const ListFile& file, const ImportOptions& opts);
Result<ParsedList> StreamUnXml(const ListFile& file, const ImportOptions& opts, const EntitySink& sink);
// EU Financial Sanctions Files XML (namespace http://eu.europa.ec/fpi/fsd/export).
// Ids "eu:<euReferenceNumber>" (e.g. "eu:EU.3579.2").
Result<ParsedList> ParseEuXml(const ListFile& file, const ImportOptions& opts);
Result<ParsedList> StreamEuXml(const ListFile& file, const ImportOptions& opts, const EntitySink& sink);
// HM Treasury/OFSI ConList.csv (Windows-1252 or UTF-8), rows grouped by Group ID.
// Ids "uk:<Group ID>".
Result<ParsedList> ParseUkConList(const ListFile& file, const ImportOptions& opts);
// FCDO "UK Sanctions List" XML (root <Designations>, one <Designation> each). Ids
// "uk:<UniqueID>" (e.g. "uk:AFG0001"); external_refs "un:<UNReferenceNumber>" and
// "ofsi:<OFSIGroupID>". ParseError on malformed XML, another root, a Designation without
// UniqueID or a repeated UniqueID.
Result<ParsedList> ParseUkFcdoXml(const ListFile& file, const ImportOptions& opts);
Result<ParsedList> StreamUkFcdoXml(const ListFile& file, const ImportOptions& opts, const EntitySink& sink);

// OFAC SDN legacy CSV set. `sdn` is required; the others may have empty content.
// Rows of alt/add/comments that refer to an ent_num absent from sdn are counted in
// skipped_records and reported as warnings, never an error. Ids "ofac:<ent_num>".
struct OfacFiles {
  ListFile sdn;
  ListFile alt;
  ListFile add;
  ListFile comments;
};
Result<ParsedList> ParseOfacCsv(const OfacFiles& files, const ImportOptions& opts);
// OFAC SDN classic XML (sdn.xml, root <sdnList>). Ids "ofac:<uid>"; an entry gives the
// same entity as through ParseOfacCsv, except that strong akas carry kStrong (the CSV
// does not state it). ParseError on malformed XML, another root, an sdnEntry without a
// numeric uid, a repeated uid, an unknown sdnType or an empty lastName.
Result<ParsedList> ParseOfacXml(const ListFile& file, const ImportOptions& opts);
Result<ParsedList> StreamOfacXml(const ListFile& file, const ImportOptions& opts, const EntitySink& sink);

// OpenSanctions FollowTheMoney entities, JSON Lines. Person/Organization/Company/
// LegalEntity/Vessel/Airplane become entities; Passport/Identification/Address/Sanction
// records are folded into the entities they refer to. Ids "os:<id>".
Result<ParsedList> ParseFtmJson(const ListFile& file, const ImportOptions& opts);
// Senzing JSON (JSON Lines of DATA_SOURCE/RECORD_ID/NAMES/...). Ids "os:<RECORD_ID>"
// unless DATA_SOURCE names another source.
Result<ParsedList> ParseSenzingJson(const ListFile& file, const ImportOptions& opts);
// The same two parses streamed: the file is read line by line more than once (FtM: three passes,
// Senzing: two), holding only the ids, addresses and folded records that cross-references need,
// and each entity goes to `sink` once complete; the returned list has no entities. Same
// entities, order, warnings and errors as the Parse* forms (which collect these streams).
Result<ParsedList> StreamFtmJson(const ListFile& file, const ImportOptions& opts, const EntitySink& sink);
Result<ParsedList> StreamSenzingJson(const ListFile& file, const ImportOptions& opts, const EntitySink& sink);

// ---- a user's own watchlist (documented in docs/formats.md) ----
// CSV with a header: id,name[,kind,aliases,dob,nationality,gender,id_number,program,remarks].
// aliases are separated by '|'. Ids "<opts.source>:<id>".
Result<ParsedList> ParseWatchlistCsv(const ListFile& file, const ImportOptions& opts);
// JSON Lines with the same fields ("aliases" is an array).
Result<ParsedList> ParseWatchlistJsonl(const ListFile& file, const ImportOptions& opts);
// The same parses streamed: each entity goes to `sink` as soon as its record is read (memory:
// the current record and the ids seen, not the list); the returned list has no entities.
Result<ParsedList> StreamWatchlistCsv(const ListFile& file, const ImportOptions& opts, const EntitySink& sink);
Result<ParsedList> StreamWatchlistJsonl(const ListFile& file, const ImportOptions& opts, const EntitySink& sink);
// The vector form of a stream: runs `stream` with a sink that keeps every entity and returns its
// list with them (or its error).
Result<ParsedList> CollectEntities(const std::function<Result<ParsedList>(const EntitySink&)>& stream);

// ---- detection and loading ----
// Format names: "un_xml", "eu_xml", "uk_conlist", "uk_fcdo", "ofac_csv", "ofac_xml", "ftm",
// "senzing", "tamis_csv", "tamis_jsonl". Returns "" when the content is not recognised.
// Detection looks at the content first (root element, column shape); `name` only breaks ties.
std::string DetectListFormat(std::string_view name, std::string_view head);

// Reads files from disk and parses them as one source. OFAC companions (alt.csv, add.csv,
// sdn_comments.csv) are found beside sdn.csv or among `paths`. `format` "" = detect.
// Errors: kNotFound (missing file), kIoError, kParseError (names file/line/field),
// kInvalidArgument (unknown format or files of mixed sources).
Result<ParsedList> LoadListFiles(const std::vector<std::filesystem::path>& paths,
                                 std::string_view format, const ImportOptions& opts);

// The files of one load, read and their format detected, not yet parsed (OpenListFiles), so
// that the source a stream will write is known before it starts (StreamListFiles).
struct ListFileSet {
  std::string format;  // detected or given
  std::string source;  // the source name the list is stored under ("un", "ofac", opts.source, ...)
  std::vector<std::filesystem::path> paths;
  std::vector<ListFile> files;  // contents in memory: the document's own memory, apart from the entities
};
// Errors: as LoadListFiles, before any parsing.
Result<ListFileSet> OpenListFiles(const std::vector<std::filesystem::path>& paths, std::string_view format,
                                  const ImportOptions& opts);
// Parses the set, calling `sink` for each entity (across files, an id already given by an
// earlier file is skipped with a warning, as LoadListFiles does); returns the list without
// entities. tamis_csv, tamis_jsonl, ftm, senzing and the XML lists (un_xml, eu_xml, uk_fcdo,
// ofac_xml) are streamed (Stream* above: memory does not hold the list's entities); ofac_csv and
// uk_conlist are still parsed whole (their rows are joined across files or grouped), then handed
// on one entity at a time.
Result<ParsedList> StreamListFiles(const ListFileSet& set, const ImportOptions& opts, const EntitySink& sink);

}  // namespace tamis

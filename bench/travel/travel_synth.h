// Synthetic passenger manifests for the travel benchmark: innocent travellers drawn from the
// name-part distributions of real people by nationality (shared/data/names/negatives_global.csv:
// first names by gender, middle names and family names of each nationality, each part drawn
// with its frequency there, nationality with its share of the file), written as PAXLST D05B
// interchanges, one per flight. Names are folded to ASCII upper case as the machine readable
// zone and API data carry them (non-Latin scripts romanised by core/text).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "core/entity.h"

namespace tamis::bench {

struct NamePool {
  std::string nationality;  // ISO 3166-1 alpha-2
  std::vector<std::string> male, female, middle, family;  // ASCII upper case, with repeats (= frequency)
  int people = 0, with_middle = 0;
};

// Reads the pools (one per nationality the file names); exits with a message when unreadable.
std::vector<NamePool> ReadNamePools(const std::filesystem::path& negatives_csv);

struct SynthTraveller {
  std::string surname;
  std::vector<std::string> given;
  char sex = 'M';
  PartialDate dob;
  std::string nationality;  // ISO alpha-2
  std::string passport;     // "" = none
  std::string issuer;       // ISO alpha-2
  std::string label;        // what the benchmark tracks it by (nationality, expected entity id)
};

// Draws `n` innocent travellers (nationality by its share of the pools' people).
std::vector<SynthTraveller> DrawInnocents(const std::vector<NamePool>& pools, size_t n, std::mt19937_64& rng);

// A PAXLST interchange of one flight ("TK1234", departure IST, arrival FRA) with these travellers
// (NAD FL, ATT, DTM 329, NAT, DOC P / DTM 36 / LOC 91 when a passport is given).
std::string PaxlstInterchange(const std::string& flight, int day, const std::vector<SynthTraveller>& travellers);

// Splits a CSV line (RFC 4180 quotes) into fields.
std::vector<std::string> SplitCsvLine(const std::string& line);

}  // namespace tamis::bench

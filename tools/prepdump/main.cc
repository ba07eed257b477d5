// tamis-prepdump: writes every field of names::PrepareName's output (and CandidateKeys) for
//   * every name of every entity in a store (with the entity's kind and with each other kind),
//   * every comma-separated field of the CSV files given with --csv (the shared name fixtures),
//   * a fixed set of adversarial inputs and deterministic pseudo-random ones,
// one record per input, so that two builds' dumps can be compared byte for byte:
//
//   tamis-prepdump --data /tmp/tbn --csv /work/shared/data/names/cases.csv ... > dump.txt
//
// With --time ROUNDS it instead reads the --csv files as screening records (as the speed
// benchmark reads its queries) and prints the mean thread CPU time of PrepareName per record.
//
// Opens the store only to read it. Exit status 0, or 1 with a message on stderr.
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "core/names/prepared_name.h"
#include "formats/entity_json.h"
#include "formats/records/records.h"
#include "store/store.h"

using namespace tamis;

namespace {

void Escaped(std::string_view s, std::string* out) {
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7F && c != '\\' && c != '|') {
      out->push_back(static_cast<char>(c));
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out->append(buf);
    }
  }
}

void Dump(std::string_view input, EntityKind kind, std::string* out) {
  const names::PreparedName p = names::PrepareName(input, kind);
  char buf[256];
  out->append("in ");
  out->append(EntityKindName(kind));
  out->push_back('|');
  Escaped(input, out);
  std::snprintf(buf, sizeof buf, "\n kind=%d ff=%d tr=%d wid=%" PRIu64 " buf=", static_cast<int>(p.kind),
                p.family_first, p.truncated, p.weights_id);
  out->append(buf);
  Escaped(p.buffer, out);
  out->push_back('\n');
  for (const auto& t : p.tokens) {
    uint32_t wbits;
    std::memcpy(&wbits, &t.weight, sizeof wbits);
    std::snprintf(buf, sizeof buf,
                  " t h=%016" PRIx64 " to=%u po=%u so=%u tl=%u pl=%u sl=%u pos=%u f=%u lm=%x cm=%x w=%08x g=%u,%u "
                  "sh=%08x jh=%08x src=%x\n",
                  t.hash, t.text_off, t.phonetic_off, t.skeleton_off, t.text_len, t.phonetic_len, t.skeleton_len,
                  t.position, t.flags, t.letter_mask, t.consonant_mask, wbits, t.name_group[0], t.name_group[1],
                  t.key_hash, t.joined_hash, t.source);
    out->append(buf);
  }
  out->append(" keys");
  for (const auto& k : names::CandidateKeys(p)) {
    out->push_back(' ');
    Escaped(k, out);
  }
  out->push_back('\n');
}

constexpr EntityKind kKinds[] = {EntityKind::kUnknown, EntityKind::kPerson, EntityKind::kOrganisation,
                                 EntityKind::kVessel};

void DumpAllKinds(std::string_view input, std::string* out) {
  for (EntityKind k : kKinds) Dump(input, k, out);
}

std::vector<std::string> AdversarialInputs() {
  std::vector<std::string> v = {
      "", " ", "a", "A", ".", ",", ",,", "a,", ",a", "1", "-", "'", "&", "%", "+",
      std::string(10000, 'a'), std::string(10000, ' '), std::string(3000, ','), std::string("a\0b", 3),
      "\x01\x02\x03 abc\x7f def\x1f", "\xff\xfe\xfd", "abc\xc3", "\xc3\x28", "\xe2\x82", "\xf0\x9f\x98",
      "\xed\xa0\x80 surrogate", "\xc0\xaf overlong", "\xf4\x90\x80\x80 big",
      "Mr. Recep Tayyip Erdoğan", "Al-Qa'ida", "J.P. Morgan & Co.", "Владимир Путин", "Ig0r Sech1n",
      "AL BEN ALI, Isa Ben Tarif", "'Abd al-Aziz al-Nuristani", "Saif al-Din", "Saifuddin", "Dr. Rami Makhlouf",
      "Siemens Aktiengesellschaft", "J. Smith", "Brigade Forty-Four", "forty 4", "twenty one", "1st 22nd 3rd 4th",
      "Mao Tse-tung", "Hsi Chin-ping", "Int'l Natl Dept Assn", "Joynt Stock Company Gazprom", "OOO Romashka",
      "Open Joint Stock Company", "JOINT STOCK COMPAN", "aktiengeselschaft", "Sergej Ivanovich Petrov",
      "Ali oglu Mammad", "People's Liberation Army", "the bank of china", "Abdul Rahman", "abdurrahman",
      "abdikadir", "Abu Bakr al-Baghdadi", "Abou Mohamed", "Nasrullah", "Nasr ulla", "Sirajuddin Haqqani",
      "Organisation Internationalisation", "organisations", "schtschedrin", "tsvetkov", "xiaoping",
      "محمد بن سلمان", "عبد الله", "أسامة بن لادن", "محمدپارسا محيا الوندی", "ﻣﺤﻤﺪ", "משה דוד", "בנימין נתניהו",
      "习近平", "習近平", "高市早苗", "高石", "김정은", "최룡해", "박봉주", "리영길", "Kim 정은", "たなか ひろし", "タナカ",
      "ประวี รูไกยะฮ์ งามพิเชษฐ์", "नरेन्द्र मोदी", "राहुल गांधी", "অমিত শাহ", "শামসুদ্দিন", "Ελευθέριος Βενιζέλος",
      "Միքայել", "ამირან", "ሰላም", "ខ្មែរ", "Aeroкaribbean", "Şəhriyar Məmmədov", "Łukasz Żółć", "Straße Æsir Œuvre",
      "Þórr Đorđe ħ ŋ", "😀 emoji 🇺🇸 name 👨‍👩‍👧", "ﬁancé ＡＢＣ １２３", "Ⅻ ㈱ ㍿", "a\u200bb\ufeffc",
      "x’y ʻokina ʿayn ʾhamza", "Кирилл, Медведев", "Медведев, Дмитрий Анатольевич", "Smith, John", "Smith, LLC",
      "ACME, Inc., Ltd", "one,two,three", "de la Cruz, Juan", "Ben Netanyahu", "van der Berg", "Y Gonzalez",
      "Mohammed Muhammad Usama Osama", "Fatimah Fatima", "Sergejs Haydar Hajdar", "Xi Xu Xun Alexander",
      "ckck chch shsh", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bbbb",
      "qwrtypsdfghjklzxcvbnmqwrtypsdfghjklzxcvbnmqwrtypsdfghjklzxcvbnm", "0123456789012345678901234567890123456789",
      "Bill Ted Bibi Sasha Dima", "a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g h i j k l m n",
  };
  return v;
}

// Words the tokeniser's rules look at, to combine at random.
constexpr const char* kVocab[] = {
    "al", "el", "ul", "ar", "as", "ad", "an", "at", "az", "ash", "ur", "ud", "ed", "il", "bin", "ben", "ibn", "bn",
    "bint", "binti", "ould", "de", "da", "di", "del", "della", "der", "den", "van", "von", "le", "la", "du", "dos",
    "das", "y", "abd", "abdul", "abdel", "abdal", "abdol", "abdur", "abdu", "abdus", "abdallah", "allah", "ullah",
    "ulla", "illah", "din", "deen", "dine", "ddin", "uddin", "eddine", "eddin", "abu", "abou", "abo", "sheikh",
    "haji", "dr", "mr", "general", "president", "prince", "field", "limited", "ltd", "inc", "company", "co", "cie",
    "corp", "llc", "ooo", "jsc", "oao", "ao", "aktiengesellschaft", "ag", "gmbh", "sa", "sarl", "srl", "joint",
    "stock", "open", "closed", "public", "liability", "partnership", "societe", "anonyme", "sp", "z", "oo", "s",
    "rl", "a", "sdn", "bhd", "the", "of", "and", "for", "in", "on", "und", "et", "one", "two", "forty", "fourty",
    "twenty", "4", "9", "first", "tenth", "1st", "22nd", "intl", "natl", "grp", "hsi", "tse", "chin", "tung",
    "ivanovich", "petrovna", "oglu", "kyzy", "uly", "organisation", "organisations", "compan", "joynt", "limitd",
    "muhammad", "osama", "laden", "william", "bill", "ted", "sasha", "schmidt", "tchaikovsky", "zhukov", "xiao",
    "dzhokhar", "sergej", "knight", "philip", "thomas", "wright", "chris", "maria", "gh", "ph", "ck", "ee", "ie",
};

std::vector<std::string> RandomInputs() {
  std::mt19937 rng(20240531);
  std::vector<std::string> v;
  const size_t nv = sizeof(kVocab) / sizeof(kVocab[0]);
  const char* seps[] = {" ", " ", " ", "-", ", ", ". ", "'", "  "};
  for (int i = 0; i < 30000; ++i) {
    std::string s;
    const int words = 1 + static_cast<int>(rng() % 7);
    for (int w = 0; w < words; ++w) {
      if (w) s += seps[rng() % 8];
      std::string word = kVocab[rng() % nv];
      if (rng() % 4 == 0) word += kVocab[rng() % nv];
      if (rng() % 5 == 0) word[0] = static_cast<char>(word[0] - 'a' + 'A' > 'Z' ? word[0] : word[0] - 'a' + 'A');
      s += word;
    }
    v.push_back(std::move(s));
  }
  // Random printable ASCII and random bytes.
  for (int i = 0; i < 5000; ++i) {
    std::string s(rng() % 40, ' ');
    for (char& c : s) c = static_cast<char>(0x20 + rng() % 95);
    v.push_back(std::move(s));
    std::string b(rng() % 40, ' ');
    for (char& c : b) c = static_cast<char>(rng() % 256);
    v.push_back(std::move(b));
  }
  // Random code points from the scripts names come in, with spaces and Latin letters.
  const char32_t ranges[][2] = {{0x41, 0x7A},     {0xC0, 0x24F},   {0x370, 0x3FF},   {0x400, 0x4FF},
                                {0x590, 0x5FF},   {0x600, 0x6FF},  {0x900, 0x97F},   {0x980, 0x9FF},
                                {0xE00, 0xE7F},   {0x3040, 0x30FF}, {0x4E00, 0x9FFF}, {0xAC00, 0xD7A3},
                                {0x2000, 0x206F}, {0xFB50, 0xFEFF}, {0x1F600, 0x1F64F}};
  const size_t nr = sizeof(ranges) / sizeof(ranges[0]);
  for (int i = 0; i < 3000; ++i) {
    std::string s;
    const int n = static_cast<int>(rng() % 16);
    const size_t r = rng() % nr;
    for (int k = 0; k < n; ++k) {
      const size_t rr = rng() % 4 == 0 ? rng() % nr : r;
      char32_t c = ranges[rr][0] + rng() % (ranges[rr][1] - ranges[rr][0] + 1);
      if (rng() % 5 == 0) c = ' ';
      if (c < 0x80) {
        s.push_back(static_cast<char>(c));
      } else if (c < 0x800) {
        s.push_back(static_cast<char>(0xC0 | (c >> 6)));
        s.push_back(static_cast<char>(0x80 | (c & 0x3F)));
      } else if (c < 0x10000) {
        s.push_back(static_cast<char>(0xE0 | (c >> 12)));
        s.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        s.push_back(static_cast<char>(0x80 | (c & 0x3F)));
      } else {
        s.push_back(static_cast<char>(0xF0 | (c >> 18)));
        s.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        s.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        s.push_back(static_cast<char>(0x80 | (c & 0x3F)));
      }
    }
    v.push_back(std::move(s));
  }
  return v;
}

double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Mean CPU microseconds of PrepareName over the valid records of `csvs`, `rounds` times each.
int TimeRecords(const std::vector<std::string>& csvs, int rounds) {
  std::vector<ScreenRecord> queries;
  for (const std::string& csv : csvs) {
    std::ifstream in(csv, std::ios::binary);
    RecordReader r(in, RecordFormat::kCsv);
    RecordItem it;
    for (;;) {
      auto n = r.Next(&it);
      if (!n.ok() || !*n) break;
      if (it.error.ok()) queries.push_back(it.record);
    }
  }
  if (queries.empty()) {
    std::fprintf(stderr, "no records\n");
    return 1;
  }
  size_t tokens = 0;
  for (const auto& q : queries) tokens += names::PrepareName(q.name, q.kind).tokens.size();  // warm-up
  const double t0 = ThreadCpuSeconds();
  for (int r = 0; r < rounds; ++r)
    for (const auto& q : queries) tokens += names::PrepareName(q.name, q.kind).tokens.size();
  const double us = (ThreadCpuSeconds() - t0) * 1e6 / (static_cast<double>(queries.size()) * rounds);
  std::printf("%zu records x %d rounds: PrepareName CPU us/record mean %.3f (tokens %zu)\n", queries.size(), rounds,
              us, tokens);
  return 0;
}

void Flush(std::string* out) {
  std::fwrite(out->data(), 1, out->size(), stdout);
  out->clear();
}

}  // namespace

int main(int argc, char** argv) {
  std::string data;
  std::vector<std::string> csvs;
  int time_rounds = 0;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--data") && i + 1 < argc) data = argv[++i];
    else if (!std::strcmp(argv[i], "--csv") && i + 1 < argc) csvs.emplace_back(argv[++i]);
    else if (!std::strcmp(argv[i], "--time") && i + 1 < argc) time_rounds = std::atoi(argv[++i]);
    else {
      std::fprintf(stderr, "usage: tamis-prepdump [--data STORE_DIR] [--csv FILE]... [--time ROUNDS]\n");
      return 1;
    }
  }
  if (time_rounds > 0) return TimeRecords(csvs, time_rounds);
  std::string out;
  size_t inputs = 0;
  if (!data.empty()) {
    StoreOptions so;
    so.data_dir = data;
    so.create = false;
    auto store = Store::Open(so);
    if (!store.ok()) {
      std::fprintf(stderr, "cannot open store: %s\n", store.status().ToString().c_str());
      return 1;
    }
    Status s = (*store)->ForEachCurrentEntityJson({}, [&](std::string_view json) -> Status {
      auto e = EntityFromJson(json);
      if (!e.ok()) return e.status();
      for (const Name& n : e->names) {
        Dump(n.full, e->kind, &out);
        DumpAllKinds(n.full, &out);
        ++inputs;
      }
      Flush(&out);
      return Status::Ok();
    });
    if (!s.ok()) {
      std::fprintf(stderr, "cannot read store: %s\n", s.ToString().c_str());
      return 1;
    }
  }
  for (const std::string& csv : csvs) {
    std::ifstream in(csv, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "cannot read %s\n", csv.c_str());
      return 1;
    }
    std::string line;
    while (std::getline(in, line)) {
      DumpAllKinds(line, &out);  // the whole line (commas make "FAMILY, Given" cases)
      ++inputs;
      for (size_t b = 0; b <= line.size();) {
        size_t e = line.find(',', b);
        if (e == std::string::npos) e = line.size();
        DumpAllKinds(std::string_view(line).substr(b, e - b), &out);
        ++inputs;
        b = e + 1;
      }
      Flush(&out);
    }
  }
  for (const auto& v : {AdversarialInputs(), RandomInputs()})
    for (const std::string& s : v) {
      DumpAllKinds(s, &out);
      ++inputs;
      Flush(&out);
    }
  std::fprintf(stderr, "%zu inputs dumped\n", inputs);
  return 0;
}

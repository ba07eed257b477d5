#include "core/text/given_names.h"

#include <algorithm>

#include "core/text/word_table.h"

namespace tamis::text {
namespace {

// One group per line: the full name(s) first, then short forms. Normalised spelling ([a-z]).
constexpr std::string_view kGroups[] = {
    "william bill billy will willy willie liam wilhelm",
    "robert bob bobby rob robbie robby bert",
    "richard rick ricky dick dickie rich richie",
    "edward ed eddie eddy ted teddy ned",
    "theodore theo ted teddy",
    "benjamin ben benny benji binyamin bibi",
    "james jim jimmy jamie",
    "john jack johnny",
    "jonathan jon jonny",
    "charles charlie chuck chas",
    "thomas tom tommy",
    "joseph joe joey",
    "michael mike mikey mick mickey",
    "christopher chris kit",
    "christina christine chris chrissy tina",
    "daniel dan danny",
    "david dave davey",
    "anthony antony tony",
    "andrew andy drew",
    "alexander alexandr aleksandr aleksander alex alec sandy sasha shura",
    "alexandra aleksandra alex sandra sasha",
    "margaret maggie meg peggy marge",
    "elizabeth liz lizzie lizzy beth betty betsy eliza libby",
    "katherine catherine kathryn kate katie kathy cathy kitty",
    "patricia pat patty trish",
    "patrick pat paddy",
    "peter pete",
    "samuel sam sammy",
    "stephen steven steve stevie",
    "timothy tim timmy",
    "nicholas nicolas nick nicky",
    "matthew matt",
    "gregory greg",
    "jeffrey geoffrey jeff geoff",
    "kenneth ken kenny",
    "lawrence laurence larry",
    "leonard len lenny",
    "ronald ron ronnie",
    "donald don donnie",
    "douglas doug",
    "gerald gerry jerry",
    "harold harry hal",
    "henry harry hank hal",
    "frederick frederic fred freddie freddy",
    "francis frank frankie",
    "albert al bert bertie",
    "alfred alf alfie",
    "walter walt wally",
    "raymond ray",
    "eugene gene",
    "joshua josh",
    "zachary zach zack",
    "nathaniel nathan nate nat",
    "vincent vince vinny",
    "philip phillip phil",
    "abraham abe",
    "isaac ike",
    "susan suzanne sue susie suzy",
    "deborah debra deb debbie",
    "rebecca becky",
    "jennifer jen jenny",
    "jessica jess jessie",
    "victoria vicky vickie tori",
    "abigail abby",
    "dorothy dot dotty dolly",
    "barbara barb babs",
    "sarah sally sadie",
    "mary molly polly",
    "judith judy",
    "pamela pam",
    "virginia ginny",
    "josephine jo josie",
    "valentina valya",
    // Russian diminutives (BGN/PCGN and common spellings).
    "vladimir volodya vova",
    "dmitriy dmitry dmitri dima",
    "mikhail misha",
    "nikolay nikolai kolya",
    "ivan vanya",
    "yevgeniy yevgeny evgeny evgeniy zhenya",
    "sergey sergei serezha seryozha",
    "pavel pasha",
    "anatoliy anatoly tolya",
    "grigoriy grigory grisha",
    "boris borya",
    "viktor vitya",
    "konstantin kostya",
    "yuriy yury yuri yura",
    "vyacheslav slava",
    "stanislav stas",
    "yekaterina ekaterina katya",
    "mariya maria masha",
    "natalya natalia natasha",
    "anastasiya anastasia nastya",
    "tatyana tatiana tanya",
    "yelena elena lena",
    "olga olya",
    "svetlana sveta",
    "lyudmila ludmila lyuda",
};

// Word -> its groups (at most two, in table order).
struct Groups {
  uint8_t id[2] = {0, 0};
  uint8_t count = 0;
};
using Index = detail::WordTable<Groups>;

const Index& Table() {
  static const Index* index = [] {
    auto* ix = new Index();
    size_t words = 0;
    for (std::string_view line : kGroups) words += static_cast<size_t>(std::count(line.begin(), line.end(), ' ')) + 1;
    ix->Reserve(words);
    uint8_t group = 0;
    for (std::string_view line : kGroups) {
      ++group;
      for (size_t b = 0; b < line.size();) {
        size_t e = line.find(' ', b);
        if (e == std::string_view::npos) e = line.size();
        Groups& g = ix->Insert(line.substr(b, e - b), Groups{});
        if (g.count < 2) g.id[g.count++] = group;
        b = e + 1;
      }
    }
    return ix;
  }();
  return *index;
}

}  // namespace

int GivenNameGroups(std::string_view w, uint8_t groups[2]) {
  groups[0] = groups[1] = 0;
  if (w.size() < 2 || w.size() > 12) return 0;
  const Groups* g = Table().Find(w);
  if (g == nullptr) return 0;
  groups[0] = g->id[0];
  groups[1] = g->id[1];
  return g->count;
}

}  // namespace tamis::text

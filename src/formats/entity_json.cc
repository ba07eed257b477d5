#include "formats/entity_json.h"

#include <simdjson.h>

#include "formats/json_writer.h"

namespace tamis {
namespace {

void WriteDate(JsonWriter& w, const DateOfBirth& d) {
  w.BeginObject();
  w.Field("kind", DobKindName(d.kind));
  w.FieldIfNotEmpty("date", d.from.ToString());
  if (d.kind == DateOfBirth::Kind::kRange) w.FieldIfNotEmpty("to", d.to.ToString());
  w.FieldIfNotEmpty("raw", d.raw);
  w.EndObject();
}

}  // namespace

std::string EntityToJson(const Entity& e, const EntityJsonOptions& opts) {
  JsonWriter w;
  w.BeginObject();
  w.Field("id", e.id).Field("source", e.source).Field("native_id", e.native_id);
  w.Field("kind", EntityKindName(e.kind));
  w.Key("names").BeginArray();
  for (const auto& n : e.names) {
    w.BeginObject().Field("full", n.full).Field("type", NameTypeName(n.type));
    w.FieldIfNotEmpty("quality", NameQualityName(n.quality));
    w.FieldIfNotEmpty("script", n.script).FieldIfNotEmpty("language", n.language);
    if (!n.parts.empty()) {
      w.Key("parts").BeginArray();
      for (const auto& p : n.parts)
        w.BeginObject().Field("role", NamePartRoleName(p.role)).Field("value", p.value).EndObject();
      w.EndArray();
    }
    w.EndObject();
  }
  w.EndArray();
  if (!e.dates_of_birth.empty()) {
    w.Key("dates_of_birth").BeginArray();
    for (const auto& d : e.dates_of_birth) WriteDate(w, d);
    w.EndArray();
  }
  if (!e.places_of_birth.empty()) {
    w.Key("places_of_birth").BeginArray();
    for (const auto& p : e.places_of_birth) {
      w.BeginObject().FieldIfNotEmpty("text", p.text).FieldIfNotEmpty("city", p.city);
      w.FieldIfNotEmpty("region", p.region).FieldIfNotEmpty("country", p.country_code).EndObject();
    }
    w.EndArray();
  }
  w.StringArrayIfNotEmpty("nationalities", e.nationalities);
  w.StringArrayIfNotEmpty("citizenships", e.citizenships);
  w.FieldIfNotEmpty("gender", GenderName(e.gender));
  if (!e.documents.empty()) {
    w.Key("documents").BeginArray();
    for (const auto& d : e.documents) {
      w.BeginObject().Field("type", d.type).Field("number", d.number);
      w.FieldIfNotEmpty("country", d.country_code).FieldIfNotEmpty("issued", d.issued);
      w.FieldIfNotEmpty("expires", d.expires).FieldIfNotEmpty("note", d.note).EndObject();
    }
    w.EndArray();
  }
  if (!e.addresses.empty()) {
    w.Key("addresses").BeginArray();
    for (const auto& a : e.addresses) {
      w.BeginObject().FieldIfNotEmpty("full", a.full).FieldIfNotEmpty("street", a.street);
      w.FieldIfNotEmpty("city", a.city).FieldIfNotEmpty("region", a.region);
      w.FieldIfNotEmpty("postal_code", a.postal_code).FieldIfNotEmpty("country", a.country_code);
      w.FieldIfNotEmpty("note", a.note).EndObject();
    }
    w.EndArray();
  }
  w.StringArrayIfNotEmpty("programs", e.programs);
  w.StringArrayIfNotEmpty("titles", e.titles);
  w.FieldIfNotEmpty("listed_on", e.listed_on).FieldIfNotEmpty("last_updated", e.last_updated);
  w.StringArrayIfNotEmpty("related_ids", e.related_ids);
  w.StringArrayIfNotEmpty("external_refs", e.external_refs);
  w.FieldIfNotEmpty("remarks", e.remarks);
  if (opts.include_source_record) w.FieldIfNotEmpty("source_record", e.source_record);
  w.EndObject();
  return w.Take();
}

namespace {

using simdjson::dom::element;
using simdjson::dom::object;

std::string Str(const object& o, const char* key) {
  std::string_view v;
  if (o[key].get_string().get(v) == simdjson::SUCCESS) return std::string(v);
  return {};
}

Status StrArray(const object& o, const char* key, std::vector<std::string>* out) {
  simdjson::dom::array arr;
  auto err = o[key].get_array().get(arr);
  if (err == simdjson::NO_SUCH_FIELD) return Status();
  if (err) return ParseError(std::string("field '") + key + "' is not an array");
  for (element x : arr) {
    std::string_view s;
    if (x.get_string().get(s)) return ParseError(std::string("field '") + key + "' holds a non-string");
    out->emplace_back(s);
  }
  return Status();
}

Result<PartialDate> DateField(const object& o, const char* key) {
  std::string s = Str(o, key);
  PartialDate d;
  if (s.empty()) return d;
  int y = 0, m = 0, dd = 0;
  int n = std::sscanf(s.c_str(), "%d-%d-%d", &y, &m, &dd);
  if (n < 1) return ParseError(std::string("date field '") + key + "' is not a date: " + s);
  d.year = y;
  d.month = n >= 2 ? m : 0;
  d.day = n >= 3 ? dd : 0;
  return d;
}

template <typename F>
Status EachObject(const object& o, const char* key, F&& f) {
  simdjson::dom::array arr;
  auto err = o[key].get_array().get(arr);
  if (err == simdjson::NO_SUCH_FIELD) return Status();
  if (err) return ParseError(std::string("field '") + key + "' is not an array");
  for (element x : arr) {
    object xo;
    if (x.get_object().get(xo)) return ParseError(std::string("field '") + key + "' holds a non-object");
    TAMIS_RETURN_IF_ERROR(f(xo));
  }
  return Status();
}

}  // namespace

Result<Entity> EntityFromJson(std::string_view json) {
  simdjson::dom::parser parser;
  element doc;
  simdjson::padded_string padded(json);
  if (auto err = parser.parse(padded).get(doc))
    return ParseError(std::string("entity JSON: ") + simdjson::error_message(err));
  object o;
  if (doc.get_object().get(o)) return ParseError("entity JSON: not an object");
  Entity e;
  e.id = Str(o, "id");
  if (e.id.empty()) return ParseError("entity JSON: missing field 'id'");
  e.source = Str(o, "source");
  e.native_id = Str(o, "native_id");
  e.kind = ParseEntityKind(Str(o, "kind"));
  TAMIS_RETURN_IF_ERROR(EachObject(o, "names", [&](const object& no) -> Status {
    Name n;
    n.full = Str(no, "full");
    n.type = ParseNameType(Str(no, "type"));
    n.quality = ParseNameQuality(Str(no, "quality"));
    n.script = Str(no, "script");
    n.language = Str(no, "language");
    TAMIS_RETURN_IF_ERROR(EachObject(no, "parts", [&](const object& po) -> Status {
      n.parts.push_back({ParseNamePartRole(Str(po, "role")), Str(po, "value")});
      return Status();
    }));
    e.names.push_back(std::move(n));
    return Status();
  }));
  TAMIS_RETURN_IF_ERROR(EachObject(o, "dates_of_birth", [&](const object& dobj) -> Status {
    DateOfBirth d;
    std::string kind = Str(dobj, "kind");
    d.kind = kind == "range" ? DateOfBirth::Kind::kRange
             : kind == "circa" ? DateOfBirth::Kind::kCirca
                               : DateOfBirth::Kind::kExact;
    TAMIS_ASSIGN_OR_RETURN(d.from, DateField(dobj, "date"));
    TAMIS_ASSIGN_OR_RETURN(d.to, DateField(dobj, "to"));
    d.raw = Str(dobj, "raw");
    e.dates_of_birth.push_back(std::move(d));
    return Status();
  }));
  TAMIS_RETURN_IF_ERROR(EachObject(o, "places_of_birth", [&](const object& po) -> Status {
    e.places_of_birth.push_back({Str(po, "text"), Str(po, "city"), Str(po, "region"), Str(po, "country")});
    return Status();
  }));
  TAMIS_RETURN_IF_ERROR(StrArray(o, "nationalities", &e.nationalities));
  TAMIS_RETURN_IF_ERROR(StrArray(o, "citizenships", &e.citizenships));
  e.gender = ParseGender(Str(o, "gender"));
  TAMIS_RETURN_IF_ERROR(EachObject(o, "documents", [&](const object& d) -> Status {
    e.documents.push_back({Str(d, "type"), Str(d, "number"), Str(d, "country"), Str(d, "issued"),
                           Str(d, "expires"), Str(d, "note")});
    return Status();
  }));
  TAMIS_RETURN_IF_ERROR(EachObject(o, "addresses", [&](const object& a) -> Status {
    e.addresses.push_back({Str(a, "full"), Str(a, "street"), Str(a, "city"), Str(a, "region"),
                           Str(a, "postal_code"), Str(a, "country"), Str(a, "note")});
    return Status();
  }));
  TAMIS_RETURN_IF_ERROR(StrArray(o, "programs", &e.programs));
  TAMIS_RETURN_IF_ERROR(StrArray(o, "titles", &e.titles));
  e.listed_on = Str(o, "listed_on");
  e.last_updated = Str(o, "last_updated");
  TAMIS_RETURN_IF_ERROR(StrArray(o, "related_ids", &e.related_ids));
  TAMIS_RETURN_IF_ERROR(StrArray(o, "external_refs", &e.external_refs));
  e.remarks = Str(o, "remarks");
  e.source_record = Str(o, "source_record");
  return e;
}

}  // namespace tamis

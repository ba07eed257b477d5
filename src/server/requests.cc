#include "server/requests.h"

#include "core/strings.h"
#include "formats/records/records_json.h"
#include "server/json_body.h"

namespace tamis::server {

namespace {

// The screening knobs shared by /v1/screen (threshold, limit, lists, explain).
Status ParseParams(const simdjson::dom::object& obj, ScreenParams* p) {
  TAMIS_ASSIGN_OR_RETURN(auto t, OptNumber(obj, "threshold", 0, 1));
  if (t) p->threshold = *t;
  TAMIS_ASSIGN_OR_RETURN(auto l, OptInt(obj, "limit", 1, 100));
  if (l) p->limit = static_cast<size_t>(*l);
  TAMIS_ASSIGN_OR_RETURN(p->lists, OptStrings(obj, "lists"));
  TAMIS_ASSIGN_OR_RETURN(auto e, OptBool(obj, "explain"));
  if (e) p->explain = *e;
  return Status::Ok();
}

// Builds a record from raw field values in FillRecord's order (id, name, kind, dob,
// nationality, country, gender, id_number).
Status RecordFromValues(const std::string (&v)[8], ScreenRecord* rec) {
  const std::string* ptrs[8] = {};
  for (int i = 0; i < 8; ++i)
    if (!v[i].empty()) ptrs[i] = &v[i];
  if (!v[0].empty()) rec->id = v[0];
  return FillRecord(ptrs, RecordReaderOptions{}, rec);
}

std::string Join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (const auto& s : v) {
    if (s.empty()) continue;
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

}  // namespace

Result<ScreenRequest> ParseScreenRequest(std::string_view body, size_t max_batch) {
  TAMIS_ASSIGN_OR_RETURN(auto obj, ParseObject(body));
  ScreenRequest req;
  TAMIS_RETURN_IF_ERROR(ParseParams(obj, &req.params));
  simdjson::dom::element parties;
  if (obj.at_key("parties").get(parties) == simdjson::SUCCESS) {
    TAMIS_RETURN_IF_ERROR(CheckKeys(obj, {"parties", "threshold", "limit", "lists", "explain"}));
    simdjson::dom::array arr;
    if (parties.get(arr) != simdjson::SUCCESS) return InvalidArgument("parties: expected an array of party objects");
    if (arr.size() == 0) return InvalidArgument("parties: empty");
    if (arr.size() > max_batch)
      return InvalidArgument("parties: " + std::to_string(arr.size()) + " parties, at most " + std::to_string(max_batch) +
                             " per request");
    req.batch = true;
    int i = 0;
    for (auto el : arr) {
      RecordItem item;
      item.record.line = i + 1;
      item.record.id = std::to_string(i + 1);
      simdjson::dom::object p;
      if (el.get(p) != simdjson::SUCCESS) item.error = InvalidArgument("not a JSON object");
      else item.error = FillRecordFromJson(p, RecordReaderOptions{}, &item.record);
      if (!item.error.ok()) item.error = item.error.WithContext("parties[" + std::to_string(i) + "]");
      req.parties.push_back(std::move(item));
      ++i;
    }
    return req;
  }
  TAMIS_RETURN_IF_ERROR(CheckKeys(obj, {"id", "name", "kind", "dob", "nationality", "country", "gender", "id_number",
                                        "threshold", "limit", "lists", "explain"}));
  RecordItem item;
  item.record.line = 1;
  item.record.id = "1";
  TAMIS_RETURN_IF_ERROR(FillRecordFromJson(obj, RecordReaderOptions{}, &item.record));
  req.parties.push_back(std::move(item));
  return req;
}

Result<MediaMatchRequest> ParseMediaMatchRequest(std::string_view body, size_t max_batch) {
  TAMIS_ASSIGN_OR_RETURN(auto obj, ParseObject(body));
  TAMIS_RETURN_IF_ERROR(CheckKeys(obj, {"pdq", "threshold", "lists"}));
  MediaMatchRequest req;
  TAMIS_ASSIGN_OR_RETURN(req.pdq, OptStrings(obj, "pdq"));
  if (req.pdq.empty()) return InvalidArgument("pdq: required (a 64-hex PDQ hash or an array of them)");
  if (req.pdq.size() > max_batch) return InvalidArgument("pdq: at most " + std::to_string(max_batch) + " hashes per request");
  TAMIS_ASSIGN_OR_RETURN(auto t, OptInt(obj, "threshold", 0, 128));
  if (t) req.threshold = static_cast<int>(*t);
  TAMIS_ASSIGN_OR_RETURN(req.lists, OptStrings(obj, "lists"));
  return req;
}

Result<DecisionRequest> ParseDecisionRequest(std::string_view body) {
  TAMIS_ASSIGN_OR_RETURN(auto obj, ParseObject(body));
  TAMIS_RETURN_IF_ERROR(CheckKeys(obj, {"action", "decision", "reason"}));
  DecisionRequest d;
  TAMIS_ASSIGN_OR_RETURN(d.action, ReqString(obj, "action"));
  if (d.action != "propose" && d.action != "confirm" && d.action != "return")
    return InvalidArgument("action: expected propose, confirm or return");
  TAMIS_ASSIGN_OR_RETURN(auto dec, OptString(obj, "decision"));
  if (d.action == "propose") {
    if (!dec || (*dec != "true_match" && *dec != "false_positive"))
      return InvalidArgument("decision: expected true_match or false_positive");
    d.decision = *dec;
  } else if (dec) {
    return InvalidArgument("decision: only with action propose");
  }
  TAMIS_ASSIGN_OR_RETURN(d.reason, ReqString(obj, "reason"));
  if (Trim(d.reason).empty()) return InvalidArgument("reason: required");
  return d;
}

Result<std::string> ParseAssignRequest(std::string_view body) {
  TAMIS_ASSIGN_OR_RETURN(auto obj, ParseObject(body));
  TAMIS_RETURN_IF_ERROR(CheckKeys(obj, {"assignee"}));
  return ReqString(obj, "assignee");
}

Result<WhitelistRequest> ParseWhitelistRequest(std::string_view body, bool need_reason) {
  TAMIS_ASSIGN_OR_RETURN(auto obj, ParseObject(body));
  TAMIS_RETURN_IF_ERROR(CheckKeys(obj, {"party_key", "entity_id", "reason"}));
  WhitelistRequest w;
  TAMIS_ASSIGN_OR_RETURN(w.party_key, ReqString(obj, "party_key"));
  TAMIS_ASSIGN_OR_RETURN(w.entity_id, ReqString(obj, "entity_id"));
  TAMIS_ASSIGN_OR_RETURN(auto r, OptString(obj, "reason"));
  if (r) w.reason = *r;
  if (need_reason && Trim(w.reason).empty()) return InvalidArgument("reason: required");
  return w;
}

Result<ListsUpdateRequest> ParseListsUpdateRequest(std::string_view body) {
  ListsUpdateRequest u;
  if (Trim(body).empty()) return u;
  TAMIS_ASSIGN_OR_RETURN(auto obj, ParseObject(body));
  TAMIS_RETURN_IF_ERROR(CheckKeys(obj, {"from", "sources", "force"}));
  TAMIS_ASSIGN_OR_RETURN(auto from, OptString(obj, "from"));
  if (from) u.from = *from;
  TAMIS_ASSIGN_OR_RETURN(u.sources, OptStrings(obj, "sources"));
  TAMIS_ASSIGN_OR_RETURN(auto force, OptBool(obj, "force"));
  if (force) u.force = *force;
  return u;
}

Result<KeyRequest> ParseKeyRequest(std::string_view body) {
  TAMIS_ASSIGN_OR_RETURN(auto obj, ParseObject(body));
  TAMIS_RETURN_IF_ERROR(CheckKeys(obj, {"name", "role"}));
  KeyRequest k;
  TAMIS_ASSIGN_OR_RETURN(k.name, ReqString(obj, "name"));
  TAMIS_ASSIGN_OR_RETURN(k.role, ReqString(obj, "role"));
  return k;
}

namespace {

// FollowTheMoney properties of a yente query -> record values.
Status YenteRecords(const std::string& key, const std::string& schema, const simdjson::dom::object& props,
                    std::vector<ScreenRecord>* out) {
  std::vector<std::string> names, dobs, nats, countries, genders, ids;
  for (auto field : props) {
    const std::string_view k = field.key;
    std::vector<std::string> vals;
    std::string_view s;
    if (field.value.get(s) == simdjson::SUCCESS) {
      vals.emplace_back(s);
    } else {
      simdjson::dom::array arr;
      if (field.value.get(arr) != simdjson::SUCCESS)
        return InvalidArgument("queries." + key + ".properties." + std::string(k) + ": expected an array of strings");
      for (auto el : arr) {
        if (el.get(s) != simdjson::SUCCESS)
          return InvalidArgument("queries." + key + ".properties." + std::string(k) + ": expected an array of strings");
        vals.emplace_back(s);
      }
    }
    auto add = [&](std::vector<std::string>& to) { to.insert(to.end(), vals.begin(), vals.end()); };
    if (k == "name" || k == "alias" || k == "previousName" || k == "weakAlias") add(names);
    else if (k == "firstName" || k == "lastName" || k == "middleName" || k == "fatherName") { /* covered by name */ }
    else if (k == "birthDate" || k == "incorporationDate") add(dobs);
    else if (k == "nationality" || k == "citizenship") add(nats);
    else if (k == "country" || k == "jurisdiction") add(countries);
    else if (k == "gender") add(genders);
    else if (k == "idNumber" || k == "passportNumber" || k == "registrationNumber" || k == "innCode" ||
             k == "taxNumber" || k == "imoNumber" || k == "swiftBic")
      add(ids);
  }
  if (names.empty()) {
    // FtM person parts when no full name is given.
    std::vector<std::string> parts;
    for (std::string_view p : {"firstName", "middleName", "fatherName", "lastName"}) {
      simdjson::dom::element el;
      if (props.at_key(p).get(el) != simdjson::SUCCESS) continue;
      std::string_view s;
      if (el.get(s) == simdjson::SUCCESS) parts.emplace_back(s);
      else if (el.is_array())
        for (auto x : el.get_array())
          if (x.get(s) == simdjson::SUCCESS) parts.emplace_back(s);
    }
    if (!parts.empty()) names.push_back(Join(parts, " "));
  }
  if (names.empty()) return InvalidArgument("queries." + key + ".properties.name: required");
  std::string kind;
  if (schema == "Person") kind = "person";
  else if (schema == "Organization" || schema == "Company" || schema == "LegalEntity" || schema == "PublicBody")
    kind = "organisation";
  for (const auto& n : names) {
    std::string v[8] = {key, n, kind, dobs.empty() ? "" : dobs[0], Join(nats, ";"),
                        countries.empty() ? "" : countries[0], genders.empty() ? "" : genders[0],
                        ids.empty() ? "" : ids[0]};
    ScreenRecord rec;
    Status st = RecordFromValues(v, &rec);
    if (!st.ok()) return st.WithContext("queries." + key);
    out->push_back(std::move(rec));
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<YenteQuery>> ParseYenteRequest(std::string_view body, size_t max_batch) {
  TAMIS_ASSIGN_OR_RETURN(auto obj, ParseObject(body));
  simdjson::dom::object queries;
  if (obj["queries"].get(queries) != simdjson::SUCCESS) return InvalidArgument("queries: required (an object of queries)");
  if (queries.size() == 0) return InvalidArgument("queries: empty");
  if (queries.size() > max_batch) return InvalidArgument("queries: at most " + std::to_string(max_batch) + " per request");
  std::vector<YenteQuery> out;
  for (auto q : queries) {
    YenteQuery yq;
    yq.key = std::string(q.key);
    simdjson::dom::object qo;
    if (q.value.get(qo) != simdjson::SUCCESS) return InvalidArgument("queries." + yq.key + ": expected an object");
    std::string_view schema;
    if (qo["schema"].get(schema) != simdjson::SUCCESS) return InvalidArgument("queries." + yq.key + ".schema: required");
    yq.schema = std::string(schema);
    simdjson::dom::object props;
    if (qo["properties"].get(props) != simdjson::SUCCESS)
      return InvalidArgument("queries." + yq.key + ".properties: required (an object)");
    TAMIS_RETURN_IF_ERROR(YenteRecords(yq.key, yq.schema, props, &yq.records));
    yq.example_json = simdjson::minify(q.value);
    out.push_back(std::move(yq));
  }
  return out;
}

Result<std::vector<ReconcileQuery>> ParseReconcileQueries(std::string_view json, size_t max_batch) {
  TAMIS_ASSIGN_OR_RETURN(auto obj, ParseObject(json));
  if (obj.size() > max_batch) return InvalidArgument("queries: at most " + std::to_string(max_batch) + " per request");
  std::vector<ReconcileQuery> out;
  for (auto q : obj) {
    ReconcileQuery rq;
    rq.key = std::string(q.key);
    const std::string where = "queries." + rq.key;
    simdjson::dom::object qo;
    if (q.value.get(qo) != simdjson::SUCCESS) return InvalidArgument(where + ": expected an object");
    TAMIS_ASSIGN_OR_RETURN(auto text, OptString(qo, "query"));
    if (!text || Trim(*text).empty()) return InvalidArgument(where + ".query: required");
    TAMIS_ASSIGN_OR_RETURN(auto type, OptString(qo, "type"));
    if (type) rq.type = *type;
    TAMIS_ASSIGN_OR_RETURN(auto limit, OptInt(qo, "limit", 1, 100));
    if (limit) rq.limit = static_cast<size_t>(*limit);
    std::string v[8] = {rq.key, *text, "", "", "", "", "", ""};
    if (rq.type == "Person") v[2] = "person";
    else if (rq.type == "Organization" || rq.type == "Company" || rq.type == "LegalEntity") v[2] = "organisation";
    simdjson::dom::array props;
    if (qo["properties"].get(props) == simdjson::SUCCESS) {
      for (auto p : props) {
        simdjson::dom::object po;
        std::string_view pid, val;
        if (p.get(po) != simdjson::SUCCESS || po["pid"].get(pid) != simdjson::SUCCESS)
          return InvalidArgument(where + ".properties: expected objects with pid and v");
        simdjson::dom::element ve;
        if (po["v"].get(ve) != simdjson::SUCCESS) return InvalidArgument(where + ".properties." + std::string(pid) + ": v required");
        if (ve.get(val) != simdjson::SUCCESS) {
          simdjson::dom::object vo;  // {"id": "..."} values (entity references) carry an id
          if (ve.get(vo) != simdjson::SUCCESS || vo["id"].get(val) != simdjson::SUCCESS)
            return InvalidArgument(where + ".properties." + std::string(pid) + ": expected a string");
        }
        if (pid == "birthDate" || pid == "dob") v[3] = std::string(val);
        else if (pid == "nationality" || pid == "citizenship") v[4] = std::string(val);
        else if (pid == "country" || pid == "jurisdiction") v[5] = std::string(val);
        else if (pid == "gender") v[6] = std::string(val);
        else if (pid == "idNumber" || pid == "passportNumber" || pid == "registrationNumber") v[7] = std::string(val);
      }
    }
    Status st = RecordFromValues(v, &rq.record);
    if (!st.ok()) return st.WithContext(where);
    out.push_back(std::move(rq));
  }
  return out;
}

}  // namespace tamis::server

#include "service/travel_retention.h"

#include <algorithm>
#include <cstdio>

#include "formats/json_writer.h"

namespace tamis {

Result<TravelRetentionResult> ApplyTravelRetention(TravelStore& travel, ReviewStore& review,
                                                   const TravelRetentionPolicy& policy, const std::string& now,
                                                   const std::string& line) {
  TravelRetentionResult out;
  TAMIS_ASSIGN_OR_RETURN(out.results, travel.ApplyRetention(policy, now));
  TAMIS_ASSIGN_OR_RETURN(out.alerts, review.DepersonaliseAlerts(line, "travel:", out.results.mask_before,
                                                                out.results.delete_before, out.results.now));
  return out;
}

std::vector<TravelResultRow> TravelResultRows(const index::NameIndex& ix, const FlightResult& fr,
                                              const std::string& source, const std::string& now, bool explain,
                                              const std::vector<std::string>* lines) {
  std::vector<TravelResultRow> rows;
  const std::string flight_json = lines && lines->size() == fr.travellers.size() ? "" : FlightJson(*fr.flight);
  for (size_t i = 0; i < fr.travellers.size(); ++i) {
    const TravellerResult& r = fr.travellers[i];
    if (!r.screened) continue;
    TravelResultRow row;
    row.screened_at = now;
    row.source = source;
    row.flight_id = fr.flight->id;
    row.role = std::string(TravellerRoleName(r.item->traveller.role));
    for (const auto& h : r.party.hits) {
      char score[16];
      std::snprintf(score, sizeof score, "%.4f", h.score);
      row.hit_entities += (row.hit_entities.empty() ? "" : ";") + ix.entity(h.entity).id + " " + score;
      row.best_score = std::max(row.best_score, h.score);
    }
    row.traveller_id = r.item->id;
    row.result_json = flight_json.empty() ? (*lines)[i] : TravellerJson(ix, *fr.flight, r, source, explain, flight_json);
    const Traveller& t = r.item->traveller;
    JsonWriter w;
    w.BeginObject().Field("name", t.FullName()).FieldIfNotEmpty("dob", t.dob.ToString());
    w.FieldIfNotEmpty("gender", GenderName(t.gender)).StringArrayIfNotEmpty("nationality", t.nationalities);
    w.Key("documents").BeginArray();
    for (const auto& d : t.documents) w.BeginObject().Field("type", d.type).Field("number", d.number).Field("issuer", d.issuer).EndObject();
    w.EndArray().EndObject();
    row.traveller_json = w.Take();
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace tamis

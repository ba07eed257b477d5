// Lines of effort beyond single names: each route hands the body to its service-layer seam,
// which screens through the one alert path (AlertService) and answers JSON.
#include "server/handlers.h"

namespace tamis::server {

Result<HttpResponse> post_payments_screen(Api& api, const Call& call) {
  TAMIS_RETURN_IF_ERROR(RequireNames(api.service().snapshot().get()));
  if (call.req.body.empty()) return InvalidArgument("request body: empty (send ISO 20022 XML or SWIFT MT messages)");
  TAMIS_ASSIGN_OR_RETURN(std::string json, ScreenPaymentsJson(api.payments(), call.req.body));
  return JsonResponse(std::move(json));
}

Result<HttpResponse> post_travel_screen(Api& api, const Call& call) {
  TAMIS_RETURN_IF_ERROR(RequireNames(api.service().snapshot().get()));
  if (call.req.body.empty()) return InvalidArgument("request body: empty (send PAXLST, PNRGOV or MRZ lines)");
  TravelJsonOptions o;
  o.keep = api.travel_store();  // kept for retention (tamis travel retention), pseudonymous keys
  o.source = "api";
  TAMIS_ASSIGN_OR_RETURN(std::string json, ScreenTravelJson(api.service(), call.req.body, o));
  return JsonResponse(std::move(json));
}

}  // namespace tamis::server

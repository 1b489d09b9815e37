#include <fmt/format.h>

#include "pameran/sync/client.hpp"

namespace pameran::sync {
namespace {

using core::Errc;
using core::fail;

core::Failure answerError(const HttpResponse& r, std::string_view what) {
  if (r.status == 0)
    return fail(Errc::Storage, fmt::format("{}: cannot reach the server ({})", what, r.error));
  const std::string message = decodeError(r.body);
  const Errc code = r.status == 401 || r.status == 403 ? Errc::Unauthorized : r.status == 404 ? Errc::NotFound : Errc::Invalid;
  return fail(code, fmt::format("{}: the server answered HTTP {}{}{}", what, r.status, message.empty() ? "" : ": ", message));
}

// Creates the event locally, or brings its settings up to the server's (the local id stays).
core::Result<core::Event> adoptEvent(core::Store& store, const core::Event& remote) {
  core::Event event = remote;
  if (auto local = store.catalog().event(remote.code)) {
    event.id = local->id;
    if (auto ok = store.catalog().updateEvent(event); !ok) return ok.failure();
  } else {
    auto created = store.catalog().createEvent(event);
    if (!created) return created.failure();
    event = *created;
  }
  if (auto ok = store.catalog().setCurrentEvent(event.code); !ok) return ok.failure();
  return event;
}

}  // namespace

core::Result<std::unique_ptr<HttpClient>> clientFor(const core::Store& store, const std::string& serverOverride) {
  const core::DeviceInfo device = store.settings().device();
  const std::string url = serverOverride.empty() ? device.serverUrl : serverOverride;
  if (url.empty()) return fail(Errc::NotFound, "this kiosk is not enrolled with a server (run enroll first)");
  if (const std::string problem = serverUrlProblem(url, device.allowInsecureHttp); !problem.empty())
    return fail(Errc::Invalid, problem);
  if (device.token.empty()) return fail(Errc::Unauthorized, "this kiosk has no device token (run enroll first)");
  auto http = std::make_unique<HttpClient>(HttpOptions{url, device.caFile});
  http->setToken(device.token);
  return http;
}

core::Result<EnrollResponse> enroll(core::Store& store, const std::string& serverUrl, const std::string& code,
                                    const std::string& deviceName, const std::string& caFile, bool allowInsecureHttp) {
  if (const std::string problem = serverUrlProblem(serverUrl, allowInsecureHttp); !problem.empty())
    return fail(Errc::Invalid, problem);
  if (code.empty() || code.size() > 64 || !core::isCleanUtf8(code)) return fail(Errc::Invalid, "an enrollment code is 1-64 characters");
  HttpClient http(HttpOptions{serverUrl, caFile});
  const HttpResponse r = http.post("/api/v1/enroll", encodeEnrollRequest({code, deviceName}), false);
  if (!r.isSuccess()) return answerError(r, "enrollment refused");
  auto answer = decodeEnrollResponse(r.body);
  if (!answer) return fail(Errc::Invalid, "the server's enrollment answer is not valid: " + answer.error().message);

  core::DeviceInfo device = store.settings().device();
  device.deviceId = answer->deviceId;
  device.deviceCode = answer->deviceCode;
  device.name = answer->deviceName.empty() ? deviceName : answer->deviceName;
  device.boothVendorCode = answer->boothVendorCode;
  device.serverUrl = serverUrl;
  device.token = answer->token;
  device.caFile = caFile;
  device.allowInsecureHttp = allowInsecureHttp && !serverUrl.starts_with("https://") && !isLoopbackUrl(serverUrl);
  if (auto ok = store.settings().setDevice(device); !ok) return ok.failure();
  if (auto ok = adoptEvent(store, answer->event); !ok) return ok.failure();
  // A fresh enrollment always takes the whole catalog.
  if (auto ok = store.settings().set("sync.catalog_etag", ""); !ok) return ok.failure();
  http.setToken(answer->token);
  if (auto pulled = pullCatalog(store, http); !pulled)
    return fail(pulled.error().code, "enrolled, but the catalog could not be pulled (sync retries it): " + pulled.error().message);
  return *answer;
}

core::Result<bool> pullCatalog(core::Store& store, HttpClient& http) {
  const std::string etag = store.settings().get("sync.catalog_etag");
  const HttpResponse r = http.get("/api/v1/catalog", etag);
  if (r.status == 304) return false;
  if (!r.isSuccess()) return answerError(r, "catalog pull");
  auto catalog = decodeCatalog(r.body);
  if (!catalog) return fail(Errc::Invalid, "the server's catalog is not valid: " + catalog.error().message);

  core::CatalogFiles files;
  files.vendorsFile = "server catalog";
  files.productsFile = "server catalog";
  for (const CatalogVendor& v : catalog->vendors) files.vendors.push_back(v.row);
  files.products = catalog->products;
  auto event = adoptEvent(store, catalog->event);
  if (!event) return event.failure();
  auto imported = store.catalog().importFiles(files, event->code, event->name, "server",
                                              core::Catalog::StockMode::NewProductsOnly);
  if (!imported) return imported.failure();
  for (const CatalogVendor& v : catalog->vendors)
    if (auto ok = store.catalog().setCommission(event->id, v.row.code, v.commissionBp); !ok) return ok.failure();
  if (auto ok = store.settings().set("sync.catalog_etag", r.etag); !ok) return ok.failure();
  return true;
}

}  // namespace pameran::sync

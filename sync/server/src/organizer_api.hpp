#pragma once
// The organizer endpoints (sync/PROTOCOL.md "Organizer endpoints") that the dashboard and the
// organizer console read: the event list, each event's totals, devices and settlement, the
// downloads (CSV, PDF), and the one change an organizer makes over HTTP, the event's target.
// Every GET over an event answers `ETag: "e<id>-<change_seq>-<tag>"`, so a page that polls with
// If-None-Match gets 304 without the server building anything.
#include "handler_call.hpp"
#include "pameran/sync/server.hpp"

namespace pameran::sync {

class OrganizerApi {
 public:
  OrganizerApi(ServerStore& store, const ServerOptions& options);

  void events(HandlerCall& c);          // GET /api/v1/events
  void totals(HandlerCall& c);          // GET /api/v1/events/{code}/totals
  void devices(HandlerCall& c);         // GET /api/v1/events/{code}/devices
  void settlement(HandlerCall& c);      // GET /api/v1/events/{code}/settlement[?format=csv]
  void vendorStatement(HandlerCall& c); // GET /api/v1/events/{code}/settlement/{vendor}.pdf
  void statements(HandlerCall& c);      // GET /api/v1/events/{code}/statements.pdf
  void reportCsv(HandlerCall& c);       // GET /api/v1/events/{code}/report.csv
  void reportPdf(HandlerCall& c);       // GET /api/v1/events/{code}/report.pdf
  void setTarget(HandlerCall& c);       // PUT /api/v1/events/{code}/target
  void deviceAudit(HandlerCall& c);     // GET /api/v1/events/{code}/devices/{device}/audit[?limit=N]
  void stock(HandlerCall& c);           // GET /api/v1/events/{code}/stock[?format=csv]

 protected:
  /// Answers 304 (true) when the client has the current version of `tag` over the event
  /// (the path's first parameter); also answers an unknown event (true).
  bool unchanged(HandlerCall& c, std::string_view tag);
  /// The same over two events (compare: `"k<id>-<seq>-<id>-<seq>"`), or over every event when
  /// `codes` is empty (a year: `"y<tag>-<hash of all counters>"`).
  bool unchangedOver(HandlerCall& c, std::string_view tag, const std::vector<std::string>& codes);

 private:
  void download(HandlerCall& c, std::string body, const char* type, const std::string& fileName);

  ServerStore& m_store;
  const ServerOptions& m_options;
};

}  // namespace pameran::sync

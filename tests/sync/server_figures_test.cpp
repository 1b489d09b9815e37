// The organizer's figures over HTTP (issue 9): the workbook download, compare and the year, on a
// real server on loopback; organizer tokens only.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "sync_fixtures.hpp"

namespace pameran::sync::testing {
namespace {

using nlohmann::json;

TEST(ServerFigures, WorkbookCompareAndYearAnswerOrganizersOnly) {
  RunningServer s;
  const Enrolled dev = s.enroll();
  core::Event older;
  older.code = "DEPOK-2025";
  older.name = "Pameran 2025";
  older.startDate = "2025-11-20";
  ASSERT_TRUE(s.store().createEvent(older));
  std::vector<core::SaleRecord> sales = {simpleSale(dev.deviceId, 1), simpleSale(dev.deviceId, 2)};
  auto up = s.client().Post("/api/v1/sales", bearer(dev.token), encodeBatch(Batch{dev.deviceId, sales, {}, {}}), "application/json");
  ASSERT_TRUE(up);
  ASSERT_EQ(up->status, 200) << up->body;
  const httplib::Headers organizer = bearer(s.organizerToken());
  auto c = s.client();

  auto book = c.Get((std::string("/api/v1/events/") + kEvent + "/report.xlsx").c_str(), organizer);
  ASSERT_TRUE(book);
  EXPECT_EQ(book->status, 200);
  EXPECT_EQ(book->body.substr(0, 2), "PK") << "an xlsx is a zip";
  EXPECT_NE(book->get_header_value("Content-Disposition").find(std::string(kEvent) + "-report.xlsx"), std::string::npos);
  EXPECT_EQ(c.Get((std::string("/api/v1/events/") + kEvent + "/report.xlsx").c_str(), bearer(dev.token))->status, 403);
  EXPECT_EQ(c.Get("/api/v1/events/NOPE/report.xlsx", organizer)->status, 404);

  auto cmp = c.Get((std::string("/api/v1/compare?a=") + kEvent + "&b=DEPOK-2025").c_str(), organizer);
  ASSERT_EQ(cmp->status, 200) << cmp->body;
  const json j = json::parse(cmp->body);
  EXPECT_EQ(j["a"]["net_idr"], 180'000);
  EXPECT_EQ(j["b"]["net_idr"], 0);
  EXPECT_TRUE(j["change"]["net_bp"].is_null()) << "nothing to measure against";
  EXPECT_EQ(c.Get("/api/v1/compare?a=DEPOK-2025", organizer)->status, 422);
  EXPECT_EQ(c.Get((std::string("/api/v1/compare?a=") + kEvent + "&b=NOPE").c_str(), organizer)->status, 404);
  EXPECT_EQ(c.Get((std::string("/api/v1/compare?a=") + kEvent + "&b=DEPOK-2025").c_str(), bearer(dev.token))->status, 403);
  EXPECT_EQ(c.Get("/api/v1/compare?a=x&b=y")->status, 401);

  auto year = c.Get("/api/v1/years/2025", organizer);
  ASSERT_EQ(year->status, 200) << year->body;
  EXPECT_EQ(json::parse(year->body)["event"], "2025");
  EXPECT_EQ(json::parse(year->body)["by_event"][0]["event"], "DEPOK-2025");
  EXPECT_EQ(c.Get("/api/v1/years/1990", organizer)->status, 404);
  const auto bad = c.Get("/api/v1/years/20x5", organizer);
  EXPECT_TRUE(bad->status == 400 || bad->status == 422) << bad->status;
  EXPECT_EQ(c.Get("/api/v1/years/2025", bearer(dev.token))->status, 403);
}

TEST(ServerFigures, WorkbookCompareAndYearAnswer304UntilAnEventTheyReadChanges) {
  RunningServer s;
  const Enrolled dev = s.enroll();
  core::Event older;
  older.code = "DEPOK-2025";
  older.name = "Pameran 2025";
  older.startDate = "2025-11-20";
  ASSERT_TRUE(s.store().createEvent(older));
  const httplib::Headers organizer = bearer(s.organizerToken());
  auto c = s.client();
  const std::string book = std::string("/api/v1/events/") + kEvent + "/report.xlsx";
  const std::string cmp = std::string("/api/v1/compare?a=") + kEvent + "&b=DEPOK-2025";
  const std::string year = "/api/v1/years/2025";
  auto tagOf = [&](const std::string& p) {
    auto res = c.Get(p.c_str(), organizer);
    EXPECT_EQ(res->status, 200) << p;
    EXPECT_EQ(res->get_header_value("Cache-Control"), "no-cache") << p;
    return res->get_header_value("ETag");
  };
  auto with = [&](const std::string& p, const std::string& tag) {
    auto h = organizer;
    h.emplace("If-None-Match", tag);
    return c.Get(p.c_str(), h);
  };
  std::map<std::string, std::string> tags;
  for (const std::string& p : {book, cmp, year}) {
    tags[p] = tagOf(p);
    ASSERT_FALSE(tags[p].empty()) << p;
    auto again = with(p, tags[p]);
    EXPECT_EQ(again->status, 304) << p;
    EXPECT_TRUE(again->body.empty()) << p;
  }
  EXPECT_NE(tags[cmp], tagOf(std::string("/api/v1/compare?a=DEPOK-2025&b=") + kEvent)) << "the order of the two events matters";
  // A sale stored in this event: its workbook and the comparison change; 2025's year does not
  // read this event's figures, but its tag covers every event (growth reads the year before).
  auto up = c.Post("/api/v1/sales", bearer(dev.token), encodeBatch(Batch{dev.deviceId, {simpleSale(dev.deviceId, 1)}, {}, {}}),
                   "application/json");
  ASSERT_EQ(up->status, 200) << up->body;
  EXPECT_EQ(with(book, tags[book])->status, 200);
  EXPECT_EQ(with(cmp, tags[cmp])->status, 200);
  EXPECT_EQ(with(year, tags[year])->status, 200);
  // Refusals stay refusals, whatever the tag.
  const int badYear = with("/api/v1/years/20x5", "*")->status;
  EXPECT_TRUE(badYear == 400 || badYear == 422) << badYear;
  EXPECT_EQ(with(std::string("/api/v1/compare?a=") + kEvent + "&b=NOPE", "*")->status, 404);
}

}  // namespace
}  // namespace pameran::sync::testing

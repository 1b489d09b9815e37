// The organizer client's thread: poll, parse, cache, download (organizer/client.hpp).
//
// Index
//   Files ............... the token file, default places, atomic writes
//   (the answers' parsing and the cache file's format: client_wire.cpp)
//   Impl ................ the thread, its commands, one poll, downloads, the target
#include "pameran/kiosk/organizer/client.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "pameran/core/money.hpp"
#include "client_wire.hpp"
#include "pameran/sync/http.hpp"

namespace pameran::kiosk::organizer {

namespace fs = std::filesystem;
using nlohmann::json;

// ---- Files -----------------------------------------------------------------------------------
core::Result<std::string> readTokenFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::fail(core::Errc::NotFound, "cannot read the token file " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return core::fail(core::Errc::Invalid, "the token file " + path + " is empty");
  text = text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
  if (text.find_first_of(" \t\r\n") != std::string::npos || text.size() > 512)
    return core::fail(core::Errc::Invalid, "the token file " + path + " must hold the token alone");
  return text;
}

namespace {

std::string home() {
  const char* h = std::getenv("HOME");
  return h && *h ? h : ".";
}

bool writeFileAtomically(const fs::path& path, const std::string& bytes, std::string& error) {
  std::error_code ec;
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
  const fs::path tmp = path.string() + ".part";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      error = "cannot write " + tmp.string();
      return false;
    }
  }
  ::chmod(tmp.c_str(), 0600);
  fs::rename(tmp, path, ec);
  if (ec) {
    error = "cannot write " + path.string() + ": " + ec.message();
    return false;
  }
  return true;
}

}  // namespace

std::string defaultCachePath(const std::string& server) {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  const fs::path base = xdg && *xdg ? fs::path(xdg) : fs::path(home()) / ".cache";
  std::string name = server.substr(server.find("://") == std::string::npos ? 0 : server.find("://") + 3);
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') c = '-';
  return (base / "pameran" / ("organizer-" + name + ".json")).string();
}

std::string defaultDownloadDir() {
  for (const char* folder : {"Unduhan", "Downloads"}) {
    const fs::path p = fs::path(home()) / folder;
    std::error_code ec;
    if (fs::is_directory(p, ec)) return (p / "Pameran").string();
  }
  return (fs::path(home()) / "Pameran").string();
}


using namespace wire;

// ---- Impl ------------------------------------------------------------------------------------
struct OrganizerClient::Impl {
  ClientOptions options;
  std::unique_ptr<sync::HttpClient> http;  // the thread's own
  Cache cache;
  ConsoleData work;                        // the thread's copy
  std::map<std::string, std::int64_t> fetchedSeq;  // event -> change_seq its figures were fetched at
  bool eventsKnown = false;
  bool dirty = false;                      // the poll changed what the console shows

  mutable std::mutex mutex;
  std::condition_variable cv;
  ConsoleData shared;
  std::uint64_t taken = 0;
  std::deque<std::function<void()>> commands;
  bool stop = false;
  bool pollNow = true;
  ClientStats stats;
  std::thread thread;

  core::EpochMs now() const { return options.clock(); }

  void publish() {
    {
      std::lock_guard lock(mutex);
      work.revision = shared.revision + 1;
      shared = work;
    }
    if (options.wake) options.wake();
  }

  void post(std::function<void()> command) {
    {
      std::lock_guard lock(mutex);
      commands.push_back(std::move(command));
    }
    cv.notify_all();
  }

  sync::HttpResponse get(const std::string& path, const std::string& etag = {}) {
    sync::HttpResponse r = http->get(path, etag);
    std::lock_guard lock(mutex);
    ++stats.requests;
    if (r.status == 304) ++stats.notModified;
    stats.bodyBytes += static_cast<std::int64_t>(r.body.size());
    return r;
  }

  void saveCache() {
    if (options.cachePath.empty()) return;
    cache.eventCode = work.eventCode;
    cache.confirmedAtMs = work.confirmedAtMs;
    cache.compareWith = work.compareWith;
    cache.year = work.year;
    std::string error;
    writeFileAtomically(options.cachePath, cache.toJson(options.server), error);
  }

  // Applies an answer body of a route to the data; false when it does not parse.
  bool applyRoute(const std::string& tag, const std::string& body) {
    if (tag == kTotals) {
      auto r = core::reportFromJson(body);
      if (!r) return false;
      work.report = std::move(*r);
    } else if (tag == kSettlement) {
      auto s = core::settlementFromJson(body);
      if (!s) return false;
      work.settlement = std::move(*s);
    } else if (tag == kDevices) {
      core::EpochMs serverTime = 0;
      auto d = parseDevices(body, serverTime);
      if (!d) return false;
      work.devices = std::move(*d);
    } else if (tag == kStock) {
      auto l = parseStock(body);
      if (!l) return false;
      work.stock = std::move(*l);
    }
    return true;
  }

  void showEvent(const std::string& code) {
    work.eventCode = code;
    work.report.reset();
    work.settlement.reset();
    work.devices.reset();
    work.vendor.reset();
    work.stock.reset();
    if (auto it = cache.perEvent.find(code); it != cache.perEvent.end())
      for (const auto& [tag, a] : it->second) applyRoute(tag, a.body);
    // The comparison and a device's actions are of the shown event: another event asks again.
    work.compareWith.clear();
    work.comparison.reset();
    work.auditDevice.clear();
    work.deviceAudit.reset();
  }

  // One view asked for by its path: with its ETag once it is on show, so an unchanged one is a
  // 304; `apply` takes a 200's body (false when it does not parse). False when the server could
  // not be reached.
  template <class Apply>
  bool fetchView(const std::string& path, bool shown, Apply apply) {
    Answer& cached = cache.views[path];
    const sync::HttpResponse r = get(path, shown ? cached.etag : std::string());
    if (r.status == 0 || r.status >= 500) {
      wentOffline(r);
      return false;
    }
    if (r.status == 200 && apply(r.body)) {
      cached = {r.etag, r.body};
      dirty = true;
    }
    return true;
  }

  // The comparison, the year and a device's actions, once asked for. False when the server could
  // not be reached.
  bool fetchViews() {
    if (!work.compareWith.empty() && !work.eventCode.empty() &&
        !fetchView(comparePath(work.eventCode, work.compareWith), work.comparison.has_value(), [&](const std::string& body) {
          auto c = parseComparison(body);
          if (c) work.comparison = std::move(*c);
          return c.has_value();
        }))
      return false;
    if (!work.year.empty() && !fetchView(yearPath(work.year), work.yearReport.has_value(), [&](const std::string& body) {
          auto y = core::reportFromJson(body);
          if (y) work.yearReport = std::move(y->report);
          return y.has_value();
        }))
      return false;
    if (!work.auditDevice.empty() && !work.eventCode.empty() &&
        !fetchView(deviceAuditPath(work.eventCode, work.auditDevice), work.deviceAudit.has_value(), [&](const std::string& body) {
          auto a = parseDeviceAudit(body);
          if (a) work.deviceAudit = std::move(*a);
          return a.has_value();
        }))
      return false;
    return true;
  }

  // What the cache holds for the comparison, the year and the device asked for (opening offline).
  void viewsFromCache() {
    if (!work.compareWith.empty())
      if (auto it = cache.views.find(comparePath(work.eventCode, work.compareWith)); it != cache.views.end())
        work.comparison = parseComparison(it->second.body);
    if (!work.year.empty())
      if (auto it = cache.views.find(yearPath(work.year)); it != cache.views.end())
        if (auto y = core::reportFromJson(it->second.body)) work.yearReport = std::move(y->report);
    if (!work.auditDevice.empty())
      if (auto it = cache.views.find(deviceAuditPath(work.eventCode, work.auditDevice)); it != cache.views.end())
        work.deviceAudit = parseDeviceAudit(it->second.body);
  }

  void loadCache() {
    if (options.cachePath.empty()) return;
    std::ifstream in(options.cachePath, std::ios::binary);
    if (!in) return;
    std::stringstream ss;
    ss << in.rdbuf();
    cache = Cache::fromJson(ss.str(), options.server);
    core::EpochMs serverTime = 0;
    if (auto events = parseEvents(cache.events.body, serverTime)) {
      work.events = std::move(*events);
      eventsKnown = true;
    }
    const std::string code = options.eventCode.empty() ? cache.eventCode : options.eventCode;
    if (!code.empty()) showEvent(code);
    if (code == cache.eventCode) work.compareWith = cache.compareWith;
    work.year = cache.year;
    viewsFromCache();
    work.confirmedAtMs = cache.confirmedAtMs;
    work.fromCache = work.report.has_value() || !work.events.empty();
  }

  void wentOffline(const sync::HttpResponse& r) {
    if (work.link != Link::Offline) work.offlineSinceMs = now();
    work.link = Link::Offline;
    work.linkDetail = errorText(r);
  }

  // One poll: the events list, and the chosen event's answers when its counter moved.
  void poll() {
    const sync::HttpResponse list = get("/api/v1/events", cache.events.etag);
    if (list.status == 401 || list.status == 403) {
      // Nothing is shown to a refused token, not even what the cache holds.
      work.link = list.status == 401 ? Link::Unauthorized : Link::Forbidden;
      work.linkDetail = errorText(list);
      work.events.clear();
      work.report.reset();
      work.settlement.reset();
      work.devices.reset();
      work.vendor.reset();
      work.comparison.reset();
      work.yearReport.reset();
      work.stock.reset();
      work.deviceAudit.reset();
      work.fromCache = false;
      return;
    }
    if (list.status == 200) {
      core::EpochMs serverTime = 0;
      auto events = parseEvents(list.body, serverTime);
      if (!events) {
        wentOffline(list);
        work.linkDetail = "the server's event list is not JSON of the expected shape";
        return;
      }
      work.events = std::move(*events);
      eventsKnown = true;
      dirty = true;
      if (serverTime > 0) work.serverClockSkewMs = serverTime - now();
      cache.events = {list.etag, list.body};
    } else if (list.status != 304) {
      wentOffline(list);
      return;
    }
    if (work.eventCode.empty()) {
      const std::string code = !options.eventCode.empty() ? options.eventCode : !work.events.empty() ? work.events.front().code : "";
      if (!code.empty()) showEvent(code);
    }
    const EventInfo* event = work.event();
    bool fresh = true;
    const bool moved = event && (fetchedSeq.count(event->code) == 0 || fetchedSeq[event->code] != event->changeSeq);
    if (moved) {
      auto& routes = cache.perEvent[event->code];
      const std::string base = "/api/v1/events/" + event->code;
      // A server without the ledger answers 404 to /stock: the console then says it has none.
      for (const char* tag : {kTotals, kDevices, kSettlement, kStock}) {
        const std::string path = base + "/" + tag;
        const sync::HttpResponse r = get(path, routes[tag].etag);
        if (r.status == 200 && applyRoute(tag, r.body)) {
          routes[tag] = {r.etag, r.body};
          dirty = true;
          if (std::string(tag) == kDevices) {
            core::EpochMs serverTime = 0;
            parseDevices(r.body, serverTime);
            if (serverTime > 0) work.serverClockSkewMs = serverTime - now();
          }
        } else if (r.status == 0 || r.status >= 500) {
          wentOffline(r);
          fresh = false;
          break;
        }
      }
      if (fresh) {
        fetchedSeq[event->code] = event->changeSeq;
        if (work.vendor) fetchVendor(work.vendor->vendorCode);
      }
    }
    // The comparison and the year read other events too, and a device's new actions move its
    // event's counter: asked again whenever the list moved.
    if (fresh && list.status == 200) fresh = fetchViews();
    if (!fresh) return;
    work.link = Link::Online;
    work.linkDetail.clear();
    work.offlineSinceMs = 0;
    work.fromCache = false;
    work.confirmedAtMs = now();
    saveCache();
  }

  void fetchVendor(const std::string& vendor) {
    if (work.eventCode.empty()) return;
    const sync::HttpResponse r = get("/api/v1/events/" + work.eventCode + "/vendors/" + vendor);
    std::optional<VendorDetail> d;
    if (r.status == 200) d = parseVendor(r.body);
    // A server without the vendor route (or a vendor without sales): the report's own figures.
    work.vendor = d ? std::move(*d) : vendorDetailFromReport(work, vendor);
  }

  void notice(NoticeKind kind, T text, std::string arg) {
    work.noticeKind = kind;
    work.notice = text;
    work.noticeArg = std::move(arg);
  }

  void download(Download what, const std::string& vendor) {
    const std::string code = work.eventCode;
    if (code.empty()) return;
    std::string path = "/api/v1/events/" + code, file = code;
    switch (what) {
      case Download::VendorPdf: path += "/settlement/" + vendor + ".pdf"; file += "-" + vendor + ".pdf"; break;
      case Download::StatementsPdf: path += "/statements.pdf"; file += "-statements.pdf"; break;
      case Download::SettlementCsv: path += "/settlement?format=csv"; file += "-settlement.csv"; break;
      case Download::ReportCsv: path += "/report.csv"; file += "-report.csv"; break;
      case Download::Workbook: path += "/report.xlsx"; file += "-report.xlsx"; break;
    }
    const sync::HttpResponse r = get(path);
    if (r.status == 404 && what == Download::Workbook) return notice(NoticeKind::Error, T::OrgNoticeNoWorkbook, "");
    if (r.status != 200) return notice(NoticeKind::Error, T::OrgNoticeDownloadFailed, errorText(r));
    const fs::path target = fs::path(options.downloadDir) / file;
    std::string error;
    if (!writeFileAtomically(target, r.body, error)) return notice(NoticeKind::Error, T::OrgNoticeDownloadFailed, error);
    notice(NoticeKind::Good, T::OrgNoticeSaved, target.string());
  }

  void putTarget(std::int64_t idr) {
    if (work.eventCode.empty()) return;
    const sync::HttpResponse r = http->put("/api/v1/events/" + work.eventCode + "/target", json{{"target_idr", idr}}.dump());
    {
      std::lock_guard lock(mutex);
      ++stats.requests;
    }
    if (r.status != 204 && r.status != 200) return notice(NoticeKind::Error, T::OrgNoticeTargetFailed, errorText(r));
    notice(NoticeKind::Good, T::OrgNoticeTargetSaved, core::formatRupiah(core::Rupiah(idr)));
    pollNow = true;
  }

  void run() {
    sync::HttpOptions http_options;
    http_options.baseUrl = options.server;
    http_options.caFile = options.caFile;
    http_options.connectTimeoutMs = std::min<long>(3000, options.timeoutMs);
    http_options.requestTimeoutMs = options.timeoutMs;
    http = std::make_unique<sync::HttpClient>(http_options);
    http->setToken(options.token);
    core::EpochMs nextPoll = 0;
    std::unique_lock lock(mutex);
    while (!stop) {
      if (!commands.empty()) {
        auto command = std::move(commands.front());
        commands.pop_front();
        lock.unlock();
        command();
        publish();
        lock.lock();
        continue;
      }
      if (pollNow || now() >= nextPoll) {
        pollNow = false;
        lock.unlock();
        const Link link = work.link;
        const std::string detail = work.linkDetail;
        dirty = false;
        poll();
        // An idle poll (a 304) wakes nobody: the window sleeps until something changed.
        if (dirty || work.link != link || work.linkDetail != detail || work.fromCache) publish();
        lock.lock();
        ++stats.polls;
        nextPoll = now() + options.pollMs;
        continue;
      }
      cv.wait_for(lock, std::chrono::milliseconds(std::max<core::EpochMs>(1, nextPoll - now())));
    }
  }
};

OrganizerClient::OrganizerClient(ClientOptions options) : m(std::make_unique<Impl>()) {
  m->options = std::move(options);
  m->work.server = m->options.server;
  m->work.downloadDir = m->options.downloadDir;
}

OrganizerClient::~OrganizerClient() {
  {
    std::lock_guard lock(m->mutex);
    m->stop = true;
  }
  m->cv.notify_all();
  if (m->thread.joinable()) m->thread.join();
}

void OrganizerClient::start() {
  m->loadCache();
  {
    std::lock_guard lock(m->mutex);
    m->work.revision = 1;
    m->shared = m->work;
  }
  m->thread = std::thread([this] { m->run(); });
}

bool OrganizerClient::takeUpdate(ConsoleData& into) {
  std::lock_guard lock(m->mutex);
  if (m->shared.revision == m->taken) return false;
  m->taken = m->shared.revision;
  into = m->shared;
  return true;
}

ClientStats OrganizerClient::stats() const {
  std::lock_guard lock(m->mutex);
  return m->stats;
}

void OrganizerClient::chooseEvent(const std::string& code) {
  m->post([this, code] {
    m->showEvent(code);
    m->pollNow = true;
  });
}
void OrganizerClient::openVendor(const std::string& code) {
  m->post([this, code] { m->fetchVendor(code); });
}
void OrganizerClient::compareWith(const std::string& code) {
  m->post([this, code] {
    if (code == m->work.compareWith && m->work.comparison) return;
    m->work.compareWith = code;
    m->work.comparison.reset();
    m->viewsFromCache();
    if (m->fetchViews()) m->saveCache();
  });
}
void OrganizerClient::showYear(const std::string& year) {
  m->post([this, year] {
    if (year == m->work.year && m->work.yearReport) return;
    m->work.year = year;
    m->work.yearReport.reset();
    m->viewsFromCache();
    if (m->fetchViews()) m->saveCache();
  });
}
void OrganizerClient::openDeviceAudit(const std::string& device) {
  m->post([this, device] {
    if (device == m->work.auditDevice && m->work.deviceAudit) return;
    m->work.auditDevice = device;
    m->work.deviceAudit.reset();
    if (device.empty()) return;
    m->viewsFromCache();
    if (m->fetchViews()) m->saveCache();
  });
}
void OrganizerClient::setTarget(std::int64_t idr) {
  m->post([this, idr] { m->putTarget(idr); });
}
void OrganizerClient::fetch(Download what, const std::string& vendor) {
  m->post([this, what, vendor] { m->download(what, vendor); });
}
void OrganizerClient::refreshNow() {
  // Asks again for everything, each with its ETag: unchanged answers are still a 304 each.
  m->post([this] {
    m->fetchedSeq.clear();
    m->pollNow = true;
  });
}

void OrganizerClient::apply(const ConsoleAction& action) {
  if (auto* a = std::get_if<act::ChooseEvent>(&action)) chooseEvent(a->code);
  else if (auto* v = std::get_if<act::OpenVendor>(&action)) openVendor(v->code);
  else if (auto* d = std::get_if<act::OpenDeviceAudit>(&action)) openDeviceAudit(d->device);
  else if (auto* c = std::get_if<act::CompareWith>(&action)) compareWith(c->code);
  else if (auto* y = std::get_if<act::ShowYear>(&action)) showYear(y->year);
  else if (auto* t = std::get_if<act::SetTarget>(&action)) setTarget(t->idr);
  else if (auto* f = std::get_if<act::Fetch>(&action)) fetch(f->what, f->vendor);
  else if (std::holds_alternative<act::RefreshNow>(action)) refreshNow();
}

}  // namespace pameran::kiosk::organizer

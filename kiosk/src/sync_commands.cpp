#include "sync_commands.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <thread>

#include "pameran/sync/client.hpp"

namespace pameran::kiosk {
namespace {

std::atomic<bool> g_quit{false};

extern "C" void onQuitSignal(int) { g_quit.store(true); }

int error(const std::string& message) {
  std::cerr << "pameran-kiosk: error: " << message << "\n";
  return 1;
}

}  // namespace

SyncCommands addSyncCommands(CLI::App& app, SyncCommandOptions& o) {
  SyncCommands c;
  c.enroll = app.add_subcommand("enroll", "Trade a one-time code for a device token; pull the event and catalog");
  c.enroll->add_option("--db", o.db, "Kiosk database (created if missing)")->required();
  c.enroll->add_option("--server", o.server, "Server URL, https://host:port (http:// only to this machine)")->required();
  c.enroll->add_option("--code", o.code, "One-time enrollment code from the organizer")->required();
  c.enroll->add_option("--name", o.name, "What this kiosk is called");
  c.enroll->add_option("--ca-file", o.caFile, "Extra CA certificate (PEM) for the server's TLS certificate");
  c.enroll->add_flag("--allow-insecure-http", o.allowInsecureHttp,
                     "Accept a plain http:// server on another machine (tokens cross the network in clear; "
                     "the status bar warns)");

  c.sync = app.add_subcommand("sync", "Upload pending sales, refunds and shift closes to the server");
  c.sync->add_option("--db", o.db, "Kiosk database")->required();
  c.sync->add_option("--server", o.server, "Server URL for this run (default: the enrolled one)");
  c.sync->add_flag("--once", o.once, "Upload everything pending and exit: 0 when nothing is left, 1 otherwise");
  return c;
}

int enrollCommand(const SyncCommandOptions& o) {
  auto store = core::Store::open(o.db);
  if (!store) return error(store.error().message);
  const std::string name = o.name.empty() ? (*store)->settings().device().name : o.name;
  auto answer = sync::enroll(**store, o.server, o.code, name.empty() ? "Kios" : name, o.caFile, o.allowInsecureHttp);
  if (!answer) return error(answer.error().message);
  const auto event = (*store)->catalog().currentEvent();
  const std::size_t products = event ? (*store)->catalog().products(event->id).size() : 0;
  std::cout << fmt::format("enrolled as {} ({}) for event {}; {} products\n", answer->deviceCode, answer->deviceId,
                           answer->event.code, products);
  return 0;
}

int syncCommand(const SyncCommandOptions& o) {
  if (!std::filesystem::exists(o.db)) return error(o.db + ": no such database");
  auto store = core::Store::open(o.db);
  if (!store) return error(store.error().message);
  auto http = sync::clientFor(**store, o.server);
  if (!http) return error(http.error().message);

  if (o.once) {
    sync::Uploader uploader(**store, **http);
    // --once gives up within seconds rather than waiting out a long backoff.
    sync::Backoff backoff(250, 2000);
    const auto sleep = [](std::int64_t ms) {
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
      return true;
    };
    sync::DrainResult r = sync::drain(uploader, **store, backoff, 8000, sleep);
    // What is pending goes first; then, as the server answers, whatever a server restored from a
    // backup lacks of what was synced before goes again (P24).
    if (!r.stopped && !r.gaveUp) {
      if (auto lost = sync::requeueWhatServerLost(**store, **http); lost && lost->total() > 0) {
        std::cout << fmt::format("the server lacked {} records (restored from a backup?): sending them again\n", lost->total());
        const sync::DrainResult again = sync::drain(uploader, **store, backoff, 8000, sleep);
        r.synced += again.synced;
        r.quarantined += again.quarantined;
        r.stopped = again.stopped;
        r.error = again.error;
      }
    }
    // In-store barcodes given for price tags go too, so every kiosk scans them.
    std::size_t barcodesLeft = 0;
    if (!r.stopped && !(*store)->catalog().pendingBarcodes().empty()) {
      auto pushed = sync::pushBarcodes(**store, **http);
      if (!pushed) {
        std::cout << "barcodes not sent: " << pushed.error().message << "\n";
      } else {
        std::cout << fmt::format("barcodes sent {}, accepted {}\n", pushed->sent, pushed->accepted);
        for (const core::Product& p : pushed->reassigned)
          std::cout << fmt::format("{} ({}) has the new barcode {}: print its tags again\n", p.name, p.sku, p.barcode);
      }
      barcodesLeft = (*store)->catalog().pendingBarcodes().size();
    }
    const core::OutboxStats stats = (*store)->outbox().stats();
    std::cout << fmt::format("synced {}, pending {}, quarantined {}\n", r.synced, stats.pending, stats.quarantined);
    if (r.stopped) return error(r.error);
    if (barcodesLeft > 0) return error(fmt::format("{} in-store barcodes could not be delivered", barcodesLeft));
    if (stats.pending > 0) return error(fmt::format("{} records could not be delivered: {}", stats.pending, r.error));
    if (stats.quarantined > 0)
      return error(fmt::format("{} records were set aside by the server and need attention", stats.quarantined));
    return 0;
  }

  // Headless background sync until SIGINT/SIGTERM; the same loop the window runs.
  std::signal(SIGINT, onQuitSignal);
  std::signal(SIGTERM, onQuitSignal);
  http->reset();
  store->reset();
  sync::BackgroundSync background(o.db);
  background.start();
  std::string last;
  while (!g_quit.load()) {
    const sync::SyncStatus st = background.status();
    const std::string line = fmt::format("{}: pending {}, quarantined {}{}{}", sync::toString(st.state), st.pending,
                                         st.quarantined, st.lastError.empty() ? "" : ", ", st.lastError);
    if (line != last) std::cout << line << std::endl;
    last = line;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  background.stop();
  return 0;
}

}  // namespace pameran::kiosk

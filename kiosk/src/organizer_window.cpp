// `pameran-kiosk organizer`: the organizer console's window. The client polls on its own thread
// and wakes the loop; the frame draws the console and its actions go to the client after it.
#include <GLFW/glfw3.h>

#include <chrono>
#include <iostream>

#include "cli.hpp"
#include "pameran/kiosk/organizer/client.hpp"
#include "pameran/kiosk/organizer/console.hpp"
#include "pameran/sync/http.hpp"

namespace pameran::kiosk {

namespace {

const char* linkName(organizer::Link link) {
  switch (link) {
    case organizer::Link::Connecting: return "connecting";
    case organizer::Link::Online: return "online";
    case organizer::Link::Offline: return "offline";
    case organizer::Link::Unauthorized: return "refused (401: unknown or revoked token)";
    case organizer::Link::Forbidden: return "refused (403: a device token, not an organizer token)";
  }
  return "";
}

}  // namespace

int runOrganizer(const OrganizerOptions& options) {
  using namespace organizer;
  if (!sync::isValidServerUrl(options.server)) {
    std::cerr << "pameran-kiosk: error: --server must be http(s)://host[:port], not '" << options.server << "'\n";
    return 2;
  }
  if (const std::string problem = sync::serverUrlProblem(options.server, false); !problem.empty()) {
    std::cerr << "pameran-kiosk: error: " << problem << "\n";
    return 2;
  }
  auto token = readTokenFile(options.tokenFile);
  if (!token) {
    std::cerr << "pameran-kiosk: error: " << token.error().message << "\n";
    return 2;
  }
  ClientOptions client;
  client.server = options.server;
  client.caFile = options.caFile;
  client.token = *token;
  client.eventCode = options.event;
  client.cachePath = options.cachePath.empty() ? defaultCachePath(options.server) : options.cachePath;
  client.downloadDir = options.downloadDir.empty() ? defaultDownloadDir() : options.downloadDir;
  client.wake = [] { glfwPostEmptyEvent(); };
  std::cerr << "pameran-kiosk organizer: server " << options.server << ", cache " << client.cachePath << ", downloads "
            << client.downloadDir << "\n";

  return runHostedWindow("Pameran POS - Konsol Penyelenggara", options.width, options.height, options.fullscreen, [&] {
    // Everything the frame needs lives as long as the loop: the lambdas below hold it.
    struct Console {
      OrganizerClient client;
      ConsoleState state;
      ConsoleData data;
      Translator tr;
      std::vector<ConsoleAction> actions;
      bool quit = false;
      Link lastLink = Link::Connecting;
      std::chrono::steady_clock::time_point lastDraw;
      explicit Console(ClientOptions o) : client(std::move(o)) {}
    };
    auto c = std::make_shared<Console>(client);
    c->tr = Translator::builtIn(parseLanguage(options.lang).value_or(Language::Id));
    c->state.language = c->tr.language();
    c->client.start();
    HostedFrame frame;
    frame.refresh = [c] {
      bool changed = c->client.takeUpdate(c->data);
      if (changed && c->data.link != c->lastLink) {
        c->lastLink = c->data.link;
        std::cerr << "pameran-kiosk organizer: " << linkName(c->data.link)
                  << (c->data.linkDetail.empty() ? "" : " (" + c->data.linkDetail + ")") << "\n";
      }
      // The age of the figures is written on screen: draw again now and then while idle.
      if (std::chrono::steady_clock::now() - c->lastDraw > std::chrono::seconds(5)) changed = true;
      return changed;
    };
    frame.draw = [c] {
      c->lastDraw = std::chrono::steady_clock::now();
      const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
      drawConsole({c->state, c->data, c->tr, now, c->actions});
    };
    frame.hasActions = [c] { return !c->actions.empty(); };
    frame.applyActions = [c] {
      for (const ConsoleAction& a : std::exchange(c->actions, {})) {
        if (std::holds_alternative<organizer::act::Quit>(a)) c->quit = true;
        else if (auto* l = std::get_if<organizer::act::SetLanguage>(&a)) {
          c->tr = Translator::builtIn(l->language);
          c->state.language = l->language;
        } else c->client.apply(a);
      }
    };
    frame.finished = [c] { return c->quit; };
    frame.idleWaitMs = [](std::int64_t cap) { return std::min<std::int64_t>(cap, 5000); };
    return frame;
  });
}

}  // namespace pameran::kiosk

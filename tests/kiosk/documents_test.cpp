// QR modules, the print worker and printer targets, PDF documents.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "kiosk_fixtures.hpp"
#include "pameran/core/qris.hpp"
#include "pameran/kiosk/documents.hpp"
#include "pameran/kiosk/qr.hpp"
#include "pameran/kiosk/worker.hpp"

namespace pameran::kiosk {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Qr, EncodesAQrisPayloadWithFinderPatterns) {
  const std::string payload = core::makeDemoStaticQris("Batik Sinar Belimbing", "Depok", 7);
  auto qr = encodeQr(*core::makeDynamicQris(payload, core::Rupiah(150000)));
  ASSERT_TRUE(qr);
  EXPECT_GE(qr->size, 21);
  EXPECT_EQ((qr->size - 17) % 4, 0) << "a QR side is 17 + 4 x version";
  // The top-left finder: a dark 7x7 ring around a light ring.
  for (int i = 0; i < 7; ++i) {
    EXPECT_TRUE(qr->isDark(i, 0));
    EXPECT_TRUE(qr->isDark(0, i));
  }
  EXPECT_FALSE(qr->isDark(1, 1));
  int side = 0;
  const auto rgba = qrPixels(*qr, 4, side);
  EXPECT_EQ(side, qr->size + 8);
  EXPECT_EQ(rgba.size(), static_cast<std::size_t>(side * side * 4));
  EXPECT_EQ(rgba[0], 0xFF) << "the quiet zone is light";
  EXPECT_FALSE(encodeQr(""));
}

TEST(Worker, RunsJobsInOrderAndReportsThem) {
  std::atomic<int> wakes{0};
  std::vector<JobResult> results;
  {
    Worker w([&] { ++wakes; });
    w.submit(1, []() -> core::Result<std::string> { return std::string("one"); });
    w.submit(2, []() -> core::Result<std::string> { return core::fail(core::Errc::Storage, "paper out"); });
    for (int i = 0; i < 200 && results.size() < 2; ++i) {
      for (auto& r : w.drain()) results.push_back(std::move(r));
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  ASSERT_EQ(results.size(), 2u);
  EXPECT_TRUE(results[0].ok);
  EXPECT_EQ(results[0].detail, "one");
  EXPECT_FALSE(results[1].ok);
  EXPECT_EQ(results[1].detail, "paper out");
  EXPECT_EQ(results[1].kind, 2);
  EXPECT_EQ(wakes.load(), 2);
}

TEST(Worker, FinishesQueuedJobsBeforeItStops) {
  std::atomic<int> done{0};
  {
    Worker w;
    for (int i = 0; i < 5; ++i)
      w.submit(0, [&]() -> core::Result<std::string> {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        ++done;
        return std::string();
      });
  }
  EXPECT_EQ(done.load(), 5);
}

TEST(Printer, AFileTargetCollectsPrints) {
  const fs::path dir = testing::uniqueDir("printer");
  const std::string file = (dir / "out.bin").string();
  ASSERT_TRUE(sendToPrinter(file, "one"));
  ASSERT_TRUE(sendToPrinter(file, "two"));
  EXPECT_EQ(slurp(file), "onetwo");
  auto missing = sendToPrinter((dir / "no" / "such" / "dir").string(), "x");
  EXPECT_FALSE(missing);
  EXPECT_FALSE(sendToPrinter("", "x"));
  fs::remove_all(dir);
}

TEST(Printer, ANetworkPrinterGetsTheBytes) {
  const int server = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(server, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ::getsockname(server, reinterpret_cast<sockaddr*>(&addr), &len);
  ::listen(server, 1);
  std::string received;
  std::thread t([&] {
    const int c = ::accept(server, nullptr, nullptr);
    char buf[256];
    ssize_t n = 0;
    while ((n = ::read(c, buf, sizeof buf)) > 0) received.append(buf, static_cast<std::size_t>(n));
    ::close(c);
  });
  const std::string target = "tcp://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  EXPECT_TRUE(sendToPrinter(target, std::string("\x1b@hello", 7)));
  t.join();
  ::close(server);
  EXPECT_EQ(received, std::string("\x1b@hello", 7));
}

TEST(Printer, ASilentNetworkPrinterFailsQuicklyWithAReason) {
  // A closed port on loopback refuses at once.
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(s);
  const auto start = std::chrono::steady_clock::now();
  auto r = sendToPrinter("tcp://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)), "x", 1000);
  EXPECT_FALSE(r);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  EXPECT_FALSE(sendToPrinter("tcp://no-such-host.invalid:9100", "x", 500));
}

TEST(Pdf, WritesAReceiptAndAnA4DocumentWithIndonesianText) {
  const fs::path dir = testing::uniqueDir("pdf");
  TextDocument receipt;
  receipt.receiptPaper = true;
  receipt.columns = 32;
  receipt.lines = {"Pameran Kriya & Kuliner", "Tas Anyaman Bambu   Rp 135.000", "Terima kasih — sampai jumpa"};
  ASSERT_TRUE(writePdf((dir / "r.pdf").string(), receipt, fontDirectory()));
  EXPECT_EQ(slurp(dir / "r.pdf").substr(0, 5), "%PDF-");
  TextDocument slip;
  slip.title = "Slip retur barang";
  slip.subtitle = "Batik Sinar Belimbing";
  for (int i = 0; i < 150; ++i) slip.lines.push_back("Baris " + std::to_string(i));
  ASSERT_TRUE(writePdf((dir / "sub" / "s.pdf").string(), slip, fontDirectory()));
  EXPECT_GT(fs::file_size(dir / "sub" / "s.pdf"), 1000u);
  EXPECT_FALSE(fs::exists(dir / "sub" / "s.pdf.tmp"));
  auto noFonts = writePdf((dir / "x.pdf").string(), slip, (dir / "nowhere").string());
  EXPECT_FALSE(noFonts);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace pameran::kiosk

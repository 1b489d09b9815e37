// Runs the pameran-server executable as scripts do (PAMERAN_SERVER_EXE, in a fresh directory) and
// keeps what it printed: shared by the command tests of both stores.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

#include "../common/temp_dir.hpp"

#ifndef PAMERAN_SERVER_EXE
#error "PAMERAN_SERVER_EXE must name the pameran-server executable"
#endif

namespace pameran::sync::testing {

struct CommandOutcome {
  int rc = -1;
  std::string out;
  std::string err;
};

class ServerCommandTest : public ::testing::Test {
 protected:
  /// `pameran-server ARGS` (a shell word list) run in m_dir: exit code, stdout and stderr.
  CommandOutcome run(const std::string& args) { return outcomeOf("'" PAMERAN_SERVER_EXE "' " + args); }
  /// Any shell command run in m_dir: exit code, stdout and stderr.
  CommandOutcome outcomeOf(const std::string& command) {
    const std::string errFile = m_dir.file("stderr.txt");
    const std::string cmd = "cd '" + m_dir.path().string() + "' && " + command + " 2>'" + errFile + "'";
    CommandOutcome r;
    FILE* pipe = ::popen(cmd.c_str(), "r");
    if (!pipe) return r;
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
    const int status = ::pclose(pipe);
    r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream in(errFile, std::ios::binary);
    r.err.assign(std::istreambuf_iterator<char>(in), {});
    return r;
  }
  /// The last line of an output (codes and tokens are printed there).
  static std::string lastLine(std::string text) {
    while (!text.empty() && text.back() == '\n') text.pop_back();
    const auto nl = text.rfind('\n');
    return nl == std::string::npos ? text : text.substr(nl + 1);
  }
  /// Errors are one line.
  static bool oneLine(const std::string& err) { return !err.empty() && err.find('\n') == err.size() - 1; }
  /// v.csv and p.csv: three vendors (one per sector) and their products; bad.csv: products with an
  /// unknown vendor on line 3.
  void writeCatalog() {
    std::ofstream(m_dir.file("v.csv")) << "code,name,sector,owner,phone,qris\n"
                                          "V01,Batik Depok,fesyen,Ibu Sari,0812,\n"
                                          "V02,Anyaman Bambu,kriya,Pak Budi,0813,\n"
                                          "V03,Kue Kering Bu Ani,kuliner,Bu Ani,0814,\n";
    std::ofstream(m_dir.file("p.csv")) << "sku,barcode,vendor_code,name,price_idr,stock,low_stock\n"
                                          "V01-P1,,V01,Kain Batik Tulis,25000,10,2\n"
                                          "V02-P2,,V02,Tas Anyaman,40000,5,1\n"
                                          "V03-P1,,V03,Nastar,30000,50,5\n";
    std::ofstream(m_dir.file("bad.csv")) << "sku,barcode,vendor_code,name,price_idr,stock,low_stock\n"
                                            "N-1,,V01,Baru,1000,1,1\n"
                                            "X-1,123,NOPE,Barang,1000,1,1\n";
  }

  test_support::TempDir m_dir;
};

}  // namespace pameran::sync::testing

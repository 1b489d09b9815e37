#include "record_digest.hpp"

#include <openssl/evp.h>

#include "pameran/core/ids.hpp"

namespace pameran::sync {
namespace {

// sha256 (lowercase hex) of a canonical body, the same digest core::sha256Hex gives, through
// OpenSSL: it uses the CPU's SHA extensions where present, several times faster than
// libsodium's portable code, and every uploaded record is hashed. One context per thread.
class Sha256 {
 public:
  Sha256() : m_md(EVP_MD_fetch(nullptr, "SHA256", nullptr)), m_ctx(EVP_MD_CTX_new()) {
    // Trust it only once it agrees with the reference digest.
    static constexpr std::string_view kProbe = "pameran";
    m_ok = m_md && m_ctx && digest(kProbe) == core::sha256Hex(kProbe);
  }
  ~Sha256() {
    EVP_MD_CTX_free(m_ctx);
    EVP_MD_free(m_md);
  }
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  std::string hex(std::string_view data) {
    if (m_ok) {
      std::string out = digest(data);
      if (!out.empty()) return out;
    }
    return core::sha256Hex(data);
  }

 private:
  std::string digest(std::string_view data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_DigestInit_ex(m_ctx, m_md, nullptr) != 1 || EVP_DigestUpdate(m_ctx, data.data(), data.size()) != 1 ||
        EVP_DigestFinal_ex(m_ctx, md, &len) != 1 || len != 32)
      return {};
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out(64, '0');
    for (unsigned int i = 0; i < len; ++i) {
      out[2 * i] = kHex[md[i] >> 4];
      out[2 * i + 1] = kHex[md[i] & 0x0f];
    }
    return out;
  }

  EVP_MD* m_md;
  EVP_MD_CTX* m_ctx;
  bool m_ok = false;
};

}  // namespace

std::string canonicalDigest(std::string_view body) {
  thread_local Sha256 sha;
  return sha.hex(body);
}

}  // namespace pameran::sync

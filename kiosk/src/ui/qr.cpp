#include "pameran/kiosk/qr.hpp"

#include <qrencode.h>

#include <memory>
#include <string>

namespace pameran::kiosk {

core::Result<QrImage> encodeQr(std::string_view text) {
  if (text.empty()) return core::fail(core::Errc::Invalid, "nothing to put in a QR code");
  const std::string copy(text);  // libqrencode wants a NUL-terminated string
  // 8-bit mode with case sensitivity: a QRIS payload must come back byte for byte.
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(QRcode_encodeString(copy.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1),
                                                        &QRcode_free);
  if (!code) return core::fail(core::Errc::Invalid, "the text is too long for a QR code");
  QrImage image;
  image.size = code->width;
  const auto n = static_cast<std::size_t>(code->width) * static_cast<std::size_t>(code->width);
  image.dark.resize(n);
  for (std::size_t i = 0; i < n; ++i) image.dark[i] = static_cast<std::uint8_t>(code->data[i] & 1u);
  return image;
}

std::vector<std::uint8_t> qrPixels(const QrImage& qr, int quiet, int& side) {
  side = qr.size + 2 * quiet;
  std::vector<std::uint8_t> rgba(static_cast<std::size_t>(side) * static_cast<std::size_t>(side) * 4u, 0xFF);
  for (int y = 0; y < qr.size; ++y)
    for (int x = 0; x < qr.size; ++x)
      if (qr.isDark(x, y)) {
        const std::size_t at = (static_cast<std::size_t>(y + quiet) * static_cast<std::size_t>(side) + static_cast<std::size_t>(x + quiet)) * 4u;
        rgba[at] = rgba[at + 1] = rgba[at + 2] = 0;
      }
  return rgba;
}

}  // namespace pameran::kiosk

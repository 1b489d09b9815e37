#pragma once
// QR codes for the payment screen: libqrencode's modules, and the pixels of a texture.
#include <cstdint>
#include <string_view>
#include <vector>

#include "pameran/core/error.hpp"

namespace pameran::kiosk {

struct QrImage {
  int size = 0;                     // modules per side, without a quiet zone
  std::vector<std::uint8_t> dark;   // size x size, row-major, 1 = dark
  bool isDark(int x, int y) const { return dark[static_cast<std::size_t>(y * size + x)] != 0; }
};

/// Encodes text as a QR code (error correction M, 8-bit mode, the smallest version that fits).
/// Fails (Invalid) on empty text or text too long for any QR version.
core::Result<QrImage> encodeQr(std::string_view text);

/// The QR as RGBA pixels, one pixel per module, with `quiet` light modules around it (a scanner
/// needs at least 4). `side` receives the width and height in pixels.
std::vector<std::uint8_t> qrPixels(const QrImage& qr, int quiet, int& side);

/// Makes and frees GPU textures for QR codes. The window provides one (OpenGL, nearest filtering);
/// without one (headless tests) screens draw the modules as rectangles.
class TextureHost {
 public:
  virtual ~TextureHost() = default;
  virtual void* createQrTexture(const QrImage& qr, int quiet) = 0;
  virtual void destroyTexture(void* texture) = 0;
};

}  // namespace pameran::kiosk

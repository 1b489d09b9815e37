// The buyer's window: the booth's name, the cart as it is scanned with the total in large type,
// the QRIS to scan with the payee and amount, then the change due, thanks and the receipt number.
// Bahasa Indonesia with English beneath; sizes for reading at two metres (the total's digits are
// about a tenth of the window's height).
#include "pameran/kiosk/customer_display.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "widgets.hpp"

namespace pameran::kiosk {
namespace {

struct DisplayFonts {
  ImFont* small = nullptr;    // the English beneath
  ImFont* body = nullptr;
  ImFont* bold = nullptr;
  ImFont* large = nullptr;
  ImFont* huge = nullptr;     // amounts only
  float s = 1.0f;             // layout scale of the display's window
};

DisplayFonts& fonts() {
  static DisplayFonts f;
  return f;
}

float dp(float v) { return v * fonts().s; }

const ImWchar kTextGlyphs[] = {0x0020, 0x00FF, 0x0100, 0x017F, 0x2013, 0x2026, 0x00D7, 0x00D7, 0};
const ImWchar kAmountGlyphs[] = {0x0020, 0x0020, 0x002C, 0x002E, 0x0030, 0x0039, 0x0052, 0x0052, 0x0070, 0x0070, 0};

ImFont* fontOr(ImFont* f) { return f ? f : ImGui::GetIO().Fonts->Fonts[0]; }

float widthOf(ImFont* font, std::string_view s) { return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, s.data(), s.data() + s.size()).x; }

// Text at a position, cut with an ellipsis at `maxWidth` (0: no limit); `align` 0 left, 0.5 centred,
// 1 right of `pos.x`.
void put(ImDrawList* dl, ImFont* font, ImVec2 pos, ImU32 color, std::string_view s, float maxWidth = 0, float align = 0) {
  if (s.empty()) return;
  const float w = widthOf(font, s);
  if (maxWidth > 0 && w > maxWidth) {
    ImGui::PushFont(font);
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    const float x0 = pos.x - maxWidth * align;
    ImGui::RenderTextEllipsis(dl, ImVec2(x0, pos.y), ImVec2(x0 + maxWidth, pos.y + font->FontSize * 1.3f), x0 + maxWidth, x0 + maxWidth,
                              s.data(), s.data() + s.size(), nullptr);
    ImGui::PopStyleColor();
    ImGui::PopFont();
    return;
  }
  dl->AddText(font, font->FontSize, ImVec2(std::floor(pos.x - w * align), std::floor(pos.y)), color, s.data(), s.data() + s.size());
}

// Text that must be read whole (an amount, a heading): smaller when it would not fit `maxWidth`,
// never cut. It keeps its baseline, so a smaller one sits where the full size would.
void putWhole(ImDrawList* dl, ImFont* font, ImVec2 pos, ImU32 color, std::string_view s, float maxWidth, float align = 0) {
  if (s.empty()) return;
  const float w = widthOf(font, s);
  const float size = w > maxWidth && w > 0 ? std::floor(font->FontSize * maxWidth / w) : font->FontSize;
  const float drawn = font->CalcTextSizeA(size, FLT_MAX, 0, s.data(), s.data() + s.size()).x;
  dl->AddText(font, size, ImVec2(std::floor(pos.x - drawn * align), std::floor(pos.y + (font->FontSize - size) * 0.8f)), color, s.data(),
              s.data() + s.size());
}

// Indonesian in `font`, English beneath in the small font; returns the height used.
float bilingual(ImDrawList* dl, ImFont* font, ImVec2 pos, ImU32 color, ImU32 muted, const Bilingual& b, float maxWidth,
                float align = 0) {
  putWhole(dl, font, pos, color, b.id, maxWidth, align);
  const float h = font->FontSize + dp(2);
  if (b.en.empty() || b.en == b.id) return h;
  put(dl, fonts().small, ImVec2(pos.x, pos.y + h), muted, b.en, maxWidth, align);
  return h + fonts().small->FontSize + dp(2);
}

void drawQr(ImDrawList* dl, const CustomerVm& vm, ImVec2 p, float side) {
  dl->AddRectFilled(p, ImVec2(p.x + side, p.y + side), IM_COL32_WHITE, dp(10));
  // Whole pixels per module and a quiet zone of four: sharp edges a phone reads from a distance.
  const int modules = vm.qrSize + 8;
  const float ppm = std::max(1.0f, std::floor(side / static_cast<float>(modules)));
  const float qr = ppm * static_cast<float>(modules);
  const ImVec2 q(std::floor(p.x + (side - qr) / 2), std::floor(p.y + (side - qr) / 2));
  if (vm.qrTexture) {
    dl->AddImage(reinterpret_cast<ImTextureID>(vm.qrTexture), q, ImVec2(q.x + qr, q.y + qr));
    return;
  }
  for (int y = 0; y < vm.qrSize; ++y)
    for (int x = 0; x < vm.qrSize; ++x)
      if (vm.qrModules[static_cast<std::size_t>(y * vm.qrSize + x)]) {
        const ImVec2 a(q.x + ppm * static_cast<float>(x + 4), q.y + ppm * static_cast<float>(y + 4));
        dl->AddRectFilled(a, ImVec2(a.x + ppm, a.y + ppm), IM_COL32_BLACK);
      }
}

}  // namespace

bool addCustomerDisplayFonts(float scale, const std::string& fontDir) {
  DisplayFonts& f = fonts();
  f = DisplayFonts{};
  f.s = scale;
  const std::string regular = fontDir + "/DejaVuSans.ttf";
  const std::string bold = fontDir + "/DejaVuSans-Bold.ttf";
  std::error_code ec;
  if (!std::filesystem::exists(regular, ec) || !std::filesystem::exists(bold, ec)) return false;
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  ImFontConfig cfg;
  cfg.OversampleH = 1;
  cfg.OversampleV = 1;
  cfg.PixelSnapH = true;
  auto add = [&](const std::string& file, float size, const ImWchar* glyphs) {
    return atlas->AddFontFromFileTTF(file.c_str(), std::round(size * scale), &cfg, glyphs);
  };
  f.small = add(regular, 24.0f, kTextGlyphs);
  f.body = add(regular, 32.0f, kTextGlyphs);
  f.bold = add(bold, 32.0f, kTextGlyphs);
  f.large = add(bold, 48.0f, kTextGlyphs);
  f.huge = add(bold, 104.0f, kAmountGlyphs);
  return f.small && f.body && f.bold && f.large && f.huge;
}

void drawCustomerDisplay(const CustomerVm& vm) {
  DisplayFonts& f = fonts();
  for (ImFont** font : {&f.small, &f.body, &f.bold, &f.large, &f.huge}) *font = fontOr(*font);
  const ui::Palette& c = ui::theme().c;
  const ImGuiIO& io = ImGui::GetIO();
  const float W = io.DisplaySize.x, H = io.DisplaySize.y;
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, c.bg);
  ImGui::Begin("##customer", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoInputs | ImGuiWindowFlags_NoSavedSettings);
  ImGui::PopStyleColor();
  ImGui::PopStyleVar(2);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float pad = dp(36);

  // The booth, as on a shop's sign.
  const float bandH = std::floor(dp(118));
  dl->AddRectFilled(ImVec2(0, 0), ImVec2(W, bandH), c.topBar);
  put(dl, f.large, ImVec2(pad, dp(16)), c.topBarText, vm.booth, W - 2 * pad);
  put(dl, f.small, ImVec2(pad, dp(16) + f.large->FontSize + dp(8)), IM_COL32(0xF1, 0xF5, 0xF2, 200), vm.event, W - 2 * pad);
  const float top = bandH + pad;
  const float bottom = H - pad;

  switch (vm.stage) {
    case CustomerVm::Stage::Welcome: {
      const float y = top + (bottom - top) / 2 - f.huge->FontSize / 2;
      bilingual(dl, f.large, ImVec2(W / 2, y), c.text, c.muted, vm.welcome, W - 2 * pad, 0.5f);
      break;
    }
    case CustomerVm::Stage::Cart: {
      // The lines on the left, newest at the bottom; the total on the right, large.
      const float listW = std::floor((W - 3 * pad) * 0.58f);
      const float rightX = pad + listW + pad;
      const float rightW = W - rightX - pad;
      const float rowH = f.bold->FontSize + f.small->FontSize + dp(22);
      const auto fit = static_cast<std::size_t>(std::max(1.0f, std::floor((bottom - top) / rowH)));
      const std::size_t first = vm.lines.size() > fit ? vm.lines.size() - fit : 0;
      float y = top;
      for (std::size_t i = first; i < vm.lines.size(); ++i) {
        const CustomerVm::Line& l = vm.lines[i];
        const float amountW = widthOf(f.bold, l.amount);
        put(dl, f.bold, ImVec2(pad, y), c.text, l.name, listW - amountW - dp(24));
        put(dl, f.bold, ImVec2(pad + listW, y), c.text, l.amount, 0, 1);
        put(dl, f.small, ImVec2(pad, y + f.bold->FontSize + dp(4)), c.muted, l.detail, listW);
        y += rowH;
        dl->AddLine(ImVec2(pad, y - dp(9)), ImVec2(pad + listW, y - dp(9)), c.border, 1.0f);
      }
      dl->AddRectFilled(ImVec2(rightX - pad / 2, top - pad / 2), ImVec2(W - pad / 2, bottom + pad / 2), c.panel, dp(14));
      float ry = top;
      ry += bilingual(dl, f.body, ImVec2(rightX, ry), c.muted, c.muted, vm.items, rightW) + dp(10);
      if (!vm.discount.empty()) {
        bilingual(dl, f.body, ImVec2(rightX, ry), c.text, c.muted, vm.discountLabel, rightW * 0.5f);
        putWhole(dl, f.bold, ImVec2(rightX + rightW, ry), c.good, vm.discount, rightW * 0.5f, 1);
        ry += f.body->FontSize + f.small->FontSize + dp(18);
      }
      // The total sits low in the panel, in the largest type.
      float ty = bottom - f.huge->FontSize - dp(8);
      if (!vm.rest.empty()) ty -= f.large->FontSize + f.small->FontSize + dp(20);
      ty = std::max(ty - f.body->FontSize - f.small->FontSize - dp(8), ry);
      ty += bilingual(dl, f.body, ImVec2(rightX, ty), c.text, c.muted, vm.totalLabel, rightW);
      putWhole(dl, f.huge, ImVec2(rightX + rightW, ty), c.primary, vm.total, rightW, 1);
      ty += f.huge->FontSize + dp(12);
      if (!vm.rest.empty()) {
        bilingual(dl, f.body, ImVec2(rightX, ty), c.warn, c.muted, vm.restLabel, rightW * 0.5f);
        putWhole(dl, f.large, ImVec2(rightX + rightW, ty), c.warn, vm.rest, rightW * 0.5f, 1);
      }
      break;
    }
    case CustomerVm::Stage::Qris: {
      const float side = std::floor(std::min(bottom - top, W * 0.46f));
      const ImVec2 qp(pad, top);
      drawQr(dl, vm, qp, side);
      const float x = pad + side + 2 * pad;
      const float w = W - x - pad;
      float y = top;
      y += bilingual(dl, f.large, ImVec2(x, y), c.primary, c.muted, vm.scanQris, w) + dp(24);
      y += bilingual(dl, f.body, ImVec2(x, y), c.muted, c.muted, vm.payTo, w) + dp(2);
      putWhole(dl, f.large, ImVec2(x, y), c.text, vm.payee, w);
      y += f.large->FontSize + dp(6);
      put(dl, f.body, ImVec2(x, y), c.muted, "NMID " + vm.nmid, w);
      y += f.body->FontSize + dp(24);
      putWhole(dl, f.huge, ImVec2(x, y), c.text, vm.qrAmount, w);
      y += f.huge->FontSize + dp(12);
      if (!vm.qrStep.empty()) put(dl, f.bold, ImVec2(x, y), c.warn, "QR " + vm.qrStep, w);
      break;
    }
    case CustomerVm::Stage::Paid: {
      float y = top + dp(8);
      if (!vm.change.empty()) {
        y += bilingual(dl, f.large, ImVec2(W / 2, y), c.good, c.muted, vm.changeLabel, W - 2 * pad, 0.5f) + dp(4);
        putWhole(dl, f.huge, ImVec2(W / 2, y), c.good, vm.change, W - 2 * pad, 0.5f);
        y += f.huge->FontSize + dp(36);
      } else {
        y += dp(40);
        putWhole(dl, f.large, ImVec2(W / 2, y), c.text, vm.total, W - 2 * pad, 0.5f);
        y += f.large->FontSize + dp(40);
      }
      y += bilingual(dl, f.large, ImVec2(W / 2, y), c.primary, c.muted, vm.thanks, W - 2 * pad, 0.5f) + dp(28);
      y += bilingual(dl, f.body, ImVec2(W / 2, y), c.muted, c.muted, vm.receiptLabel, W - 2 * pad, 0.5f);
      putWhole(dl, f.large, ImVec2(W / 2, y + dp(4)), c.text, vm.receiptNo, W - 2 * pad, 0.5f);
      break;
    }
  }
  ImGui::End();
}

CustomerPlacement placeCustomerDisplay(const ScreenRect& cashier, const std::vector<ScreenRect>& monitors) {
  // The cashier's monitor is the one holding the middle of the cashier's window.
  const int cx = cashier.x + cashier.w / 2, cy = cashier.y + cashier.h / 2;
  int own = -1;
  for (std::size_t i = 0; i < monitors.size(); ++i) {
    const ScreenRect& m = monitors[i];
    if (cx >= m.x && cx < m.x + m.w && cy >= m.y && cy < m.y + m.h) own = static_cast<int>(i);
  }
  if (own < 0 && !monitors.empty()) own = 0;
  for (std::size_t i = 0; i < monitors.size(); ++i)
    if (static_cast<int>(i) != own && monitors[i].w > 0 && monitors[i].h > 0) return {monitors[i], static_cast<int>(i)};
  return {ScreenRect{cashier.x + cashier.w, cashier.y, cashier.w, cashier.h}, -1};
}

}  // namespace pameran::kiosk

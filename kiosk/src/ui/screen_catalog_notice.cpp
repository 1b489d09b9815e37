// The notices over the product lists: what a catalog refresh changed (issue 11 §6: prices, new
// products, products no longer on sale; the cart keeps the prices it was rung up at; it stays
// until someone taps its close button), and the price tags to print again because the server made
// this kiosk change their barcode (until they are printed or a supervisor dismisses the list).
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "pameran/kiosk/ui.hpp"
#include "screens.hpp"
#include "widgets.hpp"

namespace pameran::kiosk::screens {

using namespace ui;

namespace {

// A warning box `width` wide with a title and lines, `right` left free on the right and `below`
// under the lines (for buttons). Returns its bottom-right corner; `under` gets where the free
// space under the lines starts.
ImVec2 noticeBox(const char* id, const std::string& title, const std::vector<std::string>& lines, float width, float right, float below,
                 ImVec2& under) {
  const Theme& t = theme();
  const float pad = px(12);
  const float lineH = std::ceil(t.fonts.body->FontSize + px(4));
  const float titleH = std::ceil(t.fonts.bold->FontSize + px(6));
  const float height = std::max(pad * 2 + titleH + lineH * static_cast<float>(lines.size()) + below, right + px(12));
  const float textW = width - right - pad * 3;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const ImVec2 q(p.x + width, p.y + height);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, q, t.c.warnSoft, t.rounding);
  dl->AddRect(p, q, t.c.warn, t.rounding, 0, px(2));
  textAt(dl, ImVec2(p.x + pad, p.y + pad), title, t.fonts.bold, t.c.text, textW);
  float y = p.y + pad + titleH;
  const std::string lineId = std::string(id) + "-line";
  for (std::size_t i = 0; i < lines.size(); ++i, y += lineH) {
    textAt(dl, ImVec2(p.x + pad, y), lines[i], t.fonts.body, t.c.text, textW);
    probeText(idx(lineId.c_str(), static_cast<long long>(i)), {lines[i]});
  }
  probe(id, p, q, true);
  probeText(id, {title});
  under = ImVec2(p.x + pad, y);
  return q;
}

}  // namespace

void drawCatalogNotice(const SellVm& vm, const Translator& tr, Actions& out, float width) {
  if (vm.catalogNotice.empty()) return;
  const Theme& t = theme();
  const float closeW = px(52);
  ImVec2 unused;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const ImVec2 q = noticeBox("catalog-notice", vm.catalogNoticeTitle, vm.catalogNotice, width, closeW, 0, unused);
  ImGui::SetCursorScreenPos(ImVec2(q.x - closeW - px(6), p.y + px(6)));
  if (button("catalog-notice-close", tr(T::KeyClose), ImVec2(closeW, closeW), Style::Ghost, true, t.fonts.large))
    out.emit(act::DismissCatalogNotice{});
  ImGui::SetCursorScreenPos(p);
  ImGui::Dummy(ImVec2(width, q.y - p.y + t.gap));
}

void drawReprintNotice(const ReprintVm& vm, const Translator& tr, Actions& out, float width) {
  if (vm.lines.empty()) return;
  const Theme& t = theme();
  const float buttonH = px(48);
  ImVec2 under;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const ImVec2 q = noticeBox("reprint-notice", vm.title, vm.lines, width, 0, buttonH + px(8), under);
  // Print them (A4 sheet or the label roll), or a supervisor says the old tags are dealt with.
  const float bw = std::floor((width - px(24) - 2 * t.gap) / 3);
  ImGui::SetCursorScreenPos(ImVec2(under.x, under.y + px(4)));
  if (button("reprint-pdf", tr(T::TagsPdf), ImVec2(bw, buttonH), Style::Primary, true, t.fonts.small))
    out.emit(act::PrintReprintTags{core::LabelLayout::Sheet3x7});
  ImGui::SameLine(0, t.gap);
  if (button("reprint-roll", tr(T::TagsRoll), ImVec2(bw, buttonH), Style::Secondary, true, t.fonts.small))
    out.emit(act::PrintReprintTags{core::LabelLayout::Roll58});
  ImGui::SameLine(0, t.gap);
  if (button("reprint-dismiss", tr(T::ReprintDismiss), ImVec2(bw, buttonH), Style::Ghost, true, t.fonts.small))
    out.emit(act::DismissReprints{});
  ImGui::SetCursorScreenPos(p);
  ImGui::Dummy(ImVec2(width, q.y - p.y + t.gap));
}

}  // namespace pameran::kiosk::screens

// The notice on the sell screen that says what a catalog refresh changed (issue 11 §6): prices,
// new products, products no longer on sale. The cart keeps the prices it was rung up at; the
// notice stays until someone taps its close button.
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "pameran/kiosk/ui.hpp"
#include "screens.hpp"
#include "widgets.hpp"

namespace pameran::kiosk::screens {

using namespace ui;

void drawCatalogNotice(const SellVm& vm, const Translator& tr, Actions& out, float width) {
  if (vm.catalogNotice.empty()) return;
  const Theme& t = theme();
  const float pad = px(12);
  const float closeW = px(52);
  const float lineH = std::ceil(t.fonts.body->FontSize + px(4));
  const float titleH = std::ceil(t.fonts.bold->FontSize + px(6));
  const float height = std::max(pad * 2 + titleH + lineH * static_cast<float>(vm.catalogNotice.size()), closeW + px(12));
  const float textW = width - closeW - pad * 3;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const ImVec2 q(p.x + width, p.y + height);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, q, t.c.warnSoft, t.rounding);
  dl->AddRect(p, q, t.c.warn, t.rounding, 0, px(2));
  textAt(dl, ImVec2(p.x + pad, p.y + pad), vm.catalogNoticeTitle, t.fonts.bold, t.c.text, textW);
  float y = p.y + pad + titleH;
  for (std::size_t i = 0; i < vm.catalogNotice.size(); ++i, y += lineH) {
    textAt(dl, ImVec2(p.x + pad, y), vm.catalogNotice[i], t.fonts.body, t.c.text, textW);
    probeText(idx("catalog-notice-line", static_cast<long long>(i)), {vm.catalogNotice[i]});
  }
  probe("catalog-notice", p, q, true);
  ImGui::SetCursorScreenPos(ImVec2(q.x - closeW - px(6), p.y + px(6)));
  if (button("catalog-notice-close", tr(T::KeyClose), ImVec2(closeW, closeW), Style::Ghost, true, t.fonts.large))
    out.emit(act::DismissCatalogNotice{});
  ImGui::SetCursorScreenPos(p);
  ImGui::Dummy(ImVec2(width, height + t.gap));
}

}  // namespace pameran::kiosk::screens

// Receipt: shown once the sale is committed (never before), with its number, the change, print,
// PDF, and Enter for the next sale.
#include <imgui.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "pameran/kiosk/ui.hpp"
#include "screens.hpp"
#include "widgets.hpp"

namespace pameran::kiosk::screens {

using namespace ui;

namespace {

// The receipt as the printer would put it on paper.
void drawPaper(const std::vector<std::string>& lines, ImVec2 size) {
  const Theme& t = theme();
  ImGui::PushStyleColor(ImGuiCol_ChildBg, t.c.paper);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(px(22), px(18)));
  ImGui::BeginChild("paper", size, true, ImGuiWindowFlags_AlwaysUseWindowPadding);
  ImGui::PushFont(t.fonts.mono);
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, px(3)));
  for (const std::string& l : lines) ImGui::TextUnformatted(l.c_str(), l.c_str() + l.size());
  ImGui::PopStyleVar();
  ImGui::PopFont();
  ImGui::EndChild();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor();
}

}  // namespace

void drawReceipt(const ReceiptVm& vm, const Translator& tr, Actions& out) {
  const Theme& t = theme();
  const ImVec2 area = ImGui::GetContentRegionAvail();
  if (enterPressed()) out.emit(act::NewSale{});

  std::size_t cols = 32;
  for (const std::string& l : vm.lines) cols = std::max(cols, l.size());
  const float paperW = std::min(area.x * 0.45f, t.fonts.mono->GetCharAdvance('0') * static_cast<float>(std::min<std::size_t>(cols, 48)) + px(64));
  drawPaper(vm.lines, ImVec2(paperW, area.y));
  ImGui::SameLine(0, t.pad);
  const float w = area.x - paperW - t.pad;
  if (beginPanel("receipt-main", ImVec2(w, area.y), t.c.panel, px(32))) {
    const float iw = ImGui::GetContentRegionAvail().x;
    if (vm.copy) {
      text(tr(T::ReceiptCopyTitle), t.fonts.title, t.c.warn);
    } else {
      // A check mark and "paid": only ever reached after Sales::commit returned (P3).
      ImDrawList* dl = ImGui::GetWindowDrawList();
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const float r = px(26);
      dl->AddCircleFilled(ImVec2(p.x + r, p.y + r), r, t.c.good, 32);
      dl->AddPolyline(std::array<ImVec2, 3>{ImVec2(p.x + r * 0.55f, p.y + r * 1.02f), ImVec2(p.x + r * 0.88f, p.y + r * 1.35f),
                                            ImVec2(p.x + r * 1.5f, p.y + r * 0.68f)}
                          .data(),
                      3, t.c.inverse, 0, px(5));
      ImGui::Dummy(ImVec2(2 * r + px(14), 2 * r));
      ImGui::SameLine();
      ImGui::SetCursorPosY(ImGui::GetCursorPosY() + r - t.fonts.title->FontSize / 2);
      text(tr(T::ReceiptPaid), t.fonts.title, t.c.good);
    }
    ImGui::Dummy(ImVec2(1, px(10)));
    text(tr(T::ReceiptNumber), t.fonts.body, t.c.muted);
    text(vm.receiptNo, t.fonts.large);
    ImGui::Dummy(ImVec2(1, px(6)));
    row(tr(T::ReceiptTotal), vm.total, t.fonts.large);
    row(tr(T::ReceiptMethod), vm.method, t.fonts.body);
    if (vm.hasChange) {
      ImGui::Dummy(ImVec2(1, px(8)));
      ImDrawList* dl = ImGui::GetWindowDrawList();
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const float h = px(132);
      dl->AddRectFilled(p, ImVec2(p.x + iw, p.y + h), t.c.goodSoft, t.rounding);
      dl->AddText(t.fonts.body, t.fonts.body->FontSize, ImVec2(p.x + px(18), p.y + px(12)), t.c.good, tr.c(T::PayChange));
      dl->AddText(t.fonts.huge, t.fonts.huge->FontSize * 1.25f, ImVec2(p.x + px(18), p.y + h - px(14) - t.fonts.huge->FontSize * 1.25f),
                  t.c.good, vm.change.c_str());
      ImGui::Dummy(ImVec2(iw, h));
    }
    const float bottom = ImGui::GetWindowHeight() - ImGui::GetStyle().WindowPadding.y;
    const float bh = t.touch + px(8);
    ImGui::SetCursorPosY(bottom - 2 * bh - t.gap);
    const float bw = (iw - t.gap) / 2;
    if (button("print", vm.printLabel, ImVec2(bw, bh))) out.emit(act::PrintReceipt{});
    ImGui::SameLine(0, t.gap);
    if (button("pdf", tr(T::SavePdf), ImVec2(bw, bh))) out.emit(act::SaveReceiptPdf{});
    if (button("next-sale", tr(T::ReceiptNext), ImVec2(iw, bh), Style::Primary, true, t.fonts.large)) out.emit(act::NewSale{});
  }
  endPanel();
}

}  // namespace pameran::kiosk::screens

// Sell: the product grid (sector and vendor tabs, instant search), the scanner, the cart with
// quantities and discounts, holding and recalling carts, and the way to payment.
//
// Index
//   Grid ............. drawTile, drawGrid (only the rows in view are made)
//   Cart ............. drawCartLine, drawCart (lines, per-vendor subtotals, total, pay)
//   Modals ........... line editor, cart discount, held carts, custom-price item, confirm clear
//   drawSell ......... keys (scan, F2, F9), search, sector and vendor chips, layout
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "pameran/kiosk/ui.hpp"
#include "screens.hpp"
#include "widgets.hpp"

namespace pameran::kiosk::screens {

using namespace ui;

namespace {

constexpr std::size_t kMaxScan = 64;

void drawTile(const TileVm& tile, ImVec2 size, bool highlight, Actions& out) {
  const Theme& t = theme();
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const ImVec2 max(min.x + size.x, min.y + size.y);
  ImGui::PushID(static_cast<int>(tile.productId));
  const bool clicked = ImGui::InvisibleButton("##tile", size);
  const bool hovered = ImGui::IsItemHovered();
  const bool held = ImGui::IsItemActive();
  ImGui::PopID();
  const char* id = idx("tile", tile.productId);
  probe(id, min, max, !tile.soldOut);
  if (clicked) out.emit(act::AddProduct{tile.productId});

  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float rr = t.rounding;
  dl->AddRectFilled(min, max, tile.soldOut ? t.c.panelAlt : held ? t.c.selected : t.c.panel, rr);
  dl->AddRect(min, max, highlight ? t.c.primary : hovered ? t.c.muted : t.c.border, rr, 0, highlight ? px(2.5f) : 1.0f);
  dl->AddRectFilled(min, ImVec2(min.x + px(7), max.y), sectorColor(tile.sector), rr, ImDrawFlags_RoundCornersLeft);

  const float x = min.x + px(16);
  const float w = size.x - px(26);
  ImFont* nameFont = t.fonts.bold;
  const float lineH = nameFont->FontSize * 1.17f;
  // Two whole lines of name at most; a longer name keeps its end, which tells similar names apart.
  const std::array<std::string, 2> name = twoLineName(tile.name, w, [nameFont](std::string_view s) {
    return nameFont->CalcTextSizeA(nameFont->FontSize, FLT_MAX, 0, s.data(), s.data() + s.size()).x;
  });
  const ImU32 nameColor = tile.soldOut ? t.c.disabledText : t.c.text;
  for (std::size_t i = 0; i < name.size(); ++i)
    if (!name[i].empty())
      dl->AddText(nameFont, nameFont->FontSize, ImVec2(x, min.y + px(9) + lineH * static_cast<float>(i)), nameColor, name[i].c_str(),
                  name[i].c_str() + name[i].size());
  probeText(id, {name[0], name[1], tile.detail});
  const ImVec2 pricePos(x, min.y + px(13) + lineH * 2);
  dl->AddText(nameFont, nameFont->FontSize, pricePos, tile.soldOut ? t.c.disabledText : t.c.primary, tile.price.c_str());
  ImFont* sf = t.fonts.small;
  const float sw = sf->CalcTextSizeA(sf->FontSize, FLT_MAX, 0, tile.stock.c_str()).x;
  const float pw = nameFont->CalcTextSizeA(nameFont->FontSize, FLT_MAX, 0, tile.price.c_str()).x;
  // Stock sits beside the price when both fit, else beside the vendor; the vendor line gets the rest.
  const bool stockOnPriceRow = pw + sw + px(22) <= w;
  const float vendorY = max.y - px(9) - sf->FontSize;
  const ImVec2 sp(max.x - px(10) - sw, stockOnPriceRow ? pricePos.y + (nameFont->FontSize - sf->FontSize) / 2 + px(1) : vendorY);
  textAt(dl, ImVec2(x, vendorY), tile.detail, sf, t.c.muted, stockOnPriceRow ? w : sp.x - x - px(14));
  if (tile.stockTone != Tone::Neutral) {
    dl->AddRectFilled(ImVec2(sp.x - px(6), sp.y - px(2)), ImVec2(max.x - px(4), sp.y + sf->FontSize + px(2)),
                      tile.stockTone == Tone::Bad ? t.c.badSoft : t.c.warnSoft, px(4));
  }
  dl->AddText(sf, sf->FontSize, sp, toneColor(tile.stockTone), tile.stock.c_str());
}

void drawGrid(SellState& state, const SellVm& vm, const Translator& tr, Actions& out, ImVec2 size) {
  const Theme& t = theme();
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::BeginChild("grid", size, false, ImGuiWindowFlags_AlwaysVerticalScrollbar);
  const std::size_t count = vm.tiles.size;
  if (count == 0) {
    ImGui::Dummy(ImVec2(1, px(40)));
    textWrapped(tr(T::SellNoResults), ImGui::GetContentRegionAvail().x, t.fonts.body, t.c.muted);
  } else {
    const float avail = ImGui::GetContentRegionAvail().x;
    const int cols = std::max(1, static_cast<int>((avail + t.gap) / (px(178) + t.gap)));
    const float tileW = std::floor((avail - t.gap * static_cast<float>(cols - 1)) / static_cast<float>(cols));
    const float tileH = std::floor(px(122));
    const int rows = (static_cast<int>(count) + cols - 1) / cols;
    // Only the rows in view are made and drawn: 20,000 products cost what a screenful costs.
    ImGuiListClipper clipper;
    clipper.Begin(rows, tileH + t.gap);
    while (clipper.Step()) {
      for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
        for (int c = 0; c < cols; ++c) {
          const std::size_t i = static_cast<std::size_t>(r * cols + c);
          if (i >= count) break;
          if (c) ImGui::SameLine(0, t.gap);
          drawTile(vm.tiles.at(i), ImVec2(tileW, tileH), i == 0 && !state.query.empty(), out);
        }
      }
    }
    clipper.End();
  }
  ImGui::EndChild();
  ImGui::PopStyleVar();
}

void drawCartLine(SellState& state, const SellVm::Line& line, int i, float width, const Translator& tr, Actions& out) {
  const Theme& t = theme();
  const float h = px(line.hasDiscount ? 100 : 80);
  const ImVec2 min = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(min, ImVec2(min.x + px(5), min.y + h - px(8)), sectorColor(line.sector), px(2));

  const float btn = px(48);
  const float controlsW = btn * 2 + px(48);
  const float textW = width - controlsW - px(18);
  // Tapping the line's text opens its editor (quantity, discount, remove).
  const ImVec2 hitMin(min.x, min.y);
  ImGui::PushID(i);
  ImGui::SetCursorScreenPos(hitMin);
  if (ImGui::InvisibleButton("##edit", ImVec2(textW + px(10), h - px(8)))) {
    state.modal = SellModal::LineEditor;
    state.editor.line = i;
    state.editor.quantity = std::to_string(line.quantityValue);
    state.editor.discount = entryFromDiscount(line.discountValue);
    state.editor.editingDiscount = false;
  }
  const bool hovered = ImGui::IsItemHovered();
  ImGui::PopID();
  probe(idx("line", i), hitMin, ImVec2(hitMin.x + textW + px(10), hitMin.y + h - px(8)), true);
  if (hovered) dl->AddRectFilled(ImVec2(min.x + px(8), min.y), ImVec2(min.x + textW + px(10), min.y + h - px(8)), t.c.panelAlt, px(4));

  const float x = min.x + px(14);
  textAt(dl, ImVec2(x, min.y + px(2)), line.name, t.fonts.bold, t.c.text, textW - px(4));
  textAt(dl, ImVec2(x, min.y + px(4) + t.fonts.bold->FontSize), line.subtitle, t.fonts.small, t.c.muted,
         textW - px(4));
  if (line.hasDiscount)
    textAt(dl, ImVec2(x, min.y + px(6) + t.fonts.bold->FontSize + t.fonts.small->FontSize), line.discount, t.fonts.small, t.c.good,
           textW - px(4));

  // Right: total above the quantity stepper.
  ImFont* tf = t.fonts.bold;
  const float tw = tf->CalcTextSizeA(tf->FontSize, FLT_MAX, 0, line.total.c_str()).x;
  dl->AddText(tf, tf->FontSize, ImVec2(min.x + width - tw, min.y + px(2)), t.c.text, line.total.c_str());
  const float cy = min.y + h - px(8) - btn + px(2);
  const float cx = min.x + width - controlsW;
  ImGui::SetCursorScreenPos(ImVec2(cx, std::max(cy, min.y + tf->FontSize + px(4))));
  if (button(idx("dec", i), tr(T::KeyMinus), ImVec2(btn, btn), Style::Secondary, true, t.fonts.large))
    out.emit(act::ChangeQuantity{i, -1});
  ImGui::SameLine(0, 0);
  const ImVec2 qp = ImGui::GetCursorScreenPos();
  ImFont* qf = t.fonts.large;
  const float qw = qf->CalcTextSizeA(qf->FontSize, FLT_MAX, 0, line.quantity.c_str()).x;
  dl->AddText(qf, qf->FontSize, ImVec2(qp.x + (px(48) - qw) / 2, qp.y + (btn - qf->FontSize) / 2), t.c.text,
              line.quantity.c_str());
  ImGui::Dummy(ImVec2(px(48), btn));
  ImGui::SameLine(0, 0);
  if (button(idx("inc", i), tr(T::KeyPlus), ImVec2(btn, btn), Style::Secondary, true, t.fonts.large)) out.emit(act::ChangeQuantity{i, 1});
  ImGui::SetCursorScreenPos(min);
  ImGui::Dummy(ImVec2(width, h - px(8)));
  ImDrawList* ldl = ImGui::GetWindowDrawList();
  const ImVec2 sep = ImGui::GetCursorScreenPos();
  ldl->AddLine(ImVec2(sep.x, sep.y - px(4)), ImVec2(sep.x + width, sep.y - px(4)), t.c.border);
}

void drawCart(SellState& state, const SellVm& vm, const Translator& tr, Actions& out, ImVec2 size) {
  const Theme& t = theme();
  if (!beginPanel("cart", size, t.c.panel, px(14))) {
    endPanel();
    return;
  }
  const float w = ImGui::GetContentRegionAvail().x;
  text(tr(T::SellCart), t.fonts.large);
  textRightAt(vm.items, ImGui::GetCursorPosX() + w, t.fonts.body, t.c.muted);
  const float bw = (w - 3 * t.gap) / 4;
  const float bh = px(48);
  if (button("custom", tr(T::SellCustom), ImVec2(bw, bh), Style::Secondary, true, t.fonts.small)) {
    state.custom = CustomItemState{};
    state.modal = SellModal::CustomItem;
  }
  ImGui::SameLine(0, t.gap);
  if (button("hold", tr(T::SellHold), ImVec2(bw, bh), Style::Secondary, vm.canPay, t.fonts.small)) out.emit(act::HoldCart{});
  ImGui::SameLine(0, t.gap);
  if (button("held", vm.heldButton, ImVec2(bw, bh), Style::Secondary, !vm.held.empty(), t.fonts.small)) state.modal = SellModal::Held;
  ImGui::SameLine(0, t.gap);
  if (button("clear", tr(T::SellClear), ImVec2(bw, bh), Style::Danger, vm.canPay, t.fonts.small)) state.modal = SellModal::ConfirmClear;

  // The footer's height decides how much the line list gets.
  const float sp = ImGui::GetStyle().ItemSpacing.y;
  const float bodyH = t.fonts.body->FontSize, smallH = t.fonts.small->FontSize;
  float footer = sp + (px(5) + sp) + (bodyH + sp) + (px(48) + sp) + px(72);
  if (vm.hasDiscount) footer += bodyH + sp;
  if (!vm.approvedBy.empty()) footer += smallH + sp;
  if (!vm.vendorSubtotals.empty()) footer += (px(5) + sp) + (smallH + sp) * static_cast<float>(vm.vendorSubtotals.size() + 1);
  const float listH = std::max(px(120), ImGui::GetContentRegionAvail().y - footer);
  ImGui::BeginChild("lines", ImVec2(w, listH), false);
  if (vm.lines.empty()) {
    ImGui::Dummy(ImVec2(1, px(30)));
    textWrapped(tr(T::SellEmptyCart), w - px(8), t.fonts.body, t.c.muted);
  }
  const float lw = ImGui::GetContentRegionAvail().x - px(2);
  for (std::size_t i = 0; i < vm.lines.size(); ++i) drawCartLine(state, vm.lines[i], static_cast<int>(i), lw, tr, out);
  if (state.cartScrollToEnd > 0) {
    ImGui::SetScrollHereY(1.0f);
    state.cartScrollToEnd = 0;
  }
  ImGui::EndChild();

  // Per vendor, when the cart spans several: each is paid to its own QRIS and settled apart.
  if (!vm.vendorSubtotals.empty()) {
    separator();
    text(tr(T::SellPerVendor), t.fonts.small, t.c.muted);
    for (const SellVm::VendorSubtotal& v : vm.vendorSubtotals) {
      ImDrawList* dl = ImGui::GetWindowDrawList();
      const ImVec2 p = ImGui::GetCursorScreenPos();
      dl->AddCircleFilled(ImVec2(p.x + px(5), p.y + t.fonts.small->FontSize / 2 + px(1)), px(4), sectorColor(v.sector));
      ImGui::SetCursorPosX(ImGui::GetCursorPosX() + px(14));
      const float right = ImGui::GetCursorPosX() - px(14) + w;
      text(v.name, t.fonts.small);
      textRightAt(v.amount, right, t.fonts.small);
    }
  }
  separator();
  row(tr(T::SellSubtotal), vm.gross);
  if (vm.hasDiscount) row(tr(T::SellDiscount), vm.discount, nullptr, t.c.good);
  if (!vm.approvedBy.empty()) text(vm.approvedBy, t.fonts.small, t.c.muted);
  if (button("cart-discount", vm.cartDiscountButton, ImVec2(w, px(48)), Style::Secondary, vm.canPay, t.fonts.small)) {
    state.modal = SellModal::CartDiscount;
    state.cartDiscount = DiscountEntry{};
  }
  // The total, large, and the way to pay.
  const float payW = std::floor(w * 0.5f);
  const ImVec2 tp = ImGui::GetCursorPos();
  text(tr(T::SellTotal), t.fonts.small, t.c.muted);
  ImGui::SetCursorPos(ImVec2(tp.x, tp.y + t.fonts.small->FontSize + px(2)));
  text(vm.total, t.fonts.title);
  ImGui::SetCursorPos(ImVec2(tp.x + w - payW, tp.y));
  if (button2("pay", tr(T::SellPay), tr(T::SellPayKey), ImVec2(payW, px(72)), Style::Primary, vm.canPay)) out.emit(act::OpenPayment{});
  endPanel();
}

void drawLineEditor(SellState& state, const SellVm& vm, const Translator& tr, Actions& out) {
  const Theme& t = theme();
  LineEditorState& e = state.editor;
  beginModal("##line-editor", ImVec2(px(800), px(600)));
  const float w = ImGui::GetContentRegionAvail().x;
  text(vm.editorTitle, t.fonts.large);
  text(vm.editorUnit, t.fonts.body, t.c.muted);
  ImGui::Dummy(ImVec2(1, px(6)));
  const float leftW = w * 0.5f;
  const float padW = w - leftW - px(28);

  // Typed digits go to the field in focus; Enter saves, Esc closes.
  std::string& target = e.editingDiscount ? e.discount.digits : e.quantity;
  typeDigits(target, e.editingDiscount && e.discount.percent ? 6 : 9, e.editingDiscount && e.discount.percent);

  ImGui::BeginGroup();
  text(tr(T::EditorQuantity), t.fonts.bold);
  const float b = px(56);
  if (button("qty-dec", tr(T::KeyMinus), ImVec2(b, b), Style::Secondary, true, t.fonts.large)) {
    const auto q = std::max<std::int64_t>(1, digitsToRupiah(e.quantity).idr() - 1);
    e.quantity = std::to_string(q);
    e.editingDiscount = false;
  }
  ImGui::SameLine(0, t.gap);
  const ImVec2 qmin = ImGui::GetCursorScreenPos();
  displayBox("qty-box", {}, vm.editorQuantity, ImVec2(leftW - 2 * b - 2 * t.gap, b + px(18)), !e.editingDiscount);
  if (ImGui::IsItemClicked()) e.editingDiscount = false;
  probe("qty-box", qmin, ImVec2(qmin.x + leftW - 2 * b - 2 * t.gap, qmin.y + b + px(18)), true);
  ImGui::SameLine(0, t.gap);
  if (button("qty-inc", tr(T::KeyPlus), ImVec2(b, b), Style::Secondary, true, t.fonts.large)) {
    e.quantity = std::to_string(digitsToRupiah(e.quantity).idr() + 1);
    e.editingDiscount = false;
  }
  ImGui::Dummy(ImVec2(1, px(8)));
  text(tr(T::EditorLineDiscount), t.fonts.bold);
  const float tw = (leftW - t.gap) / 2;
  if (button("disc-pct", tr(T::EditorPercent), ImVec2(tw, px(48)), e.discount.percent ? Style::Selected : Style::Secondary)) {
    if (!e.discount.percent) e.discount.digits.clear();
    e.discount.percent = true;
    e.editingDiscount = true;
  }
  ImGui::SameLine(0, t.gap);
  if (button("disc-idr", tr(T::EditorRupiah), ImVec2(tw, px(48)), !e.discount.percent ? Style::Selected : Style::Secondary)) {
    if (e.discount.percent) e.discount.digits.clear();
    e.discount.percent = false;
    e.editingDiscount = true;
  }
  const ImVec2 dmin = ImGui::GetCursorScreenPos();
  displayBox("disc-box", {}, vm.editorDiscount, ImVec2(leftW, px(74)), e.editingDiscount);
  if (ImGui::IsItemClicked()) e.editingDiscount = true;
  probe("disc-box", dmin, ImVec2(dmin.x + leftW, dmin.y + px(74)), true);
  ImGui::Dummy(ImVec2(1, px(4)));
  text(vm.editorPreview, t.fonts.large, t.c.text);
  if (!vm.editorHint.empty()) textWrapped(vm.editorHint, leftW, t.fonts.small, t.c.warn);
  ImGui::EndGroup();

  ImGui::SameLine(leftW + px(28) + ImGui::GetStyle().WindowPadding.x);
  ImGui::BeginGroup();
  numpad("editor-pad", target, e.editingDiscount && e.discount.percent ? 6 : 9, ImVec2(padW, px(330)), tr,
         e.editingDiscount && e.discount.percent);
  ImGui::EndGroup();

  ImGui::SetCursorPosY(ImGui::GetWindowHeight() - ImGui::GetStyle().WindowPadding.y - t.touch);
  const float bw = (w - 2 * t.gap) / 3;
  if (button("remove-line", tr(T::EditorRemove), ImVec2(bw, t.touch), Style::Danger)) out.emit(act::RemoveLine{e.line});
  ImGui::SameLine(0, t.gap);
  if (button("editor-cancel", tr(T::Cancel), ImVec2(bw, t.touch)) || keyPressed(keys::kEscape)) state.modal = SellModal::None;
  ImGui::SameLine(0, t.gap);
  const bool save = button("editor-save", tr(T::SaveEnter), ImVec2(bw, t.touch), Style::Primary) || enterPressed();
  endModal();
  if (save && state.modal == SellModal::LineEditor && e.line >= 0 && static_cast<std::size_t>(e.line) < vm.lines.size()) {
    const SellVm::Line& line = vm.lines[static_cast<std::size_t>(e.line)];
    const std::int64_t q = digitsToRupiah(e.quantity).idr();
    if (q != line.quantityValue) out.emit(act::SetQuantity{e.line, q});
    auto disc = discountFromEntry(e.discount);
    const bool same = disc && disc->kind == line.discountValue.kind && disc->bp == line.discountValue.bp &&
                      disc->amount == line.discountValue.amount;
    if (disc && !same && !(disc->isNone() && line.discountValue.isNone())) out.emit(act::SetDiscount{e.line, *disc});
    else state.modal = SellModal::None;
  }
}

void drawCartDiscount(SellState& state, const SellVm& vm, const Translator& tr, Actions& out) {
  const Theme& t = theme();
  DiscountEntry& d = state.cartDiscount;
  beginModal("##cart-discount", ImVec2(px(760), px(540)));
  const float w = ImGui::GetContentRegionAvail().x;
  text(tr(T::EditorCartDiscountTitle), t.fonts.large);
  text(tr(T::EditorCartDiscountHint), t.fonts.body, t.c.muted);
  ImGui::Dummy(ImVec2(1, px(6)));
  const float leftW = w * 0.48f;
  const float padW = w - leftW - px(28);
  typeDigits(d.digits, d.percent ? 6 : 12, d.percent);
  ImGui::BeginGroup();
  const float tw = (leftW - t.gap) / 2;
  if (button("cd-pct", tr(T::EditorPercent), ImVec2(tw, px(52)), d.percent ? Style::Selected : Style::Secondary)) {
    if (!d.percent) d.digits.clear();
    d.percent = true;
  }
  ImGui::SameLine(0, t.gap);
  if (button("cd-idr", tr(T::EditorRupiah), ImVec2(tw, px(52)), !d.percent ? Style::Selected : Style::Secondary)) {
    if (d.percent) d.digits.clear();
    d.percent = false;
  }
  displayBox("cd-box", tr(T::EditorDiscountValue), vm.cartDiscountValue, ImVec2(leftW, px(80)));
  ImGui::Dummy(ImVec2(1, px(6)));
  textWrapped(vm.cartDiscountPreview, leftW, t.fonts.large);
  if (!vm.supervisorHint.empty()) textWrapped(vm.supervisorHint, leftW, t.fonts.small, t.c.warn);
  ImGui::EndGroup();
  ImGui::SameLine(leftW + px(28) + ImGui::GetStyle().WindowPadding.x);
  numpad("cd-pad", d.digits, d.percent ? 6 : 12, ImVec2(padW, px(320)), tr, d.percent);

  ImGui::SetCursorPosY(ImGui::GetWindowHeight() - ImGui::GetStyle().WindowPadding.y - t.touch);
  const float bw = (w - 2 * t.gap) / 3;
  if (button("cd-remove", tr(T::EditorRemoveDiscount), ImVec2(bw, t.touch), Style::Danger)) out.emit(act::SetDiscount{-1, core::Discount::none()});
  ImGui::SameLine(0, t.gap);
  if (button("cd-cancel", tr(T::Cancel), ImVec2(bw, t.touch)) || keyPressed(keys::kEscape)) state.modal = SellModal::None;
  ImGui::SameLine(0, t.gap);
  const bool apply = button("cd-apply", tr(T::ApplyEnter), ImVec2(bw, t.touch), Style::Primary) || enterPressed();
  endModal();
  if (apply && state.modal == SellModal::CartDiscount) {
    if (auto disc = discountFromEntry(d)) out.emit(act::SetDiscount{-1, *disc});
  }
}

void drawHeld(SellState& state, const SellVm& vm, const Translator& tr, Actions& out) {
  const Theme& t = theme();
  beginModal("##held", ImVec2(px(640), px(520)));
  const float w = ImGui::GetContentRegionAvail().x;
  text(tr(T::SellHeldTitle), t.fonts.large);
  text(tr(T::SellHeldHint), t.fonts.body, t.c.muted);
  ImGui::BeginChild("held-list", ImVec2(w, ImGui::GetContentRegionAvail().y - t.touch - t.gap));
  for (const SellVm::Held& h : vm.held) {
    if (button2(idx("recall", h.id), h.label, h.detail, ImVec2(w - px(4), px(70)))) out.emit(act::RecallCart{h.id});
  }
  ImGui::EndChild();
  if (button("held-close", tr(T::Close), ImVec2(w, t.touch)) || keyPressed(keys::kEscape)) state.modal = SellModal::None;
  endModal();
}

// Goods not in the catalog: the vendor (mandatory), a typed name and a price.
void drawCustomItem(SellState& state, const SellVm& vm, const Translator& tr, Actions& out) {
  const Theme& t = theme();
  CustomItemState& c = state.custom;
  beginModal("##custom-item", ImVec2(px(860), px(600)));
  const float w = ImGui::GetContentRegionAvail().x;
  text(tr(T::CustomTitle), t.fonts.large);
  textWrapped(tr(T::CustomHint), w, t.fonts.small, t.c.muted);
  const float leftW = std::floor(w * 0.5f);
  const float padW = w - leftW - px(28);
  const float bodyH = ImGui::GetContentRegionAvail().y - t.touch - px(16);
  ImGui::BeginGroup();
  text(tr(T::CustomVendor), t.fonts.bold);
  const float fieldH = px(50);
  ImGui::BeginChild("custom-vendors", ImVec2(leftW, bodyH - fieldH - 2 * t.fonts.bold->FontSize - px(24)));
  for (const SellVm::VendorChip& v : vm.customVendors) {
    if (button(idx("custom-vendor", v.id), v.label, ImVec2(leftW - px(14), px(46)), v.active ? Style::Selected : Style::Secondary, true,
               t.fonts.small))
      c.vendorId = v.id;
  }
  ImGui::EndChild();
  text(tr(T::CustomName), t.fonts.bold);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(px(12), (fieldH - ImGui::GetFontSize()) / 2));
  ImGui::SetNextItemWidth(leftW);
  const ImVec2 nmin = ImGui::GetCursorScreenPos();
  ImGui::InputTextWithHint("##custom-name", tr.c(T::CustomNameHint), &c.name);
  probe("custom-name", nmin, ImVec2(nmin.x + leftW, nmin.y + fieldH), true);
  ImGui::PopStyleVar();
  ImGui::EndGroup();
  ImGui::SameLine(leftW + px(28) + ImGui::GetStyle().WindowPadding.x);
  ImGui::BeginGroup();
  if (!ImGui::GetIO().WantTextInput) typeDigits(c.priceDigits, 12);
  const ImVec2 pmin = ImGui::GetCursorScreenPos();
  displayBox("custom-price", tr(T::CustomPrice), vm.customPrice, ImVec2(padW, px(80)));
  probe("custom-price", pmin, ImVec2(pmin.x + padW, pmin.y + px(80)), true);
  if (!vm.customHint.empty()) textWrapped(vm.customHint, padW, t.fonts.small, t.c.warn);
  numpad("custom-pad", c.priceDigits, 12, ImVec2(padW, std::min(px(320), bodyH - px(130))), tr);
  ImGui::EndGroup();

  ImGui::SetCursorPosY(ImGui::GetWindowHeight() - ImGui::GetStyle().WindowPadding.y - t.touch);
  const float bw = (w - t.gap) / 2;
  if (button("custom-cancel", tr(T::Cancel), ImVec2(bw, t.touch)) || keyPressed(keys::kEscape)) state.modal = SellModal::None;
  ImGui::SameLine(0, t.gap);
  const bool add = button("custom-add", tr(T::CustomAdd), ImVec2(bw, t.touch), Style::Primary, vm.canAddCustom) ||
                   (enterPressed() && vm.canAddCustom);
  endModal();
  if (add && state.modal == SellModal::CustomItem) out.emit(act::AddCustomItem{c.vendorId, c.name, digitsToRupiah(c.priceDigits)});
}

void drawConfirmClear(SellState& state, const Translator& tr, Actions& out) {
  const Theme& t = theme();
  beginModal("##confirm-clear", ImVec2(px(560), px(240)));
  const float w = ImGui::GetContentRegionAvail().x;
  text(tr(T::SellClearTitle), t.fonts.large);
  textWrapped(tr(T::SellClearHint), w, t.fonts.body, t.c.muted);
  ImGui::SetCursorPosY(ImGui::GetWindowHeight() - ImGui::GetStyle().WindowPadding.y - t.touch);
  const float bw = (w - t.gap) / 2;
  if (button("clear-cancel", tr(T::Cancel), ImVec2(bw, t.touch)) || keyPressed(keys::kEscape)) state.modal = SellModal::None;
  ImGui::SameLine(0, t.gap);
  if (button("clear-confirm", tr(T::SellClear), ImVec2(bw, t.touch), Style::Danger) || enterPressed()) out.emit(act::ClearCart{});
  endModal();
}

}  // namespace

void drawSell(SellState& state, const SellVm& vm, const Translator& tr, Actions& out) {
  const Theme& t = theme();
  const ImGuiIO& io = ImGui::GetIO();
  const ImVec2 area = ImGui::GetContentRegionAvail();
  const bool modal = state.modal != SellModal::None;

  // DESIGN.md keys: typing outside a text field is a scan and Enter adds it; F2 searches; F9 pays.
  bool searchEnter = false;
  if (!modal) {
    if (keyPressed(keys::kF2)) state.focusSearch = true;
    if (keyPressed(keys::kF9) && vm.canPay) out.emit(act::OpenPayment{});
    if (!io.WantTextInput) {
      for (char c : typedText())
        if (state.scan.size() < kMaxScan) state.scan.push_back(c);
      if (keyPressed(keys::kBackspace, true) && !state.scan.empty()) state.scan.pop_back();
      if (keyPressed(keys::kEscape)) state.scan.clear();
      if (enterPressed() && !state.scan.empty()) {
        out.emit(act::Scan{state.scan});
        state.scan.clear();
      }
    }
  }

  const float cartW = std::floor(std::min(px(470), area.x * 0.38f));
  const float leftW = area.x - cartW - t.pad;
  ImGui::BeginChild("sell-left", ImVec2(leftW, area.y), false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);

  // Search and scan
  const float scanW = std::floor(leftW * 0.34f);
  const float fieldH = px(52);
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(px(14), (fieldH - ImGui::GetFontSize()) / 2));
  ImGui::SetNextItemWidth(leftW - scanW - t.gap);
  if (state.focusSearch) {
    ImGui::SetKeyboardFocusHere();
    state.focusSearch = false;
  }
  const ImVec2 searchMin = ImGui::GetCursorScreenPos();
  if (ImGui::InputTextWithHint("##search", tr.c(T::SellSearchHint), &state.query,
                               ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll))
    searchEnter = true;
  probe("search", searchMin, ImVec2(searchMin.x + leftW - scanW - t.gap, searchMin.y + fieldH), true);
  ImGui::PopStyleVar();
  if (searchEnter && vm.firstProductId != 0) {
    // Enter in search adds the first (highlighted) product and keeps searching.
    out.emit(act::AddProduct{vm.firstProductId});
    state.query.clear();
    state.focusSearch = true;
  }
  ImGui::SameLine(0, t.gap);
  {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 q(p.x + scanW, p.y + fieldH);
    dl->AddRectFilled(p, q, vm.scanning ? t.c.primarySoft : t.c.panelAlt, ImGui::GetStyle().FrameRounding);
    dl->AddRect(p, q, vm.scanning ? t.c.primary : t.c.border, ImGui::GetStyle().FrameRounding, 0, vm.scanning ? px(2) : 1.0f);
    if (vm.scanning) {
      textAt(dl, ImVec2(p.x + px(12), p.y + px(4)), tr(T::SellScanning), t.fonts.small, t.c.primary, scanW - px(20));
      textAt(dl, ImVec2(p.x + px(12), q.y - px(6) - t.fonts.bold->FontSize), vm.scan, t.fonts.bold, t.c.text, scanW - px(20));
    } else {
      textAt(dl, ImVec2(p.x + px(12), p.y + (fieldH - t.fonts.small->FontSize) / 2), tr(T::SellScanHint), t.fonts.small, t.c.muted,
             scanW - px(20));
    }
    ImGui::Dummy(ImVec2(scanW, fieldH));
  }

  // Sector tabs, then the vendors of the chosen sector.
  const float tabH = px(48);
  for (const SellVm::SectorTab& tab : vm.sectors) {
    const ImU32 accent = tab.sector < 0 ? t.c.primary : t.c.sector[tab.sector];
    if (tab.sector >= 0) ImGui::SameLine(0, t.gap);
    if (chip(idx("sector", tab.sector), tab.label, accent, tab.active, tabH)) {
      state.sector = tab.sector;
      state.vendorId = 0;
    }
  }
  ImGui::SameLine();
  textRightAt(vm.resultCount, leftW, t.fonts.small, t.c.muted);
  ImGui::PushStyleVar(ImGuiStyleVar_ScrollbarSize, px(8));
  ImGui::BeginChild("vendors", ImVec2(leftW, px(60)), false, ImGuiWindowFlags_HorizontalScrollbar);
  bool first = true;
  for (const SellVm::VendorChip& v : vm.vendors) {
    if (!first) ImGui::SameLine(0, px(8));
    first = false;
    const char* id = idx("vendor", v.id);
    if (chip(id, v.label, sectorColor(v.sector), v.active, px(48))) state.vendorId = v.active ? 0 : v.id;
    probeText(id, {v.label});
  }
  ImGui::EndChild();
  ImGui::PopStyleVar();

  drawCatalogNotice(vm, tr, out, leftW);
  drawReprintNotice(vm.reprint, tr, out, leftW);
  drawGrid(state, vm, tr, out, ImVec2(leftW, ImGui::GetContentRegionAvail().y));
  ImGui::EndChild();

  ImGui::SameLine(0, t.pad);
  drawCart(state, vm, tr, out, ImVec2(cartW, area.y));

  switch (state.modal) {
    case SellModal::LineEditor: drawLineEditor(state, vm, tr, out); break;
    case SellModal::CartDiscount: drawCartDiscount(state, vm, tr, out); break;
    case SellModal::Held: drawHeld(state, vm, tr, out); break;
    case SellModal::ConfirmClear: drawConfirmClear(state, tr, out); break;
    case SellModal::CustomItem: drawCustomItem(state, vm, tr, out); break;
    case SellModal::None: break;
  }
}

}  // namespace pameran::kiosk::screens

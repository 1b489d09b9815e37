// Charts drawn with ImGui's draw list (bars, and the hours as a heat strip; the exact figure on
// hover or tap), the booths' sync health and the settlement with its downloads.
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "console_screens.hpp"
#include "pameran/kiosk/ui.hpp"
#include "widgets.hpp"

namespace pameran::kiosk::organizer {

using namespace ui;

namespace {

ImU32 barColour(const Bar& b) {
  return b.colour >= 0 && b.colour < 3 ? theme().c.sector[b.colour] : theme().c.primary;
}

// Horizontal bars: label, bar scaled to the largest, figure at its end.
void barChart(const char* id, const ChartVm& chart, ImVec2 size, const Translator& tr) {
  const Theme& t = theme();
  if (!beginPanel(id, size, t.c.panel, px(14))) {
    endPanel();
    return;
  }
  text(tr(chart.title), t.fonts.bold);
  const float w = ImGui::GetContentRegionAvail().x;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  std::int64_t most = 1;
  for (const Bar& b : chart.bars) most = std::max(most, b.value);
  if (chart.bars.empty()) text(tr(T::OrgNoData), t.fonts.small, t.c.muted);
  if (chart.heatStrip) {
    // 24 cells: the busier the hour, the darker; the hour beneath every third cell.
    const float cellW = w / 24.0f, cellH = std::max(px(40), ImGui::GetContentRegionAvail().y - t.fonts.small->FontSize - px(8));
    const ImVec2 p = ImGui::GetCursorScreenPos();
    for (std::size_t i = 0; i < chart.bars.size(); ++i) {
      const Bar& b = chart.bars[i];
      const ImVec2 a(p.x + cellW * static_cast<float>(i), p.y), z(a.x + cellW - px(2), p.y + cellH);
      const float k = b.value <= 0 ? 0.0f : 0.12f + 0.88f * static_cast<float>(static_cast<double>(b.value) / static_cast<double>(most));
      ImVec4 c = ImGui::ColorConvertU32ToFloat4(t.c.primary);
      c.w = k;
      dl->AddRectFilled(a, z, t.c.panelAlt, px(3));
      dl->AddRectFilled(a, z, ImGui::ColorConvertFloat4ToU32(c), px(3));
      if (i % 3 == 0) dl->AddText(t.fonts.small, t.fonts.small->FontSize, ImVec2(a.x, z.y + px(4)), t.c.muted, b.key.c_str());
      ImGui::SetCursorScreenPos(a);
      ImGui::InvisibleButton(idx(id, static_cast<long long>(i)), ImVec2(cellW, cellH));
      probe(idx(id, static_cast<long long>(i)), a, z, true);
      if (ImGui::IsItemHovered() || ImGui::IsItemActive()) ImGui::SetTooltip("%s  %s", b.label.c_str(), b.exact.c_str());
    }
    endPanel();
    return;
  }
  const float labelW = std::floor(w * 0.30f), figureW = std::floor(w * 0.30f);
  const float barMax = w - labelW - figureW - px(8);
  const float rowH = std::clamp((ImGui::GetContentRegionAvail().y) / std::max<float>(1, static_cast<float>(chart.bars.size())), px(22), px(40));
  for (std::size_t i = 0; i < chart.bars.size(); ++i) {
    const Bar& b = chart.bars[i];
    const ImVec2 p = ImGui::GetCursorScreenPos();
    if (p.y + rowH > ImGui::GetWindowPos().y + ImGui::GetWindowSize().y) break;
    const float y = p.y + (rowH - t.fonts.small->FontSize) / 2;
    textAt(dl, ImVec2(p.x, y), b.label, t.fonts.small, t.c.text, labelW - px(6));
    const float len = b.value <= 0 ? 0 : std::max(px(3), barMax * static_cast<float>(static_cast<double>(b.value) / static_cast<double>(most)));
    dl->AddRectFilled(ImVec2(p.x + labelW, p.y + rowH * 0.2f), ImVec2(p.x + labelW + len, p.y + rowH * 0.8f), barColour(b), px(3));
    textAt(dl, ImVec2(p.x + labelW + len + px(6), y), b.exact, t.fonts.small, t.c.muted, w - labelW - len - px(6));
    ImGui::InvisibleButton(idx(id, static_cast<long long>(i)), ImVec2(w, rowH));
    probe(idx(id, static_cast<long long>(i)), p, ImVec2(p.x + w, p.y + rowH), true);
    probeText(idx(id, static_cast<long long>(i)), {b.label, b.exact});
    if (ImGui::IsItemHovered() || ImGui::IsItemActive()) ImGui::SetTooltip("%s\n%s", b.label.c_str(), b.exact.c_str());
  }
  endPanel();
}

const char* chartId(T title) {
  switch (title) {
    case T::OrgChartSector: return "chart-sector";
    case T::OrgChartPayment: return "chart-payment";
    case T::OrgChartDay: return "chart-day";
    case T::OrgChartHour: return "chart-hour";
    case T::OrgChartDevice: return "chart-device";
    case T::OrgChartCashier: return "chart-cashier";
    default: return "chart-top";
  }
}

}  // namespace

void drawCharts(ConsoleFrameInput& in, const ChartsVm& vm) {
  const Theme& t = theme();
  if (vm.charts.empty()) {
    text(in.tr(T::OrgNoFigures), t.fonts.large, t.c.muted);
    return;
  }
  const ImVec2 area = ImGui::GetContentRegionAvail();
  // Two rows fill the screen: three columns, four when the report has the extra breakdowns.
  const std::size_t cols = vm.charts.size() > 6 ? 4 : 3;
  const float colsF = static_cast<float>(cols);
  const float cw = std::floor((area.x - (colsF - 1) * t.gap) / colsF);
  const float ch = std::floor((area.y - t.gap) / 2);
  ImGui::BeginChild("charts", area, false, ImGuiWindowFlags_NoScrollbar);
  for (std::size_t i = 0; i < vm.charts.size(); ++i) {
    if (i % cols) ImGui::SameLine(0, t.gap);
    else if (i) ImGui::Dummy(ImVec2(0, t.gap - ImGui::GetStyle().ItemSpacing.y));
    barChart(chartId(vm.charts[i].title), vm.charts[i], ImVec2(cw, ch - ImGui::GetStyle().ItemSpacing.y), in.tr);
  }
  ImGui::EndChild();
}

void drawHealth(ConsoleFrameInput& in, const HealthVm& vm) {
  const Theme& t = theme();
  if (!vm.has) {
    text(in.tr(T::OrgNoFigures), t.fonts.large, t.c.muted);
    return;
  }
  text(vm.summary, t.fonts.large);
  probeText("health-summary", {vm.summary});
  ImGui::SameLine(0, t.gap * 3);
  text(in.tr(T::OrgSilentAfter), t.fonts.body, t.c.muted);
  for (int minutes : {5, 15, 30, 60}) {
    ImGui::SameLine(0, t.gap);
    if (button(idx("silent", minutes), std::to_string(minutes) + "'", ImVec2(px(56), px(40)),
               in.state.silentMinutes == minutes ? Style::Selected : Style::Secondary))
      in.state.silentMinutes = minutes;
  }
  ImGui::Dummy(ImVec2(0, px(4)));
  if (!beginPanel("devices", ImGui::GetContentRegionAvail(), t.c.panel, px(12))) {
    endPanel();
    return;
  }
  const float w = ImGui::GetContentRegionAvail().x - px(14);
  // The last column has no head: it says the row opens the device's actions.
  constexpr std::size_t kCols = 8;
  const float shares[kCols] = {0.19f, 0.06f, 0.15f, 0.11f, 0.16f, 0.08f, 0.16f, 0.09f};
  const T heads[kCols - 1] = {T::OrgColDevice, T::OrgColBooth, T::OrgColLastUpload, T::OrgColAgo, T::OrgColMissing, T::OrgColLate, T::OrgColAudit};
  {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    float x = p.x + px(22);
    for (std::size_t c = 0; c < kCols - 1; ++c) {
      textAt(dl, ImVec2(x, p.y), in.tr(heads[c]), t.fonts.small, t.c.muted, w * shares[c] - px(6));
      x += std::floor(w * shares[c]);
    }
    ImGui::Dummy(ImVec2(w, t.fonts.small->FontSize + px(8)));
  }
  ImGui::BeginChild("device-rows", ImVec2(0, 0));
  if (vm.rows.empty()) text(in.tr(T::OrgNoDevices), t.fonts.body, t.c.muted);
  const float rowH = std::floor(px(46));
  const std::string show = in.tr(T::OrgAuditShow);
  for (std::size_t i = 0; i < vm.rows.size(); ++i) {
    const DeviceRowVm& r = vm.rows[i];
    const ImVec2 p = ImGui::GetCursorScreenPos();
    // A row whose device the server checks opens its privileged actions.
    ImGui::PushID(static_cast<int>(i));
    ImGui::BeginDisabled(!r.hasAudit);
    if (ImGui::InvisibleButton("##device", ImVec2(w, rowH))) {
      in.state.openAuditDevice = r.code;
      in.actions.emplace_back(act::OpenDeviceAudit{r.code});
    }
    const bool hovered = ImGui::IsItemHovered();
    ImGui::EndDisabled();
    ImGui::PopID();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (r.tone == Tone::Bad) dl->AddRectFilled(p, ImVec2(p.x + w, p.y + rowH), t.c.badSoft, px(4));
    else if (r.tone == Tone::Warn) dl->AddRectFilled(p, ImVec2(p.x + w, p.y + rowH), t.c.warnSoft, px(4));
    if (hovered) dl->AddRect(p, ImVec2(p.x + w, p.y + rowH), t.c.primary, px(4), 0, px(2));
    dl->AddCircleFilled(ImVec2(p.x + px(10), p.y + rowH / 2), px(6), toneColor(r.tone), 12);
    const std::string first = r.code + (r.name.empty() ? "" : " " + r.name);
    const std::string* cells[kCols] = {&first, &r.booth, &r.lastUpload, &r.ago, &r.missing, &r.late, &r.audit, &show};
    float x = p.x + px(22);
    for (std::size_t c = 0; c < kCols; ++c) {
      if (c == kCols - 1 && !r.hasAudit) break;
      const std::string& s = *cells[c];
      ImU32 colour = t.c.text;
      if (c == 3 && r.silent) colour = t.c.bad;
      if (c == 4 && s != in.tr(T::OrgNoneMissing)) colour = t.c.warn;
      if (c == 6) colour = toneColor(r.auditTone);
      if (c == 7) colour = t.c.primary;
      ImFont* f = c == 0 || (c == 3 && r.silent) ? t.fonts.bold : c == 7 ? t.fonts.small : t.fonts.body;
      textAt(dl, ImVec2(x, p.y + (rowH - f->FontSize) / 2), s, f, colour, w * shares[c] - px(8));
      x += std::floor(w * shares[c]);
    }
    probe(idx("device-row", static_cast<long long>(i)), p, ImVec2(p.x + w, p.y + rowH), true);
    probeText(idx("device-row", static_cast<long long>(i)), {r.code, r.ago, r.missing, r.audit, r.silent ? "silent" : "ok"});
  }
  ImGui::EndChild();
  endPanel();
}

void drawSettlement(ConsoleFrameInput& in, const SettlementVm& vm) {
  const Theme& t = theme();
  const ImVec2 area = ImGui::GetContentRegionAvail();
  const bool online = in.data.link == Link::Online;
  const float bw = std::floor((area.x - 3 * t.gap) / 4);
  if (button("download-statements", in.tr(T::OrgDownloadStatements), ImVec2(bw, t.touch), Style::Primary, online))
    in.actions.emplace_back(act::Fetch{Download::StatementsPdf, {}});
  ImGui::SameLine(0, t.gap);
  if (button("download-settlement-csv", in.tr(T::OrgDownloadSettlementCsv), ImVec2(bw, t.touch), Style::Secondary, online))
    in.actions.emplace_back(act::Fetch{Download::SettlementCsv, {}});
  ImGui::SameLine(0, t.gap);
  if (button("download-report-csv", in.tr(T::OrgDownloadReportCsv), ImVec2(bw, t.touch), Style::Secondary, online))
    in.actions.emplace_back(act::Fetch{Download::ReportCsv, {}});
  ImGui::SameLine(0, t.gap);
  if (button("download-workbook", in.tr(T::OrgDownloadWorkbook), ImVec2(bw, t.touch), Style::Secondary, online))
    in.actions.emplace_back(act::Fetch{Download::Workbook, {}});
  text(in.tr.format(T::OrgSavedTo, {vm.folder}), t.fonts.small, t.c.muted);
  probeText("download-folder", {vm.folder});
  if (!vm.has) {
    text(in.tr(T::OrgNoFigures), t.fonts.large, t.c.muted);
    return;
  }
  if (!beginPanel("settlement", ImGui::GetContentRegionAvail(), t.c.panel, px(12))) {
    endPanel();
    return;
  }
  const float w = ImGui::GetContentRegionAvail().x - px(14);
  const float shares[] = {0.08f, 0.24f, 0.14f, 0.14f, 0.14f, 0.14f, 0.12f};
  const T heads[] = {T::OrgColCode, T::OrgColName, T::OrgNet, T::OrgCommission, T::OrgPaidDirect, T::OrgOwed, T::OrgColStatement};
  auto line = [&](const std::string* cells[6], ImFont* font, ImU32 owedColour) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    float x = p.x;
    for (std::size_t c = 0; c < 6; ++c) {
      const float cw = std::floor(w * shares[c]);
      const float tw = font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, cells[c]->c_str()).x;
      const ImVec2 at = c >= 2 ? ImVec2(x + cw - px(12) - tw, p.y + px(10)) : ImVec2(x + px(6), p.y + px(10));
      textAt(dl, at, *cells[c], font, c == 5 ? owedColour : t.c.text, cw - px(8));
      x += cw;
    }
  };
  {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    float x = p.x;
    for (std::size_t c = 0; c < 7; ++c) {
      textAt(dl, ImVec2(x + px(6), p.y), in.tr(heads[c]), t.fonts.small, t.c.muted, w * shares[c] - px(8));
      x += std::floor(w * shares[c]);
    }
    ImGui::Dummy(ImVec2(w, t.fonts.small->FontSize + px(6)));
  }
  const float rowH = std::floor(px(44));
  ImGui::BeginChild("settlement-rows", ImVec2(0, ImGui::GetContentRegionAvail().y - rowH - px(6)));
  for (std::size_t i = 0; i < vm.rows.size(); ++i) {
    const VendorRowVm& r = vm.rows[i];
    const ImVec2 p = ImGui::GetCursorScreenPos();
    if (i % 2) ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + w, p.y + rowH), IM_COL32(0, 0, 0, 6), px(4));
    const std::string* cells[6] = {&r.code, &r.name, &r.net, &r.commission, &r.paidDirect, &r.owed};
    line(cells, t.fonts.body, r.owesOrganizer ? t.c.bad : t.c.text);
    probeText(idx("settlement-row", static_cast<long long>(i)), {r.code, r.net, r.commission, r.paidDirect, r.owed});
    float x = 0;
    for (std::size_t c = 0; c < 6; ++c) x += std::floor(w * shares[c]);
    ImGui::SetCursorScreenPos(ImVec2(p.x + x + px(4), p.y + px(4)));
    if (button(idx("statement-pdf", static_cast<long long>(i)), "PDF", ImVec2(w * shares[6] - px(8), rowH - px(8)), Style::Secondary, online))
      in.actions.emplace_back(act::Fetch{Download::VendorPdf, r.code});
    ImGui::SetCursorScreenPos(ImVec2(p.x, p.y + rowH));
    ImGui::Dummy(ImVec2(0, 0));
  }
  ImGui::EndChild();
  const std::string total = in.tr(T::OrgTotal);
  const std::string empty;
  const std::string* cells[6] = {&total, &empty, &vm.net, &vm.commission, &vm.paidDirect, &vm.owed};
  line(cells, t.fonts.bold, t.c.text);
  probeText("settlement-total", {vm.net, vm.commission, vm.paidDirect, vm.owed});
  ImGui::Dummy(ImVec2(w, rowH));
  endPanel();
}

}  // namespace pameran::kiosk::organizer

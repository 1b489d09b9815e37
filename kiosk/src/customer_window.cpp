// The buyer's window (customer_window.hpp).
#include "customer_window.hpp"

#include <GLFW/glfw3.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <cmath>

#include "pameran/kiosk/ui.hpp"

namespace pameran::kiosk {
namespace {

bool g_customerExposed = false;
bool g_customerResized = false;
void onCustomerRefresh(GLFWwindow*) { g_customerExposed = true; }
void onCustomerFramebuffer(GLFWwindow*, int, int) {
  g_customerExposed = true;
  g_customerResized = true;
}

}  // namespace

std::vector<ScreenRect> monitorWorkAreas() {
  std::vector<ScreenRect> out;
  int count = 0;
  GLFWmonitor** monitors = glfwGetMonitors(&count);
  for (int i = 0; i < count; ++i) {
    ScreenRect r;
    glfwGetMonitorWorkarea(monitors[i], &r.x, &r.y, &r.w, &r.h);
    out.push_back(r);
  }
  return out;
}

CustomerWindow::~CustomerWindow() {
  if (m_ctx) {
    ImGuiContext* cashier = ImGui::GetCurrentContext();
    GLFWwindow* cashierGl = glfwGetCurrentContext();
    glfwMakeContextCurrent(m_window);
    ImGui::SetCurrentContext(m_ctx);
    ImGui_ImplOpenGL3_Shutdown();
    ImGui::DestroyContext(m_ctx);  // the atlas is the cashier's context's: it stays
    ImGui::SetCurrentContext(cashier);
    glfwMakeContextCurrent(cashierGl);
  }
  glfwDestroyWindow(m_window);
}

std::unique_ptr<CustomerWindow> CustomerWindow::create(GLFWwindow* cashier, CustomerPlacement placement) {
  glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
  glfwWindowHint(GLFW_FOCUSED, GLFW_FALSE);
  glfwWindowHint(GLFW_FOCUS_ON_SHOW, GLFW_FALSE);
  // On a monitor of its own it fills the monitor's work area without a frame.
  glfwWindowHint(GLFW_DECORATED, placement.monitor >= 0 ? GLFW_FALSE : GLFW_TRUE);
  GLFWwindow* window = glfwCreateWindow(placement.rect.w, placement.rect.h, "Pameran POS - Pembeli / Customer", nullptr, cashier);
  glfwDefaultWindowHints();
  if (!window) return nullptr;
  glfwSetWindowPos(window, placement.rect.x, placement.rect.y);
  glfwSetWindowRefreshCallback(window, onCustomerRefresh);
  glfwSetFramebufferSizeCallback(window, onCustomerFramebuffer);
  return std::make_unique<CustomerWindow>(window, placement);
}

float CustomerWindow::scale() const { return scaleFor(m_placement.rect.w, m_placement.rect.h); }

void CustomerWindow::start(GLFWwindow* cashierWindow, ImFontAtlas* atlas, const char* glsl) {
  m_cashier = cashierWindow;
  ImGuiContext* cashier = ImGui::GetCurrentContext();
  m_ctx = ImGui::CreateContext(atlas);
  ImGui::SetCurrentContext(m_ctx);
  ImGui::GetIO().IniFilename = nullptr;
  ImGui::GetIO().LogFilename = nullptr;
  glfwMakeContextCurrent(m_window);
  glfwSwapInterval(0);  // two windows waiting for vsync in turn would halve the cashier's frame rate
  ImGui_ImplOpenGL3_Init(glsl);
  ImGui_ImplOpenGL3_CreateDeviceObjects();
  glfwShowWindow(m_window);
  ImGui::SetCurrentContext(cashier);
  glfwMakeContextCurrent(m_cashier);
}

bool CustomerWindow::due() const { return g_customerExposed || m_pending > 0; }

void CustomerWindow::follow(const CustomerVm& vm, const std::function<void()>& rebuildFonts, double frameSeconds) {
  if (!m_ctx) return;
  if (!(vm == m_shown) || g_customerExposed) m_pending = 2;
  if (m_pending == 0) return;
  --m_pending;
  if (g_customerResized) {
    g_customerResized = false;
    int w = 0, h = 0;
    glfwGetWindowSize(m_window, &w, &h);
    const float before = scale();
    m_placement.rect.w = w;
    m_placement.rect.h = h;
    if (std::fabs(scale() - before) > 0.04f) rebuildFonts();
  }
  g_customerExposed = false;
  m_shown = vm;
  ImGuiContext* cashier = ImGui::GetCurrentContext();
  glfwMakeContextCurrent(m_window);
  ImGui::SetCurrentContext(m_ctx);
  int w = 0, h = 0, fbW = 0, fbH = 0;
  glfwGetWindowSize(m_window, &w, &h);
  glfwGetFramebufferSize(m_window, &fbW, &fbH);
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(w), static_cast<float>(h));
  if (w > 0 && h > 0) io.DisplayFramebufferScale = ImVec2(static_cast<float>(fbW) / static_cast<float>(w), static_cast<float>(fbH) / static_cast<float>(h));
  io.DeltaTime = static_cast<float>(frameSeconds);
  ImGui_ImplOpenGL3_NewFrame();
  ImGui::NewFrame();
  drawCustomerDisplay(vm);
  ImGui::Render();
  glViewport(0, 0, fbW, fbH);
  glClearColor(0.93f, 0.94f, 0.92f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  glfwSwapBuffers(m_window);
  ImGui::SetCurrentContext(cashier);
  glfwMakeContextCurrent(m_cashier);
}

}  // namespace pameran::kiosk

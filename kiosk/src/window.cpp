// Temporary: the window lands with the kiosk screens.
#include <iostream>

#include "cli.hpp"

namespace pameran::kiosk {

int runWindow(const WindowOptions&) {
  std::cerr << "pameran-kiosk: error: this build has no window yet\n";
  return 1;
}

}  // namespace pameran::kiosk

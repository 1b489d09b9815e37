#include "cli.hpp"

int main(int argc, char** argv) { return pameran::kiosk::runCommandLine(argc, argv); }

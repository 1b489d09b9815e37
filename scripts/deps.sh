#!/usr/bin/env bash
# Installs the Debian 12 packages Pameran needs, if any is missing (needs root for apt-get).
set -euo pipefail
PACKAGES=(
  build-essential cmake pkg-config fonts-dejavu-core
  libimgui-dev libglfw3-dev libgl-dev libgl1-mesa-dri libsqlitecpp-dev libsqlite3-dev
  libxlsxwriter-dev python3-openpyxl
  libcurl4-openssl-dev libgtest-dev libgmock-dev libbenchmark-dev libcpp-httplib-dev
  nlohmann-json3-dev libqrencode-dev libsodium-dev libfmt-dev libspdlog-dev libhpdf-dev
  libssl-dev zlib1g-dev libpqxx-dev libcli11-dev libtomlplusplus-dev postgresql xvfb xdotool imagemagick zbar-tools
  sqlite3 poppler-utils ghostscript faketime curl python3 clang libclang-rt-14-dev
  chromium chromium-driver python3-selenium
  dpkg-dev mmdebstrap systemd-container nginx-light openssl x11-xserver-utils x11-utils desktop-file-utils
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  SUDO=""
  [[ $(id -u) == 0 ]] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

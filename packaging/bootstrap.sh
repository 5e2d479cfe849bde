#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a working console or a green test suite.
#
#   packaging/bootstrap.sh run    install dependencies, build, open the console on the SQLite demo
#   packaging/bootstrap.sh test   install dependencies, build, run the whole test suite (CTest)
#   packaging/bootstrap.sh deps   only install dependencies
#   packaging/bootstrap.sh build  only configure and build
#
# Installing needs root (apt-get); as a normal user the script uses sudo. BUILD_DIR overrides
# the build folder (default: build/ in the project).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}

# Everything the build, the tests and the console need, from Debian 12's archive.
PACKAGES=(
  build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev qt6-svg-dev qt6-qpa-plugins qtkeychain-qt6-dev
  libqt6sql6-sqlite libqt6sql6-psql libqt6sql6-mysql libpq-dev
  libsqlite3-dev sqlite3 libpg-query-dev libprotobuf-c-dev libdtl-dev
  libgtest-dev libgmock-dev
  fonts-dejavu-core xvfb xauth poppler-utils
  postgresql mariadb-server mariadb-client
  dbus gnome-keyring libsecret-tools
)
# libqt6opengl6-dev: Qt Charts' CMake package needs Qt6OpenGL, which qt6-charts-dev does not pull in.
# Not dbus-x11: with it, a keychain call without a session bus autolaunches one and hangs.

log() { printf '==> %s\n' "$*" >&2; }

install_deps() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]} == 0)); then
    log "dependencies already installed"
    return
  fi
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  log "installing: ${missing[*]}"
  "${sudo[@]}" apt-get update
  # The PostgreSQL and MariaDB packages would start and enable system-wide servers; the tests
  # start their own on loopback. A policy-rc.d that refuses service starts, for this install
  # only, keeps the machine as it was (an existing policy is left alone).
  local policy=/usr/sbin/policy-rc.d added_policy=
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
    "${sudo[@]}" chmod 755 "$policy"
    added_policy=1
  fi
  local rc=0
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}" || rc=$?
  [ -z "$added_policy" ] || "${sudo[@]}" rm -f "$policy"
  return "$rc"
}

build() {
  log "configuring and building in $BUILD_DIR"
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
  cmake --build "$BUILD_DIR" --parallel "$(nproc)"
}

run_tests() {
  log "running the test suite"
  ctest --test-dir "$BUILD_DIR" --output-on-failure --parallel "$(nproc)" --timeout 600
}

run_console() {
  log "opening the console on a fresh SQLite demo database"
  # Without arguments: --demo, a new demo database with every demo migration pending.
  (($# > 0)) || set -- --demo
  exec "$BUILD_DIR/app/gui/migration-console" "$@"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  run) install_deps; build; run_console "$@" ;;
  test) install_deps; build; run_tests ;;
  deps) install_deps ;;
  build) build ;;
  *) sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac

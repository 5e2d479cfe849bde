#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a working console or a green test suite.
#
#   packaging/bootstrap.sh run    install dependencies, build, open the console on the SQLite demo
#   packaging/bootstrap.sh test   install dependencies, build, run the whole test suite (CTest)
#   packaging/bootstrap.sh deps   only install dependencies
#   packaging/bootstrap.sh build  only configure and build
#   packaging/bootstrap.sh package  build the .deb, install it with apt-get, run what it installed
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
  file dpkg-dev appstream desktop-file-utils groff-base
)
# file, dpkg-dev: cpack's dpkg-shlibdeps step; appstream, desktop-file-utils, groff-base: the
# packaging tests validate the AppStream file, the desktop entry and the man pages.
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

# The .deb (packaging/DebPackage.cmake), built from the build folder and installed for real with
# apt-get, which proves its Depends resolve; then the installed programs must run.
package_deb() {
  local sudo=() version deb started=$SECONDS
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  [ -f "$BUILD_DIR/CPackConfig.cmake" ] || { log "package: $BUILD_DIR is not configured"; return 1; }
  version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$BUILD_DIR/CPackConfig.cmake")
  [ -n "$version" ] || { log "package: no CPack version in $BUILD_DIR/CPackConfig.cmake"; return 1; }
  log "building the .deb of version $version (cpack -G DEB)"
  rm -f "$BUILD_DIR"/migration-console_*.deb
  (cd "$BUILD_DIR" && cpack -G DEB >cpack.log 2>&1) || { log "package: cpack failed, see $BUILD_DIR/cpack.log"; return 1; }
  deb=$(ls "$BUILD_DIR"/migration-console_"$version"_*.deb 2>/dev/null) || { log "package: cpack made no migration-console_${version}_*.deb"; return 1; }
  log "installing $deb"
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y "$deb" || { log "package: apt-get could not install $deb"; return 1; }
  local out
  out=$(/usr/bin/migctl --version) && [ "$out" = "migctl $version" ] ||
    { log "package: /usr/bin/migctl --version printed '$out', expected 'migctl $version'"; return 1; }
  /usr/bin/migctl plan --dir /usr/share/migration-console/migrations/sqlite-demo >/dev/null ||
    { log "package: the installed migctl cannot plan the installed sqlite-demo"; return 1; }
  out=$(QT_QPA_PLATFORM=offscreen /usr/bin/migration-console --version) && [[ "$out" == *"$version"* ]] ||
    { log "package: migration-console --version printed '$out', expected $version"; return 1; }
  log "package: $deb installed; migctl and migration-console $version run from it ($((SECONDS - started)) s)"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  run) install_deps; build; run_console "$@" ;;
  test) install_deps; build; run_tests; package_deb ;;
  deps) install_deps ;;
  build) build ;;
  package) install_deps; build; package_deb ;;
  *) sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac

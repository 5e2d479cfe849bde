#!/usr/bin/env bash
# Runs a command with a private, unlocked GNOME Keyring (a real Secret Service) on a private
# D-Bus session bus, isolated from the user's own keyring. Usage: with-keyring.sh CMD [ARGS...]
set -euo pipefail
for b in dbus-run-session gnome-keyring-daemon dbus-send; do
  command -v "$b" >/dev/null || { echo "with-keyring.sh: $b not found (apt-get install dbus gnome-keyring)" >&2; exit 1; }
done
home=$(mktemp -d "${TMPDIR:-/tmp}/mig-keyring.XXXXXX")
trap 'rm -rf "$home"' EXIT
mkdir -m 700 "$home/run"
export HOME="$home" XDG_DATA_HOME="$home/.local/share" XDG_RUNTIME_DIR="$home/run"
exec dbus-run-session -- bash -c '
  # --unlock reads the password from stdin and creates the "login" keyring unlocked; without it
  # the daemon would want to prompt (an error headless, a hang under a display).
  echo -n "test-keyring" | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
  daemon=$!
  for _ in $(seq 1 100); do
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true" && break
    sleep 0.05
  done
  rc=0; MIG_TEST_KEYRING=1 "$@" || rc=$?
  kill $daemon 2>/dev/null; wait $daemon 2>/dev/null || true
  exit $rc' with-keyring "$@"

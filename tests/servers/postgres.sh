#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the tests: loopback only, a port of our own, all state in
# DIR. Started and stopped by CTest fixtures; never touches a system cluster.
#   postgres.sh start DIR PORT    initdb + start; database mc_test, superuser postgres (trust)
#   postgres.sh stop DIR          fast shutdown, DIR removed
set -euo pipefail
cd /   # the server user may not be able to enter the caller's folder
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$PGBIN/initdb" ] || { echo "postgres.sh: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
cmd=${1:?start|stop} dir=${2:?DIR}

# initdb refuses to run as root: as root, run the server as the packaged 'postgres' user.
as_server() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$cmd" in
start)
  port=${3:?PORT}
  [ ! -f "$dir/data/postmaster.pid" ] || as_server "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"; mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; fi
  chmod 700 "$dir"
  as_server "$PGBIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log"
  as_server "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off" start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
  as_server "$PGBIN/createdb" -h "$dir" -p "$port" -U postgres mc_test
  echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $dir)"
  ;;
stop)
  # As in mariadb.sh: a server gone before the tests end is reported with the end of its log.
  died=0
  pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && { [ ! -r "/proc/$pid/stat" ] || grep -q ') Z ' "/proc/$pid/stat"; }; then
    died=1
    echo "postgres.sh: the server of $dir had stopped before the tests ended; the end of its log:" >&2
    tail -n 40 "$dir/server.log" >&2 || true
  fi
  if [ "$died" = 0 ] && [ -d "$dir/data" ]; then as_server "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true; fi
  rm -rf "$dir"
  exit "$died"
  ;;
*) echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# A primary and a real streaming standby for the replication probe's tests, both of their own:
# the shared fixture server is left alone, so no other test sees a standby appear on it. Both
# listen on a socket in their DIR only (no TCP port to collide with); the standby streams from
# the primary over that socket.
#   probe_standby.sh primary DIR PORT                   initdb + start; socket DIR/.s.PGSQL.PORT
#   probe_standby.sh standby DIR PRIMARY_DIR PORT NAME  pg_basebackup -R + start; NAME in the
#                                                       primary's pg_stat_replication
#   probe_standby.sh stop DIR                           fast shutdown, DIR removed
set -euo pipefail
cd /   # the server user may not be able to enter the caller's folder
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$PGBIN/pg_ctl" ] || { echo "probe_standby.sh: PostgreSQL server binaries not found" >&2; exit 1; }
cmd=${1:?primary|standby|stop} dir=${2:?DIR}
# As root, the servers run as the packaged 'postgres' user (initdb refuses root).
as_server() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

fresh_dir() {
  [ ! -f "$dir/data/postmaster.pid" ] || as_server "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"; mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; fi
  chmod 700 "$dir"
}

# start PORT EXTRA_OPTIONS...: the server on $dir/data, on the socket in $dir only.
start() {
  local port=$1; shift
  as_server "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses='' -c fsync=off $*" start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
}

case "$cmd" in
primary)
  port=${3:?PORT}
  fresh_dir
  # initdb -A trust also trusts local replication connections (pg_hba.conf's replication lines).
  as_server "$PGBIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log"
  start "$port"
  echo "primary on socket $dir, port $port"
  ;;
standby)
  primary=${3:?PRIMARY_DIR} port=${4:?PORT} name=${5:?NAME}
  fresh_dir
  # --checkpoint=fast: the default spread checkpoint makes the copy wait minutes on an idle server.
  as_server "$PGBIN/pg_basebackup" -h "$primary" -p "$port" -U postgres -D "$dir/data" -R -X stream \
    --checkpoint=fast --no-sync >"$dir/basebackup.log" 2>&1 || { cat "$dir/basebackup.log" >&2; exit 1; }
  # cluster_name is the standby's application_name in the primary's pg_stat_replication.
  start "$port" "-c cluster_name=$name"
  echo "standby $name of $primary on socket $dir"
  ;;
stop)
  if [ -f "$dir/data/postmaster.pid" ]; then as_server "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true; fi
  rm -rf "$dir"
  ;;
*) echo "usage: $0 primary DIR PORT | standby DIR PRIMARY_DIR PORT NAME | stop DIR" >&2; exit 2 ;;
esac

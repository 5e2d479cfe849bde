#!/usr/bin/env bash
# A PostgreSQL server that checks passwords (scram-sha-256), for the "wrong password" case of
# the profile editor: the shared fixture server trusts every connection, so a wrong password
# could never fail there. Socket only, in DIR (no TCP port to collide with).
#   pg_password_server.sh start DIR PORT PASSWORD   initdb + start; superuser postgres / PASSWORD
#   pg_password_server.sh stop DIR
set -euo pipefail
cd /   # the server user may not be able to enter the caller's folder
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$PGBIN/initdb" ] || { echo "pg_password_server.sh: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
cmd=${1:?start|stop} dir=${2:?DIR}
as_server() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$cmd" in
start)
  port=${3:?PORT} password=${4:?PASSWORD}
  rm -rf "$dir"; mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; fi
  chmod 700 "$dir"
  printf '%s\n' "$password" >"$dir/pwfile"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir/pwfile"; fi
  chmod 600 "$dir/pwfile"
  as_server "$PGBIN/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" -A scram-sha-256 -E UTF8 \
    --locale=C.UTF-8 --no-sync >"$dir/initdb.log"
  rm -f "$dir/pwfile"
  # The socket directory must be reachable by the test (as root it is; otherwise it is ours).
  as_server "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses='' -c fsync=off" start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
  chmod 755 "$dir"
  echo "PostgreSQL with password authentication on socket $dir, port $port"
  ;;
stop)
  if [ -f "$dir/data/postmaster.pid" ]; then as_server "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true; fi
  rm -rf "$dir"
  ;;
*) echo "usage: $0 start DIR PORT PASSWORD | stop DIR" >&2; exit 2 ;;
esac

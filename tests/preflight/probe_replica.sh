#!/usr/bin/env bash
# A MariaDB primary and a real replica of it, for the replication probe's tests; both of their
# own, so the shared fixture server never shows a replica to other tests. The primary writes a
# binary log and listens on 127.0.0.1:PORT (the replica connects over TCP); the replica listens on
# its socket only. Both: root without password, database mc_probe.
#   probe_replica.sh primary DIR PORT           install + start (server id 1, binary log)
#   probe_replica.sh replica DIR PRIMARY_PORT   install + start (server id 2) + START SLAVE
#   probe_replica.sh stop DIR                   shutdown, DIR removed
set -euo pipefail
cmd=${1:?primary|replica|stop} dir=${2:?DIR}
sock="$dir/mysqld.sock"
user_opt=(); [ "$(id -u)" -ne 0 ] || user_opt=(--user=root)   # mariadbd refuses root unless told
client() { mariadb --no-defaults --socket="$sock" -uroot "$@"; }

# install; launch OPTIONS...: a server on $dir/data, waited for until it answers.
install() {
  [ ! -S "$sock" ] || mariadb-admin --no-defaults --socket="$sock" -uroot shutdown >/dev/null 2>&1 || true
  rm -rf "$dir"; mkdir -p "$dir"
  mariadb-install-db --no-defaults --datadir="$dir/data" "${user_opt[@]}" \
    --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1 || { cat "$dir/install.log" >&2; exit 1; }
}
launch() {
  # setsid + closed descriptors: the test must not wait for the server's output.
  setsid mariadbd --no-defaults --datadir="$dir/data" --socket="$sock" "${user_opt[@]}" --pid-file="$dir/mysqld.pid" \
    --log-error="$dir/error.log" --innodb-flush-log-at-trx-commit=0 "$@" </dev/null >/dev/null 2>&1 &
  for _ in $(seq 1 120); do
    mariadb-admin --no-defaults --socket="$sock" -uroot ping >/dev/null 2>&1 && return 0
    sleep 0.25
  done
  cat "$dir/error.log" >&2; exit 1
}

case "$cmd" in
primary)
  port=${3:?PORT}
  install
  launch --server-id=1 --log-bin="$dir/data/binlog" --port="$port" --bind-address=127.0.0.1
  client -e "CREATE DATABASE mc_probe"
  echo "primary on 127.0.0.1:$port and $sock"
  ;;
replica)
  port=${3:?PRIMARY_PORT}
  install
  launch --server-id=2 --skip-networking --report-host=probe-replica --report-port=3306
  client -e "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$port, MASTER_USER='root', MASTER_PASSWORD='',
             MASTER_CONNECT_RETRY=1, MASTER_USE_GTID=no; START SLAVE;"
  echo "replica of 127.0.0.1:$port on $sock"
  ;;
stop)
  if [ -S "$sock" ]; then mariadb-admin --no-defaults --socket="$sock" -uroot shutdown >/dev/null 2>&1 || true; fi
  if [ -f "$dir/mysqld.pid" ]; then kill "$(cat "$dir/mysqld.pid")" 2>/dev/null || true; fi
  rm -rf "$dir"
  ;;
*) echo "usage: $0 primary DIR PORT | replica DIR PRIMARY_PORT | stop DIR" >&2; exit 2 ;;
esac

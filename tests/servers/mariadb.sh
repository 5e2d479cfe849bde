#!/usr/bin/env bash
# A throwaway MariaDB server for the tests: loopback only, a port of our own, all state in DIR.
# Started and stopped by CTest fixtures; never touches a system server.
#   mariadb.sh start DIR PORT    install + start; database mc_test, user mc / mcpw, root without password
#   mariadb.sh stop DIR          shutdown, DIR removed
#   mariadb.sh restart DIR PORT  start the server again on DIR's data as it is (after a crash, kill -9)
set -euo pipefail
cmd=${1:?start|stop} dir=${2:?DIR}
sock="$dir/mysqld.sock"
for b in mariadb-install-db mariadbd mariadb-admin mariadb; do
  command -v "$b" >/dev/null || { echo "mariadb.sh: $b not found (apt-get install mariadb-server mariadb-client)" >&2; exit 1; }
done
# mariadbd refuses to run as root unless told to.
user_opt=(); [ "$(id -u)" -ne 0 ] || user_opt=(--user=root)

# Starts mariadbd on $dir/data and waits until it answers.
launch() {
  # setsid + closed descriptors: CTest must not wait for the server's output.
  setsid mariadbd --no-defaults --datadir="$dir/data" --socket="$sock" --port="$1" \
    --bind-address=127.0.0.1 "${user_opt[@]}" --pid-file="$dir/mysqld.pid" \
    --log-error="$dir/error.log" --innodb-flush-log-at-trx-commit=0 </dev/null >/dev/null 2>&1 &
  for _ in $(seq 1 120); do
    mariadb-admin --no-defaults --socket="$sock" -uroot ping >/dev/null 2>&1 && break
    sleep 0.25
  done
  mariadb-admin --no-defaults --socket="$sock" -uroot ping >/dev/null || { cat "$dir/error.log" >&2; exit 1; }
}

case "$cmd" in
start)
  port=${3:?PORT}
  [ ! -S "$sock" ] || mariadb-admin --no-defaults --socket="$sock" -uroot shutdown >/dev/null 2>&1 || true
  rm -rf "$dir"; mkdir -p "$dir"
  # --no-defaults: Debian's /etc/mysql files point at the system server's folders.
  mariadb-install-db --no-defaults --datadir="$dir/data" "${user_opt[@]}" \
    --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1 \
    || { cat "$dir/install.log" >&2; exit 1; }
  launch "$port"
  mariadb --no-defaults --socket="$sock" -uroot -e "
    CREATE DATABASE mc_test CHARACTER SET utf8mb4;
    CREATE USER 'mc'@'localhost' IDENTIFIED BY 'mcpw';
    CREATE USER 'mc'@'127.0.0.1' IDENTIFIED BY 'mcpw';
    GRANT ALL ON mc_test.* TO 'mc'@'localhost', 'mc'@'127.0.0.1';
    -- each engine test makes a database of its own (mc_<test>), and may read who blocks it
    GRANT ALL ON \`mc\\_%\`.* TO 'mc'@'localhost', 'mc'@'127.0.0.1';
    GRANT PROCESS ON *.* TO 'mc'@'localhost', 'mc'@'127.0.0.1';"
  echo "MariaDB $(mariadbd --version | awk '{print $3}') on 127.0.0.1:$port (data in $dir)"
  ;;
restart)
  port=${3:?PORT}
  [ -d "$dir/data" ] || { echo "mariadb.sh: no server data in $dir" >&2; exit 1; }
  # A server still running there would keep its port: stop it first (its data stays).
  [ ! -S "$sock" ] || mariadb-admin --no-defaults --socket="$sock" -uroot shutdown >/dev/null 2>&1 || true
  launch "$port"
  echo "MariaDB restarted on 127.0.0.1:$port (data in $dir)"
  ;;
stop)
  # A server that is gone before the tests end (a crash, or something that killed it) fails
  # every test after it with "Can't connect": say so here, with its log, before it is removed.
  died=0
  # (A killed server may linger as a zombie when nothing reaps it: that counts as gone.)
  pid=$(cat "$dir/mysqld.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && { [ ! -r "/proc/$pid/stat" ] || grep -q ') Z ' "/proc/$pid/stat"; }; then
    died=1
    echo "mariadb.sh: the server of $dir had stopped before the tests ended; the end of its error log:" >&2
    tail -n 40 "$dir/error.log" >&2 || true
  fi
  if [ -S "$sock" ]; then mariadb-admin --no-defaults --socket="$sock" -uroot shutdown >/dev/null 2>&1 || true; fi
  if [ -f "$dir/mysqld.pid" ]; then kill "$(cat "$dir/mysqld.pid")" 2>/dev/null || true; fi
  rm -rf "$dir"
  exit "$died"
  ;;
*) echo "usage: $0 start DIR PORT | stop DIR | restart DIR PORT" >&2; exit 2 ;;
esac

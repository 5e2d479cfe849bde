#!/usr/bin/env bash
# Throwaway PostgreSQL 15 and MariaDB servers for the hardening tests, set up as production is:
# TLS on with a certificate from a CA made here, and password authentication (the shared fixtures
# trust every local login). Loopback only, ports of our own, all state in DIR.
#   servers.sh start DIR PGPORT MYPORT   certificates, both servers, users, databases
#   servers.sh stop DIR                  both servers stopped, DIR removed
# DIR/tls holds ca.pem (the servers' CA), other-ca.pem (an unrelated CA), server.pem (SAN
# localhost and 127.0.0.1). DIR/password holds the password of user mc on both servers (0600),
# random for each start; DIR/ports holds "PGPORT MYPORT".
# PostgreSQL: database mc_sec, role mc (CREATEDB); TCP only with TLS (hostnossl rejected), SCRAM.
# MariaDB: database mc_sec, user mc@127.0.0.1 and @localhost with the password; TLS offered; it also
# listens on 127.0.0.2, an address its certificate does not name (the host-name check test).
set -euo pipefail
cd /   # the server user may not be able to enter the caller's folder
cmd=${1:?start|stop} dir=${2:?DIR}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
mysock="$dir/mariadb/mysqld.sock"

stop_all() {
  if [ -f "$dir/pg/data/postmaster.pid" ]; then as_postgres "$PGBIN/pg_ctl" -D "$dir/pg/data" -m fast -w stop >/dev/null 2>&1 || true; fi
  if [ -S "$mysock" ]; then mariadb-admin --no-defaults --socket="$mysock" -uroot shutdown >/dev/null 2>&1 || true; fi
  if [ -f "$dir/mariadb/mysqld.pid" ]; then kill "$(cat "$dir/mariadb/mysqld.pid")" 2>/dev/null || true; fi
}

# A CA (self-signed, may sign certificates) named $2, key and certificate under prefix $1.
make_ca() {
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$2" -keyout "$1.key" -out "$1.pem" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}

case "$cmd" in
start)
  pgport=${3:?PGPORT} myport=${4:?MYPORT}
  [ -x "$PGBIN/initdb" ] || { echo "servers.sh: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
  for b in openssl mariadb-install-db mariadbd mariadb-admin mariadb; do
    command -v "$b" >/dev/null || { echo "servers.sh: $b not found" >&2; exit 1; }
  done
  stop_all
  rm -rf "$dir"; mkdir -p "$dir/tls" "$dir/pg" "$dir/mariadb"
  chmod 755 "$dir" "$dir/tls"

  # Certificates: the servers' CA, a server certificate it signs, and a CA that signed nothing.
  make_ca "$dir/tls/ca" "Migration Console Test CA"
  make_ca "$dir/tls/other-ca" "Unrelated Test CA"
  openssl req -new -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$dir/tls/server.key" -out "$dir/tls/server.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$dir/tls/server.ext"
  openssl x509 -req -in "$dir/tls/server.csr" -CA "$dir/tls/ca.pem" -CAkey "$dir/tls/ca.key" -CAcreateserial -days 2 \
    -extfile "$dir/tls/server.ext" -out "$dir/tls/server.pem" 2>/dev/null
  chmod 644 "$dir/tls/"*.pem

  # One password for both servers, with the characters that break careless quoting.
  password="hpw-$(openssl rand -hex 10)-q'd\"b\\ s"
  (umask 077; printf '%s' "$password" >"$dir/password")
  echo "$pgport $myport" >"$dir/ports"
  sql_pg=${password//\'/\'\'}
  sql_my=${password//\\/\\\\}; sql_my=${sql_my//\'/\\\'}

  # PostgreSQL: the key must belong to the server's user and be private.
  cp "$dir/tls/server.pem" "$dir/tls/server.key" "$dir/pg/"
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$dir/pg"; fi
  chmod 700 "$dir/pg"; chmod 600 "$dir/pg/server.key"
  as_postgres "$PGBIN/initdb" -D "$dir/pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/pg/initdb.log"
  # The socket (for this script) is trusted; TCP needs TLS and a SCRAM password.
  cat >"$dir/pg/data/pg_hba.conf" <<EOF
local all all trust
hostssl all all 127.0.0.1/32 scram-sha-256
hostnossl all all 0.0.0.0/0 reject
EOF
  as_postgres "$PGBIN/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w -t 60 \
    -o "-p $pgport -k $dir/pg -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c ssl=on -c ssl_cert_file=$dir/pg/server.pem -c ssl_key_file=$dir/pg/server.key" \
    start >/dev/null \
    || { cat "$dir/pg/server.log" >&2; exit 1; }
  as_postgres "$PGBIN/psql" -q -h "$dir/pg" -p "$pgport" -U postgres -d postgres -v ON_ERROR_STOP=1 >/dev/null <<EOF
CREATE ROLE mc LOGIN CREATEDB PASSWORD '$sql_pg';
CREATE DATABASE mc_sec OWNER mc;
GRANT pg_read_all_stats TO mc;
EOF

  # MariaDB, as root (it reads its key as the user it runs as).
  user_opt=(); [ "$(id -u)" -ne 0 ] || user_opt=(--user=root)
  mariadb-install-db --no-defaults --datadir="$dir/mariadb/data" "${user_opt[@]}" \
    --auth-root-authentication-method=normal --skip-test-db >"$dir/mariadb/install.log" 2>&1 \
    || { cat "$dir/mariadb/install.log" >&2; exit 1; }
  setsid mariadbd --no-defaults --datadir="$dir/mariadb/data" --socket="$mysock" --port="$myport" \
    --bind-address=127.0.0.1,127.0.0.2 "${user_opt[@]}" --pid-file="$dir/mariadb/mysqld.pid" \
    --log-error="$dir/mariadb/error.log" --innodb-flush-log-at-trx-commit=0 \
    --ssl-ca="$dir/tls/ca.pem" --ssl-cert="$dir/tls/server.pem" --ssl-key="$dir/tls/server.key" </dev/null >/dev/null 2>&1 &
  for _ in $(seq 1 120); do
    mariadb-admin --no-defaults --socket="$mysock" -uroot ping >/dev/null 2>&1 && break
    sleep 0.25
  done
  mariadb-admin --no-defaults --socket="$mysock" -uroot ping >/dev/null || { cat "$dir/mariadb/error.log" >&2; exit 1; }
  mariadb --no-defaults --socket="$mysock" -uroot <<EOF
CREATE DATABASE mc_sec CHARACTER SET utf8mb4;
CREATE USER 'mc'@'localhost' IDENTIFIED BY '$sql_my';
CREATE USER 'mc'@'127.0.0.1' IDENTIFIED BY '$sql_my';
GRANT ALL ON \`mc\\_%\`.* TO 'mc'@'localhost', 'mc'@'127.0.0.1';
GRANT PROCESS, RELOAD ON *.* TO 'mc'@'localhost', 'mc'@'127.0.0.1';
EOF
  have_ssl=$(mariadb --no-defaults --socket="$mysock" -uroot -N -e "SELECT @@have_ssl")
  [ "$have_ssl" = "YES" ] || { echo "servers.sh: MariaDB did not switch TLS on (have_ssl=$have_ssl)" >&2; cat "$dir/mariadb/error.log" >&2; exit 1; }
  echo "PostgreSQL on 127.0.0.1:$pgport and MariaDB on 127.0.0.1:$myport, TLS and passwords on (state in $dir)"
  ;;
stop)
  stop_all
  rm -rf "$dir"
  ;;
*) echo "usage: $0 start DIR PGPORT MYPORT | stop DIR" >&2; exit 2 ;;
esac

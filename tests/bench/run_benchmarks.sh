#!/usr/bin/env bash
# The benchmarks of issue 9, measured side by side with the raw engines and with dbmate, in one
# run on one machine. Not a test: it prints figures and never fails on them.
#
#   tests/bench/run_benchmarks.sh BUILD_DIR [RESULTS_FILE]
#
# BUILD_DIR: a Release build holding app/cli/migctl, tests/bench_exec, tests/bench_split and
# tests/bench_gui_stall. RESULTS_FILE (default tests/bench/RESULTS.md) gets the table, the
# machine, the versions and every raw figure; what follows its "analysis" marker is kept.
# Usually started by `packaging/bootstrap.sh bench`, which installs and builds first.
#
# Environment: BENCH_RUNS (runs per figure, default 5), BENCH_WORK (scratch folder, default
# /tmp/migctl-bench), BENCH_PG_PORT / BENCH_MARIADB_PORT (throwaway servers, default 55530 /
# 53330), DBMATE (the dbmate binary), BENCH_QUICK=1 (small inputs, to try the harness: figures
# are not comparable and RESULTS_FILE is left alone).
set -euo pipefail
export LC_ALL=C

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=$(cd "${1:?usage: run_benchmarks.sh BUILD_DIR [RESULTS_FILE]}" && pwd)
RESULTS=${2:-$HERE/RESULTS.md}
RUNS=${BENCH_RUNS:-5}
WORK=${BENCH_WORK:-/tmp/migctl-bench}
PG_PORT=${BENCH_PG_PORT:-55530}
MY_PORT=${BENCH_MARIADB_PORT:-53330}
QUICK=${BENCH_QUICK:-}
DBMATE=${DBMATE:-dbmate}
MIGCTL=$BUILD/app/cli/migctl
EXEC=$BUILD/tests/bench_exec
GEN=$HERE/generate_inputs.sh

# Sizes (the issue's), smaller in quick mode.
APPLY_N=1000 STATUS_N=10000 SPLIT_MB=32 BIG_MB=1000 BATCH_ROWS=1000000 BATCH_SIZE=10000 TABLES_N=2000 GUI_N=10000
if [ -n "$QUICK" ]; then
  APPLY_N=40 STATUS_N=500 SPLIT_MB=2 BIG_MB=20 BATCH_ROWS=50000 BATCH_SIZE=5000 TABLES_N=100 GUI_N=1000
fi

for f in "$MIGCTL" "$EXEC" "$BUILD/tests/bench_split" "$BUILD/tests/bench_gui_stall"; do
  [ -x "$f" ] || { echo "run_benchmarks.sh: $f is missing: build it first (packaging/bootstrap.sh bench)" >&2; exit 1; }
done
for t in sqlite3 psql pg_dump mariadb "$DBMATE"; do
  command -v "$t" >/dev/null || { echo "run_benchmarks.sh: $t not found (packaging/bootstrap.sh bench installs it)" >&2; exit 1; }
done

log() { printf '==> %s\n' "$*" >&2; }

# --- servers: the tests' own throwaway servers, on ports and in folders of the benchmark's ---
mkdir -p "$WORK"
chmod 755 "$WORK" # the postgres user must reach the server folder below it
SERVERS=$WORK/servers
stop_servers() {
  "$ROOT/tests/servers/postgres.sh" stop "$SERVERS/postgres" >/dev/null 2>&1 || true
  "$ROOT/tests/servers/mariadb.sh" stop "$SERVERS/mariadb" >/dev/null 2>&1 || true
}
trap stop_servers EXIT
mkdir -p "$SERVERS"; chmod 755 "$SERVERS"
log "starting PostgreSQL on 127.0.0.1:$PG_PORT and MariaDB on 127.0.0.1:$MY_PORT"
"$ROOT/tests/servers/postgres.sh" start "$SERVERS/postgres" "$PG_PORT" >&2
"$ROOT/tests/servers/mariadb.sh" start "$SERVERS/mariadb" "$MY_PORT" >&2

pg() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"; }
my() { MYSQL_PWD=mcpw mariadb --no-defaults -h 127.0.0.1 -P "$MY_PORT" -u mc "$@"; }
myroot() { mariadb --no-defaults --socket="$SERVERS/mariadb/mysqld.sock" -uroot "$@"; }

# --- measuring ---
declare -A WALL RSS CPU # key -> space-separated figures, one per run
declare -A RUN_S EXEC_S # engine -> migctl's own account of each apply (run store): the whole run,
                        # and the migrations themselves (statements + history row, executor-timed)
LOADS=()              # "what: 1-minute load average" before each group
note_load() { LOADS+=("$1: $(cut -d' ' -f1-3 /proc/loadavg)"); }

# timed KEY [--stdin FILE] -- COMMAND...: one run, its wall time and peak RSS kept under KEY.
# A command that fails stops the benchmark: a figure of work not done would be a lie.
timed() {
  local key=$1; shift
  local opts=()
  while [ "$1" != -- ]; do opts+=("$1" "$2"); shift 2; done
  shift
  local line
  line=$("$EXEC" "${opts[@]}" --stdout "$WORK/last.out" --stderr "$WORK/last.err" -- "$@") || {
    echo "run_benchmarks.sh: '$key' failed: $*" >&2; tail -n 20 "$WORK/last.out" "$WORK/last.err" >&2; exit 1; }
  WALL[$key]+="$(cut -d' ' -f1 <<<"$line") "
  RSS[$key]+="$(cut -d' ' -f2 <<<"$line") "
  CPU[$key]+="$(cut -d' ' -f4 <<<"$line") "
}
median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }
secs() { awk -v s="$1" 'BEGIN {if (s < 1) printf "%.0f ms", s*1000; else printf "%.2f s", s}'; }
mib() { awk -v k="$1" 'BEGIN {printf "%.0f MiB", k/1024}'; }
# expect WHAT ACTUAL WANTED: a tool that "succeeded" without doing the work stops the benchmark.
expect() { [ "$2" = "$3" ] || { echo "run_benchmarks.sh: $1: got '$2', expected '$3'" >&2; exit 1; }; }

ROWS=()  # the result table, one Markdown row each
row() { ROWS+=("| $1 | $2 | $3 | $4 | $5 | $6 |"); }
verdict() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN {ok = op == "<=" ? v <= t : op == ">=" ? v >= t : v < t; print ok ? "met" : "**missed**"}'; }

# --- 1. apply: migctl vs the raw engine vs dbmate, on each engine ---
log "generating $APPLY_N migrations (native and dbmate layouts, raw scripts)"
IN=$WORK/inputs
mkdir -p "$IN"
"$GEN" migrations "$IN/native" "$APPLY_N" any native
"$GEN" migrations "$IN/dbmate" "$APPLY_N" any dbmate
"$GEN" raw "$IN/raw-sqlite.sql" "$APPLY_N" sqlite
"$GEN" raw "$IN/raw-postgres.sql" "$APPLY_N" postgres
"$GEN" raw "$IN/raw-mysql.sql" "$APPLY_N" mysql
last=$(printf 'item_%05d' "$APPLY_N")

reset_target() { # ENGINE: an empty database, and a fresh run store for migctl
  rm -f "$WORK/store.sqlite" "$WORK/store.sqlite-wal" "$WORK/store.sqlite-shm"
  case $1 in
  sqlite) rm -f "$WORK/apply.db" "$WORK/apply.db-journal" "$WORK/apply.db-migctl.lock" ;;
  postgres) pg -d postgres -c 'DROP DATABASE IF EXISTS mc_bench_apply' -c 'CREATE DATABASE mc_bench_apply' ;;
  mysql) myroot -e 'DROP DATABASE IF EXISTS mc_bench_apply; CREATE DATABASE mc_bench_apply CHARACTER SET utf8mb4' ;;
  esac
}
applied_tables() { # ENGINE: how many of the generated tables exist, and the last one's rows
  case $1 in
  sqlite) sqlite3 "$WORK/apply.db" "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name LIKE 'item\_%' ESCAPE '\'; SELECT count(*) FROM $last" | paste -sd' ' ;;
  postgres) pg -d mc_bench_apply -tA -c "SELECT count(*) FROM pg_tables WHERE tablename LIKE 'item\_%'" -c "SELECT count(*) FROM $last" | paste -sd' ' ;;
  mysql) my -N mc_bench_apply -e "SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'item\_%'; SELECT count(*) FROM $last" | paste -sd' ' ;;
  esac
}
apply_once() { # ENGINE TOOL
  local engine=$1 tool=$2 url
  reset_target "$engine"
  case $engine/$tool in
  sqlite/raw) timed "apply.$engine.$tool" --stdin "$IN/raw-sqlite.sql" -- sqlite3 -bail "$WORK/apply.db" ;;
  postgres/raw) timed "apply.$engine.$tool" -- psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d mc_bench_apply -f "$IN/raw-postgres.sql" ;;
  mysql/raw) MYSQL_PWD=mcpw timed "apply.$engine.$tool" --stdin "$IN/raw-mysql.sql" -- mariadb --no-defaults -h 127.0.0.1 -P "$MY_PORT" -u mc mc_bench_apply ;;
  */migctl)
    case $engine in
    sqlite) url=sqlite:$WORK/apply.db ;;
    postgres) url=postgres://postgres@127.0.0.1:$PG_PORT/mc_bench_apply ;;
    mysql) url=mysql://mc@127.0.0.1:$MY_PORT/mc_bench_apply ;;
    esac
    MIGCTL_RUN_STORE=$WORK/store.sqlite MIGCTL_PASSWORD=mcpw timed "apply.$engine.$tool" -- "$MIGCTL" apply --target "$url" --dir "$IN/native"
    RUN_S[$engine]+="$(sqlite3 "$WORK/store.sqlite" "SELECT json_extract(event, '\$.durationMs') / 1000.0 FROM events WHERE type = 'run-finished'") "
    EXEC_S[$engine]+="$(sqlite3 "$WORK/store.sqlite" "SELECT sum(json_extract(event, '\$.durationMs')) / 1000.0 FROM events WHERE type = 'migration-finished'") " ;;
  */dbmate)
    case $engine in
    sqlite) url=sqlite:$WORK/apply.db ;;
    postgres) url="postgres://postgres@127.0.0.1:$PG_PORT/mc_bench_apply?sslmode=disable" ;;
    mysql) url=mysql://mc:mcpw@127.0.0.1:$MY_PORT/mc_bench_apply ;;
    esac
    timed "apply.$engine.$tool" -- "$DBMATE" --url "$url" --migrations-dir "$IN/dbmate" --no-dump-schema up ;;
  esac
  expect "apply $engine $tool" "$(applied_tables "$engine")" "$APPLY_N 7"
}
declare -A APPLY_RUNS=([sqlite]=$RUNS [postgres]=$RUNS [mysql]=$(( RUNS < 3 ? RUNS : 3 ))) # MariaDB: a run is minutes
for engine in sqlite postgres mysql; do
  log "apply $APPLY_N migrations on $engine: ${APPLY_RUNS[$engine]} runs of the raw client, migctl and dbmate, interleaved"
  note_load "apply on $engine"
  for ((i = 0; i < APPLY_RUNS[$engine]; i++)); do
    # The order rotates, so that no tool always runs on the machine's warmest moment.
    tools=(raw migctl dbmate raw migctl)
    for t in "${tools[@]:i%3:3}"; do apply_once "$engine" "$t"; done
  done
done

# --- 2. status and plan on 10,000 migrations ---
log "status and plan on $STATUS_N migrations"
note_load "status/plan"
"$GEN" migrations "$IN/many" "$STATUS_N" any native
keep=$(printf '%05d' $((STATUS_N - 10)))
rm -f "$WORK/status.db" "$WORK/store.sqlite"*
export MIGCTL_RUN_STORE=$WORK/store.sqlite
# All but the last 10 recorded as applied (baseline writes a history row for each).
"$MIGCTL" baseline --target "sqlite:$WORK/status.db" --dir "$IN/many" --version "$keep" >/dev/null
pg -d postgres -c 'DROP DATABASE IF EXISTS mc_bench_status' -c 'CREATE DATABASE mc_bench_status'
"$MIGCTL" baseline --target "postgres://postgres@127.0.0.1:$PG_PORT/mc_bench_status" --dir "$IN/many" --version "$keep" >/dev/null
# plan and status keep a scan cache (XDG_CACHE_HOME): one of the benchmark's own, filled by an
# untimed run of each, so that the timed runs are those of a DBA who ran them before; the
# "nocache" figures (--no-cache) read every file, as a first run does.
export XDG_CACHE_HOME=$WORK/xdg-cache
rm -rf "$XDG_CACHE_HOME"
"$MIGCTL" plan --dir "$IN/many" >/dev/null 2>&1 || true
"$MIGCTL" plan --dir "$IN/many" --dialect postgres >/dev/null 2>&1 || true
for ((i = 0; i < RUNS; i++)); do
  timed read.files -- sh -c 'cat "$1"/*.sql >/dev/null' sh "$IN/many"
  for cache in "" nocache; do
    flag=(); key=""; [ -z "$cache" ] || { flag=(--no-cache); key=.nocache; }
    timed plan.sqlite$key -- "$MIGCTL" plan --dir "$IN/many" "${flag[@]}"
    timed plan.postgres$key -- "$MIGCTL" plan --dir "$IN/many" --dialect postgres "${flag[@]}"
    timed status.sqlite$key -- "$MIGCTL" status --target "sqlite:$WORK/status.db" --dir "$IN/many" "${flag[@]}"
    timed status.postgres$key -- "$MIGCTL" status --target "postgres://postgres@127.0.0.1:$PG_PORT/mc_bench_status" --dir "$IN/many" "${flag[@]}"
  done
done
unset MIGCTL_RUN_STORE XDG_CACHE_HOME

# --- 3. splitting throughput, and peak memory applying a 1 GB script ---
log "splitting a $SPLIT_MB MB PostgreSQL script"
note_load "split"
"$GEN" pg-script "$IN/split.sql" "$SPLIT_MB"
"$BUILD/tests/bench_split" "$IN/split.sql" "$RUNS" >"$WORK/split.txt"
split_field() { awk -v n="$1" -v f="$2" '$1 == n {print $f}' "$WORK/split.txt"; }
expect "statements split by migcore and libpg_query's parser" "$(split_field migcore 4)" "$(split_field pg_query_split_with_parser 4)"

log "peak memory applying a $BIG_MB MB SQLite script"
note_load "1 GB script"
"$GEN" big-sqlite "$IN/big.sql" "$BIG_MB"
big_rows=$(grep -c '^  (' "$IN/big.sql")
rm -rf "$IN/big"; mkdir -p "$IN/big"
ln "$IN/big.sql" "$IN/big/00001_big_load.sql"
big_runs=$(( RUNS < 3 ? RUNS : 3 )) # a run is minutes: three
for ((i = 0; i < big_runs; i++)); do
  rm -f "$WORK/big.db"* "$WORK/store.sqlite"*
  timed big.sqlite3 -- sqlite3 -bail "$WORK/big.db" "BEGIN;" ".read $IN/big.sql" "COMMIT;"
  expect "rows loaded by sqlite3" "$(sqlite3 "$WORK/big.db" 'SELECT count(*) FROM big_load')" "$big_rows"
  rm -f "$WORK/big.db"*
  MIGCTL_RUN_STORE=$WORK/store.sqlite timed big.migctl -- "$MIGCTL" apply --target "sqlite:$WORK/big.db" --dir "$IN/big"
  expect "rows loaded by migctl" "$(sqlite3 "$WORK/big.db" 'SELECT count(*) FROM big_load')" "$big_rows"
done
rm -f "$WORK/big.db"* "$IN/big.sql" "$IN/big/00001_big_load.sql"

# --- 4. batched data migration vs one plain UPDATE (PostgreSQL) ---
log "batched data migration of $BATCH_ROWS rows"
note_load "batches"
rm -rf "$IN/batch"; mkdir -p "$IN/batch"
# Keyset batches: the next BATCH_SIZE ids from the first row still to do (found through the
# partial index), so a batch never scans the rows done before it.
batch_sql="UPDATE batch_rows SET b = a * 2 WHERE b IS NULL AND id BETWEEN (SELECT min(id) FROM batch_rows WHERE b IS NULL) AND (SELECT min(id) FROM batch_rows WHERE b IS NULL) + :batch_size - 1"
cat >"$IN/batch/00001_fill_b.sql" <<EOF
-- Batches of $BATCH_SIZE, each committed with its progress.
-- migctl:batch size=$BATCH_SIZE
-- migctl:total SELECT count(*) FROM batch_rows WHERE b IS NULL
$batch_sql;
EOF
# The same batches sent by psql, each committed on its own (autocommit), one more than needed
# as migctl's last batch finds nothing: what the batches cost the engine, without migctl.
for ((b = 0; b <= (BATCH_ROWS + BATCH_SIZE - 1) / BATCH_SIZE; b++)); do echo "${batch_sql//:batch_size/$BATCH_SIZE};"; done >"$IN/batches.sql"
batch_table() { # the same table, the same partial index on the rows still to do, for both
  pg -d postgres -c 'DROP DATABASE IF EXISTS mc_bench_batch' -c 'CREATE DATABASE mc_bench_batch'
  pg -d mc_bench_batch -c "CREATE TABLE batch_rows (id bigint PRIMARY KEY, a integer NOT NULL, b integer)" \
     -c "INSERT INTO batch_rows SELECT g, g % 1000, NULL FROM generate_series(1, $BATCH_ROWS) g" \
     -c "CREATE INDEX batch_rows_todo ON batch_rows (id) WHERE b IS NULL" -c "VACUUM ANALYZE batch_rows"
}
for ((i = 0; i < RUNS; i++)); do
  batch_table
  timed batch.update -- psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d mc_bench_batch \
    -c "UPDATE batch_rows SET b = a * 2 WHERE b IS NULL"
  expect "rows left by the plain UPDATE" "$(pg -d mc_bench_batch -tA -c 'SELECT count(*) FROM batch_rows WHERE b IS NULL')" 0
  batch_table
  timed batch.psql -- psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d mc_bench_batch -f "$IN/batches.sql"
  expect "rows left by psql's batches" "$(pg -d mc_bench_batch -tA -c 'SELECT count(*) FROM batch_rows WHERE b IS NULL')" 0
  batch_table
  rm -f "$WORK/store.sqlite"*
  MIGCTL_RUN_STORE=$WORK/store.sqlite timed batch.migctl -- "$MIGCTL" apply --target "postgres://postgres@127.0.0.1:$PG_PORT/mc_bench_batch" --dir "$IN/batch"
  expect "rows left by the batches" "$(pg -d mc_bench_batch -tA -c 'SELECT count(*) FROM batch_rows WHERE b IS NULL')" 0
done

# --- 5. schema snapshot of a 2,000-table database vs pg_dump --schema-only ---
log "schema snapshot of $TABLES_N tables"
note_load "snapshot"
"$GEN" tables "$IN/tables.sql" "$TABLES_N"
pg -d postgres -c 'DROP DATABASE IF EXISTS mc_bench_tables' -c 'CREATE DATABASE mc_bench_tables'
pg -d mc_bench_tables -f "$IN/tables.sql" >/dev/null
pg -d mc_bench_tables -c ANALYZE
for ((i = 0; i < RUNS; i++)); do
  timed snapshot.pg_dump -- pg_dump --schema-only -h 127.0.0.1 -p "$PG_PORT" -U postgres mc_bench_tables
  MIGCTL_RUN_STORE=$WORK/store.sqlite timed snapshot.migctl -- "$MIGCTL" snapshot --target "postgres://postgres@127.0.0.1:$PG_PORT/mc_bench_tables"
done
expect "tables in migctl's snapshot" "$("$MIGCTL" snapshot --target "postgres://postgres@127.0.0.1:$PG_PORT/mc_bench_tables" | grep -c '"kind": "table"')" "$TABLES_N"

# --- 6. GUI stall during a 10,000-statement run (bench_gui_stall, offscreen) ---
log "GUI event-loop stall during a $GUI_N-statement run"
note_load "GUI stall"
GUI_P99="" GUI_IDLE_P99="" GUI_MAX=""
for ((i = 0; i < RUNS; i++)); do
  QT_QPA_PLATFORM=offscreen "$BUILD/tests/bench_gui_stall" "$GUI_N" >"$WORK/gui.txt" 2>"$WORK/gui.err"
  grep -q '^| RunView.*| succeeded' "$WORK/gui.txt" || { cat "$WORK/gui.txt" "$WORK/gui.err" >&2; echo "run_benchmarks.sh: the GUI run did not succeed" >&2; exit 1; }
  # Columns: run | outcome | samples | median | p95 | p99 | max | ...
  GUI_P99+="$(awk -F'|' '/^\| RunView/ {print $7+0}' "$WORK/gui.txt") "
  GUI_MAX+="$(awk -F'|' '/^\| RunView/ {print $8+0}' "$WORK/gui.txt") "
  GUI_IDLE_P99+="$(awk -F'|' '/^\| idle/ {print $7+0}' "$WORK/gui.txt") "
done
note_load "end"

# --- the table ---
m() { median "${WALL[$1]}"; }
for engine in sqlite postgres mysql; do
  name=$(case $engine in sqlite) echo SQLite ;; postgres) echo PostgreSQL ;; mysql) echo MariaDB ;; esac)
  client=$(case $engine in sqlite) echo "sqlite3 CLI" ;; postgres) echo "psql, one session" ;; mysql) echo "mariadb client" ;; esac)
  mc=$(m "apply.$engine.migctl") raw=$(m "apply.$engine.raw") db=$(m "apply.$engine.dbmate")
  row "1. apply $APPLY_N migrations, $name: migctl vs the raw engine" "$(secs "$mc")" "$client $(secs "$raw")" "$(ratio "$mc" "$raw")×" "≤ 1.05×" "$(verdict "$(ratio "$mc" "$raw")" "<=" 1.05)"
  row "1. apply $APPLY_N migrations, $name: migctl vs dbmate up" "$(secs "$mc")" "dbmate $(secs "$db")" "$(ratio "$mc" "$db")×" "< 1.00×" "$(verdict "$(ratio "$mc" "$db")" "<" 1.00)"
done
files=$(m read.files)
for k in plan.sqlite plan.postgres status.sqlite status.postgres plan.sqlite.nocache plan.postgres.nocache status.sqlite.nocache status.postgres.nocache; do
  what=${k#*.}; what=${what%.nocache}; [ "$k" = "${k%.nocache}" ] || what="$what, --no-cache"
  row "2. migctl ${k%%.*} on $STATUS_N migrations ($what; CPU in brackets)" "$(secs "$(m "$k")") ($(secs "$(median "${CPU[$k]}")"))" "cat of every file $(secs "$files") ($(secs "$(median "${CPU[read.files]}")"))" "$(ratio "$(m "$k")" "$files")×" "≤ 0.2 s" "$(verdict "$(m "$k")" "<=" 0.2)"
done
ours=$(split_field migcore 3)
for ref in pg_query_split_with_scanner pg_query_split_with_parser; do
  row "3. split a $SPLIT_MB MB PostgreSQL script (MB/s)" "$ours MB/s" "$ref $(split_field "$ref" 3) MB/s" "$(ratio "$ours" "$(split_field "$ref" 3)")×" "(none set)" "–"
done
big_rss=$(median "${RSS[big.migctl]}") cli_rss=$(median "${RSS[big.sqlite3]}")
row "3. peak RSS applying a $BIG_MB MB script (SQLite)" "$(mib "$big_rss")" "sqlite3 CLI $(mib "$cli_rss")" "$(ratio "$big_rss" "$cli_rss")×" "≤ 150 MiB" "$(verdict "$big_rss" "<=" $((150 * 1024)))"
upd=$(m batch.update) bat=$(m batch.migctl)
upd_rate=$(awk -v n="$BATCH_ROWS" -v s="$upd" 'BEGIN {printf "%.0f", n/s}') bat_rate=$(awk -v n="$BATCH_ROWS" -v s="$bat" 'BEGIN {printf "%.0f", n/s}')
row "4. batched data migration, $BATCH_ROWS rows in batches of $BATCH_SIZE (PostgreSQL, rows/s)" "$bat_rate rows/s" "one UPDATE $upd_rate rows/s" "$(ratio "$bat_rate" "$upd_rate")×" "≥ 0.70×" "$(verdict "$(ratio "$bat_rate" "$upd_rate")" ">=" 0.70)"
psql_rate=$(awk -v n="$BATCH_ROWS" -v s="$(m batch.psql)" 'BEGIN {printf "%.0f", n/s}')
row "4. the same batches: migctl vs psql sending them (rows/s)" "$bat_rate rows/s" "psql, same statements $psql_rate rows/s" "$(ratio "$bat_rate" "$psql_rate")×" "(none set)" "–"
row "5. schema snapshot of $TABLES_N tables (PostgreSQL)" "$(secs "$(m snapshot.migctl)")" "pg_dump --schema-only $(secs "$(m snapshot.pg_dump)")" "$(ratio "$(m snapshot.migctl)" "$(m snapshot.pg_dump)")×" "≤ 1.00×" "$(verdict "$(ratio "$(m snapshot.migctl)" "$(m snapshot.pg_dump)")" "<=" 1.00)"
gp99=$(median "$GUI_P99") gidle=$(median "$GUI_IDLE_P99")
row "6. GUI event-loop stall p99, $GUI_N-statement run, live charts (offscreen)" "$gp99 ms" "idle event loop $gidle ms" "$(ratio "$gp99" "$(awk -v v="$gidle" 'BEGIN {print (v > 0 ? v : 0.01)}')")×" "≤ 16 ms" "$(verdict "$gp99" "<=" 16)"

# --- the report ---
versions() {
  echo "- migctl: $("$MIGCTL" --version 2>&1 | head -n1)"
  echo "- SQLite: $(sqlite3 --version | cut -d' ' -f1) (sqlite3 CLI; migctl's QSQLITE uses the same libsqlite3)"
  echo "- PostgreSQL: $(psql --version | awk '{print $3}') (server $(pg -d postgres -tA -c 'SHOW server_version'))"
  echo "- MariaDB: $(myroot -N -e 'SELECT VERSION()') (client $(mariadb --version | sed 's/,.*//'))"
  echo "- dbmate: $("$DBMATE" --version | awk '{print $3}') (npm package dbmate, its linux-x64 binary)"
}
machine() {
  echo "- CPU: $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo), $(nproc) cores; RAM $(awk '/^MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
  echo "- OS: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r); file system of $WORK: $(df -T "$WORK" | awk 'NR==2 {print $2}')"
  echo "- Load average (1, 5, 15 min) at the start of each group:"
  for l in "${LOADS[@]}"; do echo "  - $l"; done
}
raw_figures() {
  echo "| figure | wall time of each run, s (peak RSS in KiB where it is the figure) | median wall | median CPU (user + sys) |"
  echo "|---|---|---:|---:|"
  for k in $(printf '%s\n' "${!WALL[@]}" | sort); do
    local extra=""
    case $k in big.*) extra=" (RSS KiB: ${RSS[$k]% })" ;; esac
    echo "| $k | ${WALL[$k]% }$extra | $(m "$k") | $(median "${CPU[$k]}") |"
  done
  for engine in sqlite postgres mysql; do
    echo "| apply.$engine.migctl: its run / its migrations (run store: run-finished, sum of migration-finished) | ${RUN_S[$engine]% } / ${EXEC_S[$engine]% } | $(median "${RUN_S[$engine]}") / $(median "${EXEC_S[$engine]}") |"
  done
  echo "| split (bench_split, median of $RUNS) | $(tr '\n' ';' <"$WORK/split.txt") | |"
  echo "| gui.p99 (ms) / gui.max (ms) / idle.p99 (ms) | ${GUI_P99% } / ${GUI_MAX% } / ${GUI_IDLE_P99% } | $gp99 / $(median "$GUI_MAX") / $gidle |"
}
breakdown() { # where migctl's apply time goes, from its own run store (medians)
  echo "| engine | migctl, whole process | its run | its migrations (statements + history rows) | the rest of the run (schema snapshot, diff and declaration check after each migration, events) | raw engine | migctl without that rest, vs raw (derived) |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  local engine wall run ex raw
  for engine in sqlite postgres mysql; do
    wall=$(m "apply.$engine.migctl") run=$(median "${RUN_S[$engine]}") ex=$(median "${EXEC_S[$engine]}") raw=$(m "apply.$engine.raw")
    echo "| $engine | $(secs "$wall") | $(secs "$run") | $(secs "$ex") | $(secs "$(awk -v r="$run" -v e="$ex" 'BEGIN {print r - e}')") | $(secs "$raw") | $(ratio "$(awk -v w="$wall" -v r="$run" -v e="$ex" 'BEGIN {print w - (r - e)}')" "$raw")× |"
  done
}
table() {
  echo "| benchmark | migctl | reference (same run) | ratio | target | |"
  echo "|---|---:|---|---:|---|---|"
  printf '%s\n' "${ROWS[@]}"
}

table
echo
breakdown
echo
echo "Medians of $RUNS runs (apply on MariaDB and the 1 GB script: ${APPLY_RUNS[mysql]} and $big_runs). Raw figures:"
echo
raw_figures

if [ -n "$QUICK" ]; then
  log "quick mode: $RESULTS left as it was"
  exit 0
fi
MARK='<!-- analysis: written by hand, kept by run_benchmarks.sh -->'
kept=""
[ -f "$RESULTS" ] && kept=$(sed -n "/^$MARK\$/,\$p" "$RESULTS" | tail -n +2)
{
  echo "# Benchmark results"
  echo
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') by \`packaging/bootstrap.sh bench\` (tests/bench/run_benchmarks.sh), medians of $RUNS runs (apply on MariaDB: ${APPLY_RUNS[mysql]}, the 1 GB script: $big_runs, as a run there takes minutes); each ratio is against a reference measured in the same run."
  echo
  table
  echo
  echo "Where migctl's apply time goes (its own run store's account, medians):"
  echo
  breakdown
  echo
  echo "## Machine"
  echo
  machine
  echo
  echo "## Versions"
  echo
  versions
  echo
  echo "## Raw figures"
  echo
  raw_figures
  echo
  echo "$MARK"
  echo "$kept"
} >"$RESULTS"
log "results written to $RESULTS"

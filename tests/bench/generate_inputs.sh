#!/usr/bin/env bash
# Deterministic inputs for the benchmarks (tests/bench/run_benchmarks.sh): the same arguments
# always write the same bytes (no clock, no randomness), so two runs measure the same work.
#
#   generate_inputs.sh migrations DIR COUNT DIALECT LAYOUT
#       COUNT migrations of 10 statements each (a table, an index, four INSERTs, two UPDATEs,
#       an ADD COLUMN, a DELETE), in LAYOUT: native (NNNNN_name.sql + .rollback.sql) or dbmate
#       (-- migrate:up / -- migrate:down in one file). DIALECT: sqlite | postgres | mysql.
#   generate_inputs.sh raw FILE COUNT DIALECT
#       the same statements as one script for the engine's own client, each migration in its own
#       transaction: BEGIN; ... COMMIT; (START TRANSACTION on MySQL).
#   generate_inputs.sh pg-script FILE MEGABYTES
#       a PostgreSQL script shaped like a dump: tables, $$ functions, comments, quoted
#       identifiers, E'' strings, multi-row INSERTs, indexes, views.
#   generate_inputs.sh big-sqlite FILE MEGABYTES
#       one large SQLite data script: a table, then INSERTs of 10 rows of ~1 KB each.
#   generate_inputs.sh tables FILE COUNT
#       a PostgreSQL schema of COUNT tables (columns, a primary key, a foreign key to the
#       previous table, an index, a check, a comment), to snapshot.
set -euo pipefail
export LC_ALL=C

cmd=${1:?migrations|raw|pg-script|big-sqlite|tables}
shift

# Migration N's statements, printed to the file named by `out` (awk keeps it open, so the
# statements of one file follow each other); the same in every dialect.
migration_awk='
function body(n,    t, i) {
  t = sprintf("item_%05d", n)
  printf "CREATE TABLE %s (id INTEGER PRIMARY KEY, name VARCHAR(64) NOT NULL, qty INTEGER NOT NULL DEFAULT 0, price DECIMAL(10,2), created_at VARCHAR(32));\n", t > out
  printf "CREATE INDEX %s_name ON %s (name);\n", t, t > out
  for (i = 0; i < 4; i++)
    printf "INSERT INTO %s (id, name, qty, price) VALUES (%d, \047alpha %d\047, %d, %d.50), (%d, \047beta %d\047, %d, %d.25);\n", t, 2*i+1, n, i, i, 2*i+2, n, i+1, i > out
  printf "UPDATE %s SET qty = qty + 1 WHERE id <= 4;\n", t > out
  printf "ALTER TABLE %s ADD COLUMN note VARCHAR(200);\n", t > out
  printf "UPDATE %s SET note = \047migrated in %d\047 WHERE qty > 2;\n", t, n > out
  printf "DELETE FROM %s WHERE id = 8;\n", t > out
}
function down(n) { printf "DROP TABLE item_%05d;\n", n > out }
'

case "$cmd" in
migrations)
  dir=${1:?DIR} count=${2:?COUNT} layout=${4:?native|dbmate}
  rm -rf "$dir"; mkdir -p "$dir"
  awk -v dir="$dir" -v count="$count" -v layout="$layout" "$migration_awk"'
  BEGIN {
    for (n = 1; n <= count; n++) {
      out = sprintf("%s/%05d_create_item_%05d.sql", dir, n, n)
      if (layout == "dbmate") {
        print "-- migrate:up" > out
        body(n)
        print "\n-- migrate:down" > out
        down(n)
        close(out)
      } else {
        body(n)
        close(out)
        out = sprintf("%s/%05d_create_item_%05d.rollback.sql", dir, n, n)
        down(n)
        close(out)
      }
    }
  }' </dev/null
  ;;
raw)
  file=${1:?FILE} count=${2:?COUNT} dialect=${3:?DIALECT}
  begin="BEGIN;"; [ "$dialect" != mysql ] || begin="START TRANSACTION;"
  awk -v count="$count" -v begin="$begin" -v out="$file" "$migration_awk"'
  BEGIN { printf "" > out; for (n = 1; n <= count; n++) { print begin > out; body(n); print "COMMIT;" > out } }' </dev/null
  ;;
pg-script)
  # Blocks until the size is reached: each block is one table's worth of a pg_dump-like script,
  # with the constructs a splitter must get right (semicolons inside strings, comments, $$
  # and $tag$ bodies, E'' escapes, nested block comments, quoted identifiers).
  file=${1:?FILE} megabytes=${2:?MEGABYTES}
  awk -v limit="$((megabytes * 1000000))" -v out="$file" '
  BEGIN {
    printf "" > out
    for (i = 1; bytes < limit; i++) {
      b = sprintf("-- Name: T_%d; Type: TABLE; Schema: public\n", i)
      b = b sprintf("CREATE TABLE public.\"T_%d\" (\n    id bigint NOT NULL,\n    \"Name\" text DEFAULT \047x;y\047::text,\n    payload jsonb,\n    created timestamp with time zone DEFAULT now()\n);\n", i)
      b = b sprintf("COMMENT ON TABLE public.\"T_%d\" IS \047table %d; it\047\047s generated\047;\n", i, i)
      b = b sprintf("CREATE FUNCTION public.f_%d(a integer) RETURNS integer\n    LANGUAGE plpgsql\n    AS $$\nBEGIN\n  -- a comment; with a semicolon\n  RETURN a + %d;\nEND;\n$$;\n", i, i)
      b = b sprintf("CREATE FUNCTION public.g_%d() RETURNS text LANGUAGE sql AS $body$ SELECT \047a;b\047 $body$;\n", i)
      b = b sprintf("INSERT INTO public.\"T_%d\" (id, \"Name\", payload) VALUES\n", i)
      for (r = 1; r <= 10; r++)
        b = b sprintf("    (%d, E\047line %d\\none; two\047, \047{\"k\": \"v;%d\"}\047)%s\n", r, r, i, r < 10 ? "," : ";")
      b = b "/* block comment /* nested; */ still a comment; */\n"
      b = b sprintf("CREATE INDEX t_%d_name ON public.\"T_%d\" USING btree (\"Name\");\n", i, i)
      b = b sprintf("CREATE VIEW public.v_%d AS\n SELECT id, \"Name\" FROM public.\"T_%d\" WHERE (id > 1);\n", i, i)
      b = b sprintf("ALTER TABLE ONLY public.\"T_%d\"\n    ADD CONSTRAINT t_%d_pkey PRIMARY KEY (id);\n\n", i, i)
      printf "%s", b > out
      bytes += length(b)
    }
  }' </dev/null
  ;;
big-sqlite)
  # A data load: one table, then INSERTs of 10 rows of ~1 KB each until the size is reached.
  file=${1:?FILE} megabytes=${2:?MEGABYTES}
  awk -v limit="$((megabytes * 1000000))" -v out="$file" '
  BEGIN {
    pad = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ;-"
    while (length(pad) < 1000) pad = pad pad
    pad = substr(pad, 1, 1000)
    head = "CREATE TABLE big_load (id INTEGER PRIMARY KEY, k INTEGER NOT NULL, payload TEXT NOT NULL);\n"
    printf "%s", head > out
    bytes = length(head)
    for (id = 1; bytes < limit; ) {
      b = "INSERT INTO big_load (id, k, payload) VALUES\n"
      for (r = 1; r <= 10; r++) {
        b = b sprintf("  (%d, %d, \047%d:%s\047)%s\n", id, id % 97, id, pad, r < 10 ? "," : ";")
        id++
      }
      printf "%s", b > out
      bytes += length(b)
    }
  }' </dev/null
  ;;
tables)
  # COUNT tables, each with a primary key, a foreign key to the one before, an index, a check
  # and a comment: a mid-sized application schema several times over.
  file=${1:?FILE} count=${2:?COUNT}
  awk -v count="$count" -v out="$file" '
  BEGIN {
    printf "" > out
    for (i = 1; i <= count; i++) {
      printf "CREATE TABLE app_%05d (\n  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n", i > out
      if (i > 1) printf "  parent_id bigint REFERENCES app_%05d (id) ON DELETE CASCADE,\n", i - 1 > out
      printf "  code varchar(32) NOT NULL UNIQUE,\n  title text NOT NULL DEFAULT \047\047,\n  amount numeric(12,2) CHECK (amount >= 0),\n  state smallint NOT NULL DEFAULT 0,\n  created_at timestamptz NOT NULL DEFAULT now(),\n  updated_at timestamptz\n);\n" > out
      printf "CREATE INDEX app_%05d_created ON app_%05d (created_at);\n", i, i > out
      printf "COMMENT ON TABLE app_%05d IS \047generated table %d\047;\n", i, i > out
    }
  }' </dev/null
  ;;
*) echo "generate_inputs.sh: unknown command $cmd" >&2; exit 2 ;;
esac

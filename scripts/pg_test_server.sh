#!/bin/sh
# The throwaway PostgreSQL 15 server of the store tests (a CTest fixture: started before the
# tests that name it, stopped after). Unix socket only, in DIR; run as `postgres` when root.
#   scripts/pg_test_server.sh start DIR   -> the server at postgresql://postgres@/postgres?host=DIR&port=5432
#   scripts/pg_test_server.sh stop DIR    -> stops it and removes DIR
# Without the PostgreSQL binaries it does nothing (the PostgreSQL tests then skip with a message).
set -eu
BIN=/usr/lib/postgresql/15/bin
DIR=${2:?usage: pg_test_server.sh start|stop DIR}
[ -x "$BIN/pg_ctl" ] || { echo "PostgreSQL 15 binaries absent: PostgreSQL store tests will skip"; exit 0; }
RUNAS=""
if [ "$(id -u)" = 0 ]; then RUNAS="su postgres -s /bin/sh -c"; fi
run() { if [ -n "$RUNAS" ]; then $RUNAS "$*"; else sh -c "$*"; fi; }
case "$1" in
  start)
    mkdir -p "$DIR"
    [ -n "$RUNAS" ] && chown postgres "$DIR"
    if run "$BIN/pg_ctl -D $DIR/data status" >/dev/null 2>&1; then exit 0; fi
    if [ ! -f "$DIR/data/PG_VERSION" ]; then
      run "$BIN/initdb --no-sync -D $DIR/data -A trust -U postgres >$DIR/initdb.log 2>&1"
    fi
    run "$BIN/pg_ctl -D $DIR/data -l $DIR/log -o \"-c listen_addresses= -k $DIR -p 5432 -c fsync=off -c max_connections=100\" -w start >/dev/null"
    echo "PostgreSQL test server at postgresql://postgres@/postgres?host=$DIR&port=5432"
    ;;
  stop)
    if [ -f "$DIR/data/PG_VERSION" ]; then run "$BIN/pg_ctl -D $DIR/data -m fast -w stop >/dev/null 2>&1" || true; fi
    rm -rf "$DIR"
    ;;
esac

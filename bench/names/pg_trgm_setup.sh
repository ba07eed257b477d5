#!/bin/sh
# Starts a throwaway PostgreSQL 15 cluster for the pg_trgm baseline of bench_names_speed:
# Unix socket only (no TCP), under /tmp, owned by the `postgres` user when run as root.
#   bench/names/pg_trgm_setup.sh start   -> prints the --pg connection string
#   bench/names/pg_trgm_setup.sh stop
set -eu
BIN=/usr/lib/postgresql/15/bin
DIR=${TAMIS_PG_DIR:-/tmp/tamis-pg}
PORT=${TAMIS_PG_PORT:-54329}
RUNAS=""
if [ "$(id -u)" = 0 ]; then RUNAS="su postgres -s /bin/sh -c"; fi
run() { if [ -n "$RUNAS" ]; then $RUNAS "$*"; else sh -c "$*"; fi; }
case "${1:-start}" in
  start)
    mkdir -p "$DIR"
    [ -n "$RUNAS" ] && chown postgres "$DIR"
    if [ ! -f "$DIR/data/PG_VERSION" ]; then
      run "$BIN/initdb -D $DIR/data -A trust -U postgres >/dev/null"
    fi
    run "$BIN/pg_ctl -D $DIR/data -l $DIR/log -o \"-c listen_addresses='' -k $DIR -p $PORT -c shared_buffers=128MB\" -w start >/dev/null"
    echo "host=$DIR port=$PORT user=postgres dbname=postgres"
    ;;
  stop)
    run "$BIN/pg_ctl -D $DIR/data -m fast -w stop >/dev/null"
    ;;
esac

#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the store's tests and benchmarks, not a system service:
#   scripts/pg-throwaway.sh start   initdb into a new temporary folder, start the server on a free
#                                   local port (unix socket in that folder, trust authentication)
#                                   and print "URL FOLDER"
#   scripts/pg-throwaway.sh stop FOLDER   stop that server and remove the folder
# initdb refuses to run as root: as root the cluster belongs to the postgres user (created when
# missing). WENSHU_PG_DURABLE=1 keeps fsync on (benchmarks); tests run without it.
# WENSHU_PG_SETTINGS adds server settings, e.g. "-c shared_buffers=2GB -c max_wal_size=8GB".
set -euo pipefail

bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
  done
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return 0; fi
  return 1
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
start)
  bin=$(bindir) || { echo "pg-throwaway: no PostgreSQL server binaries (initdb) found; install postgresql" >&2; exit 3; }
  dir=$(mktemp -d /tmp/wenshu-pg.XXXXXX)
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$dir"
  fi
  chmod 700 "$dir"
  if ! as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2; rm -rf "$dir"; exit 1
  fi
  settings="-c listen_addresses=127.0.0.1 -k $dir -c max_connections=50"
  if [ "${WENSHU_PG_DURABLE:-0}" != 1 ]; then settings="$settings -c fsync=off -c synchronous_commit=off -c full_page_writes=off"; fi
  settings="$settings ${WENSHU_PG_SETTINGS:-}"
  for _ in $(seq 1 20); do
    port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "-p $port $settings" start >/dev/null 2>&1; then
      echo "postgres://postgres@127.0.0.1:$port/postgres $dir"
      exit 0
    fi
  done
  echo "pg-throwaway: the server did not start; its log:" >&2; cat "$dir/server.log" >&2 || true
  rm -rf "$dir"; exit 1
  ;;
stop)
  dir=${2:?usage: pg-throwaway.sh stop FOLDER}
  bin=$(bindir) || exit 0
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
*)
  echo "usage: scripts/pg-throwaway.sh start | stop FOLDER" >&2; exit 2
  ;;
esac

#!/usr/bin/env bash
# A throwaway PostgreSQL for tests (.ci/run, or by hand):
#
#   scripts/ci-postgres.sh start DIR   init a cluster in DIR (empty or missing), start it on
#                                      127.0.0.1 at a free port, create database "standing_test",
#                                      and print its URL on stdout (all else goes to stderr)
#   scripts/ci-postgres.sh stop DIR    stop it (the caller removes DIR)
#
# Finds initdb and pg_ctl on PATH or under /usr/lib/postgresql/*/bin (Debian's layout); it
# does not install anything. PostgreSQL refuses to run as root, so as root the cluster is
# owned and run by the `postgres` user (or $PG_CI_USER).
set -euo pipefail

log() { echo "ci-postgres: $*" >&2; }

# shellcheck source=scripts/pg-lib.sh
. "$(cd "$(dirname "$0")" && pwd)/pg-lib.sh"

cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  log "usage: $0 start|stop DIR"
  exit 2
fi

bin=$(bindir)
case "$cmd" in
  start)
    dir=$(owned_dir "$dir")
    as_owner "$bin/initdb" -D "$dir/data" -U standing --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 || {
      cat "$dir/initdb.log" >&2
      exit 1
    }
    port=$(free_port)
    # Durability is not wanted from a throwaway cluster: the tests run faster without fsync.
    opts="-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    as_owner "$bin/pg_ctl" -D "$dir/data" -o "$opts" -l "$dir/server.log" -w -t 60 start >&2 || {
      cat "$dir/server.log" >&2
      exit 1
    }
    # A natural-language default collation (ICU "en": a < B < é < z), so a query that forgets
    # COLLATE "C" sorts wrongly in the tests instead of passing by accident (SPEC §9).
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U standing --template=template0 --locale-provider=icu --icu-locale=en --locale=C standing_test 2>/dev/null ||
      "$bin/createdb" -h 127.0.0.1 -p "$port" -U standing standing_test >&2
    log "$("$bin/postgres" --version) running in $dir on port $port"
    echo "postgres://standing@127.0.0.1:$port/standing_test"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
    fi
    ;;
  *)
    log "unknown command $cmd (start|stop)"
    exit 2
    ;;
esac

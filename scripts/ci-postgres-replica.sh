#!/usr/bin/env bash
# A throwaway PostgreSQL primary with a streaming replica, for the read-replica tests
# (src/store/postgres/replica.test.ts) and by hand:
#
#   scripts/ci-postgres-replica.sh start DIR   start a primary in DIR/primary (scripts/ci-postgres.sh,
#                                              wal_level=replica), clone it with pg_basebackup -R into
#                                              DIR/replica and start that as a hot standby on another
#                                              port; print two lines on stdout: the primary's URL, then
#                                              the replica's (all else goes to stderr)
#   scripts/ci-postgres-replica.sh stop DIR    stop both (the caller removes DIR)
#   scripts/ci-postgres-replica.sh stop-replica DIR | start-replica DIR
#                                              stop the replica alone (immediate shutdown), or start
#                                              it again on its port: the tests' replica outage
#
# Exits 3 when no PostgreSQL binaries are found (as scripts/ci-postgres.sh does).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
log() { echo "ci-postgres-replica: $*" >&2; }

# shellcheck source=scripts/pg-lib.sh
. "$here/pg-lib.sh"

cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  log "usage: $0 start|stop|stop-replica|start-replica DIR"
  exit 2
fi

bin=$(bindir)
case "$cmd" in
  start)
    dir=$(owned_dir "$dir")
    # initdb's trust authentication also admits replication connections from 127.0.0.1, and
    # PostgreSQL 15's defaults (wal_level=replica, max_wal_senders=10) allow streaming.
    primary_url=$("$here/ci-postgres.sh" start "$dir/primary")
    primary_port=$(echo "$primary_url" | sed -E 's#^.*:([0-9]+)/.*$#\1#')
    wal_level=$("$bin/psql" "$primary_url" -XAtc 'SHOW wal_level')
    if [ "$wal_level" = minimal ]; then
      log "the primary runs with wal_level=minimal; a replica needs replica or logical"
      exit 1
    fi
    as_owner "$bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U standing -D "$dir/replica/data" -R -X stream -c fast >"$dir/basebackup.log" 2>&1 || {
      cat "$dir/basebackup.log" >&2
      exit 1
    }
    port=$(free_port)
    # hot_standby answers queries while replaying; the feedback keeps the primary from vacuuming
    # rows a replica query still reads (fewer recovery-conflict cancellations).
    opts="-c listen_addresses=127.0.0.1 -p $port -k $dir/replica -c fsync=off -c hot_standby=on -c hot_standby_feedback=on -c max_connections=200"
    echo "$opts" >"$dir/replica/opts"
    as_owner "$bin/pg_ctl" -D "$dir/replica/data" -o "$opts" -l "$dir/replica/server.log" -w -t 60 start >&2 || {
      cat "$dir/replica/server.log" >&2
      exit 1
    }
    replica_url="postgres://standing@127.0.0.1:$port/standing_test"
    # Wait until the replica streams from the primary, so a caller's first read can use it.
    for _ in $(seq 1 100); do
      if [ "$("$bin/psql" "$primary_url" -XAtc "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")" -ge 1 ]; then
        break
      fi
      sleep 0.1
    done
    log "replica of port $primary_port streaming on port $port"
    echo "$primary_url"
    echo "$replica_url"
    ;;
  stop-replica)
    as_owner "$bin/pg_ctl" -D "$dir/replica/data" -m immediate -w stop >&2
    ;;
  start-replica)
    as_owner "$bin/pg_ctl" -D "$dir/replica/data" -o "$(cat "$dir/replica/opts")" -l "$dir/replica/server.log" -w -t 60 start >&2
    ;;
  stop)
    if [ -f "$dir/replica/data/postmaster.pid" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/replica/data" -m immediate -w stop >&2 || true
    fi
    "$here/ci-postgres.sh" stop "$dir/primary" || true
    ;;
  *)
    log "unknown command $cmd (start|stop|stop-replica|start-replica)"
    exit 2
    ;;
esac

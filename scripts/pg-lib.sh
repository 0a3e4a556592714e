# Shared by scripts/ci-postgres.sh and scripts/ci-postgres-replica.sh (sourced; each defines log first).

# The directory of PostgreSQL's binaries: on PATH or under /usr/lib/postgresql/*/bin (Debian's layout).
bindir() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    # /usr/local/bin may hold only symlinks to some of the binaries: use their real directory.
    dirname "$(readlink -f "$(command -v initdb)")"
    return
  fi
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then
    echo "$d"
    return
  fi
  log "no initdb found on PATH or under /usr/lib/postgresql/*/bin (install Debian's postgresql package)"
  exit 3
}

# Runs a command as the cluster's owner: ourselves, or the postgres user when we are root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "${PG_CI_USER:-postgres}" -- "$@"
  else
    "$@"
  fi
}

# Makes DIR (created if missing) a directory the cluster's owner can use, and prints its absolute path.
owned_dir() {
  mkdir -p "$1"
  local d
  d=$(cd "$1" && pwd)
  if [ "$(id -u)" -eq 0 ]; then
    chown "${PG_CI_USER:-postgres}" "$d"
    # The owner must be able to reach DIR through its parents (mktemp -d makes 0700 dirs).
    chmod 0755 "$d"
  fi
  echo "$d"
}

free_port() {
  node -e "const s=require('node:net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close();});"
}

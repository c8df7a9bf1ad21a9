#!/usr/bin/env bash
# A throwaway MariaDB server for tests: `test-mariadb.sh start|stop DIR`.
#
# Everything lives under DIR (data/, mysqld.sock, mysqld.pid, mysqld.log); the server
# listens on the unix socket only (--skip-networking), so parallel runs in different
# build directories never collide on a port. Both commands are idempotent, which
# is what a CTest fixture needs (a failed earlier run may have left a server up).
set -euo pipefail

usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}

[[ $# -eq 2 ]] || usage
command=$1
dir=$2
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

datadir=$dir/data
socket=$dir/mysqld.sock
pidfile=$dir/mysqld.pid
logfile=$dir/mysqld.log
start_timeout=60

# The test user owns the files; as root the server must be told to run as root.
run_as=$(id -un)

admin() {
  mariadb-admin --no-defaults --protocol=socket --socket="$socket" --user=root --connect-timeout=2 "$@"
}

is_running() {
  admin ping >/dev/null 2>&1
}

start() {
  if is_running; then
    echo "mariadb already running on $socket"
    return 0
  fi
  if [[ ! -d $datadir/mysql ]]; then
    rm -rf "$datadir"
    mkdir -p "$datadir"
    if ! mariadb-install-db --no-defaults --user="$run_as" --datadir="$datadir" \
      --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1; then
      echo "mariadb-install-db failed:" >&2
      cat "$dir/install.log" >&2
      exit 1
    fi
  fi
  rm -f "$socket" "$pidfile"
  # Small buffers: the test server holds little data and shares the machine.
  /usr/sbin/mariadbd --no-defaults --user="$run_as" --datadir="$datadir" \
    --socket="$socket" --pid-file="$pidfile" --log-error="$logfile" \
    --skip-networking --innodb-buffer-pool-size=64M --innodb-log-file-size=16M \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_bin \
    --max-connections=500 --skip-log-bin >/dev/null 2>&1 &
  local waited=0
  until is_running; do
    if ((waited >= start_timeout * 10)); then
      echo "mariadb did not answer within ${start_timeout}s; log follows:" >&2
      cat "$logfile" >&2 || true
      exit 1
    fi
    if ! kill -0 $! 2>/dev/null; then
      echo "mariadb exited during start-up; log follows:" >&2
      cat "$logfile" >&2 || true
      exit 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  echo "mariadb running on $socket"
}

stop() {
  if is_running; then
    admin shutdown >/dev/null 2>&1 || true
  fi
  if [[ -f $pidfile ]]; then
    local pid
    pid=$(cat "$pidfile" 2>/dev/null || true)
    if [[ -n $pid ]]; then
      # Wait for a clean shutdown, then fall back to signals.
      for _ in $(seq 1 300); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        sleep 2
        kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
    rm -f "$pidfile"
  fi
  echo "mariadb stopped"
}

case $command in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac

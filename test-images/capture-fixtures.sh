#!/usr/bin/env bash
# Regenerates the log fixtures in src/test/resources/fixtures/ from real software: each scenario
# runs a container from scripts/test-images.sh, injects its faults a fixed number of times, and
# saves `docker logs --timestamps`. The counts here are the ground truth written in
# src/test/resources/fixtures/README.md: change one, change the other.
#
#   test-images/capture-fixtures.sh [OUT_DIR]
#
# Containers run with --network none: every client talks to its server over the container's own
# loopback, so no traffic leaves it.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${1:-$ROOT/src/test/resources/fixtures}
PREFIX=dmfix
LABEL=io.dockmedic.test=fixtures
mkdir -p "$OUT"

log() { echo "capture-fixtures: $*"; }

for image in $("$ROOT/scripts/test-images.sh" --list); do
  docker image inspect "$image" >/dev/null 2>&1 \
    || { echo "capture-fixtures: image $image missing; run scripts/test-images.sh" >&2; exit 1; }
done

cleanup() { docker ps -aq --filter "label=$LABEL" | xargs -r docker rm -f >/dev/null; }
trap cleanup EXIT
cleanup

start() { # name image [docker run options...] -- [args...]
  local name=$1 image=$2; shift 2
  local opts=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do opts+=("$1"); shift; done
  [ "${1:-}" = "--" ] && shift
  docker run -d --name "$PREFIX-$name" --label "$LABEL" --network none "${opts[@]}" "$image" "$@" >/dev/null
}

wait_for_log() { # name pattern [seconds]
  local name=$1 pattern=$2 deadline=$((SECONDS + ${3:-30}))
  until docker logs "$PREFIX-$name" 2>&1 | grep -q -- "$pattern"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "capture-fixtures: $name never logged '$pattern'" >&2; docker logs "$PREFIX-$name" >&2; exit 1
    fi
    sleep 0.2
  done
}

save() { # name fixture
  docker logs --timestamps "$PREFIX-$1" >"$OUT/$2.log" 2>&1
  docker rm -f "$PREFIX-$1" >/dev/null
  log "$2.log: $(wc -l <"$OUT/$2.log") lines"
}

run_to_end() { # name fixture image [docker run options...] -- args...  (or: name fixture image args...)
  local name=$1 fixture=$2 image=$3; shift 3
  case " $* " in *" -- "*) start "$name" "$image" "$@" ;; *) start "$name" "$image" -- "$@" ;; esac
  docker wait "$PREFIX-$name" >/dev/null
  save "$name" "$fixture"
}

# --- PostgreSQL -------------------------------------------------------------------------------
psql_local() { docker exec "$PREFIX-$1" psql -q -X -d appdb -c "$2" >/dev/null 2>&1 || true; }
psql_tcp() { # name password database sql
  docker exec -e PGPASSWORD="$2" "$PREFIX-$1" psql -X -h 127.0.0.1 -U postgres -d "$3" -c "$4" >/dev/null 2>&1 || true
}

start pg-clean dockmedic-test/postgres
wait_for_log pg-clean 'ready to accept connections'
psql_local pg-clean 'CREATE TABLE accounts (id int PRIMARY KEY, email text)'
psql_local pg-clean "INSERT INTO accounts VALUES (1, 'a@example.test')"
psql_local pg-clean 'CHECKPOINT'
docker stop -t 20 "$PREFIX-pg-clean" >/dev/null
save pg-clean postgres-clean

start pg dockmedic-test/postgres
wait_for_log pg 'ready to accept connections'
psql_local pg 'CREATE TABLE accounts (id int PRIMARY KEY, email text)'
for id in 1 2 3; do psql_local pg "INSERT INTO accounts VALUES ($id, 'user$id@example.test')"; done
for _ in 1 2 3; do psql_tcp pg wrong-password appdb 'SELECT 1'; done              # 3 failed logins
psql_tcp pg secret appdb 'SELECT count(*) FROM accounts'                          # a good login: silent
for _ in 1 2; do psql_tcp pg secret inventory 'SELECT 1'; done                    # 2 missing database
for id in 11 12 13 14; do psql_local pg "SELECT * FROM order_items WHERE id = $id"; done   # 4 missing relation
for id in 1 2 3; do psql_local pg "INSERT INTO accounts VALUES ($id, 'again$id@example.test')"; done  # 3 duplicate keys
psql_local pg 'CHECKPOINT'
docker stop -t 20 "$PREFIX-pg" >/dev/null
save pg postgres-faults

# --- Redis ------------------------------------------------------------------------------------
start redis-clean dockmedic-test/redis
wait_for_log redis-clean 'Ready to accept connections'
for n in 1 2 3; do docker exec "$PREFIX-redis-clean" redis-cli SET "key:$n" "value $n" >/dev/null; done
docker stop -t 20 "$PREFIX-redis-clean" >/dev/null
save redis-clean redis-clean

# /readonly is owned by root: every background save fails to create its temporary file.
start redis-rdb dockmedic-test/redis -- --dir /readonly
wait_for_log redis-rdb 'Ready to accept connections'
docker exec "$PREFIX-redis-rdb" redis-cli SET order:1 pending >/dev/null
for n in 1 2 3 4; do
  docker exec "$PREFIX-redis-rdb" redis-cli BGSAVE >/dev/null
  wait_for_log redis-rdb "Background saving error" 10
  until [ "$(docker logs "$PREFIX-redis-rdb" 2>&1 | grep -c 'Background saving error')" -ge "$n" ]; do sleep 0.2; done
done
docker stop -t 20 "$PREFIX-redis-rdb" >/dev/null
save redis-rdb redis-rdb-save-failure

run_to_end redis-badconf redis-bad-config dockmedic-test/redis --maxmemory-policy evict-everything

# --- nginx ------------------------------------------------------------------------------------
get() { docker exec "$PREFIX-$1" curl -s -o /dev/null "http://127.0.0.1$2" || true; }

start nginx-clean dockmedic-test/nginx
wait_for_log nginx-clean 'start worker process'
for _ in 1 2 3 4 5; do get nginx-clean /; done
docker stop -t 20 "$PREFIX-nginx-clean" >/dev/null
save nginx-clean nginx-clean

start nginx dockmedic-test/nginx
wait_for_log nginx 'start worker process'
for _ in 1 2 3 4 5 6; do get nginx /; done                      # 6 × 200
for _ in 1 2 3; do get nginx /favicon.ico; done                 # 3 × 404, open() failed at [error]
for id in 101 102 103 104 105; do get nginx "/api/orders/$id"; done   # 5 × 502, dead upstream
for _ in 1 2; do get nginx /; done                              # 2 × 200
docker stop -t 20 "$PREFIX-nginx" >/dev/null
save nginx nginx-dead-upstream

# --- JVM, Python, Go programs -----------------------------------------------------------------
run_to_end jvm-clean jvm-clean dockmedic-test/jvm --batches 8
run_to_end jvm jvm-exceptions dockmedic-test/jvm --batches 6 --order-failures 4 --slow 3 --crash
run_to_end python-clean python-clean dockmedic-test/python --batches 8
run_to_end python python-errors dockmedic-test/python --batches 6 --declined 5 --handled-tracebacks 2 --slow 3 --crash
run_to_end goapp-clean goapp-clean dockmedic-test/goapp -batches 8
run_to_end goapp goapp-panic dockmedic-test/goapp -batches 6 -sync-errors 4 -warnings 2 -panic

# --- Runtimes that crash: Ruby, Rust, Erlang, Elixir, Perl, C/C++, bash -----------------------------
run_to_end ruby ruby-crash dockmedic-test/ruby --batches 6 --rejected 3 --crash plain
run_to_end ruby-cause ruby-crash-cause dockmedic-test/ruby --batches 2 --crash cause

# The current panic format needs the binary built by the host's rustc >= 1.73 (scripts/test-images.sh).
panic=$(docker run --rm --network none --label "$LABEL" dockmedic-test/rust --batches 0 --panic unwrap 2>&1 || true)
[[ "$panic" == *"panicked at src/main.rs"* ]] \
  || { echo "capture-fixtures: dockmedic-test/rust prints no current-format panic; rebuild it with rustc >= 1.73" >&2; exit 1; }
run_to_end rust rust-panic dockmedic-test/rust --batches 4 --shortages 2 --panic unwrap
run_to_end rust-bt rust-panic-backtrace dockmedic-test/rust -e RUST_BACKTRACE=1 -- --batches 2 --panic index
run_to_end rust-old rust-panic-old dockmedic-test/rust --entrypoint /usr/local/bin/inventory-old -- --batches 4 --panic unwrap
run_to_end rust-old-bt rust-panic-old-backtrace dockmedic-test/rust -e RUST_BACKTRACE=1 \
  --entrypoint /usr/local/bin/inventory-old -- --batches 2 --panic index

run_to_end erlang erlang-crash dockmedic-test/beam --batches 3 --workers 3 --crash
run_to_end elixir elixir-crash dockmedic-test/beam --entrypoint elixir -- /app/settle.exs --batches 3 --tasks 2 --crash

run_to_end perl perl-die dockmedic-test/perl --batches 4 --warnings 2 --die plain
run_to_end perl-confess perl-confess dockmedic-test/perl --batches 2 --die confess

run_to_end native-segv native-segfault dockmedic-test/native --batches 3 --fault segv
run_to_end native-assert native-assertion dockmedic-test/native --batches 3 --fault abort
run_to_end native-free native-invalid-free dockmedic-test/native --batches 3 --fault free
run_to_end native-smash native-stack-smashing dockmedic-test/native --batches 3 --fault smash
run_to_end native-asan native-asan dockmedic-test/native -e RESIZER=resizer-asan -- --batches 3 --fault overflow
run_to_end native-cxx native-cxx-terminate dockmedic-test/native -e RESIZER=resizer-cxx -- abc

run_to_end shell-cmd shell-command-not-found dockmedic-test/shell --batches 3 --fault missing-command
run_to_end shell-file shell-set-e dockmedic-test/shell --batches 3 --fault missing-file
run_to_end shell-unbound shell-unbound-variable dockmedic-test/shell --batches 3 --fault unbound
log "done: $OUT"

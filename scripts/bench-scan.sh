#!/usr/bin/env bash
# Benchmark for the scan speed requirement: a json-file container holding LINES log lines (default
# 1,000,000), timed in the same run, best of RUNS (default 3) each, runs interleaved:
#   - Docker's own read, `docker logs C >/dev/null`;
#   - `dockmedic scan --containers C` reading the log file directly (the default on a local engine);
#   - the same scan through the API (DOCKMEDIC_DOCKER_LOG_FILES=off), the fallback for remote engines
#     and other logging drivers;
#   - the scan of an empty container: what JVM start, set-up, listing and the reports cost by themselves.
# Each scan runs with a small heap (-Xmx, default 256m) and a GC log, to show its heap stays bounded
# whatever the log size, and with --verbose, to show which way it read the log.
#
#   scripts/bench-scan.sh [LINES]          env: RUNS=3 XMX=256m
#
# Prints the times, their ratios to docker logs and each scan's peak heap; creates two containers and
# one image named dmbench-*, and removes them when it ends.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
lines=${1:-1000000}
runs=${RUNS:-3}
xmx=${XMX:-256m}
tag=$$
container=dmbench-scan-$tag
empty=dmbench-scan-empty-$tag
image=dmbench/busybox:$tag
work=$(mktemp -d)

cleanup() {
  docker rm -f "$container" "$empty" >/dev/null 2>&1 || true
  docker rmi -f "$image" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

jar="$repo/target/dockmedic.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$repo/src/main" "$repo/pom.xml" -newer "$jar" -print -quit)" ]; then
  echo "building target/dockmedic.jar" >&2
  (cd "$repo" && mvn -B -q -ntp package -DskipTests) >&2
fi

# The image: busybox only, built locally (there is no registry).
mkdir -p "$work/image"
cp /bin/busybox "$work/image/busybox"
printf 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox","--install","-s","/bin"]\n' >"$work/image/Dockerfile"
docker build -q -t "$image" "$work/image" >/dev/null 2>&1

# A log like a busy service's: mostly INFO access lines, some WARN, an ERROR every 1000 lines on stderr.
echo "writing $lines log lines into container $container" >&2
docker run -d --name "$container" "$image" awk -v n="$lines" 'BEGIN {
  for (i = 1; i <= n; i++) {
    if (i % 1000 == 0) print "2024-05-01 10:00:00 ERROR [db-pool] connection to 10.0.3." (i % 250) ":5432 refused (attempt " i ")" > "/dev/stderr";
    else if (i % 97 == 0) print "2024-05-01 10:00:00 WARN slow request GET /api/items/" i " took " (i % 5000) "ms";
    else print "2024-05-01 10:00:00 INFO request GET /api/items/" i " served in " (i % 300) "ms status=200 bytes=" (i * 7 % 10000);
  }
}' >/dev/null
docker run -d --name "$empty" "$image" true >/dev/null
docker wait "$container" "$empty" >/dev/null
stored=$(docker logs "$container" 2>&1 | wc -l)
if [ "$stored" -ne "$lines" ]; then
  echo "the container holds $stored lines, expected $lines" >&2
  exit 1
fi
bytes=$(docker logs "$container" 2>&1 | wc -c)

best() { sort -g | head -n1; }
seconds() {
  local start end
  start=$(date +%s%N); "$@"; end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }'
}

log_file=$(docker inspect --format '{{.LogPath}}' "$container")
file_bytes=$(stat -c %s "$log_file" 2>/dev/null || echo 0)

# CPU seconds (user + system) as well as wall time: on a shared machine the wall ratio moves with the
# load, the CPU each side spends much less. For `docker logs` the work is the engine's, so its CPU is
# the engine's (dockerd's, plus the client's) during the read; other requests to a shared engine
# during that time count too.
timed() { # timed NAME command...: wall seconds on stdout, CPU seconds of the command into $work/cpu-NAME
  if [ -x /usr/bin/time ]; then
    seconds /usr/bin/time -f '%U %S' -o "$work/raw-cpu-$1" "${@:2}"
    awk '{ printf "%.2f", $1 + $2 }' "$work/raw-cpu-$1" >"$work/cpu-$1"
  else
    seconds "${@:2}"
  fi
}
dockerd_ticks() {
  local pid
  pid=$(pgrep -xo dockerd || true)
  if [ -n "$pid" ] && [ -r "/proc/$pid/stat" ]; then awk '{ print $14 + $15 }' "/proc/$pid/stat"; else echo 0; fi
}
docker_logs() { # docker_logs RUN: wall seconds; engine + client CPU into $work/cpu-docker-RUN
  local before after wall
  before=$(dockerd_ticks)
  wall=$(timed "client-$1" sh -c "docker logs '$container' >/dev/null 2>&1")
  after=$(dockerd_ticks)
  awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v c="$(cat "$work/cpu-client-$1" 2>/dev/null || echo 0)" \
    'BEGIN { printf "%.2f", t / hz + c }' >"$work/cpu-docker-$1"
  echo "$wall"
}

# One scan: WAY is file, api or empty (the empty container, files read directly); its output, stderr and
# GC log are kept per way and run.
scan() {
  local way=$1 run=$2 files=auto target=$container
  [ "$way" = api ] && files=off
  [ "$way" = empty ] && target=$empty
  rm -f "$work/gc-$way-$run.log"
  timed "$way-$run" sh -c "DOCKMEDIC_DOCKER_LOG_FILES=$files java -Xmx$xmx -Xlog:gc:file='$work/gc-$way-$run.log' \
      -jar '$jar' scan --verbose --containers '$target' --since 30d --output '$work/out-$way' \
      >'$work/scan-$way-$run.out' 2>'$work/scan-$way-$run.err'"
}

docker_times=()
file_times=()
api_times=()
empty_times=()
for run in $(seq "$runs"); do
  docker_times+=("$(docker_logs "$run")")
  file_times+=("$(scan file "$run")")
  api_times+=("$(scan api "$run")")
  empty_times+=("$(scan empty "$run")")
done
docker_best=$(printf '%s\n' "${docker_times[@]}" | best)
file_best=$(printf '%s\n' "${file_times[@]}" | best)
api_best=$(printf '%s\n' "${api_times[@]}" | best)
empty_best=$(printf '%s\n' "${empty_times[@]}" | best)

# Peak heap: the largest heap occupancy the GC saw before a collection; live: the largest after one.
heap() {
  local peak live gcs
  peak=$(grep -ho '[0-9]*M->[0-9]*M' "$work"/gc-"$1"-*.log | sed 's/M->.*//' | sort -n | tail -n1)
  live=$(grep -ho '[0-9]*M->[0-9]*M' "$work"/gc-"$1"-*.log | sed 's/.*->//; s/M//' | sort -n | tail -n1)
  gcs=$(grep -c 'Pause' "$work/gc-$1-1.log" || true)
  printf 'peak in use %s MB, largest after GC %s MB, %s GC pauses' "${peak:-?}" "${live:-?}" "${gcs:-?}"
}
ratio() { awk -v s="$1" -v d="$docker_best" 'BEGIN { printf "%.2f", s / d }'; }
cpu() { # cpu NAME: the least CPU seconds over the runs, and all of them
  local all
  all=$(for f in "$work"/cpu-"$1"-[0-9]*; do [ -f "$f" ] && printf '%s ' "$(cat "$f")"; done)
  [ -n "$all" ] || { echo "?"; return; }
  printf '%s s (runs: %s)' "$(printf '%s\n' $all | best)" "$all"
}

echo
echo "dockmedic scan benchmark, $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), Docker $(docker version --format '{{.Server.Version}}')"
printf '  log                      %s lines, %s MB as docker logs prints them, %s MB json-file on disk\n' "$lines" \
  "$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')" "$(awk -v b="$file_bytes" 'BEGIN { printf "%.1f", b / 1048576 }')"
printf '  docker logs C >/dev/null %6.2f s  (best of %s: %s)\n' "$docker_best" "$runs" "${docker_times[*]}"
printf '  scan, log file directly  %6.2f s  ratio %s  (best of %s: %s; JVM start included)\n' "$file_best" \
  "$(ratio "$file_best")" "$runs" "${file_times[*]}"
printf '  scan, through the API    %6.2f s  ratio %s  (best of %s: %s; DOCKMEDIC_DOCKER_LOG_FILES=off)\n' "$api_best" \
  "$(ratio "$api_best")" "$runs" "${api_times[*]}"
printf '  scan, empty container    %6.2f s  (best of %s: %s; start-up, listing and reports alone)\n' "$empty_best" \
  "$runs" "${empty_times[*]}"
printf '  CPU, docker logs         %s, engine and client\n' "$(cpu docker)"
printf '  CPU, log file directly   %s, the whole scan\n' "$(cpu file)"
printf '  CPU, through the API     %s, the scan only (the engine works too)\n' "$(cpu api)"
printf '  CPU, empty container     %s, the whole scan\n' "$(cpu empty)"
printf '  heap, log file directly  -Xmx%s, %s\n' "$xmx" "$(heap file)"
printf '  heap, through the API    -Xmx%s, %s\n' "$xmx" "$(heap api)"
for way in file api; do
  printf '  %-4s scan said            %s\n' "$way" "$(head -n1 "$work/scan-$way-1.out")"
  printf '  %-4s scan read            %s\n' "$way" "$(grep -m1 'log line' "$work/scan-$way-1.err" | sed 's/^dockmedic: //')"
done
for way in file api; do
  grep -q 'log line' "$work/scan-$way-1.err" || { echo "the $way scan did not say how it read the log:" >&2; cat "$work/scan-$way-1.err" >&2; exit 1; }
  grep -q '[0-9,]* log lines' "$work/scan-$way-1.out" || { echo "the $way scan did not report its lines" >&2; exit 1; }
done
grep -q "read from the engine's log file" "$work/scan-file-1.err" || { echo "the direct scan did not read the file" >&2; exit 1; }
grep -q "read through the Docker API" "$work/scan-api-1.err" || { echo "the API scan did not use the API" >&2; exit 1; }

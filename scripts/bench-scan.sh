#!/usr/bin/env bash
# Benchmark for the scan speed requirement: a container holding LINES log lines (default 1,000,000),
# timed with Docker's own read (`docker logs C >/dev/null`) and with `dockmedic scan --containers C`
# in the same run, best of RUNS (default 3) each. The scan runs with a small heap (-Xmx, default
# 256m) and a GC log, to show its heap stays bounded whatever the log size.
#
#   scripts/bench-scan.sh [LINES]          env: RUNS=3 XMX=256m
#
# Prints both times, their ratio and the scan's peak heap; creates one container and one image
# named dmbench-*, and removes both when it ends.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
lines=${1:-1000000}
runs=${RUNS:-3}
xmx=${XMX:-256m}
tag=$$
container=dmbench-scan-$tag
image=dmbench/busybox:$tag
work=$(mktemp -d)

cleanup() {
  docker rm -f "$container" >/dev/null 2>&1 || true
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
docker wait "$container" >/dev/null
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

docker_times=()
scan_times=()
for run in $(seq "$runs"); do
  docker_times+=("$(seconds sh -c "docker logs '$container' >/dev/null 2>&1")")
  rm -f "$work/gc-$run.log"
  scan_times+=("$(seconds sh -c "java -Xmx$xmx -Xlog:gc:file='$work/gc-$run.log' -jar '$jar' scan \
      --containers '$container' --since 30d --output '$work/out' >'$work/scan-$run.out' 2>'$work/scan-$run.err'")")
done
docker_best=$(printf '%s\n' "${docker_times[@]}" | best)
scan_best=$(printf '%s\n' "${scan_times[@]}" | best)

# Peak heap: the largest heap occupancy the GC saw before a collection; live: the largest after one.
peak=$(grep -ho '[0-9]*M->[0-9]*M' "$work"/gc-*.log | sed 's/M->.*//' | sort -n | tail -n1)
live=$(grep -ho '[0-9]*M->[0-9]*M' "$work"/gc-*.log | sed 's/.*->//; s/M//' | sort -n | tail -n1)
gcs=$(grep -c 'Pause' "$work/gc-1.log" || true)
scanned=$(grep -o '[0-9,]* log lines' "$work/scan-1.out" | head -n1)

echo
echo "dockmedic scan benchmark, $(date -u +%FT%TZ), $(nproc) cores, Docker $(docker version --format '{{.Server.Version}}')"
printf '  log                      %s lines, %s MB (docker logs output)\n' "$lines" "$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')"
printf '  docker logs C >/dev/null %6.2f s  (best of %s: %s)\n' "$docker_best" "$runs" "${docker_times[*]}"
printf '  dockmedic scan           %6.2f s  (best of %s: %s; JVM start included)\n' "$scan_best" "$runs" "${scan_times[*]}"
printf '  ratio scan / docker logs %6.2f\n' "$(awk -v s="$scan_best" -v d="$docker_best" 'BEGIN { printf "%.2f", s / d }')"
printf '  scan heap                -Xmx%s, peak in use %s MB, largest after GC %s MB, %s GC pauses\n' \
  "$xmx" "${peak:-?}" "${live:-?}" "${gcs:-?}"
printf '  scan said                %s\n' "$(head -n1 "$work/scan-1.out")"
if [ -s "$work/scan-1.err" ]; then
  echo "  scan stderr:"; sed 's/^/    /' "$work/scan-1.err"
fi
[ -n "$scanned" ] || { echo "the scan did not report its lines" >&2; exit 1; }

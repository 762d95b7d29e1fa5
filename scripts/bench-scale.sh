#!/usr/bin/env bash
# Scale benchmark of one operator loop over N containers (default 50), in two parts (PART=rescan, loop or
# both, the default):
#
# rescan: N idle containers, each having written LINES log lines (default 1,000, an ERROR every 100),
#   scanned once and then rescanned ROUNDS times (default 5) from the cursors by one long-lived scanner and
#   runtime, as the operator does:
#     java -jar target/dockmedic.jar bench --mode rescan --label dmbench.scale=TAG --rounds ROUNDS
#   once with the log files read directly and once through the API (DOCKMEDIC_DOCKER_LOG_FILES=off).
#   Prints each scan's wall and CPU time (the whole JVM's CPU) per container.
#
# loop: N containers each logging steadily (RATE lines/s each, default 5; an ERROR every 50 lines) and
#   `dockmedic watch` (the operator's audit cycle, on the local task store) auditing them every INTERVAL
#   (default 5s) for SECONDS (default 120). PROBES times (default 10), spread over the run, one container
#   is made to log a new ERROR line (docker exec, written to its stderr); the latency is the time until a
#   task in the state directory shows that line. Prints the latencies, the loop's cycle times, its CPU
#   (user + system over the run, as a share of one core) and heap (GC log, RSS).
#
#   scripts/bench-scale.sh [N] [LINES]     env: PART=both ROUNDS=5 XMX=256m RATE=5 INTERVAL=5s SECONDS_RUN=120 PROBES=10
#
# Creates N containers and one image named dmbench-scale-*, and removes them when it ends.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
n=${1:-50}
lines=${2:-1000}
part=${PART:-both}
rounds=${ROUNDS:-5}
rate=${RATE:-5}
interval=${INTERVAL:-5s}
run_seconds=${SECONDS_RUN:-120}
probes=${PROBES:-10}
xmx=${XMX:-256m}
tag=$$
image=dmbench/busybox:scale-$tag
label="dmbench.scale=$tag"
work=$(mktemp -d)

cleanup() {
  docker ps -aq --filter "label=$label" | xargs -r docker rm -f >/dev/null 2>&1 || true
  docker rmi -f "$image" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

jar="$repo/target/dockmedic.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$repo/src/main" "$repo/pom.xml" -newer "$jar" -print -quit)" ]; then
  echo "building target/dockmedic.jar" >&2
  (cd "$repo" && mvn -B -q -ntp package -DskipTests) >&2
fi
mkdir -p "$work/image"
cp /bin/busybox "$work/image/busybox"
printf 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox","--install","-s","/bin"]\n' >"$work/image/Dockerfile"
docker build -q -t "$image" "$work/image" >/dev/null 2>&1

load() { cut -d' ' -f1-3 /proc/loadavg; }

rescan_part() {
  echo "starting $n containers of $lines lines each" >&2
  for i in $(seq "$n"); do
    docker run -d --name "dmbench-scale-$tag-$i" --label "$label" --label dmbench.part=rescan "$image" awk -v n="$lines" -v c="$i" 'BEGIN {
      for (k = 1; k <= n; k++) {
        if (k % 100 == 0) print "ERROR worker " c " lost connection to 10.0.0." (k % 250) ":5432 (attempt " k ")" > "/dev/stderr";
        else print "INFO worker " c " handled request " k " in " (k % 300) "ms";
      }
      system("exec sleep 86400")
    }' >/dev/null
  done
  sleep 2
  for way in file api; do
    files=auto
    [ "$way" = api ] && files=off
    echo
    echo "== quiet rescans of $n idle containers, logs read: $way (load $(load))"
    DOCKMEDIC_DOCKER_LOG_FILES=$files java "-Xmx$xmx" -jar "$jar" bench --mode rescan --label "$label" --rounds "$rounds" \
      | grep -v '^dockmedic bench:'
  done
  docker ps -aq --filter "label=$label" | xargs -r docker rm -f >/dev/null 2>&1 || true
}

loop_part() {
  local pause usleep_us
  usleep_us=$((1000000 / rate))
  echo "starting $n containers logging $rate lines/s each" >&2
  for i in $(seq "$n"); do
    docker run -d --name "dmbench-scale-$tag-$i" --label "$label" --label dmbench.part=loop "$image" sh -c "i=0; while true; do
        i=\$((i+1)); echo \"INFO worker $i handled request \$i in \$((i % 300))ms\";
        if [ \$((i % 50)) = 0 ]; then echo \"ERROR worker $i lost connection to 10.0.0.\$((i % 250)):5432 (attempt \$i)\" >&2; fi;
        usleep $usleep_us; done" >/dev/null
  done
  cat >"$work/policy.yaml" <<YAML
apiVersion: dockmedic.io/v1alpha1
kind: LogAudit
metadata:
  name: scale
spec:
  selector:
    labels:
      dmbench.scale: "$tag"
  interval: $interval
YAML
  java "-Xmx$xmx" -Xlog:gc:file="$work/gc-loop.log" -jar "$jar" watch -f "$work/policy.yaml" --state "$work/state" \
    >"$work/watch.out" 2>"$work/watch.err" &
  local pid=$!
  local hz start_ticks end_ticks t0 t1
  hz=$(getconf CLK_TCK)
  # the first cycle reads what the containers wrote while they started; measure from the steady state on
  for _ in $(seq 600); do grep -q "LogAudit scale:" "$work/watch.out" 2>/dev/null && break; sleep 0.1; done
  start_ticks=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
  t0=$(date +%s%N)
  local gap=$((run_seconds * 1000 / probes))
  : >"$work/latencies"
  for k in $(seq "$probes"); do
    sleep "$(awk -v ms="$gap" 'BEGIN { printf "%.3f", ms / 2000 }')"
    local target=$(( (k * 7919) % n + 1 ))
    local before after found=""
    before=$(date +%s%N)
    docker exec "dmbench-scale-$tag-$target" sh -c "echo 'ERROR probe $tag-$k: payment gateway timeout after 30s' >/proc/1/fd/2"
    for _ in $(seq 1200); do
      if grep -lq "probe $tag-$k:" "$work"/state/tasks/*.json 2>/dev/null; then found=1; break; fi
      sleep 0.05
    done
    after=$(date +%s%N)
    if [ -n "$found" ]; then
      awk -v ns=$((after - before)) 'BEGIN { printf "%.2f\n", ns / 1e9 }' >>"$work/latencies"
    else
      echo "timeout" >>"$work/latencies"
    fi
    sleep "$(awk -v ms="$gap" 'BEGIN { printf "%.3f", ms / 2000 }')"
  done
  t1=$(date +%s%N)
  end_ticks=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
  local rss
  rss=$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status")
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  local cycles
  cycles=$(grep -c "LogAudit scale:" "$work/watch.out" || true)
  echo
  echo "== the watch loop over $n containers logging $rate lines/s each ($((n * rate)) lines/s), interval $interval (load $(load))"
  printf '  error line -> task updated  %s s (probes: %s)\n' \
    "$(grep -v timeout "$work/latencies" | sort -g | awk '{ a[NR] = $1 } END { if (NR) printf "median %.2f, max %.2f", a[int((NR + 1) / 2)], a[NR]; else printf "none" }')" \
    "$(tr '\n' ' ' <"$work/latencies")"
  printf '  loop CPU                    %s s over %s s wall: %s%% of one core\n' \
    "$(awk -v t=$((end_ticks - start_ticks)) -v hz="$hz" 'BEGIN { printf "%.1f", t / hz }')" \
    "$(awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.0f", ns / 1e9 }')" \
    "$(awk -v t=$((end_ticks - start_ticks)) -v hz="$hz" -v ns=$((t1 - t0)) 'BEGIN { printf "%.0f", 100 * t / hz / (ns / 1e9) }')"
  printf '  heap                        -Xmx%s, peak in use %s MB, largest after GC %s MB; max RSS %s MiB\n' "$xmx" \
    "$(grep -ho '[0-9]*M->[0-9]*M' "$work/gc-loop.log" | sed 's/M->.*//' | sort -n | tail -n1)" \
    "$(grep -ho '[0-9]*M->[0-9]*M' "$work/gc-loop.log" | sed 's/.*->//; s/M//' | sort -n | tail -n1)" "$rss"
  # cycles are due `interval` after the previous one started: while the loop keeps up, its lines come `interval`
  # apart; a gap longer than that is a cycle that took longer than the interval
  local gaps
  gaps=$(grep "LogAudit scale:" "$work/watch.out" | cut -d' ' -f1 | while read -r at; do date -d "$at" +%s.%N; done |
    awk 'NR > 2 { print $1 - prev } { prev = $1 }' | sort -g |
    awk '{ a[NR] = $1 } END { if (NR) printf "median %.2f s, max %.2f s", a[int((NR + 1) / 2)], a[NR]; else printf "?" }')
  printf '  between cycles              %s (the interval is %s: longer means the loop fell behind)\n' "$gaps" "$interval"
  printf '  CPU per cycle               %s s (the cycles after the first)\n' "$(awk -v t=$((end_ticks - start_ticks)) \
    -v hz="$hz" -v c="$cycles" 'BEGIN { printf "%.2f", c > 1 ? t / hz / (c - 1) : 0 }')"
  printf '  cycles                      %s in the run; the last ones:\n' "$cycles"
  grep "LogAudit scale:" "$work/watch.out" | tail -n 3 | sed 's/^/    /'
  if grep -q . "$work/watch.err"; then
    echo "  watch said on stderr (first lines):"
    head -n 5 "$work/watch.err" | sed 's/^/    /'
  fi
  docker ps -aq --filter "label=$label" | xargs -r docker rm -f >/dev/null 2>&1 || true
}

case "$part" in
  rescan) rescan_part ;;
  loop) loop_part ;;
  both) rescan_part; loop_part ;;
  *) echo "PART must be rescan, loop or both" >&2; exit 2 ;;
esac
echo
echo "$(date -u +%FT%TZ), $(nproc) cores, load $(load), Docker $(docker version --format '{{.Server.Version}}')"

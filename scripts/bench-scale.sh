#!/usr/bin/env bash
# Scale benchmark of quiet rescans: N idle containers (default 50), each having written LINES log lines
# (default 1,000, an ERROR every 100), scanned once and then rescanned ROUNDS times (default 5) from the
# cursors by one long-lived scanner and runtime, as the operator does:
#   java -jar target/dockmedic.jar bench --mode rescan --label dmbench.scale=TAG --rounds ROUNDS
# once with the log files read directly and once through the API (DOCKMEDIC_DOCKER_LOG_FILES=off).
# Prints each scan's wall and CPU time (the whole JVM's CPU) per container.
#
#   scripts/bench-scale.sh [N] [LINES]     env: ROUNDS=5 XMX=256m
#
# Creates N containers and one image named dmbench-scale-*, and removes them when it ends.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
n=${1:-50}
lines=${2:-1000}
rounds=${ROUNDS:-5}
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

echo "starting $n containers of $lines lines each" >&2
for i in $(seq "$n"); do
  docker run -d --name "dmbench-scale-$tag-$i" --label "$label" "$image" awk -v n="$lines" -v c="$i" 'BEGIN {
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
  echo "== logs read: $way"
  DOCKMEDIC_DOCKER_LOG_FILES=$files java "-Xmx$xmx" -jar "$jar" bench --mode rescan --label "$label" --rounds "$rounds" \
    | grep -v '^dockmedic bench:'
done
echo
echo "$(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), Docker $(docker version --format '{{.Server.Version}}')"

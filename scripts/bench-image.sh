#!/usr/bin/env bash
# Start-up of the dockmedic image with and without its AppCDS archive (figures in SPEC/shipping.md).
#
#   scripts/bench-image.sh [IMAGE] [RUNS]      IMAGE defaults to dockmedic:dev, RUNS to 9
#
# Inside one container (so that Docker's own start-up is not counted), each command runs RUNS times
# with the image's archive, with only the JDK's default CDS archive, and with CDS off; the median
# wall time of each is printed. Then `docker run --rm IMAGE --help` as a user types it, with and
# without the archive. The scanned log is a captured fixture (src/test/resources/fixtures/).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
IMAGE=${1:-dockmedic:dev}
RUNS=${2:-9}
LOG=src/test/resources/fixtures/jvm-exceptions.log

median_ms() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "image $IMAGE: $(docker image inspect --format '{{.Size}}' "$IMAGE" | awk '{ printf "%.0f MB", $1 / 1e6 }')," \
  "$RUNS runs each, median wall time in ms; load average $(cut -d' ' -f1-3 /proc/loadavg)"
docker run --rm -v "$ROOT/$LOG:/tmp/bench.log:ro" --entrypoint bash "$IMAGE" -c '
  runs=$1; jar=/opt/dockmedic/dockmedic.jar
  median() { sort -n | awk "{ v[NR] = \$1 } END { print v[int((NR + 1) / 2)] }"; }
  time_ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
  printf "%-42s %8s %12s %8s\n" command AppCDS "default CDS" "CDS off"
  for cmd in "--help" "scan --file /tmp/bench.log --format json"; do
    row=()
    for share in "-XX:SharedArchiveFile=/opt/dockmedic/dockmedic.jsa -Xshare:auto" "-Xshare:auto" "-Xshare:off"; do
      row+=("$(for i in $(seq "$runs"); do time_ms java $share -XX:MaxRAMPercentage=75 -jar $jar $cmd; done | median)")
    done
    printf "%-42s %8s %12s %8s\n" "$cmd" "${row[@]}"
  done' bench "$RUNS"

docker_run_ms() {
  local s e; s=$(date +%s%N); docker run --rm "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(((e - s) / 1000000))
}
with=$(for i in $(seq "$RUNS"); do docker_run_ms "$IMAGE" --help; done | median_ms)
without=$(for i in $(seq "$RUNS"); do
  docker_run_ms --entrypoint java "$IMAGE" -XX:MaxRAMPercentage=75 -jar /opt/dockmedic/dockmedic.jar --help
done | median_ms)
echo "docker run --rm IMAGE --help: $with ms with the archive, $without ms without"

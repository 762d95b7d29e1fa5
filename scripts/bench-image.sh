#!/usr/bin/env bash
# Start-up of the dockmedic image with and without its AppCDS archive (figures in SPEC/shipping.md).
#
#   scripts/bench-image.sh [IMAGE] [RUNS]      IMAGE defaults to dockmedic:dev, RUNS to 9
#
# Inside one container (so that Docker's own start-up is not counted), each command runs RUNS times
# with the image's archive, with only the JDK's default CDS archive, and with CDS off; the medians
# of wall and CPU (user + sys) time are printed. Then `docker run --rm IMAGE --help` as a user types it, with and
# without the archive. The scanned log is a captured fixture (src/test/resources/fixtures/).
# With KUBECONFIG set (a file with its certificates inline: kubectl config view --raw --flatten),
# `tasks list -n $DOCKMEDIC_BENCH_NAMESPACE` (default: default) is measured too, the container on the
# host network so that an API server on 127.0.0.1 answers.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
IMAGE=${1:-dockmedic:dev}
RUNS=${2:-9}
LOG=src/test/resources/fixtures/jvm-exceptions.log
cluster=()
if [ -n "${KUBECONFIG:-}" ]; then
  # A copy the image's user (uid 10001) may read, in a folder only we may enter.
  KUBE_COPY=$(mktemp -d); trap 'rm -rf "$KUBE_COPY"' EXIT
  install -m 0644 "$KUBECONFIG" "$KUBE_COPY/kubeconfig"
  cluster=(--network host -v "$KUBE_COPY/kubeconfig:/tmp/kubeconfig:ro" -e KUBECONFIG=/tmp/kubeconfig
    -e "DOCKMEDIC_BENCH_NAMESPACE=${DOCKMEDIC_BENCH_NAMESPACE:-default}")
fi

median_ms() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "image $IMAGE: $(docker image inspect --format '{{.Size}}' "$IMAGE" | awk '{ printf "%.0f MB", $1 / 1e6 }')," \
  "$RUNS runs each; load average $(cut -d' ' -f1-3 /proc/loadavg)"
docker run --rm "${cluster[@]}" -v "$ROOT/$LOG:/tmp/bench.log:ro" --entrypoint bash "$IMAGE" -c '
  runs=$1; jar=/opt/dockmedic/dockmedic.jar
  median() { sort -n | awk "{ v[NR] = \$1 } END { print v[int((NR + 1) / 2)] }"; }
  # One run: wall and CPU (user + sys) milliseconds; CPU time is the steadier figure on a busy machine.
  # A failed run (an unreachable cluster, an archive that does not map) stops the benchmark: no figure of it.
  measure() {
    local TIMEFORMAT="%R %U %S" t
    t=$({ time "$@" >/dev/null 2>/tmp/bench.err; } 2>&1) || { echo "failed: $* ($(head -c 300 /tmp/bench.err))" >&2; return 1; }
    awk "{ printf \"%d %d\\n\", \$1 * 1000, (\$2 + \$3) * 1000 }" <<<"$t"
  }
  printf "%-42s %15s %15s %15s\n" "command (wall / CPU ms)" AppCDS "default CDS" "CDS off"
  commands=("--help" "scan --file /tmp/bench.log --format json")
  [ -n "${KUBECONFIG:-}" ] && commands+=("tasks list -n $DOCKMEDIC_BENCH_NAMESPACE")
  for cmd in "${commands[@]}"; do
    row=()
    for share in "-XX:SharedArchiveFile=/opt/dockmedic/dockmedic.jsa -Xshare:auto" "-Xshare:auto" "-Xshare:off"; do
      runs_out=$(for i in $(seq "$runs"); do measure java $share -XX:MaxRAMPercentage=75 -jar $jar $cmd || exit 1; done) || exit 1
      row+=("$(cut -d" " -f1 <<<"$runs_out" | median) / $(cut -d" " -f2 <<<"$runs_out" | median)")
    done
    printf "%-42s %15s %15s %15s\n" "$cmd" "${row[@]}"
  done' bench "$RUNS"

docker_run_ms() {
  local s e; s=$(date +%s%N); docker run --rm "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(((e - s) / 1000000))
}
with=$(for i in $(seq "$RUNS"); do docker_run_ms "$IMAGE" --help; done | median_ms)
without=$(for i in $(seq "$RUNS"); do
  docker_run_ms --entrypoint java "$IMAGE" -XX:MaxRAMPercentage=75 -jar /opt/dockmedic/dockmedic.jar --help
done | median_ms)
echo "docker run --rm IMAGE --help: $with ms with the archive, $without ms without"

#!/usr/bin/env bash
# Start-up of the plain jar (java -jar) with and without an AppCDS archive made for it (figures in
# SPEC/shipping.md).
#
#   scripts/bench-jar-startup.sh [JAR] [RUNS]     JAR defaults to target/dockmedic.jar, RUNS to 9
#
# With KUBECONFIG set, `tasks list -n $DOCKMEDIC_BENCH_NAMESPACE` (default: default) is measured too,
# against that cluster. Each command runs RUNS times with the JDK's default CDS archive, with CDS off,
# with a dynamic archive (-XX:ArchiveClassesAtExit, one run of the command it is then used for) and
# with a static archive (-Xshare:dump from the class lists of --help and, with a cluster, tasks list);
# the medians of wall and CPU (user + sys) milliseconds are printed. The archives are made in a
# temporary folder and removed; each first run (the one that writes an archive) is not counted.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=$(realpath "${1:-$ROOT/target/dockmedic.jar}")
RUNS=${2:-9}
NS=${DOCKMEDIC_BENCH_NAMESPACE:-default}
[ -f "$JAR" ] || { echo "bench-jar-startup: no $JAR; build it with: mvn -B package -DskipTests" >&2; exit 2; }
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# One run: wall and CPU (user + sys) milliseconds; CPU time is the steadier figure on a busy machine.
# A failed run (e.g. an archive that does not map under -Xshare:on) stops the benchmark: no figure of it.
measure() {
  local TIMEFORMAT="%R %U %S" t
  t=$({ time "$@" >/dev/null 2>"$TMP/stderr"; } 2>&1) \
    || { echo "bench-jar-startup: failed: $* ($(head -c 300 "$TMP/stderr"))" >&2; return 1; }
  awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' <<<"$t"
}
cell() { # <java options...> -- <command...>: "wall / CPU" medians of RUNS runs
  local opts=() out
  while [ "$1" != -- ]; do opts+=("$1"); shift; done; shift
  out=$(for _ in $(seq "$RUNS"); do measure java "${opts[@]}" -jar "$JAR" "$@" || exit 1; done) || exit 1
  echo "$(cut -d' ' -f1 <<<"$out" | median) / $(cut -d' ' -f2 <<<"$out" | median)"
}

commands=("--help")
[ -n "${KUBECONFIG:-}" ] && commands+=("tasks list -n $NS")

# The static archive: class lists of every measured command, merged in first-seen order, dumped once.
for i in "${!commands[@]}"; do
  read -r -a cmd <<<"${commands[$i]}"
  java -XX:DumpLoadedClassList="$TMP/$i.classes" -jar "$JAR" "${cmd[@]}" >/dev/null 2>&1
done
awk '!seen[$0]++' "$TMP"/*.classes >"$TMP/all.classes"
java -Xshare:dump -XX:SharedClassListFile="$TMP/all.classes" -XX:SharedArchiveFile="$TMP/static.jsa" \
  -cp "$JAR" >"$TMP/dump.log" 2>&1 || { tail -n 20 "$TMP/dump.log" >&2; exit 1; }

echo "jar $JAR ($(java -version 2>&1 | head -n1)), $RUNS runs each; load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-28s %13s %13s %13s %13s\n" "command (wall / CPU ms)" "default CDS" "CDS off" "dynamic" "static"
for i in "${!commands[@]}"; do
  read -r -a cmd <<<"${commands[$i]}"
  java -XX:ArchiveClassesAtExit="$TMP/dynamic-$i.jsa" -jar "$JAR" "${cmd[@]}" >/dev/null 2>&1
  default=$(cell -Xshare:auto -- "${cmd[@]}") || exit 1
  off=$(cell -Xshare:off -- "${cmd[@]}") || exit 1
  dynamic=$(cell -XX:SharedArchiveFile="$TMP/dynamic-$i.jsa" -Xshare:on -- "${cmd[@]}") || exit 1
  static=$(cell -XX:SharedArchiveFile="$TMP/static.jsa" -Xshare:on -- "${cmd[@]}") || exit 1
  printf "%-28s %13s %13s %13s %13s\n" "${commands[$i]}" "$default" "$off" "$dynamic" "$static"
done
echo "archives: dynamic $(du -m "$TMP"/dynamic-0.jsa | cut -f1) MB (one per command), static $(du -m "$TMP/static.jsa" | cut -f1) MB"

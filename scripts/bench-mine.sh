#!/usr/bin/env bash
# Benchmark of `dockmedic mine` against Drain3 (Python, the reference online template miner) on the same
# million Loghub messages in the same run: the Content column of every *_2k.log_structured.csv in the
# Loghub folder (8 systems, 16,000 messages), one system after another, repeated to at least LINES
# lines (default 1,000,000; 63 rounds, 1,008,000 lines), as `dockmedic bench --mode miner` mines them.
#
#   scripts/bench-mine.sh [LOGHUB_DIR] [LINES]      env: RUNS=3 XMX=256m
#
# Wall times, best of RUNS each, runs interleaved, process start included on both sides, and the best CPU
# seconds (user + system) of each:
#   - java -Xmx256m -jar target/dockmedic.jar mine --input FILE --output OUT.csv
#   - Drain3 (default settings, no masking) mining the same file line by line and writing
#     LineId,ClusterId,Template rows, one per line.
# Drain3 is installed with pip into a virtual environment under ${DOCKMEDIC_CACHE:-~/.cache/dockmedic}.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
loghub=${1:-"$repo/../shared/datasets/loghub"}
lines=${2:-1000000}
runs=${RUNS:-3}
xmx=${XMX:-256m}
cache=${DOCKMEDIC_CACHE:-$HOME/.cache/dockmedic}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[ -d "$loghub" ] || { echo "Loghub folder not found: $loghub" >&2; exit 2; }
jar="$repo/target/dockmedic.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$repo/src/main" "$repo/pom.xml" -newer "$jar" -print -quit)" ]; then
  echo "building target/dockmedic.jar" >&2
  (cd "$repo" && mvn -B -q -ntp package -DskipTests) >&2
fi
venv="$cache/drain3-venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import drain3' 2>/dev/null; then
  echo "installing Drain3 into $venv" >&2
  mkdir -p "$cache"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q drain3 >&2
fi

input="$work/loghub-$lines.txt"
python3 - "$loghub" "$lines" "$input" <<'PY'
import csv, glob, sys
folder, total, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
messages = []
for path in sorted(glob.glob(folder + "/*_2k.log_structured.csv")):
    with open(path, newline="", encoding="utf-8") as f:
        messages += [row["Content"].replace("\r", " ").replace("\n", " ") for row in csv.DictReader(f)]
rounds = -(-total // len(messages))
with open(out, "w", encoding="utf-8") as f:
    for _ in range(rounds):
        for m in messages:
            f.write(m + "\n")
print(len(messages), rounds, file=sys.stderr)
PY
count=$(wc -l <"$input")

cat >"$work/drain3_mine.py" <<'PY'
import logging, sys
logging.disable(logging.CRITICAL)  # Drain3 logs its configuration at start
from drain3 import TemplateMiner
miner = TemplateMiner()
with open(sys.argv[1], encoding="utf-8", errors="replace") as src, open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write("LineId,ClusterId,Template\n")
    for n, line in enumerate(src, 1):
        result = miner.add_log_message(line.rstrip("\n"))
        template = result["template_mined"].replace('"', '""')
        out.write(f'{n},{result["cluster_id"]},"{template}"\n')
PY

best() { sort -g | head -n1; }
# Runs the command; prints its wall seconds and appends its CPU seconds (user + system) to the file $1.
seconds() {
  local cpu_file=$1 timing
  shift
  timing=$(mktemp -p "$work")
  # bash's own `time` of the child: real, user, system; the command's stderr still goes to ours
  { TIMEFORMAT='%R %U %S'; time "$@" 2>&3; } 3>&2 2>"$timing"
  awk '{ printf "%.3f", $1 }' "$timing"
  awk '{ printf "%.2f\n", $2 + $3 }' "$timing" >>"$cpu_file"
}
mine_times=()
drain_times=()
: >"$work/mine.cpu"
: >"$work/drain.cpu"
for run in $(seq "$runs"); do
  mine_times+=("$(seconds "$work/mine.cpu" java "-Xmx$xmx" -jar "$jar" mine --input "$input" --output "$work/mine.csv")")
  drain_times+=("$(seconds "$work/drain.cpu" "$venv/bin/python" "$work/drain3_mine.py" "$input" "$work/drain3.csv")")
done
mine_best=$(printf '%s\n' "${mine_times[@]}" | best)
drain_best=$(printf '%s\n' "${drain_times[@]}" | best)
mine_cpu=$(best <"$work/mine.cpu")
drain_cpu=$(best <"$work/drain.cpu")
rows=$(($(wc -l <"$work/mine.csv") - 1))
[ "$rows" -eq "$count" ] || { echo "mine wrote $rows rows for $count lines" >&2; exit 1; }
templates=$(cut -d, -f2 "$work/mine.csv" | tail -n +2 | sort -u | wc -l)
clusters=$(cut -d, -f2 "$work/drain3.csv" | tail -n +2 | sort -u | wc -l)
drain_version=$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("drain3"))')

echo
echo "dockmedic mine benchmark, $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '  input                 %s Loghub messages, %s MB\n' "$count" "$(awk -v b="$(stat -c %s "$input")" 'BEGIN { printf "%.1f", b / 1048576 }')"
printf '  dockmedic mine        %7.2f s  %5.0fK lines/s  (best of %s: %s; JVM start and CSV included; %s templates)\n' \
  "$mine_best" "$(awk -v n="$count" -v s="$mine_best" 'BEGIN { print n / s / 1000 }')" "$runs" "${mine_times[*]}" "$templates"
printf '  Drain3 %-8s       %7.2f s  %5.0fK lines/s  (best of %s: %s; Python start and CSV included; %s clusters)\n' \
  "$drain_version" "$drain_best" "$(awk -v n="$count" -v s="$drain_best" 'BEGIN { print n / s / 1000 }')" "$runs" "${drain_times[*]}" "$clusters"
printf '  speed-up              %7.1fx\n' "$(awk -v m="$mine_best" -v d="$drain_best" 'BEGIN { printf "%.1f", d / m }')"
# CPU seconds move less than wall time when other work shares the cores (the JVM's JIT threads count here)
printf '  CPU (user + system)   mine %s s, Drain3 %s s (best of %s each; mine: %s; Drain3: %s): %sx\n' "$mine_cpu" \
  "$drain_cpu" "$runs" "$(paste -sd' ' "$work/mine.cpu")" "$(paste -sd' ' "$work/drain.cpu")" \
  "$(awk -v m="$mine_cpu" -v d="$drain_cpu" 'BEGIN { printf "%.1f", d / m }')"

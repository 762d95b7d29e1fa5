#!/usr/bin/env bash
# Runs dockmedic on the local Docker host (or $DOCKER_HOST): sets up tools, starts Docker and builds the
# jar when needed, then runs `dockmedic ARGS...`.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"

"$repo/scripts/setup-tools.sh"
if [ -z "${DOCKER_HOST:-}" ]; then
  "$repo/scripts/docker-up.sh" >&2
fi
jar="$repo/target/dockmedic.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$repo/src/main" "$repo/pom.xml" -newer "$jar" -print -quit)" ]; then
  (cd "$repo" && mvn -B -q -ntp package -DskipTests) >&2
fi
exec java -jar "$jar" "$@"

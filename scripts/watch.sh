#!/usr/bin/env bash
# Runs the remediation loop on the local Docker host (or $DOCKER_HOST): builds dockmedic if needed, then runs
# `dockmedic watch` with the given options (state and the five report files in ./.dockmedic by default).
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
exec java -jar "$jar" watch "$@"

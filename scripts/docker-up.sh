#!/usr/bin/env bash
# Makes sure a Docker engine answers on this machine: installs Debian's docker.io when the
# client or daemon is missing, starts dockerd in the background when nothing answers, and waits
# for it. Safe to run again: it does nothing when the engine already answers.
set -euo pipefail

LOG=${DOCKERD_LOG:-/var/log/dockmedic-dockerd.log}
WAIT_SECONDS=${DOCKERD_WAIT_SECONDS:-60}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
  echo "docker-up: installing docker.io"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq docker.io >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  echo "docker-up: starting dockerd (log: $LOG)"
  # setsid: the daemon must outlive this script and not get the caller's signals.
  as_root setsid dockerd >>"$LOG" 2>&1 </dev/null &
  deadline=$((SECONDS + WAIT_SECONDS))
  until docker info >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "docker-up: dockerd did not answer within ${WAIT_SECONDS}s; last log lines:" >&2
      tail -n 20 "$LOG" >&2 || true
      exit 1
    fi
    sleep 1
  done
fi

echo "docker-up: engine $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})')"

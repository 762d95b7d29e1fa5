#!/usr/bin/env bash
# The main job: the remediation loop on the local Docker host (`dockmedic watch`), with its state and the
# five report files in ./.dockmedic by default. Options go to `dockmedic watch` (--once, -f FILE, --state DIR).
exec "$(dirname "$0")/dockmedic.sh" watch "$@"

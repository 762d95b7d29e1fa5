#!/usr/bin/env bash
# A one-shot report of the local Docker host (`dockmedic scan`), written into the current folder.
exec "$(dirname "$0")/dockmedic.sh" scan "$@"

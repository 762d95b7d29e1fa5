#!/bin/bash
# A small backup script whose faults are chosen on the command line, as entrypoint scripts are
# written: set -euo pipefail, so the first failing command ends it.
#
#   backup.sh [--batches N] [--fault missing-command|missing-file|unbound|none]
set -euo pipefail

batches=5 fault=none
while [ $# -gt 0 ]; do
  case "$1" in
    --batches) batches=$2; shift 2 ;;
    --fault) fault=$2; shift 2 ;;
    *) echo "usage: backup.sh [--batches N] [--fault KIND]" >&2; exit 64 ;;
  esac
done

say() { echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) backup: $*"; }

say "starting: retries=3, errors=0"
for b in $(seq 1 "$batches"); do say "volume $b copied: 12 files, errors=0, 0 failed"; done
say "idle; errors=0"
case "$fault" in
  missing-command) say "compressing archive"; zstdx -q /tmp/archive ;;
  missing-file) say "copying the manifest"; cp /srv/backup/manifest.json /tmp/ ;;
  unbound) say "uploading to the bucket"; echo "target: s3://$BACKUP_BUCKET/daily" ;;
esac
say "done"

#!/usr/bin/env bash
# Runs every test tier on this machine, setting up what they need first:
# a Docker engine, the locally built test images, and the etcd + kube-apiserver binaries.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup-tools.sh
scripts/docker-up.sh
scripts/test-images.sh
scripts/control-plane.sh build

export TESTCONTAINERS_RYUK_DISABLED=true TESTCONTAINERS_HOST_OVERRIDE=localhost
# The Loghub samples live beside the repository in shared/; CI lays a copy there too.
loghub="${DOCKMEDIC_LOGHUB_DIR:-$(cd .. && pwd)/shared/datasets/loghub}"
exec mvn -B -ntp verify -Ddockmedic.loghub.dir="$loghub" "$@"

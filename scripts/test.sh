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
# Everything the tests read is in the repository (the Loghub samples: src/test/resources/loghub/).
exec mvn -B -ntp verify "$@"

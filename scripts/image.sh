#!/usr/bin/env bash
# Builds the dockmedic image from the repository's Dockerfile (see SPEC/shipping.md).
#
#   scripts/image.sh [--local] [TAG]      TAG defaults to dockmedic:dev
#
# Without --local the Dockerfile's default bases are used (the official Maven and Eclipse Temurin
# images, pulled from Docker Hub). With --local no registry is needed: two stand-in bases are built
# here first from dockmedic-test/debian:bookworm (scripts/test-images.sh) with Debian's JDK, JRE and
# Maven; the Maven one carries a copy of this machine's local Maven repository and builds offline.
# Each local base carries the label io.dockmedic.base.hash and is rebuilt only when its recipe,
# its parent image or pom.xml changed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RECIPES="$ROOT/scripts/local-bases"
HASH_LABEL=io.dockmedic.base.hash
DEBIAN=dockmedic-test/debian:bookworm
LOCAL_MAVEN=dockmedic-local/maven:17
LOCAL_JRE=dockmedic-local/jre:17
M2_REPO=${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}

log() { echo "image: $*" >&2; }
die() { echo "image: $*" >&2; exit 1; }

local=no
tag=dockmedic:dev
for arg in "$@"; do
  case "$arg" in
    --local) local=yes ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $arg (see --help)" ;;
    *) tag=$arg ;;
  esac
done

docker info >/dev/null 2>&1 || die "no Docker engine answers; run scripts/docker-up.sh first"

recipe_hash() { # <dir> <extra text...>
  local dir=$1; shift
  { (cd "$dir" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum); printf '%s\n' "$@"; } \
    | sha256sum | cut -c1-16
}
label_of() { docker image inspect --format "{{ index .Config.Labels \"$HASH_LABEL\" }}" "$1" 2>/dev/null || true; }

build_base() { # <name> <recipe dir> <hash> [prepare function]
  local name=$1 dir=$2 hash=$3 prepare=${4:-} ctx started=$SECONDS
  if [ "$(label_of "$name")" = "$hash" ]; then log "$name is up to date"; return; fi
  ctx=$(mktemp -d); cp -a "$dir/." "$ctx/"
  if [ -n "$prepare" ]; then "$prepare" "$ctx"; fi
  docker build -q --build-arg "BASE=$DEBIAN" --label "$HASH_LABEL=$hash" -t "$name" "$ctx" >"$ctx.log" 2>&1 \
    || { tail -n 30 "$ctx.log" >&2; rm -rf "$ctx" "$ctx.log"; die "building $name failed"; }
  rm -rf "$ctx" "$ctx.log"; log "built $name in $((SECONDS - started))s"
}

# The offline build needs every dependency and plugin of pom.xml, including the dependency plugin's
# go-offline goal that the Dockerfile runs; resolve them on the host first (Maven Central), then copy.
seed_repository() {
  (cd "$ROOT" && mvn -B -ntp -q dependency:go-offline) || die "mvn dependency:go-offline failed on the host"
  cp -a "$M2_REPO" "$1/repository"
}

if [ "$local" = yes ]; then
  docker image inspect "$DEBIAN" >/dev/null 2>&1 || die "$DEBIAN is missing; run scripts/test-images.sh first"
  parent=$(docker image inspect --format '{{.Id}}' "$DEBIAN")
  build_base "$LOCAL_JRE" "$RECIPES/jre" "$(recipe_hash "$RECIPES/jre" "parent $parent")"
  build_base "$LOCAL_MAVEN" "$RECIPES/maven" \
    "$(recipe_hash "$RECIPES/maven" "parent $parent" "pom $(sha256sum "$ROOT/pom.xml" | cut -c1-16)")" seed_repository
  bases=(--build-arg "BUILD_IMAGE=$LOCAL_MAVEN" --build-arg "RUNTIME_IMAGE=$LOCAL_JRE")
else
  bases=()
fi

version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$ROOT/pom.xml" | head -n1)
commit=$(git -C "$ROOT" rev-parse --short=12 HEAD 2>/dev/null || true)
started=$SECONDS
docker build "${bases[@]}" --build-arg "VERSION=$version" --build-arg "GIT_COMMIT=$commit" -t "$tag" "$ROOT"
log "built $tag ($version, commit ${commit:-unknown}) in $((SECONDS - started))s"

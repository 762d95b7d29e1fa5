#!/usr/bin/env bash
# Builds the local test images of dockmedic (there is no image registry here).
# Each image carries the label io.dockmedic.test.hash, a hash of its recipe and of its parent
# image: an image whose label matches is skipped, a changed recipe is rebuilt.
#
#   scripts/test-images.sh            build what is missing or stale
#   scripts/test-images.sh --list     print the image names, one a line
#
# The Debian root filesystem is cached outside the repository in
# ${DOCKMEDIC_CACHE:-$HOME/.cache/dockmedic}; delete it to force a fresh debootstrap.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RECIPES="$ROOT/test-images"
CACHE=${DOCKMEDIC_CACHE:-$HOME/.cache/dockmedic}
HASH_LABEL=io.dockmedic.test.hash
SUITE=bookworm
# Bump when the debootstrap recipe below changes: the base and everything on it rebuild.
DEBIAN_RECIPE="debootstrap --variant=minbase $SUITE; v1"

IMAGES=(dockmedic-test/busybox dockmedic-test/debian:bookworm dockmedic-test/postgres
        dockmedic-test/redis dockmedic-test/nginx dockmedic-test/python dockmedic-test/jvm
        dockmedic-test/goapp dockmedic-test/ruby dockmedic-test/rust dockmedic-test/beam
        dockmedic-test/perl dockmedic-test/native dockmedic-test/shell)

if [ "${1:-}" = "--list" ]; then printf '%s\n' "${IMAGES[@]}"; exit 0; fi

log() { echo "test-images: $*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=no
need_packages() {
  # Installs the Debian packages whose command or file is missing; "file:pkg" or "cmd:pkg".
  local missing=() spec what pkg
  for spec in "$@"; do
    what=${spec%%:*}; pkg=${spec#*:}
    case "$what" in
      /*) [ -e "$what" ] || missing+=("$pkg") ;;
      *) command -v "$what" >/dev/null 2>&1 || missing+=("$pkg") ;;
    esac
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  if [ "$apt_updated" = no ]; then as_root apt-get update -qq; apt_updated=yes; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

image_hash_label() {
  docker image inspect --format "{{ index .Config.Labels \"$HASH_LABEL\" }}" "$1" 2>/dev/null || true
}

image_id() { docker image inspect --format '{{.Id}}' "$1"; }

# Hash of a recipe folder: every file's path and content, in a stable order.
recipe_hash() {
  local dir=$1; shift
  { (cd "$dir" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum); printf '%s\n' "$@"; } \
    | sha256sum | cut -c1-16
}

debian_mirror() {
  # The first Debian mirror apt is configured with for $SUITE (one-line or deb822 sources).
  local uri
  uri=$(awk -v suite="$SUITE" '
    /^deb[ \t]/ { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { if ($(i+1) == suite) { print $i; exit } } }
  ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -n1)
  if [ -z "$uri" ]; then
    uri=$(awk -v suite="$SUITE" '
      BEGIN { RS = ""; FS = "\n" }
      {
        u = ""; s = ""
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^URIs:/) { sub(/^URIs:[ \t]*/, "", $i); split($i, a, /[ \t]+/); u = a[1] }
          if ($i ~ /^Suites:/) { s = " " $i " " }
        }
        if (u != "" && s ~ (" " suite " ")) { print u; exit }
      }' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1)
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

build_busybox() {
  local name=dockmedic-test/busybox hash ctx
  need_packages /bin/busybox:busybox-static
  hash=$(recipe_hash "$RECIPES/busybox" "busybox $(sha256sum /bin/busybox | cut -c1-16)")
  if [ "$(image_hash_label "$name")" = "$hash" ]; then log "$name is up to date"; return; fi
  ctx=$(mktemp -d); cp -a "$RECIPES/busybox/." "$ctx/"; cp /bin/busybox "$ctx/busybox"
  docker build -q --label "$HASH_LABEL=$hash" -t "$name" "$ctx" >"$ctx.build.log" 2>&1 \
    || { cat "$ctx.build.log" >&2; rm -rf "$ctx" "$ctx.build.log"; exit 1; }
  rm -rf "$ctx" "$ctx.build.log"; log "built $name"
}

build_debian() {
  local name=dockmedic-test/debian:$SUITE hash tarball mirror dir
  hash=$(printf '%s' "$DEBIAN_RECIPE" | sha256sum | cut -c1-16)
  if [ "$(image_hash_label "$name")" = "$hash" ]; then log "$name is up to date"; return; fi
  tarball="$CACHE/debian-$SUITE-minbase-$hash.tar"
  if [ ! -s "$tarball" ]; then
    need_packages debootstrap:debootstrap /usr/share/keyrings/debian-archive-keyring.gpg:debian-archive-keyring
    mirror=$(debian_mirror)
    mkdir -p "$CACHE"; dir=$(mktemp -d "$CACHE/rootfs.XXXXXX")
    log "debootstrap $SUITE from $mirror"
    as_root debootstrap --variant=minbase "$SUITE" "$dir" "$mirror" >"$CACHE/debootstrap.log" 2>&1 \
      || { tail -n 20 "$CACHE/debootstrap.log" >&2; exit 1; }
    # Package lists and caches are refreshed by every image built on top; keep the tarball small.
    as_root rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin "$dir"/var/cache/apt/archives/*.deb
    as_root tar -C "$dir" -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
    as_root rm -rf "$dir"
  fi
  docker import --change "LABEL $HASH_LABEL=$hash" --change 'CMD ["/bin/bash"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    "$tarball" "$name" >/dev/null
  log "imported $name"
}

# Builds test-images/<dir> with docker build on top of a parent image; an optional function
# fills the build context with what is compiled on the host.
build_recipe() {
  local name=$1 dir=$2 parent=$3 prepare=${4:-} hash ctx
  hash=$(recipe_hash "$RECIPES/$dir" "parent $(image_id "$parent")")
  if [ "$(image_hash_label "$name")" = "$hash" ]; then log "$name is up to date"; return; fi
  ctx=$(mktemp -d); cp -a "$RECIPES/$dir/." "$ctx/"
  if [ -n "$prepare" ]; then "$prepare" "$ctx"; fi
  local started=$SECONDS
  docker build -q --label "$HASH_LABEL=$hash" -t "$name" "$ctx" >"$ctx.build.log" 2>&1 \
    || { tail -n 30 "$ctx.build.log" >&2; rm -rf "$ctx" "$ctx.build.log"; exit 1; }
  rm -rf "$ctx" "$ctx.build.log"; log "built $name in $((SECONDS - started))s"
}

compile_java() {
  mkdir -p "$1/classes"
  javac --release 17 -d "$1/classes" $(find "$1/src" -name '*.java')
}

compile_go() {
  (cd "$1" && CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=local go build -trimpath -ldflags='-s -w' -o goapp .)
}

# The current panic format ("panicked at src/main.rs:L:C:" then the message) needs rustc 1.73 or later:
# the host's rustup toolchain when there is one, else Debian's rustc (1.63, the older format only).
host_rustc() {
  local rustc
  for rustc in "${RUSTC:-}" "$HOME/.cargo/bin/rustc" "$(command -v rustc 2>/dev/null)"; do
    [ -n "$rustc" ] && [ -x "$rustc" ] && { echo "$rustc"; return; }
  done
  need_packages rustc:rustc; command -v rustc
}

compile_rust() {
  local rustc version
  rustc=$(host_rustc); version=$("$rustc" --version | awk '{print $2}')
  case "$version" in
    1.[0-9].*|1.[0-6][0-9].*|1.7[0-2].*)
      log "warning: $rustc is $version; the rust image's current-format binary needs rustc >= 1.73" ;;
  esac
  # Relative source path: the panic names "src/main.rs", not the temporary build folder.
  (cd "$1" && "$rustc" --edition 2018 -g -C opt-level=1 -C target-feature=+crt-static -o inventory src/main.rs)
}

compile_native() {
  # The bugs are deliberate (-w); stack protector as Debian packages build; file names in reports read /src/..., not the temporary build folder.
  local flags=(-O0 -g -w -fstack-protector-strong "-ffile-prefix-map=$1/src=/src")
  mkdir -p "$1/bin"
  gcc "${flags[@]}" -o "$1/bin/resizer" "$1/src/resizer.c"
  gcc "${flags[@]}" -fsanitize=address -fno-omit-frame-pointer -o "$1/bin/resizer-asan" "$1/src/resizer.c"
  g++ "${flags[@]}" -o "$1/bin/resizer-cxx" "$1/src/resizer.cpp"
}

started=$SECONDS
command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 \
  || { echo "test-images: no Docker engine answers; run scripts/docker-up.sh first" >&2; exit 1; }
build_busybox
build_debian
need_packages javac:openjdk-17-jdk-headless go:golang-go gcc:gcc g++:g++ \
  /usr/lib/gcc/x86_64-linux-gnu/12/libasan.so:libgcc-12-dev
# The service images only wait on the network and dpkg: building them side by side halves a cold build.
pids=()
build_recipe dockmedic-test/postgres postgres dockmedic-test/debian:$SUITE & pids+=($!)
build_recipe dockmedic-test/redis redis dockmedic-test/debian:$SUITE & pids+=($!)
build_recipe dockmedic-test/nginx nginx dockmedic-test/debian:$SUITE & pids+=($!)
build_recipe dockmedic-test/python python dockmedic-test/debian:$SUITE & pids+=($!)
build_recipe dockmedic-test/jvm jvm dockmedic-test/debian:$SUITE compile_java & pids+=($!)
build_recipe dockmedic-test/goapp goapp dockmedic-test/busybox compile_go & pids+=($!)
# Runtimes whose crashes the log fixtures hold (test-images/capture-fixtures.sh); no IT starts them.
build_recipe dockmedic-test/ruby ruby dockmedic-test/debian:$SUITE & pids+=($!)
build_recipe dockmedic-test/rust rust dockmedic-test/debian:$SUITE compile_rust & pids+=($!)
build_recipe dockmedic-test/beam beam dockmedic-test/debian:$SUITE & pids+=($!)
build_recipe dockmedic-test/perl perl dockmedic-test/debian:$SUITE & pids+=($!)
build_recipe dockmedic-test/native native dockmedic-test/debian:$SUITE compile_native & pids+=($!)
build_recipe dockmedic-test/shell shell dockmedic-test/debian:$SUITE & pids+=($!)
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
[ "$failed" -eq 0 ] || { echo "test-images: some images failed to build (see above)" >&2; exit 1; }
log "all ${#IMAGES[@]} images ready in $((SECONDS - started))s"

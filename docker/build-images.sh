#!/usr/bin/env bash
# Builds the interop images (icelab/coturn, icelab/chromium, icelab/firefox), the newcomer check's (icelab/newcomer:
# a JDK 17 and Maven only) and, when target/icelab.jar is built, icelab/icelab (the CLI with the repository's features
# and scenarios: what a scheduler runs for a sharded sweep, see docker/icelab/), tagged with the project version.
#
#   docker/build-images.sh [--base IMAGE]
#
# Base image: --base (or ICELAB_DOCKER_BASE) if given; else debian:bookworm-slim when it is present or
# can be pulled; else a base made here with `debootstrap --variant=minbase bookworm` from this machine's
# own apt sources and `docker import`ed as icelab/base:bookworm. An image is rebuilt only when its
# Dockerfile, base image or apt sources changed (a label records their hash). Starts a dockerd for the
# build when none answers, and stops it again. Says what it did.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -1)"
base="${ICELAB_DOCKER_BASE:-}"
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base="$2"; shift 2 ;;
    *) echo "usage: $0 [--base IMAGE]" >&2; exit 2 ;;
  esac
done
say() { echo "build-images: $*"; }

started_dockerd=""
if ! docker info >/dev/null 2>&1; then
  command -v dockerd >/dev/null || { say "no dockerd: apt-get install docker.io"; exit 1; }
  say "starting dockerd for the build"
  # No bridge and no iptables rules: every build step uses --network host.
  dockerd --bridge=none --iptables=false --ip6tables=false >/tmp/icelab-build-dockerd.log 2>&1 &
  started_dockerd=$!
  trap 'kill "$started_dockerd" 2>/dev/null; wait "$started_dockerd" 2>/dev/null || true' EXIT
  for _ in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { say "dockerd did not start; see /tmp/icelab-build-dockerd.log"; exit 1; }
fi

ctx_tmp="$(mktemp -d)"
trap 'rm -rf "$ctx_tmp"; [ -z "$started_dockerd" ] || { kill "$started_dockerd" 2>/dev/null; wait "$started_dockerd" 2>/dev/null || true; }' EXIT
mkdir -p "$ctx_tmp/apt-sources"

# The first Debian mirror named in this machine's apt sources (one-line or deb822 format).
machine_mirror() {
  { cat /etc/apt/sources.list 2>/dev/null; cat /etc/apt/sources.list.d/*.list 2>/dev/null; } \
    | awk '$1=="deb" { for (i=2;i<=NF;i++) if ($i ~ /^https?:/) { print $i; exit } }' | head -1 | grep . && return
  cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ && $2 !~ /security/ { print $2; exit }'
}

if [ -z "$base" ]; then
  if docker image inspect debian:bookworm-slim >/dev/null 2>&1; then
    base=debian:bookworm-slim; say "base: debian:bookworm-slim (present)"
  elif timeout 30 docker pull -q debian:bookworm-slim >/dev/null 2>&1; then
    base=debian:bookworm-slim; say "base: debian:bookworm-slim (pulled from the registry)"
  else
    base=icelab/base:bookworm
    if docker image inspect "$base" >/dev/null 2>&1; then
      say "base: $base (made earlier with debootstrap; no registry reachable)"
    else
      command -v debootstrap >/dev/null || { say "no registry and no debootstrap: apt-get install debootstrap"; exit 1; }
      mirror="$(machine_mirror)"
      [ -n "$mirror" ] || { say "no Debian mirror in this machine's apt sources"; exit 1; }
      say "base: no registry reachable; debootstrap --variant=minbase bookworm from this machine's apt mirror"
      rootfs="$ctx_tmp/rootfs"
      debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$ctx_tmp/debootstrap.log" 2>&1 \
        || { tail -20 "$ctx_tmp/debootstrap.log"; exit 1; }
      tar --numeric-owner -C "$rootfs" -c . | docker import - "$base" >/dev/null
      rm -rf "$rootfs"
      say "base: imported $base"
    fi
    # The debootstrap base lists only "bookworm main": give the images this machine's full apt sources.
    [ -f /etc/apt/sources.list ] && cp /etc/apt/sources.list "$ctx_tmp/apt-sources/"
    if [ -d /etc/apt/sources.list.d ]; then cp -r /etc/apt/sources.list.d "$ctx_tmp/apt-sources/"; fi
  fi
fi

base_id="$(docker image inspect -f '{{.Id}}' "$base")"
names=(coturn chromium firefox newcomer)
if [ -f "$root/target/icelab.jar" ]; then
  names+=(icelab)
else
  say "icelab/icelab:$version skipped: no target/icelab.jar (mvn -B package -DskipTests first)"
fi
# What an image's context holds beside its Dockerfile and the apt sources (icelab: the jar, the launcher, the
# features and scenarios, and Allure's commandline where `icelab report` looks for it).
extra_context() {
  [ "$1" = icelab ] || return 0
  cp "$root/target/icelab.jar" "$here/icelab/icelab" "$2/"
  cp -r "$root/features" "$root/scenarios" "$2/"
  mkdir -p "$2/allure"
  if ls -d "$root"/target/allure-commandline/allure-* >/dev/null 2>&1; then
    cp -r "$root"/target/allure-commandline/allure-* "$2/allure/"
  fi
}
for name in "${names[@]}"; do
  tag="icelab/$name:$version"
  extra="$ctx_tmp/extra-$name"
  mkdir -p "$extra"
  extra_context "$name" "$extra"
  hash="$( { cat "$here/$name/Dockerfile"; echo "$base_id"; find "$ctx_tmp/apt-sources" "$extra" -type f -print0 | sort -z | xargs -0r cat; } | sha256sum | cut -c1-16)"
  have="$(docker image inspect -f '{{index .Config.Labels "io.icelab.context"}}' "$tag" 2>/dev/null || true)"
  if [ "$have" = "$hash" ]; then
    say "$tag is up to date (context $hash); not rebuilt"
    continue
  fi
  ctx="$ctx_tmp/$name"
  mkdir -p "$ctx"
  cp "$here/$name/Dockerfile" "$ctx/"
  cp -r "$ctx_tmp/apt-sources" "$ctx/"
  cp -r "$extra/." "$ctx/"
  say "building $tag from $base"
  t0=$(date +%s)
  docker build -q --network host --build-arg "BASE=$base" --label "io.icelab.context=$hash" -t "$tag" "$ctx" >/dev/null
  say "built $tag in $(( $(date +%s) - t0 )) s"
done

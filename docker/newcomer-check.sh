#!/usr/bin/env bash
# The newcomer check (issue 12): the README's two commands, exactly as the README writes them, in a
# fresh clone of the committed HEAD, on a machine with only a JDK 17 and Maven, offline, with a copy of
# this machine's Maven repository. Fails unless both succeed.
#
#   docker/newcomer-check.sh [--mode container|namespace]
#
# container: the icelab/newcomer image (Debian with openjdk-17-jdk-headless and maven only; built by
#   docker/build-images.sh), run with --network none by a dockerd started inside a network namespace of
#   its own. namespace (when no container can be started): a network and mount namespace with only lo
#   in which libpcap, tshark, coturn, Chromium, Firefox and Docker are hidden (bind-mounted over). Says
#   which way it ran, the commands' last lines, and why each skipped test was skipped.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
mode=""
while [ $# -gt 0 ]; do
  case "$1" in
    --mode) mode="$2"; shift 2 ;;
    --inside) shift; inside=1 ;;
    *) echo "usage: $0 [--mode container|namespace]" >&2; exit 2 ;;
  esac
done
say() { echo "newcomer: $*"; }

# The README's two commands: the non-comment lines of its first bash block, trailing comments cut.
readme_commands() {
  awk '/^```bash/ { inb = 1; next } inb && /^```/ { exit } inb' "$root/README.md" \
    | sed -e 's/[[:space:]]*#.*$//' | grep -v '^[[:space:]]*$'
}

if [ -n "${inside:-}" ]; then
  # Inside the namespace (namespace mode) or the container: run the commands, then report skips.
  cd "$ICELAB_NEWCOMER_CLONE"
  rc=0
  n=0
  while IFS= read -r cmd; do
    echo "newcomer: \$ $cmd"
    n=$((n + 1))
    if ! bash -c "$cmd" >"$ICELAB_NEWCOMER_LOG.$n" 2>&1; then
      tail -40 "$ICELAB_NEWCOMER_LOG.$n"; echo "newcomer: FAILED: $cmd"; rc=1; break
    fi
    grep -E 'scenarios: [0-9]+ passed|Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$|BUILD|report ' \
      "$ICELAB_NEWCOMER_LOG.$n" | grep -v 'Tests run:.*in io\.' | tail -4 | sed 's/^/newcomer:   /' || true
  done < <(printf '%s\n' "$ICELAB_NEWCOMER_COMMANDS")
  # Every skipped test says why in one line naming the Debian package (or the absent ../shared folder).
  if [ "$rc" = 0 ] && [ -d target/surefire-reports ]; then
    reasons="$(grep -h '<skipped type' target/surefire-reports/*.xml 2>/dev/null \
      | sed -e 's/.*Exception: //' -e 's/^Assumption failed: //' -e 's/absent ([^)]*)/absent/' | sort | uniq -c || true)"
    [ -z "$reasons" ] || printf '%s\n' "$reasons" | sed 's/^ */newcomer:   skipped /'
    unnamed="$(printf '%s\n' "$reasons" | grep -v -e 'apt-get install' -e '../shared' -e '^$' || true)"
    if [ -n "$unnamed" ]; then
      echo "newcomer: FAILED: skipped without naming the Debian package to install:"; echo "$unnamed"; rc=1
    fi
  fi
  exit $rc
fi

[ "$(id -u)" = 0 ] || { say "needs root (namespaces, dockerd)"; exit 1; }
version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -1)"
work="$(mktemp -d /tmp/icelab-newcomer.XXXXXX)"
dockerd_pid=""
cleanup() {
  [ -z "$dockerd_pid" ] || { kill "$dockerd_pid" 2>/dev/null; wait "$dockerd_pid" 2>/dev/null || true; }
  if [ -n "${ICELAB_NEWCOMER_KEEP:-}" ]; then say "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
git clone -q "$root" "$work/icelab"
say "fresh clone of $(git -C "$work/icelab" rev-parse --short HEAD) in $work/icelab"
mkdir -p "$work/m2"
cp -a "${HOME}/.m2/repository" "$work/m2/repository"
printf '<settings><offline>true</offline></settings>\n' >"$work/m2/settings.xml"
commands="$(readme_commands)"
[ "$(printf '%s\n' "$commands" | wc -l)" -ge 2 ] || { say "the README's first bash block has no two commands"; exit 1; }

if [ -z "$mode" ]; then
  mode=container
  command -v dockerd >/dev/null || { say "no dockerd (apt-get install docker.io)"; mode=namespace; }
fi

run_container() {
  # A dockerd of our own inside a network namespace with only lo; the container has no network at all.
  unshare --net --fork bash -euc '
    ip link set lo up
    run=/run/icelab-newcomer; mkdir -p "$run"
    dockerd --bridge=none --iptables=false --ip6tables=false -H "unix://$run/docker.sock" \
      --pidfile "$run/docker.pid" --exec-root "$run/exec" >"$1/dockerd.log" 2>&1 &
    pid=$!
    trap "kill $pid 2>/dev/null; wait $pid 2>/dev/null || true" EXIT
    export DOCKER_HOST="unix://$run/docker.sock"
    for _ in $(seq 120); do docker info >/dev/null 2>&1 && break; sleep 0.25; done
    docker info >/dev/null 2>&1 || { echo "newcomer: dockerd did not start; see $1/dockerd.log"; exit 3; }
    docker image inspect "$2" >/dev/null 2>&1 || { echo "newcomer: no image $2 (docker/build-images.sh builds it)"; exit 3; }
    docker run --rm --network none -v "$1/icelab:/work/icelab" -v "$1/m2:/root/.m2" -v "$3:/check.sh:ro" \
      -e ICELAB_NEWCOMER_CLONE=/work/icelab -e ICELAB_NEWCOMER_LOG=/tmp/newcomer.log \
      -e ICELAB_NEWCOMER_COMMANDS="$4" "$2" "bash /check.sh --inside"
  ' newcomer "$work" "icelab/newcomer:$version" "$here/newcomer-check.sh" "$commands"
}

run_namespace() {
  # Hide libpcap and the external tools by bind-mounting /dev/null (not executable) over them.
  unshare --net --mount --fork bash -euc '
    ip link set lo up
    for f in /usr/lib/x86_64-linux-gnu/libpcap* /usr/bin/tshark /usr/bin/dumpcap /usr/bin/turnserver \
             /usr/bin/turnutils_* /usr/bin/chromium /usr/bin/chromedriver /usr/bin/firefox-esr /usr/bin/docker \
             /usr/sbin/dockerd; do
      [ -e "$f" ] && mount --bind /dev/null "$f"
    done
    mount --bind "$1/m2" "$HOME/.m2"
    for f in /usr/lib/x86_64-linux-gnu/libpcap*; do
      [ ! -s "$f" ] || { echo "newcomer: $f still visible"; exit 1; }
    done
    ICELAB_NEWCOMER_CLONE="$1/icelab" ICELAB_NEWCOMER_LOG="$1/newcomer.log" ICELAB_NEWCOMER_COMMANDS="$2" \
      env -u CI bash "$3" --inside
  ' newcomer "$work" "$commands" "$here/newcomer-check.sh"
}

t0=$(date +%s)
if [ "$mode" = container ]; then
  say "in a container (icelab/newcomer:$version: Debian, openjdk-17-jdk-headless and maven only; --network none)"
  set +e; run_container; rc=$?; set -e
  if [ "$rc" = 3 ]; then
    say "no container could be started; in a namespace instead"
    mode=namespace
  fi
fi
if [ "$mode" = namespace ]; then
  say "in a network and mount namespace with only lo; libpcap, tshark, coturn, Chromium, Firefox and Docker hidden"
  mkdir -p "$HOME/.m2"
  set +e; run_namespace; rc=$?; set -e
fi
say "$([ "$rc" = 0 ] && echo passed || echo FAILED) ($mode, $(( $(date +%s) - t0 )) s)"
exit "$rc"

#!/usr/bin/env bash
# icelab's turn-server beside coturn's turnserver under the same turnutils_uclient loads, on loopback only.
# Both servers run at once on their own ports; the loads go to one, then the other, alternately, ROUNDS times,
# in ChannelData mode and in Send-indication mode (-s). CPU is utime+stime from /proc/PID/stat (all threads)
# before and after each load; RSS is VmRSS from /proc/PID/status idle (before the first load) and after the last.
# Prints each load's CPU per server and the ratio icelab/coturn, then the RSS figures.
#
#   src/bench/scripts/turn-vs-coturn.sh [ROUNDS] [CLIENTS] [MESSAGES] [LENGTH]     (defaults 3 20 2000 200)
# icelab runs through its launcher (docker/icelab/icelab: serial GC, a small shrinking heap); ICELAB_FLAGS=none gives
# it the JVM's defaults instead, ICELAB_JAVA_OPTS="..." adds flags.
#
# Needs: target/icelab.jar (mvn package), coturn (Debian package coturn: turnserver, turnutils_uclient, turnutils_peer).
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROUNDS=${1:-3} CLIENTS=${2:-20} MESSAGES=${3:-2000} LENGTH=${4:-200}
for tool in turnserver turnutils_uclient turnutils_peer; do
    command -v "$tool" >/dev/null || { echo "skipped: $tool not installed (Debian package coturn)"; exit 0; }
done
[ -f target/icelab.jar ] || { echo "target/icelab.jar missing: run mvn -B package -DskipTests first" >&2; exit 2; }

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
hz=$(getconf CLK_TCK)

peer_port=$(free_port); coturn_port=$(free_port); icelab_port=$(free_port)
turnutils_peer -L 127.0.0.1 -p "$peer_port" >"$work/peer.log" 2>&1 & pids+=($!)
turnserver -n --listening-ip=127.0.0.1 --relay-ip=127.0.0.1 --listening-port="$coturn_port" \
    --min-port=52000 --max-port=53999 --lt-cred-mech --user=u:p --realm=r --no-tls --no-dtls --no-cli \
    --allow-loopback-peers --fingerprint --log-file=stdout --simple-log >"$work/coturn.log" 2>&1 & coturn=$!; pids+=($coturn)
ICELAB_JAR=target/icelab.jar docker/icelab/icelab turn-server --listen "127.0.0.1:$icelab_port" --user u:p --realm r \
    --allow-loopback-peers --relay-range 54000-55999 --user-quota 0 >"$work/icelab.log" 2>&1 & icelab=$!; pids+=($icelab)
for _ in $(seq 100); do grep -q listening "$work/icelab.log" && break; sleep 0.1; done
sleep 2 # both settle: coturn's threads started, the JVM done with start-up
idle_coturn=$(rss_kb $coturn) idle_icelab=$(rss_kb $icelab)

load() { # server-port mode-flag → CPU ticks used by the server pid $3, or "lost N"
    local before after out
    before=$(ticks "$3")
    # shellcheck disable=SC2086
    out=$(turnutils_uclient -p "$1" -u u -w p -e 127.0.0.1 -r "$peer_port" -m "$CLIENTS" -n "$MESSAGES" -l "$LENGTH" $2 127.0.0.1 2>&1)
    after=$(ticks "$3")
    local lost; lost=$(grep -o 'Total lost packets [0-9]*' <<<"$out" | awk '{print $4}')
    echo "$((after - before)) ${lost:-?}"
}

echo "turn-vs-coturn: $ROUNDS rounds, uclient -m $CLIENTS -n $MESSAGES -l $LENGTH, $(nproc) cores, $(turnserver --version 2>/dev/null | head -1 || true)"
echo "icelab JVM: $(tr '\0' ' ' < /proc/$icelab/cmdline | sed 's/ -jar .*//') ($(java -version 2>&1 | head -1))"
printf '%-6s %-8s %12s %6s %12s %6s %8s\n' round mode coturn_ms lost icelab_ms lost ratio
sum_c=0 sum_i=0 warm_c=0 warm_i=0
for round in $(seq "$ROUNDS"); do
    for mode in channel send; do
        flag=""; [ "$mode" = send ] && flag="-s"
        read -r c_ticks c_lost < <(load "$coturn_port" "$flag" "$coturn")
        read -r i_ticks i_lost < <(load "$icelab_port" "$flag" "$icelab")
        c_ms=$((c_ticks * 1000 / hz)) i_ms=$((i_ticks * 1000 / hz))
        ratio=$(awk -v a="$i_ms" -v b="$c_ms" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
        printf '%-6s %-8s %12s %6s %12s %6s %8s\n' "$round" "$mode" "$c_ms" "$c_lost" "$i_ms" "$i_lost" "$ratio"
        sum_c=$((sum_c + c_ms)) sum_i=$((sum_i + i_ms))
        if [ "$round" -gt 1 ]; then warm_c=$((warm_c + c_ms)) warm_i=$((warm_i + i_ms)); fi
    done
done
awk -v a="$sum_i" -v b="$sum_c" 'BEGIN { if (b > 0) printf "all rounds: icelab/coturn CPU %.2f\n", a / b }'
awk -v a="$warm_i" -v b="$warm_c" 'BEGIN { if (b > 0) printf "warm (rounds 2..): icelab/coturn CPU %.2f\n", a / b }'
load_coturn=$(rss_kb $coturn) load_icelab=$(rss_kb $icelab)
echo "RSS idle:       coturn $((idle_coturn / 1024)) MB, icelab $((idle_icelab / 1024)) MB"
echo "RSS after load: coturn $((load_coturn / 1024)) MB, icelab $((load_icelab / 1024)) MB (icelab load/idle $(awk -v a="$load_icelab" -v b="$idle_icelab" 'BEGIN { printf "%.2f", a / b }'))"

#!/usr/bin/env bash
# Opens a generated Allure report in headless Chromium and fails on console errors; writes a screenshot.
# Runs the web server and the browser in a private network namespace that has only `lo`, so nothing
# leaves the machine. Usage: .ci/check-report.sh REPORT_DIR SCREENSHOT.png
set -euo pipefail
report=$(cd "${1:?usage: check-report.sh REPORT_DIR SCREENSHOT.png}" && pwd)
shot=$(realpath -m "${2:?usage: check-report.sh REPORT_DIR SCREENSHOT.png}")
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "chromium is not installed (apt-get install chromium)"; exit 2; }
[ -f "$report/index.html" ] || { echo "no index.html in $report"; exit 2; }
log=$(mktemp)
profile=$(mktemp -d)
unshare --net --fork bash -c '
  set -e
  ip link set lo up
  python3 -m http.server 8123 --bind 127.0.0.1 --directory "$1" >/dev/null 2>&1 &
  server=$!
  trap "kill $server 2>/dev/null || true" EXIT
  for i in $(seq 1 50); do (exec 3<>/dev/tcp/127.0.0.1/8123) 2>/dev/null && break; sleep 0.1; done
  "$2" --headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
       --disable-component-update --disable-sync --disable-dev-shm-usage --user-data-dir="$3" \
       --enable-logging=stderr --v=0 --window-size=1400,1000 --virtual-time-budget=15000 \
       --screenshot="$4" http://127.0.0.1:8123/index.html${ALLURE_PAGE:-} 2>"$5" || true
' _ "$report" "$browser" "$profile" "$shot" "$log"
rm -rf "$profile"
errors=$(grep -E "CONSOLE" "$log" | grep -iE "uncaught|error|failed to load" || true)
if [ ! -s "$shot" ]; then
  echo "no screenshot was written"; cat "$log" | tail -20; rm -f "$log"; exit 1
fi
if [ -n "$errors" ]; then
  echo "console errors:"; echo "$errors"; rm -f "$log"; exit 1
fi
echo "report opened without console errors; screenshot $shot ($(stat -c %s "$shot") bytes)"
rm -f "$log"

#!/usr/bin/env bash
# Opens a generated Allure report the way a person does, from the file system (file://, no server), in
# headless Chromium; fails on console errors or when the page is still "Loading..." (what Allure's folder
# layout shows from the disk); writes a screenshot. The browser runs in a private network namespace that
# has only `lo`, so nothing leaves the machine. Usage: .ci/check-report.sh REPORT_DIR SCREENSHOT.png
# ALLURE_PAGE (e.g. "#behaviors") picks a page of the report.
set -euo pipefail
report=$(cd "${1:?usage: check-report.sh REPORT_DIR SCREENSHOT.png}" && pwd)
shot=$(realpath -m "${2:?usage: check-report.sh REPORT_DIR SCREENSHOT.png}")
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "chromium is not installed (apt-get install chromium)"; exit 2; }
[ -f "$report/index.html" ] || { echo "no index.html in $report"; exit 2; }
log=$(mktemp)
dom=$(mktemp)
profile=$(mktemp -d)
url="file://$report/index.html${ALLURE_PAGE:-}"
unshare --net --fork bash -c '
  ip link set lo up
  flags=(--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking
         --disable-component-update --disable-sync --disable-dev-shm-usage --user-data-dir="$3"
         --window-size=1400,1000 --virtual-time-budget=15000)
  "$2" "${flags[@]}" --enable-logging=stderr --v=0 --screenshot="$4" "$1" 2>"$5" || true
  "$2" "${flags[@]}" --dump-dom "$1" >"$6" 2>/dev/null || true
' _ "$url" "$browser" "$profile" "$shot" "$log" "$dom"
rm -rf "$profile"
errors=$(grep -E "CONSOLE" "$log" | grep -iE "uncaught|error|failed to load" || true)
text=$(sed -e 's/<script[^>]*>.*<\/script>//g' "$dom" | sed -e 's/<[^>]*>/ /g' | tr -s ' \n' ' ')
rm -f "$dom"
if [ ! -s "$shot" ]; then
  echo "no screenshot was written"; tail -20 "$log"; rm -f "$log"; exit 1
fi
if [ -n "$errors" ]; then
  echo "console errors:"; echo "$errors"; rm -f "$log"; exit 1
fi
rm -f "$log"
if echo "$text" | grep -q "Loading\.\.\."; then
  echo "the report is stuck on 'Loading...' when opened from the file system ($url)"; exit 1
fi
echo "$text" | grep -qE "[0-9]+ test cases|Status: [0-9]+ [0-9]+ [0-9]+" \
  || { echo "the report shows no test cases when opened from the file system ($url)"; exit 1; }
cases=$(echo "$text" | grep -oE '[0-9]+ test cases' | head -1 || true)
echo "report opened from the file system without console errors${cases:+, $cases}; screenshot $shot ($(stat -c %s "$shot") bytes)"

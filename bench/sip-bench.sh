#!/usr/bin/env bash
# P2P-SIP, the user agent under load (issue 8 item 6, second half): how many calls a second one
# `peerlink sip answer` completes under SIPp's built-in UAC scenario (INVITE, 100/180/200, ACK, BYE)
# with no failed call. Steps through call rates, SIPp on CPU 0 and the UA on CPU 1, both on
# 127.0.0.1; prints a markdown table and the highest rate with 0 failures on stdout (progress on
# stderr). Every process runs under `timeout`; nothing leaves loopback. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

rates="25,50,100,200,400" seconds=5 build=1 port=5290
usage() {
  cat <<'USAGE'
usage: bench/sip-bench.sh [--rates 25,50,100,200,400] [--seconds 5] [--skip-build]
  --rates LIST     call rates to step through, calls per second (each step places rate x seconds calls)
  --seconds S      how long each step places calls (default 5)
  --skip-build     use the last Release build of src/Peerlink.Cli
Needs sipp (Debian sip-tester) and taskset. About 1 minute with the defaults.
USAGE
}
while [ $# -gt 0 ]; do
  case "$1" in
    --rates) [ $# -ge 2 ] || { usage >&2; exit 2; }; rates="$2"; shift 2 ;;
    --seconds) [ $# -ge 2 ] || { usage >&2; exit 2; }; seconds="$2"; shift 2 ;;
    --skip-build) build=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "sip-bench: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
for tool in sipp taskset timeout; do
  command -v "$tool" >/dev/null || { echo "sip-bench: $tool is missing (apt-get install sip-tester util-linux)" >&2; exit 1; }
done
if [ "$build" = 1 ]; then
  dotnet build src/Peerlink.Cli -c Release -nologo -clp:ErrorsOnly -v q >&2
fi
dll=src/Peerlink.Cli/bin/Release/net10.0/peerlink.dll
[ -f "$dll" ] || { echo "sip-bench: $dll is missing: build it (drop --skip-build)" >&2; exit 1; }

work=$(mktemp -d)
ua_pid=""
cleanup() { [ -n "$ua_pid" ] && kill "$ua_pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# The UA under test: as many calls at once as the fastest step can have open.
timeout 900 taskset -c 1 dotnet "$dll" sip answer --bind 127.0.0.1 --port "$port" --max-calls 1000 > "$work/ua.log" 2>&1 &
ua_pid=$!
for _ in $(seq 50); do grep -q . "$work/ua.log" 2>/dev/null && break; sleep 0.2; done
sleep 1
# A warm-up that is not counted: the first calls of a fresh process run JIT-cold code.
timeout 60 taskset -c 0 sipp -sn uac "127.0.0.1:$port" -i 127.0.0.1 -p $((port + 1)) -m 20 -r 10 -nostdin -recv_timeout 5000 -timeout 40s > "$work/warmup.log" 2>&1 || true

echo "| calls/s offered | calls placed | successful | failed | wall s |"
echo "| --- | --- | --- | --- | --- |"
best=0 broken=0
IFS=, read -ra steps <<< "$rates"
for rate in "${steps[@]}"; do
  calls=$((rate * seconds))
  echo "sip-bench: $calls calls at $rate/s" >&2
  start=$(date +%s.%N)
  rc=0
  timeout $((seconds * 4 + 60)) taskset -c 0 sipp -sn uac "127.0.0.1:$port" -i 127.0.0.1 -p $((port + 1)) -m "$calls" -r "$rate" \
    -l $((rate * 4)) -nostdin -recv_timeout 5000 -timeout $((seconds * 4 + 30))s -trace_stat -stf "$work/uac-$rate.csv" > "$work/sipp-$rate.log" 2>&1 || rc=$?
  wall=$(echo "$(date +%s.%N) - $start" | bc)
  read -r ok failed < <(/usr/bin/python3 - "$work/uac-$rate.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1]), delimiter=';'))
last = dict(zip(rows[0], rows[-1]))
print(last['SuccessfulCall(C)'], last['FailedCall(C)'])
PY
)
  printf '| %s | %s | %s | %s | %.1f |\n' "$rate" "$calls" "$ok" "$failed" "$wall"
  if [ "$failed" = 0 ] && [ "$ok" = "$calls" ]; then
    [ "$broken" = 1 ] || best=$rate
  else
    broken=1
    echo "sip-bench: sipp exited $rc at $rate/s" >&2
  fi
done
echo
echo "highest rate with every call completed: $best calls/s (UA on one core; SIPp's built-in UAC, no pause between 200 and BYE)"

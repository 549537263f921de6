#!/usr/bin/env bash
# NAT traversal, in one run (issue 7 item 5): how many STUN Binding requests a second `peerlink stun
# server` and coturn each answer on one core without losing one, under the same load generator on
# loopback. Prints a markdown table and the ratio on stdout (progress on stderr). See bench/README.md.
# Traffic stays on this machine: each server runs on 127.0.0.1 inside a namespace the bench makes and
# deletes; every process it starts runs under `timeout`.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  cat <<'USAGE'
usage: bench/nat-bench.sh [--rates 20000,40000,80000,160000,240000,320000] [--step-seconds 3] [--skip-build]
  --rates LIST        the paced request rates to step through, per second
  --step-seconds S    how long each step sends (default 3; each step then waits 1 s for stragglers)
  --skip-build        use the last Release build of bench/Peerlink.NatBench
Needs root (network namespaces), coturn (turnserver) and taskset. The server under test is pinned
to CPU 1 and the load generator to CPU 0. About 1 minute with the defaults.
USAGE
}

args=() build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --rates|--step-seconds) [ $# -ge 2 ] || { usage >&2; exit 2; }; args+=("$1" "$2"); shift 2 ;;
    --skip-build) build=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "nat-bench: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "nat-bench: run it as root: it makes network namespaces" >&2; exit 1; }
for tool in ip taskset timeout turnserver; do
  command -v "$tool" >/dev/null || { echo "nat-bench: $tool is missing (apt-get install iproute2 util-linux coturn)" >&2; exit 1; }
done

if [ "$build" = 1 ]; then
  dotnet build bench/Peerlink.NatBench -c Release -nologo -clp:ErrorsOnly -v q >&2
fi
dll=bench/Peerlink.NatBench/bin/Release/net10.0/Peerlink.NatBench.dll
[ -f "$dll" ] || { echo "nat-bench: $dll is missing: build it (drop --skip-build)" >&2; exit 1; }

# Its namespaces are named after the bench's own pid (the child of `timeout`).
bench_namespaces() { echo "^plk$(($1 % 100000))x[0-9]+[ab]$"; }
# shellcheck source=bench/run-in-namespaces.sh
. bench/run-in-namespaces.sh
run_in_namespaces nat-bench 600 bench_namespaces "NAT_BENCH=1" dotnet "$dll" "${args[@]}"

#!/usr/bin/env bash
# ICE connection setup time, in one run (issue 7 item 5, second half): Peerlink's IceAgent against aioice
# (python3-aioice) with both sides behind two different port-restricted cone NATs, host and server
# reflexive candidates from the same STUN server, the same candidate exchange through files, taking turns
# trial by trial. Prints a markdown table and the ratio of the medians on stdout (progress on stderr).
# Traffic stays inside namespaces the bench makes and deletes (tests/Shared/TwoNatNamespaces.cs); every
# process it starts runs under `timeout`. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  cat <<'USAGE'
usage: bench/ice-bench.sh [--trials 10] [--skip-build]
  --trials N      connection setups per agent (default 10)
  --skip-build    use the last Release build of bench/Peerlink.NatBench
Needs root (network namespaces), iptables and python3-aioice. About 1 minute with the defaults.
USAGE
}

args=() build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --trials) [ $# -ge 2 ] || { usage >&2; exit 2; }; args+=("$1" "$2"); shift 2 ;;
    --skip-build) build=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "ice-bench: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "ice-bench: run it as root: it makes network namespaces" >&2; exit 1; }
for tool in ip iptables timeout; do
  command -v "$tool" >/dev/null || { echo "ice-bench: $tool is missing (apt-get install iproute2 iptables coreutils)" >&2; exit 1; }
done
/usr/bin/python3 -c 'import aioice' 2>/dev/null || { echo "ice-bench: aioice is missing (apt-get install python3-aioice)" >&2; exit 1; }

if [ "$build" = 1 ]; then
  dotnet build bench/Peerlink.NatBench -c Release -nologo -clp:ErrorsOnly -v q >&2
fi
dll=bench/Peerlink.NatBench/bin/Release/net10.0/Peerlink.NatBench.dll
[ -f "$dll" ] || { echo "ice-bench: $dll is missing: build it (drop --skip-build)" >&2; exit 1; }

# Its namespaces are named after the bench's own pid (the child of `timeout`).
bench_namespaces() { echo "^plk$(($1 % 100000))t[0-9]+(p|ca|na|cb|nb)$"; }
# shellcheck source=bench/run-in-namespaces.sh
. bench/run-in-namespaces.sh
run_in_namespaces ice-bench 600 bench_namespaces "ICE_BENCH=1" dotnet "$dll" --ice "${args[@]}"

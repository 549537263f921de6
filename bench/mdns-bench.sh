#!/usr/bin/env bash
# mDNS between two network namespaces, in one run (issue 5 item 5): how long from publish to the
# instance showing resolved in a live browser on the other side, and from Ctrl-C to its removal, for
# Peerlink, Avahi and python-zeroconf in every pairing the issue asks for; then how many legacy
# unicast queries a second Peerlink's responder answers on one core without dropping one. Prints
# markdown tables on stdout (progress on stderr). See bench/README.md.
# Traffic stays on this machine: every mDNS stack runs inside namespaces the bench makes and deletes;
# every process it starts runs under `timeout`.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  cat <<'USAGE'
usage: bench/mdns-bench.sh [--runs 5] [--only latency|throughput] [--skip-build]
  --runs N      runs of each latency scenario (default 5; about 15 s a scenario at 5)
  --only WHAT   latency: the publisher/browser pairs only; throughput: the responder load only
  --skip-build  use the last Release build of bench/Peerlink.MdnsBench
Needs root (network namespaces), avahi-daemon, avahi-utils, dbus, python3-zeroconf (/usr/bin/python3), taskset.
About 1.5 minutes with the defaults.
USAGE
}

runs=5 only="" build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=${2:-}; shift 2 ;;
    --only) only=${2:-}; shift 2 ;;
    --skip-build) build=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "mdns-bench: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "mdns-bench: --runs is a positive whole number" >&2; exit 2; }
case "$only" in ""|latency|throughput) ;; *) echo "mdns-bench: --only is latency or throughput" >&2; exit 2 ;; esac
[ "$(id -u)" = 0 ] || { echo "mdns-bench: run it as root: it makes network namespaces" >&2; exit 1; }
for tool in ip taskset timeout avahi-daemon avahi-browse avahi-publish dbus-daemon; do
  command -v "$tool" >/dev/null || { echo "mdns-bench: $tool is missing (apt-get install iproute2 util-linux avahi-daemon avahi-utils dbus)" >&2; exit 1; }
done
/usr/bin/python3 -c 'import zeroconf' 2>/dev/null || { echo "mdns-bench: /usr/bin/python3 cannot import zeroconf (apt-get install python3-zeroconf)" >&2; exit 1; }

if [ "$build" = 1 ]; then
  dotnet build bench/Peerlink.MdnsBench -c Release -nologo -clp:ErrorsOnly -v q >&2
fi
dll=bench/Peerlink.MdnsBench/bin/Release/net10.0/Peerlink.MdnsBench.dll
[ -f "$dll" ] || { echo "mdns-bench: $dll is missing: build it (drop --skip-build)" >&2; exit 1; }

args=(--runs "$runs")
[ -z "$only" ] || args+=(--only "$only")
command="bench/mdns-bench.sh"
{ [ "$runs" = 5 ] && [ -z "$only" ]; } || command="bench/mdns-bench.sh ${args[*]}"

# Its namespaces are named after the bench's own pid (the child of `timeout`).
bench_namespaces() { echo "^plk$(($1 % 100000))x[0-9]+[ab]$"; }
# shellcheck source=bench/run-in-namespaces.sh
. bench/run-in-namespaces.sh
run_in_namespaces mdns-bench 900 bench_namespaces "MDNS_BENCH_COMMAND=$command" dotnet "$dll" "${args[@]}"

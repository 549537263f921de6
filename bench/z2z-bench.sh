#!/usr/bin/env bash
# z2z between two links, in one run (issue 6 item 5): for each rendezvous (the Peerlink overlay, and
# OpenDHT through a dhtnode's REST proxy), how long from avahi-publish establishing a service on link A
# to avahi-browse listing it on link B, and from its goodbye to its removal there; then one exporter
# keeping 1,000 services (published in process by a Peerlink MdnsHost) in the rendezvous: time to put
# and import them all, its CPU time, and its first refresh round. Prints markdown tables on stdout
# (progress on stderr). See bench/README.md.
# Traffic stays on this machine: every daemon, dhtnode and peerlink runs inside five namespaces per
# backend that the bench makes and deletes (RoutedLinks); every process it starts runs under `timeout`.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  cat <<'USAGE'
usage: bench/z2z-bench.sh [--runs 5] [--services 1000] [--only latency|scale] [--backend overlay|opendht] [--skip-build]
  --runs N          latency runs per backend (default 5, at most 8: the Avahi fixtures live 180 s)
  --services N      services the exporter keeps for the scale part (default 1000)
  --only WHAT       latency: the avahi-publish/avahi-browse runs only; scale: the many-services exporter only
  --backend WHICH   overlay or opendht only (both by default)
  --skip-build      use the last Release build of bench/Peerlink.Z2zBench
Needs root (network namespaces), avahi-daemon, avahi-utils, dbus and dhtnode (OpenDHT).
About 8 minutes with the defaults (the scale part waits for the refresh round, 150 s after the first puts).
USAGE
}

runs=5 services=1000 only="" backend="" build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=${2:-}; shift 2 ;;
    --services) services=${2:-}; shift 2 ;;
    --only) only=${2:-}; shift 2 ;;
    --backend) backend=${2:-}; shift 2 ;;
    --skip-build) build=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "z2z-bench: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] && [ "$runs" -le 8 ] || { echo "z2z-bench: --runs is a whole number from 1 to 8" >&2; exit 2; }
[[ "$services" =~ ^[1-9][0-9]*$ ]] && [ "$services" -le 9999 ] || { echo "z2z-bench: --services is a whole number from 1 to 9999" >&2; exit 2; }
case "$only" in ""|latency|scale) ;; *) echo "z2z-bench: --only is latency or scale" >&2; exit 2 ;; esac
case "$backend" in ""|overlay|opendht) ;; *) echo "z2z-bench: --backend is overlay or opendht" >&2; exit 2 ;; esac
[ "$(id -u)" = 0 ] || { echo "z2z-bench: run it as root: it makes network namespaces" >&2; exit 1; }
for tool in ip ss timeout avahi-daemon avahi-browse avahi-publish dbus-daemon; do
  command -v "$tool" >/dev/null || { echo "z2z-bench: $tool is missing (apt-get install iproute2 avahi-daemon avahi-utils dbus)" >&2; exit 1; }
done
if [ "$backend" != overlay ]; then
  command -v dhtnode >/dev/null || { echo "z2z-bench: dhtnode is missing (apt-get install dhtnode), or use --backend overlay" >&2; exit 1; }
fi

if [ "$build" = 1 ]; then
  dotnet build bench/Peerlink.Z2zBench -c Release -nologo -clp:ErrorsOnly -v q >&2
fi
dll=bench/Peerlink.Z2zBench/bin/Release/net10.0/Peerlink.Z2zBench.dll
[ -f "$dll" ] || { echo "z2z-bench: $dll is missing: build it (drop --skip-build)" >&2; exit 1; }

args=(--runs "$runs" --services "$services")
[ -z "$only" ] || args+=(--only "$only")
[ -z "$backend" ] || args+=(--backend "$backend")
command="bench/z2z-bench.sh"
{ [ "$runs" = 5 ] && [ "$services" = 1000 ] && [ -z "$only" ] && [ -z "$backend" ]; } || command="bench/z2z-bench.sh ${args[*]}"

# Its namespaces are named after the bench's own pid (the child of `timeout`).
bench_namespaces() { echo "^plz$(($1 % 1000))x[0-9]+(s|ga|r|gb|c)$"; }
# shellcheck source=bench/run-in-namespaces.sh
. bench/run-in-namespaces.sh
run_in_namespaces z2z-bench 1200 bench_namespaces "Z2Z_BENCH_COMMAND=$command" dotnet "$dll" "${args[@]}"

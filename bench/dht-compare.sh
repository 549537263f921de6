#!/usr/bin/env bash
# Peerlink vs OpenDHT on loopback, side by side in one run (issue 3; issue 4 item 4 with --topology
# kademlia): a 64-node Peerlink cluster (Chord by default) and a 64-node OpenDHT network, each in its own
# process, one after the other; OPS puts of random keys then OPS gets of the same keys with WINDOW
# operations outstanding; prints markdown tables: operations and latency, messages per get, the goal.
# Messages are counted in each process and, when dumpcap/tshark are there, on the wire: a capture on
# lo of the side's own UDP ports while it runs. See bench/README.md. Everything binds 127.0.0.1; every
# process runs under `timeout` and is killed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  cat <<'EOF'
usage: bench/dht-compare.sh [--nodes 64] [--ops 10000] [--window 16] [--only peerlink|opendht]
                            [--topology chord|kademlia|pastry|bamboo] [--routing recursive|iterative|parallel]
                            [--idle-window 10] [--drain 2] [--warmup 0] [--no-capture]
                            [--skip-build] [--timeout 1800] [--out DIR]
                            [--peerlink-args "ARGS"] [--opendht-args "ARGS"]
  --ops 1000 --nodes 16   a quick smoke test (about two minutes, most of it the Peerlink ring converging)
  --topology              Peerlink's geometry (default chord); kademlia is the like-for-like one with OpenDHT
  --routing               Peerlink's routing mode (default: parallel for kademlia, its alpha=3 node lookup; else recursive)
  --idle-window, --drain  seconds of idle traffic counted after the puts (its rate is subtracted from the gets'
                          messages), and seconds a get phase's messages are still counted after its last get
  --warmup N              N gets of keys nobody put on each side after the puts, neither timed nor counted
                          (Peerlink's first lookups otherwise run unoptimised code: tier-0 JIT)
  --no-capture            count messages in-process only (default: also capture each side's ports on lo with
                          dumpcap and classify the datagrams with tshark, the same way for both sides)
  --peerlink-args         more options for bench/Peerlink.DhtCompare, e.g. "--client client"
  --opendht-args          more options for bench/opendht_bench.py, e.g. "--no-until-done"
  --out DIR               keep the raw JSON, logs and captures there (default: a temporary directory, removed)
Ports: Peerlink 41099-41100+NODES+1, OpenDHT 42100-42100+NODES+2 (all 127.0.0.1, UDP).
EOF
}

nodes=64 ops=10000 window=16 only="" build=1 limit=1800 out="" pl_extra="" odt_extra=""
topology=chord routing="" idle=10 drain=2 warmup=0 capture=1
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) nodes=$2; shift 2 ;;
    --ops) ops=$2; shift 2 ;;
    --window) window=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --topology) topology=$2; shift 2 ;;
    --routing) routing=$2; shift 2 ;;
    --idle-window) idle=$2; shift 2 ;;
    --drain) drain=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --no-capture) capture=0; shift ;;
    --skip-build) build=0; shift ;;
    --timeout) limit=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --peerlink-args) pl_extra=$2; shift 2 ;;
    --opendht-args) odt_extra=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "dht-compare: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
for n in "$nodes" "$ops" "$window" "$limit" "$idle"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "dht-compare: --nodes, --ops, --window, --timeout and --idle-window are positive whole numbers" >&2; exit 2; }
done
[[ "$drain" =~ ^[0-9]+$ && "$warmup" =~ ^[0-9]+$ ]] || { echo "dht-compare: --drain and --warmup are whole numbers" >&2; exit 2; }
case "$only" in ""|peerlink|opendht) ;; *) echo "dht-compare: --only is peerlink or opendht" >&2; exit 2 ;; esac
case "$topology" in chord|kademlia|pastry|bamboo) ;; *) echo "dht-compare: --topology is chord, kademlia, pastry or bamboo" >&2; exit 2 ;; esac
case "$routing" in ""|recursive|iterative|parallel) ;; *) echo "dht-compare: --routing is recursive, iterative or parallel" >&2; exit 2 ;; esac
pl_args=(--topology "$topology" --idle-window "$idle" --drain "$drain" --warmup "$warmup")
[ -z "$routing" ] || pl_args+=(--routing "$routing")
odt_args=(--idle-window "$idle" --drain "$drain" --warmup "$warmup")
if [ "$capture" = 1 ] && ! { command -v dumpcap && command -v tshark; } >/dev/null; then
  echo "dht-compare: no dumpcap/tshark: messages are counted in-process only (apt-get install tshark for the capture)" >&2
  capture=0
fi

pl_base=41100 odt_base=42100
python=/usr/bin/python3   # Debian's: python3-opendht is built for it

# Kill whatever this script started, however it ends.
pids=()
tmp=""
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ -n "$tmp" ]; then rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -z "$out" ]; then tmp=$(mktemp -d); out=$tmp; else mkdir -p "$out"; fi

# python3-opendht (Debian's OpenDHT 2.4.12 bindings; the dhtnode program itself is not needed here).
if [ "$only" != peerlink ] && ! "$python" -c 'import opendht' 2>/dev/null; then
  echo "dht-compare: installing python3-opendht" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-opendht >&2
fi

# The ports must be free (a run still going, or someone else's test).
busy() { ss -Hlun "( sport >= :$1 and sport <= :$2 )" 2>/dev/null | head -1; }
if [ "$only" != opendht ] && [ -n "$(busy $((pl_base - 1)) $((pl_base + nodes + 1)))" ]; then
  echo "dht-compare: UDP ports $((pl_base - 1))-$((pl_base + nodes + 1)) are in use" >&2; exit 1
fi
if [ "$only" != peerlink ] && [ -n "$(busy $odt_base $((odt_base + nodes + 2)))" ]; then
  echo "dht-compare: UDP ports $odt_base-$((odt_base + nodes + 2)) are in use" >&2; exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dll=bench/Peerlink.DhtCompare/bin/Release/net10.0/Peerlink.DhtCompare.dll
if [ "$only" != opendht ] && [ "$build" = 1 ]; then
  dotnet build bench/Peerlink.DhtCompare -c Release -nologo -clp:ErrorsOnly -v q >&2
fi

# Captures the UDP datagrams sent from ports $2-$3 on lo into $out/$1.pcapng until stop_capture, and
# at most as long as a side may run. Each loopback datagram shows once (as sent); nothing else is kept.
cap_pid=""
start_capture() {
  [ "$capture" = 1 ] || return 0
  local name=$1 lo=$2 hi=$3
  rm -f "$out/$name.pcapng"
  timeout --kill-after=10 "$((limit + 60))" dumpcap -q -i lo -B 64 -f "udp and src portrange $lo-$hi" -w "$out/$name.pcapng" 2> "$out/$name.dumpcap.log" &
  cap_pid=$!
  pids+=("$cap_pid")
  for _ in $(seq 50); do
    grep -q "Capturing on" "$out/$name.dumpcap.log" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "dht-compare: $name: the capture did not start ($(cat "$out/$name.dumpcap.log")); counting in-process only" >&2
  kill -TERM "$cap_pid" 2>/dev/null || true
  wait "$cap_pid" 2>/dev/null || true
  cap_pid=""
  rm -f "$out/$name.pcapng"
}

stop_capture() {
  [ -n "$cap_pid" ] || return 0
  kill -INT "$cap_pid" 2>/dev/null || true
  wait "$cap_pid" 2>/dev/null || true
  cap_pid=""
  grep -h "dropped" "$out/$1.dumpcap.log" | sed "s/^/dht-compare: $1 capture: /" >&2 || true
}

# Datagrams the kernel dropped because a UDP socket's receive buffer was full (system-wide: other
# programs' too), read before and after each side into $out/NAME.rcvbuf.
rcvbuf_errors() { awk '/^Udp: [0-9]/ { print $6 }' /proc/net/snmp 2>/dev/null || echo 0; }

# Runs one side under timeout in the background (so the trap can stop it), stderr to the terminal
# and a log. Its JSON summary is the last line of stdout.
run_side() {
  local name=$1; shift
  echo "dht-compare: $name: $*" >&2
  local drops_before
  drops_before=$(rcvbuf_errors)
  timeout --kill-after=10 "$limit" "$@" > "$out/$name.json" 2> >(tee "$out/$name.log" | tr '\r' '\n' | grep --line-buffered -vE ' [0-9]+/[0-9]+$|settling|^$' >&2) &
  local pid=$!
  pids+=("$pid")
  local status=0
  wait "$pid" || status=$?
  if [ "$status" -ne 0 ]; then
    echo "dht-compare: $name exited with status $status (124: timed out after $limit s); log: $out/$name.log" >&2
  fi
  echo $(($(rcvbuf_errors) - drops_before)) > "$out/$name.rcvbuf"
  return 0
}

echo "dht-compare: $(date -u), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
if [ "$only" != opendht ]; then
  # shellcheck disable=SC2086 # the extra arguments are words on purpose
  start_capture peerlink $((pl_base - 1)) $((pl_base + nodes + 1))
  run_side peerlink dotnet "$dll" --nodes "$nodes" --ops "$ops" --window "$window" --base-port "$pl_base" "${pl_args[@]}" $pl_extra
  stop_capture peerlink
fi
if [ "$only" != peerlink ]; then
  # shellcheck disable=SC2086
  start_capture opendht $odt_base $((odt_base + nodes + 2))
  run_side opendht "$python" bench/opendht_bench.py --nodes "$nodes" --ops "$ops" --window "$window" --base-port "$odt_base" "${odt_args[@]}" $odt_extra
  stop_capture opendht
fi
echo "dht-compare: finished $(date -u), load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2

"$python" bench/dht_compare_report.py "$out"

#!/usr/bin/env bash
# Peerlink vs OpenDHT on loopback, side by side in one run (issue 3): a 64-node Peerlink Chord cluster
# and a 64-node OpenDHT network, each in its own process, one after the other; OPS puts of random keys
# then OPS gets of the same keys with WINDOW operations outstanding; prints a markdown table.
# See bench/README.md. Everything binds 127.0.0.1; every process runs under `timeout` and is killed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  cat <<'EOF'
usage: bench/dht-compare.sh [--nodes 64] [--ops 10000] [--window 16] [--only peerlink|opendht]
                            [--skip-build] [--timeout 1800] [--out DIR]
                            [--peerlink-args "ARGS"] [--opendht-args "ARGS"]
  --ops 1000 --nodes 16   a quick smoke test (about two minutes, most of it the Peerlink ring converging)
  --peerlink-args         more options for bench/Peerlink.DhtCompare, e.g. "--client client" or "--routing iterative"
  --opendht-args          more options for bench/opendht_bench.py, e.g. "--no-until-done"
  --out DIR               keep the raw JSON and logs there (default: a temporary directory, removed)
Ports: Peerlink 41099-41100+NODES+1, OpenDHT 42100-42100+NODES+2 (all 127.0.0.1, UDP).
EOF
}

nodes=64 ops=10000 window=16 only="" build=1 limit=1800 out="" pl_extra="" odt_extra=""
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) nodes=$2; shift 2 ;;
    --ops) ops=$2; shift 2 ;;
    --window) window=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --skip-build) build=0; shift ;;
    --timeout) limit=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --peerlink-args) pl_extra=$2; shift 2 ;;
    --opendht-args) odt_extra=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "dht-compare: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
for n in "$nodes" "$ops" "$window" "$limit"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "dht-compare: --nodes, --ops, --window and --timeout are positive whole numbers" >&2; exit 2; }
done
case "$only" in ""|peerlink|opendht) ;; *) echo "dht-compare: --only is peerlink or opendht" >&2; exit 2 ;; esac

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

# Runs one side under timeout in the background (so the trap can stop it), stderr to the terminal
# and a log. Its JSON summary is the last line of stdout.
run_side() {
  local name=$1; shift
  echo "dht-compare: $name: $*" >&2
  timeout --kill-after=10 "$limit" "$@" > "$out/$name.json" 2> >(tee "$out/$name.log" | tr '\r' '\n' | grep --line-buffered -vE ' [0-9]+/[0-9]+$|settling|^$' >&2) &
  local pid=$!
  pids+=("$pid")
  local status=0
  wait "$pid" || status=$?
  if [ "$status" -ne 0 ]; then
    echo "dht-compare: $name exited with status $status (124: timed out after $limit s); log: $out/$name.log" >&2
  fi
  return 0
}

echo "dht-compare: $(date -u), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
if [ "$only" != opendht ]; then
  # shellcheck disable=SC2086 # the extra arguments are words on purpose
  run_side peerlink dotnet "$dll" --nodes "$nodes" --ops "$ops" --window "$window" --base-port "$pl_base" $pl_extra
fi
if [ "$only" != peerlink ]; then
  # shellcheck disable=SC2086
  run_side opendht "$python" bench/opendht_bench.py --nodes "$nodes" --ops "$ops" --window "$window" --base-port "$odt_base" $odt_extra
fi
echo "dht-compare: finished $(date -u), load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2

"$python" - "$out" <<'EOF'
import json, math, os, sys

out = sys.argv[1]

def load(name):
    try:
        with open(os.path.join(out, name + ".json")) as f:
            lines = [l for l in f.read().splitlines() if l.startswith("{")]
        return json.loads(lines[-1]) if lines else None
    except OSError:
        return None

pl, odt = load("peerlink"), load("opendht")
rows = []

def fmt(x, digits=1):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    return f"{x:,.{digits}f}" if isinstance(x, float) else f"{x:,}"

def row(label, s, puts=True):
    rows.append([label, fmt(s["nodes"]), fmt(s["puts"]) if puts else "(same)", fmt(s["gets"]),
                 fmt(s["put_ops_s"]) if puts else "", fmt(s["get_ops_s"]),
                 fmt(s["get_p50_ms"], 2), fmt(s["get_p99_ms"], 2), f'{s["gets_found"]:,}/{s["gets"]:,}'])

def ratio(label, a, b):
    def r(x, y):
        return f"{x / y:,.2f}x" if x and y else "n/a"
    rows.append([label, "", "", "", r(a["put_ops_s"], b.get("put_ops_s")) if "put_ops_s" in b else "",
                 r(a["get_ops_s"], b["get_ops_s"]), r(b["get_p50_ms"], a["get_p50_ms"]), r(b["get_p99_ms"], a["get_p99_ms"]), ""])

if pl:
    row(f'Peerlink ({pl["client"]}, {pl["routing"]})', pl)
if odt:
    row("OpenDHT (get stops at first value)", odt)
    if "until_done" in odt:
        row("OpenDHT (get runs until done)", dict(odt["until_done"], nodes=odt["nodes"]), puts=False)
if pl and odt:
    ratio("ratio vs first value (ops/s: Peerlink/OpenDHT; latency: OpenDHT/Peerlink)", pl, odt)
    if "until_done" in odt:
        ratio("ratio vs until done", pl, odt["until_done"])

head = ["side", "nodes", "puts", "gets", "put ops/s", "get ops/s", "get p50 ms", "get p99 ms", "gets found"]
print("| " + " | ".join(head) + " |")
print("| " + " | ".join(["---"] + ["---:"] * (len(head) - 1)) + " |")
for r in rows:
    print("| " + " | ".join(r) + " |")

details = []
if pl:
    details.append(("Peerlink", f'settle {pl["settle_s"]} s (ring exact: {pl["ring_wrong_entries"] == 0}), idle CPU {pl["idle_cpu_pct"]} %, '
                    f'put p50/p99 {pl["put_p50_ms"]}/{pl["put_p99_ms"]} ms, CPU per put/get {pl["cpu_ms_per_put"]}/{pl["cpu_ms_per_get"]} ms, '
                    f'packets per put/get {pl["packets_per_put"]}/{pl["packets_per_get"]}, hops per get {pl["get_mean_hops"]}, '
                    f'retransmissions {pl["retransmissions"]}, drops {pl["receives_dropped"] + pl["sends_dropped"]}, '
                    f'allocated per put/get {pl["allocated_kb_per_put"]}/{pl["allocated_kb_per_get"]} KiB, GC gen0/gen2 {pl["gc_gen0"]}/{pl["gc_gen2"]}'))
if odt:
    d = (f'settle {odt["settle_s"]} s (smallest routing table {odt["smallest_routing_table"]}), idle CPU {odt["idle_cpu_pct"]} %, '
         f'put p50/p99 {odt["put_p50_ms"]}/{odt["put_p99_ms"]} ms, CPU per put/get {odt["cpu_ms_per_put"]}/{odt["cpu_ms_per_get"]} ms, '
         f'writer stores "{odt["writer_storage"]}", reader stores "{odt["reader_storage"]}"')
    if "until_done" in odt:
        u = odt["until_done"]
        d += f'; until done: first value p50/p99 {u["get_first_value_p50_ms"]}/{u["get_first_value_p99_ms"]} ms, CPU per get {u["cpu_ms_per_get"]} ms'
    details.append(("OpenDHT", d))
print()
for name, d in details:
    print(f"- {name}: {d}")
EOF

#!/usr/bin/env bash
# Fuzzes a decoder with AFL++ and SharpFuzz: ./fuzz/run.sh [SECONDS] [TARGET] (default 600 s, p2pp).
# TARGET is p2pp (the P2PP codec, Peerlink.Wire), dns (the mDNS message codec, Peerlink.Zeroconf) or
# mdns (the mDNS responder and querier fed runs of hostile datagrams, Peerlink.Zeroconf) or z2z (the
# z2z record codec and seal, Peerlink.Z2z) or stun (the STUN codec, Binding server and client
# transactions, Peerlink.Nat) or sip (the SIP parser and writer, SDP, RTP, RTCP and WAV readers,
# Peerlink.Sip).
# Installs afl++ if missing (apt), restores the sharpfuzz tool (fuzz/.config/dotnet-tools.json),
# publishes the harness to fuzz/out, instruments the target's assemblies and Peerlink.Core.dll, writes
# the seed corpus to fuzz/corpus (p2pp) or fuzz/corpus-TARGET and runs afl-fuzz into fuzz/findings (p2pp)
# or fuzz/findings-TARGET (wiped first unless AFL_AUTORESUME=1). Safe to run again.
set -euo pipefail
seconds="${1:-600}"
target="${2:-p2pp}"
fuzz="$(cd "$(dirname "$0")" && pwd)"
cd "$fuzz/.."

case "$target" in
  p2pp) assemblies=(Peerlink.Wire.dll Peerlink.Core.dll); corpus="$fuzz/corpus"; findings="$fuzz/findings" ;;
  dns) assemblies=(Peerlink.Zeroconf.dll Peerlink.Core.dll); corpus="$fuzz/corpus-dns"; findings="$fuzz/findings-dns" ;;
  mdns) assemblies=(Peerlink.Zeroconf.dll Peerlink.Core.dll); corpus="$fuzz/corpus-mdns"; findings="$fuzz/findings-mdns" ;;
  z2z) assemblies=(Peerlink.Z2z.dll Peerlink.Core.dll); corpus="$fuzz/corpus-z2z"; findings="$fuzz/findings-z2z" ;;
  stun) assemblies=(Peerlink.Nat.dll Peerlink.Core.dll); corpus="$fuzz/corpus-stun"; findings="$fuzz/findings-stun" ;;
  sip) assemblies=(Peerlink.Sip.dll Peerlink.Core.dll); corpus="$fuzz/corpus-sip"; findings="$fuzz/findings-sip" ;;
  *) echo "run.sh: unknown target $target (p2pp, dns, mdns, z2z, stun or sip)" >&2; exit 2 ;;
esac

if ! command -v afl-fuzz >/dev/null 2>&1; then
  echo "run.sh: installing afl++ (Debian package)"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends afl++
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
(cd "$fuzz" && dotnet tool restore >/dev/null)

# A fresh publish each time: sharpfuzz refuses to instrument an assembly twice, and publish would
# keep the (newer) instrumented copies.
rm -rf "$fuzz/out"
dotnet publish "$fuzz/Peerlink.Fuzz/Peerlink.Fuzz.csproj" -c Release -o "$fuzz/out" -nologo -clp:ErrorsOnly

# Seeds first, with the uninstrumented harness: a handful of small valid messages.
mkdir -p "$corpus"
dotnet "$fuzz/out/Peerlink.Fuzz.dll" --target "$target" --make-corpus "$corpus"

for dll in "${assemblies[@]}"; do
  echo "run.sh: instrumenting $dll"
  (cd "$fuzz" && DOTNET_ROLL_FORWARD=Major dotnet tool run sharpfuzz "$fuzz/out/$dll")
done

if [ "${AFL_AUTORESUME:-}" != "1" ]; then
  rm -rf "$findings"
fi

# Containers: no CPU frequency governor, no core_pattern control, an uninstrumented apphost
# (the coverage comes from the instrumented .NET assemblies), no free core to pin to.
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1
export AFL_NO_UI="${AFL_NO_UI:-1}"
echo "run.sh: afl-fuzz ($target) for $seconds s; findings in fuzz/${findings##*/}/default (crashes/, hangs/, fuzzer_stats)"
status=0
afl-fuzz -i "$corpus" -o "$findings" -t 5000 -m none -V "$seconds" -- "$fuzz/out/Peerlink.Fuzz" --target "$target" || status=$?

stats="$findings/default/fuzzer_stats"
if [ -f "$stats" ]; then
  grep -E '^(start_time|last_update|run_time|execs_done|execs_per_sec|corpus_count|corpus_found|saved_crashes|saved_hangs|stability|bitmap_cvg) ' "$stats" || true
  crashes=$(find "$findings/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
  if [ "$crashes" -gt 0 ]; then
    echo "run.sh: $crashes crash(es); reproduce with: dotnet fuzz/out/Peerlink.Fuzz.dll --target $target --repro fuzz/${findings##*/}/default/crashes/id:*"
  fi
fi
exit "$status"

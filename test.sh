#!/usr/bin/env bash
# Runs every Peerlink test. On a fresh Debian machine with the .NET SDK it first installs what the
# tests need (the real third-party peers: tshark, ...). Safe to run again: installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the interop tests talk to. Keep this list the only place they are named.
packages=(tshark avahi-daemon avahi-utils dbus python3-zeroconf dhtnode coturn iptables python3-aioice sip-tester baresip-core)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]} (Debian packages the interop tests use)"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  # tshark asks whether non-root users may capture; answer no without a prompt.
  echo "wireshark-common wireshark-common/install-setuid boolean false" | $sudo debconf-set-selections
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Peerlink.slnx -c Release -nologo -clp:ErrorsOnly
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
# Normal verbosity names each skipped test with its reason; the passing ones are filtered out.
dotnet test Peerlink.slnx -c Release --no-build -nologo --logger "console;verbosity=normal" 2>&1 \
  | tee "$log" | grep -vE '^\s+Passed ' || status=${PIPESTATUS[0]}

# One closing line for the whole run: "tests: N passed, N failed, N skipped" (summed over the
# per-project summaries "Passed: N", "Failed: N", "Skipped: N").
awk '$1 == "Passed:" && NF == 2 { p += $2 } $1 == "Failed:" && NF == 2 { f += $2 } $1 == "Skipped:" && NF == 2 { s += $2 }
  END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"

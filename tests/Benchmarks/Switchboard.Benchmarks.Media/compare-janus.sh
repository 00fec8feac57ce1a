#!/usr/bin/env bash
# Media forwarding, Janus beside ours (docs/performance.md "Media forwarding", issue #7).
#   tests/Benchmarks/Switchboard.Benchmarks.Media/compare-janus.sh --publishers 4 --subscribers 8 --rate 2000 --payload 1000 --seconds 8 --profile gcm
# Arguments are the benchmark's (see ForwardingBenchmarkSettings); add --system janus to skip ours.
# Runs as root: installs Debian's janus when missing, then, in a private network namespace (unshare -n) with lo and a
# veth pair (libnice gathers no candidates on loopback), starts Janus with a minimal config (WebSocket API on
# 127.0.0.1:8188, VideoRoom only, ICE on vj0 = 198.18.0.1 only), runs the benchmark against ours and Janus with the
# same load in the same run, prints one table, and stops Janus by its PID.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
system=both
args=()
while (( $# )); do
  if [[ "$1" == --system ]]; then system="${2:?--system needs ours, janus or both}"; shift 2; else args+=("$1"); shift; fi
done

if ! command -v janus >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq janus >/dev/null
fi
dotnet build "$here" -c Release -nologo -v q >/dev/null
dll="$here/bin/Release/net10.0/Switchboard.Benchmarks.Media.dll"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
lib=/usr/lib/x86_64-linux-gnu/janus
[[ -d "$lib" ]] || lib="$(dirname "$(dirname "$(find /usr/lib -name libjanus_videoroom.so -print -quit)")")"
others() { ls "$lib/$1" | grep '\.so$' | grep -v "$2" | paste -sd, -; }
cat > "$work/janus.jcfg" <<CFG
general: {
	configs_folder = "$work"
	plugins_folder = "$lib/plugins"
	transports_folder = "$lib/transports"
	events_folder = "$lib/events"
	loggers_folder = "$lib/loggers"
	debug_level = 4
}
media: {
	rtp_port_range = "20000-40000"
}
nat: {
	nice_debug = false
}
plugins: {
	disable = "$(others plugins libjanus_videoroom.so)"
}
transports: {
	disable = "$(others transports libjanus_websockets.so)"
}
loggers: {
	disable = "$(others loggers '^$')"
}
events: {
}
CFG
cat > "$work/janus.transport.websockets.jcfg" <<CFG
general: {
	json = "plain"
	ws = true
	ws_port = 8188
	ws_ip = "127.0.0.1"
	wss = false
}
admin: {
	admin_ws = false
	admin_wss = false
}
CFG
echo 'general: {}' > "$work/janus.plugin.videoroom.jcfg"

export work dll
unshare -n bash -s -- "$system" "${args[@]}" <<'NS'
set -euo pipefail
system="$1"; shift
ip link set lo up
ip link add vj0 type veth peer name vj1
ip addr add 198.18.0.1/32 dev vj0
ip link set vj0 up
ip link set vj1 up
janus -F "$work" -C "$work/janus.jcfg" -o -E vj0 > "$work/janus.log" 2>&1 &
jpid=$!
for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/8188) 2>/dev/null && break; sleep 0.1; done
rc=0
dotnet "$dll" --system "$system" --janus ws://127.0.0.1:8188 --janus-pid "$jpid" --peer-address 198.18.0.1 "$@" || rc=$?
kill "$jpid"; wait "$jpid" || true
echo
echo "janus.log, errors and warnings other than the disabled plugins':"
grep -E '\[(ERR|WARN)\]' "$work/janus.log" | grep -v 'has been disabled' | sed -E 's/[0-9]{6,}/N/g' | sort | uniq -c | sort -rn | head -n 8 || true
if (( rc != 0 )); then echo "--- janus.log (last 40 lines)"; tail -n 40 "$work/janus.log"; fi
exit "$rc"
NS

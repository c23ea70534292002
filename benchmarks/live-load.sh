#!/usr/bin/env bash
# Live-capture load test: replays a large capture at full speed into one end of a veth pair whose ends both live in
# private network namespaces made for this run, while `ftp426 capture` and `tcpdump -w /dev/null` listen on the
# other end at the same time (same offered load, same run). Reports packets/s received and every drop counter of
# each: the sender's failures, the veth's own drops (before any capture), the kernel's and the interface's drops
# (ps_drop, ps_ifdrop), and ftp426's analysis-ring drops.
#
# Usage: benchmarks/live-load.sh [--size 256m | --pcap FILE] [--seconds 10] [--loops N] [--limit N]
#                                [--sender auto|tcpreplay|python] [--pps N] [--buffer KiB] [--ftp426 CMD] [--json FILE]
#                                [--dir DIR] [--keep] [--no-build]
#   --size S        capture made by the project's generator (CaptureGenerator, documentation addresses; default 256m)
#   --pcap FILE     replay this classic Ethernet pcap instead
#   --seconds S     send for at most S seconds (default 10); --loops N times through the file (default 1000);
#   --limit N       at most N packets (default 50 000 000); whichever bound comes first ends the replay
#   --sender        tcpreplay --topspeed (installed with apt-get when missing and --sender auto), or
#                   benchmarks/live-blast.py (python3, AF_PACKET); default auto
#   --pps N         offer N packets/s instead of full speed (tcpreplay --pps; 0 = --topspeed, the default)
#   --buffer KiB    kernel capture buffer for both tools (-B; default 0 = libpcap's default for both)
#   --ftp426 CMD    how to run ftp426 (default: java -jar cli/target/ftp426.jar)
#   --json FILE     also write the results as one JSON object
# Needs root. Nothing leaves the two namespaces (they have no addresses and no routes); every process and namespace
# this script makes is removed on every exit path, and every wait is bounded.
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SIZE=256m
PCAP=""
SECONDS_MAX=10
LOOPS=1000
LIMIT=50000000
SENDER=auto
PPS=0
BUFFER=0
FTP426=""
JSON=""
WORK=""
KEEP=0
BUILD=1
SEED=1

while [ $# -gt 0 ]; do
  case "$1" in
    --size) SIZE=$2; shift 2 ;;
    --pcap) PCAP=$2; shift 2 ;;
    --seconds) SECONDS_MAX=$2; shift 2 ;;
    --loops) LOOPS=$2; shift 2 ;;
    --limit) LIMIT=$2; shift 2 ;;
    --sender) SENDER=$2; shift 2 ;;
    --pps) PPS=$2; shift 2 ;;
    --buffer) BUFFER=$2; shift 2 ;;
    --ftp426) FTP426=$2; shift 2 ;;
    --json) JSON=$2; shift 2 ;;
    --dir) WORK=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --no-build) BUILD=0; shift ;;
    --seed) SEED=$2; shift 2 ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "live-load: unknown option: $1" >&2; exit 2 ;;
  esac
done
for n in "$SECONDS_MAX" "$LOOPS" "$LIMIT" "$BUFFER" "$PPS"; do
  case "$n" in ''|*[!0-9]*) echo "live-load: not a whole number: $n" >&2; exit 2 ;; esac
done
case "$SENDER" in auto|tcpreplay|python) ;; *) echo "live-load: --sender auto|tcpreplay|python" >&2; exit 2 ;; esac
if [ "$(id -u)" -ne 0 ]; then
  echo "live-load: needs root (network namespaces, packet sockets)" >&2
  exit 2
fi

TX="f426load$$-tx"
RX="f426load$$-rx"
PIDS=()
MADE_WORK=0
cleanup()
{
  local pid
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill -KILL -- "-$pid" 2>/dev/null
    [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
  done
  for ns in "$TX" "$RX"; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
    ip netns del "$ns" 2>/dev/null
  done
  if [ "$MADE_WORK" = 1 ] && [ "$KEEP" = 0 ]; then
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# Namespaces left by a run killed with SIGKILL (their creator's pid is gone).
for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep '^f426load[0-9]*-' || true); do
  pid=${ns#f426load}; pid=${pid%%-*}
  [ -d "/proc/$pid" ] || ip netns del "$ns" 2>/dev/null
done

if [ -z "$WORK" ]; then
  WORK=$(mktemp -d /tmp/ftp426-live-load.XXXXXX)
  MADE_WORK=1
else
  mkdir -p "$WORK"
fi
log() { echo "live-load: $*" >&2; }

# ---- tools
if [ -z "$FTP426" ]; then
  if [ "$BUILD" = 1 ] && [ ! -f "$ROOT/cli/target/ftp426.jar" ]; then
    (cd "$ROOT" && mvn -q -B -DskipTests package) || { log "build failed"; exit 1; }
  fi
  FTP426="java -jar $ROOT/cli/target/ftp426.jar"
fi
read -r -a FTP426_CMD <<< "$FTP426"
if [ -z "$PCAP" ]; then
  if [ "$BUILD" = 1 ] && [ ! -f "$ROOT/benchmarks/target/benchmarks.jar" ]; then
    (cd "$ROOT" && mvn -q -B -DskipTests package) || { log "build failed"; exit 1; }
  fi
  PCAP="$WORK/load.pcap"
  log "generating $SIZE with CaptureGenerator (seed $SEED)"
  java -cp "$ROOT/benchmarks/target/benchmarks.jar" dev.ftp426.bench.gen.CaptureGenerator --out "$PCAP" \
    --size "$SIZE" --seed "$SEED" --format pcap >&2 || { log "generator failed"; exit 1; }
fi
[ -f "$PCAP" ] || { log "no capture: $PCAP"; exit 1; }
if [ "$SENDER" = auto ]; then
  if ! command -v tcpreplay >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -qq --no-install-recommends tcpreplay \
      >/dev/null 2>&1 \
      || log "tcpreplay could not be installed; using live-blast.py"
  fi
  if command -v tcpreplay >/dev/null 2>&1; then SENDER=tcpreplay; else SENDER=python; fi
fi
if [ "$SENDER" = tcpreplay ] && ! command -v tcpreplay >/dev/null 2>&1; then
  log "tcpreplay is not installed"; exit 1
fi
if [ "$PPS" -gt 0 ] && [ "$SENDER" != tcpreplay ]; then
  log "--pps needs tcpreplay"; exit 2
fi

# ---- topology: tx ns veth0 <==> veth1 rx ns; no addresses, IPv6 off, so nothing but the replay reaches veth1.
set -e
ip netns add "$TX"
ip netns add "$RX"
for ns in "$TX" "$RX"; do
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
ip -n "$TX" link add veth0 type veth peer name veth1 netns "$RX"
for pair in "$TX veth0" "$RX veth1"; do
  set -- $pair
  ip -n "$1" link set "$2" mtu 9000 up
done
ip -n "$TX" link set lo up
ip -n "$RX" link set lo up
set +e

rx_stat() { ip netns exec "$RX" cat "/sys/class/net/veth1/statistics/$1"; }
tx_stat() { ip netns exec "$TX" cat "/sys/class/net/veth0/statistics/$1"; }

# wait_for FILE TEXT PID SECONDS: bounded wait until FILE contains TEXT (or the process is gone).
wait_for()
{
  local deadline=$((SECONDS + $4))
  while ! grep -q "$2" "$1" 2>/dev/null; do
    if ! kill -0 "$3" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
      log "not started: $(cat "$1")"; return 1
    fi
    sleep 0.1
  done
}

# ---- captures (both on veth1, both without promiscuous mode: veth delivers every frame to packet sockets anyway)
BOPT=()
[ "$BUFFER" -gt 0 ] && BOPT=(-B "$BUFFER")
setsid ip netns exec "$RX" tcpdump -i veth1 -p -n -s 0 "${BOPT[@]}" -w /dev/null 2> "$WORK/tcpdump.txt" &
TCPDUMP=$!; PIDS+=("$TCPDUMP")
setsid ip netns exec "$RX" "${FTP426_CMD[@]}" capture -i veth1 -p "${BOPT[@]}" --format jsonl \
  -o "$WORK/ftp426.jsonl" 2> "$WORK/ftp426.txt" &
FTP=$!; PIDS+=("$FTP")
wait_for "$WORK/tcpdump.txt" "listening on" "$TCPDUMP" 20 || exit 1
wait_for "$WORK/ftp426.txt" "listening on" "$FTP" 60 || exit 1

RX0=$(rx_stat rx_packets); RXD0=$(rx_stat rx_dropped); TXD0=$(tx_stat tx_dropped)
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
SPEED_TEXT="full speed"
[ "$PPS" -gt 0 ] && SPEED_TEXT="$PPS packets/s"
log "replaying $(basename "$PCAP") with $SENDER ($SPEED_TEXT) for at most ${SECONDS_MAX}s / $LOOPS loops / $LIMIT packets"
HARD=$((SECONDS_MAX + 30))
if [ "$SENDER" = tcpreplay ]; then
  SPEED=(--topspeed)
  [ "$PPS" -gt 0 ] && SPEED=(--pps "$PPS")
  SEND_CMD=(tcpreplay -q -i veth0 "${SPEED[@]}" --preload-pcap --loop "$LOOPS" --limit "$LIMIT"
            --duration "$SECONDS_MAX"
            "$PCAP")
else
  SEND_CMD=(python3 "$ROOT/benchmarks/live-blast.py" --iface veth0 --pcap "$PCAP" --loops "$LOOPS" --limit "$LIMIT"
            --seconds "$SECONDS_MAX")
fi
timeout -s KILL "$HARD" ip netns exec "$TX" "${SEND_CMD[@]}" > "$WORK/sender.txt" 2>&1
SEND_RC=$?
RX1=$(rx_stat rx_packets); RXD1=$(rx_stat rx_dropped); TXD1=$(tx_stat tx_dropped)
sleep 2   # bounded: let both tools read what is already in their buffers

# CPU time each tool used so far (user + system, seconds): less sensitive than packets/s to a busy machine.
cpu_secs() { awk -v hz="$(getconf CLK_TCK)" \
  '{ split($0, a, ") "); split(a[2], f, " "); printf "%.2f", (f[12] + f[13]) / hz }' \
  "/proc/$1/stat" 2>/dev/null || echo 0; }
F_CPU=$(cpu_secs "$FTP"); T_CPU=$(cpu_secs "$TCPDUMP")

# One SIGTERM each (a background job of a script starts with SIGINT ignored), then a bounded wait; SIGKILL after 120 s.
kill -TERM "$TCPDUMP" "$FTP" 2>/dev/null
for pid in "$TCPDUMP" "$FTP"; do
  for _ in $(seq 1 1200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && { log "pid $pid still running 120 s after SIGTERM: killed"; kill -KILL "$pid"; }
done
wait "$FTP"; FTP_RC=$?
wait "$TCPDUMP"; TCPDUMP_RC=$?

# ---- numbers
num() { grep -E "^[0-9,]+ $1\$" "$2" | tail -1 | cut -d' ' -f1 | tr -d ,; }
if [ "$SENDER" = tcpreplay ]; then
  SENT=$(grep -Eo 'Actual: [0-9]+ packets' "$WORK/sender.txt" | grep -Eo '[0-9]+' | head -1)
  SENT_SECS=$(grep -Eo 'sent in [0-9.]+ seconds' "$WORK/sender.txt" | grep -Eo '[0-9.]+' | head -1)
  SEND_FAIL=$(grep -Eo 'Failed packets: +[0-9]+' "$WORK/sender.txt" | grep -Eo '[0-9]+' | head -1)
else
  SENT=$(grep -Eo 'sent [0-9]+ packets' "$WORK/sender.txt" | grep -Eo '[0-9]+' | head -1)
  SENT_SECS=$(grep -Eo 'in [0-9.]+ s,' "$WORK/sender.txt" | grep -Eo '[0-9.]+' | head -1)
  SEND_FAIL=$(grep -Eo '[0-9]+ send failures' "$WORK/sender.txt" | grep -Eo '[0-9]+' | head -1)
fi
SENT=${SENT:-0}; SENT_SECS=${SENT_SECS:-0}; SEND_FAIL=${SEND_FAIL:-0}
VETH_RX=$((RX1 - RX0)); VETH_DROP=$(( (RXD1 - RXD0) + (TXD1 - TXD0) ))
F_CAPT=$(num "packets captured" "$WORK/ftp426.txt")
F_RECV=$(num "packets received by filter" "$WORK/ftp426.txt")
F_KDROP=$(num "packets dropped by kernel" "$WORK/ftp426.txt")
F_IDROP=$(num "packets dropped by interface" "$WORK/ftp426.txt")
F_RDROP=$(num "packets dropped by the analysis ring" "$WORK/ftp426.txt")
T_CAPT=$(num "packets captured" "$WORK/tcpdump.txt")
T_RECV=$(num "packets received by filter" "$WORK/tcpdump.txt")
T_KDROP=$(num "packets dropped by kernel" "$WORK/tcpdump.txt")
T_IDROP=$(num "packets dropped by interface" "$WORK/tcpdump.txt")
VERDICTS=$(grep -c '"type":"verdict"' "$WORK/ftp426.jsonl" 2>/dev/null || true)

rate() { awk -v n="${1:-0}" -v s="$SENT_SECS" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print 0 }'; }
echo
CPU_MODEL=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
echo "machine:   $(nproc) CPUs, $CPU_MODEL, kernel $(uname -r), load before: $LOAD"
echo "capture:   $(basename "$PCAP"), $(stat -c %s "$PCAP") bytes; sender $SENDER (exit $SEND_RC);" \
  "-B ${BUFFER:-0} KiB (0 = libpcap default)"
echo "offered:   $SENT packets in ${SENT_SECS}s = $(rate "$SENT") packets/s; send failures $SEND_FAIL"
echo "veth:      $VETH_RX packets arrived at veth1, $VETH_DROP dropped by the veth pair (before any capture)"
printf '%-22s %10s %11s %10s %11s %8s %10s %8s %5s\n' "" "captured" "recv/filter" "packets/s" "kernel drop" \
  "if drop" "ring drop" "CPU s" "exit"
printf '%-22s %10s %11s %10s %11s %8s %10s %8s %5s\n' "ftp426 capture" "${F_CAPT:--}" "${F_RECV:--}" \
  "$(rate "$F_CAPT")" "${F_KDROP:--}" "${F_IDROP:--}" "${F_RDROP:--}" "$F_CPU" "$FTP_RC"
printf '%-22s %10s %11s %10s %11s %8s %10s %8s %5s\n' "tcpdump -w /dev/null" "${T_CAPT:--}" "${T_RECV:--}" \
  "$(rate "$T_CAPT")" "${T_KDROP:--}" "${T_IDROP:--}" "n/a" "$T_CPU" "$TCPDUMP_RC"
echo "(captured: analysed by ftp426 / written by tcpdump; recv/filter: the kernel's count of packets that reached"
echo " the tool's socket, its drops included (ps_recv); packets/s: captured / send time; ring drop: frames libpcap"
echo " handed over that found ftp426's analysis ring full; CPU s: user + system time of the whole process, JVM"
echo " start-up included. ftp426 verdicts: ${VERDICTS:-0})"

if [ -n "$JSON" ]; then
  j() { [ -n "${1:-}" ] && echo "$1" || echo null; }
  cat > "$JSON" <<EOF
{"sender": "$SENDER", "pps": $PPS, "sender_exit": $SEND_RC, "sent": $SENT, "send_seconds": $SENT_SECS,
 "send_failures": $SEND_FAIL,
 "veth_rx": $VETH_RX, "veth_drops": $VETH_DROP, "buffer_kib": $BUFFER, "load_before": "$LOAD",
 "ftp426": {"exit": $FTP_RC, "captured": $(j "$F_CAPT"), "received": $(j "$F_RECV"), "kernel_drops": $(j "$F_KDROP"),
            "interface_drops": $(j "$F_IDROP"), "ring_drops": $(j "$F_RDROP"), "verdicts": $(j "$VERDICTS"),
            "cpu_seconds": $F_CPU},
 "tcpdump": {"exit": $TCPDUMP_RC, "captured": $(j "$T_CAPT"), "received": $(j "$T_RECV"),
             "kernel_drops": $(j "$T_KDROP"), "interface_drops": $(j "$T_IDROP"), "cpu_seconds": $T_CPU}}
EOF
fi
[ "$KEEP" = 1 ] && log "files kept in $WORK"
[ "$SEND_RC" -eq 0 ] && [ "$FTP_RC" -eq 0 ] && [ "$TCPDUMP_RC" -eq 0 ]

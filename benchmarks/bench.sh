#!/usr/bin/env bash
# End-to-end throughput benchmark: generates a synthetic capture, then times the C header-only reference
# (c/flowcount.c), tshark with a 426 display filter, and the ftp426 CLI on it, printing MB/s, packets/s and peak RSS
# of each tool and their ratios to the C reference.
#
# Usage: benchmarks/bench.sh [--size 512m] [--format pcap|pcapng] [--seed N] [--many-flows] [--only-many-flows]
#                            [--dir DIR] [--keep] [--no-build] [--no-tshark] [--no-ftp426] [--workers N]
#   --size S           capture size for the generator (k/m/g suffixes; default 512m, use 2g for the full run)
#   --many-flows       also run the 1 M flows / 200 k concurrent variant at the same size
#   --only-many-flows  run only that variant
#   --dir DIR          work directory (default: a new temporary directory, deleted at the end unless --keep)
#   --no-build         do not run Maven (use the jars already in */target)
#   --workers N        analysis threads for ftp426 (analyze --workers N; default 1)
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SIZE=512m
FORMAT=pcap
SEED=1
MANY=0
STANDARD=1
WORK=""
KEEP=0
BUILD=1
RUN_TSHARK=1
RUN_FTP426=1
WORKERS=1

while [ $# -gt 0 ]; do
  case "$1" in
    --size) SIZE=$2; shift 2 ;;
    --format) FORMAT=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --many-flows) MANY=1; shift ;;
    --only-many-flows) MANY=1; STANDARD=0; shift ;;
    --dir) WORK=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --no-build) BUILD=0; shift ;;
    --no-tshark) RUN_TSHARK=0; shift ;;
    --no-ftp426) RUN_FTP426=0; shift ;;
    --workers) WORKERS=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

if [ -z "$WORK" ]; then
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/ftp426-bench.XXXXXX")
else
  mkdir -p "$WORK"
fi
cleanup() { if [ "$KEEP" = 0 ]; then rm -rf "$WORK"; else echo "kept $WORK"; fi; }
trap cleanup EXIT

if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time for peak RSS measurements" >&2
  (apt-get install -y -q time >/dev/null 2>&1 || sudo apt-get install -y -q time >/dev/null 2>&1) || true
fi
if [ ! -x /usr/bin/time ]; then
  echo "/usr/bin/time (GNU time) is required" >&2
  exit 1
fi

GEN_JAR=$ROOT/benchmarks/target/benchmarks.jar
CLI_JAR=$ROOT/cli/target/ftp426.jar
if [ "$BUILD" = 1 ]; then
  echo "== building (mvn -DskipTests package)"
  (cd "$ROOT" && (mvn -q -B -o -DskipTests package || mvn -q -B -DskipTests package)) || {
    echo "maven build failed" >&2; exit 1; }
fi
mkdir -p "$WORK/bin"
gcc -O2 -o "$WORK/bin/flowcount" "$ROOT/benchmarks/c/flowcount.c" || { echo "gcc failed" >&2; exit 1; }

echo "== work directory $WORK ($(df -h "$WORK" | awk 'NR==2 {print $4}') free)"

# seconds from GNU time's "Elapsed (wall clock) time (h:mm:ss or m:ss): X"
elapsed_seconds() {
  awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i];
    print s }' "$1"
}
peak_rss_mb() {
  awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$1"
}

ROWS=()
C_MBS=""

# measure NAME FILE FRAMES -- command...
measure() {
  local name=$1 file=$2 frames=$3
  shift 4
  local tag="$WORK/$(basename "$file").$name"
  /usr/bin/time -v -o "$tag.time" "$@" >"$tag.out" 2>"$tag.err"
  local rc=$?
  local secs rss bytes mbs pps status ratio
  secs=$(elapsed_seconds "$tag.time")
  rss=$(peak_rss_mb "$tag.time")
  bytes=$(stat -c %s "$file")
  mbs=$(awk -v b="$bytes" -v s="$secs" 'BEGIN { if (s > 0) printf "%.1f", b / 1e6 / s; else print "inf" }')
  pps=$(awk -v f="$frames" -v s="$secs" 'BEGIN { if (s > 0) printf "%.0f", f / s; else print "inf" }')
  status=ok
  if [ $rc -ne 0 ]; then
    status="FAILED rc=$rc: $(grep -v '^\s*$' "$tag.err" | head -1 | cut -c1-100)"
    mbs=-
    pps=-
  fi
  if [ "$name" = c-flowcount ] && [ $rc -eq 0 ]; then C_MBS=$mbs; fi
  ratio=$(awk -v m="$mbs" -v c="${C_MBS:-0}" \
    'BEGIN { if (c > 0 && m != "inf" && m != "-") printf "%.3f", m / c; else print "-" }')
  ROWS+=("$(printf '%-12s %-22s %9.2f %9s %11s %9s %8s  %s' "$name" "$(basename "$file")" "$secs" "$mbs" "$pps" \
    "$rss" "$ratio" "$status")")
}

run_case() {
  local label=$1
  shift
  local file="$WORK/$label.$FORMAT"
  echo "== generating $label: --size $SIZE $*"
  /usr/bin/time -v -o "$file.gen.time" java -cp "$GEN_JAR" dev.ftp426.bench.gen.CaptureGenerator --out "$file" \
    --format "$FORMAT" --seed "$SEED" --size "$SIZE" "$@" >"$file.gen.out" 2>"$file.gen.err" || {
      echo "generator failed:" >&2; cat "$file.gen.err" >&2; return 1; }
  cat "$file.gen.out"
  local frames bytes gsecs
  frames=$(sed -n 's/.*frames=\([0-9]*\).*/\1/p' "$file.gen.out")
  bytes=$(stat -c %s "$file")
  gsecs=$(elapsed_seconds "$file.gen.time")
  ROWS+=("$(printf '%-12s %-22s %9.2f %9s %11s %9s %8s  %s' generator "$(basename "$file")" "$gsecs" \
    "$(awk -v b="$bytes" -v s="$gsecs" 'BEGIN { printf "%.1f", b / 1e6 / s }')" \
    "$(awk -v f="$frames" -v s="$gsecs" 'BEGIN { printf "%.0f", f / s }')" "$(peak_rss_mb "$file.gen.time")" - \
    "writes (wall time incl. JVM start)")")
  local expected426
  expected426=$(grep -c '"reply_code":426' "$file.truth.jsonl")
  cat "$file" >/dev/null   # same page-cache state for every reader

  C_MBS=""
  measure c-flowcount "$file" "$frames" -- "$WORK/bin/flowcount" "$file"
  sed 's/^/   c-flowcount: /' "$file.c-flowcount.out"
  if [ "$RUN_TSHARK" = 1 ] && [ -x /usr/bin/tshark ]; then
    measure tshark-426 "$file" "$frames" -- /usr/bin/tshark -r "$file" -Y 'ftp.response.code == 426'
    echo "   tshark-426: $(grep -c . "$file.tshark-426.out") frames shown, truth has $expected426 426 replies"
  fi
  if [ "$RUN_FTP426" = 1 ]; then
    if [ -f "$CLI_JAR" ]; then
      local wargs=()
      if [ "$WORKERS" != 1 ]; then wargs=(--workers "$WORKERS"); fi
      measure ftp426 "$file" "$frames" -- java -jar "$CLI_JAR" analyze --format jsonl "${wargs[@]}" "$file"
      echo "   ftp426: $(grep -c . "$file.ftp426.out") output lines, truth has $expected426 426 replies"
      # the generated capture is also an accuracy test: every transfer against the generator's truth
      python3 "$ROOT/benchmarks/check-truth.py" "$file.truth.jsonl" "$file.ftp426.out" | sed 's/^/   truth: /'
    else
      ROWS+=("$(printf '%-12s %-22s  %s' ftp426 "$(basename "$file")" "FAILED: $CLI_JAR not built")")
    fi
  fi
  rm -f "$file"
}

if [ "$STANDARD" = 1 ]; then
  run_case bulk --concurrent-flows 1000 --reorder 0.001 --retransmit 0.001 --loss 0.001
fi
if [ "$MANY" = 1 ]; then
  run_case manyflows --concurrent-flows 200000 --total-flows 1000000 --reorder 0.001 --retransmit 0.001 --loss 0.001
fi

echo
echo "== results (ratio = MB/s relative to the C header-only reference on the same file; the target for ftp426 is"
echo "   at least half of it)"
printf '%-12s %-22s %9s %9s %11s %9s %8s  %s\n' tool capture seconds MB/s packets/s rss_MB ratio status
for row in "${ROWS[@]}"; do echo "$row"; done

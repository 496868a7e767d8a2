#!/usr/bin/env bash
# Benchmark `vov-bulk prepare` against the floor (examples/floor.rs: read and write the same CSV
# with the csv crate, no validation) on synthetic inputs (examples/synth.rs), from both generators:
# `plain` (the default mix: nearly every row quiet) and `heavy` (synth --heavy, the mix of a heavy real
# batch from issue 12: ~28 % of the rows over the yearly cap, ~30 % study points, ~5 % exam
# commission, ~59 % of the rows with a diagnostic).
#
# Usage, from the repository root:
#
#   scripts/bench.sh                     # 10k, 100k and 1M rows, 5 runs each
#   RUNS=3 SIZES="10000 100000" scripts/bench.sh
#   HEAVY=0 scripts/bench.sh             # the plain generator only
#
# Environment:
#   RUNS       timed runs per command and size (default 5); floor and prepare alternate
#   SIZES      row counts (default "10000 100000 1000000")
#   SEED       synth seed (default 1)
#   HEAVY      1 (default): time every size on the plain and on the --heavy input; 0: plain only
#   AS_OF      the --as-of date for synth and prepare (default 2026-11-22)
#   JOBS_ROWS  size of the --jobs 1 vs all cores comparison (default 1000000; skipped when not in SIZES;
#              on the plain input)
#   LEDGER_ROWS size of the ledger comparison (default 1000000; skipped when not in SIZES): prepare
#              on LEDGER_ROWS new rows with a ledger that already holds the requests of LEDGER_ROWS
#              other rows (synth seed SEED+100), against the same run with --no-ledger (plain inputs)
#   BENCH_DIR  cache of the synthetic inputs (default ${TMPDIR:-/tmp}/vov-bulk-bench)
#
# The markdown report goes to standard output, progress to standard error. Times are wall-clock
# medians; memory is the peak resident set size (max RSS) over the runs, from GNU time. Without
# /usr/bin/time, bash's own timer is used and memory is reported as n/a.
set -euo pipefail
export LC_ALL=C # decimal points and sorting independent of the user's locale

cd "$(dirname "${BASH_SOURCE[0]}")/.."

RUNS=${RUNS:-5}
SIZES=${SIZES:-"10000 100000 1000000"}
SEED=${SEED:-1}
HEAVY=${HEAVY:-1}
AS_OF=${AS_OF:-2026-11-22}
JOBS_ROWS=${JOBS_ROWS:-1000000}
LEDGER_ROWS=${LEDGER_ROWS:-1000000}
BENCH_DIR=${BENCH_DIR:-${TMPDIR:-/tmp}/vov-bulk-bench}

die() {
	echo "bench: $*" >&2
	exit 2
}
log() { echo "bench: $*" >&2; }

[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer, not '$RUNS'"
[[ $HEAVY == 0 || $HEAVY == 1 ]] || die "HEAVY must be 0 or 1, not '$HEAVY'"
generators=(plain)
if ((HEAVY)); then generators+=(heavy); fi
read -r -a sizes <<<"$SIZES"
((${#sizes[@]} > 0)) || die "SIZES is empty"
for size in "${sizes[@]}"; do
	[[ $size =~ ^[1-9][0-9]*$ ]] || die "SIZES must hold positive integers, not '$size'"
done

# ---------------------------------------------------------------------------------------------
# Build

log "building (cargo build --release --examples --bins)"
cargo build --release --examples --bins >&2
target_dir=${CARGO_TARGET_DIR:-target}
vov_bulk=$target_dir/release/vov-bulk
synth=$target_dir/release/examples/synth
floor=$target_dir/release/examples/floor
for bin in "$vov_bulk" "$synth" "$floor"; do
	[[ -x $bin ]] || die "$bin not found after the build"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/vov-bulk-bench-run.XXXXXX")
trap 'rm -rf "$work"' EXIT

# ---------------------------------------------------------------------------------------------
# Measuring

if [[ -x /usr/bin/time ]] && /usr/bin/time -f '%e %M' -o "$work/probe" true 2>/dev/null; then
	have_gnu_time=1
else
	have_gnu_time=0
	log "/usr/bin/time (GNU) not found: using bash's timer, memory n/a"
fi

# Runs a command with stdout and stderr captured, and sets:
#   m_secs   wall seconds (3 decimals: bash 5's EPOCHREALTIME when there is one, since GNU time's
#            %e has only 2, too coarse for the small inputs; else %e or bash's timer)
#   m_kib    peak RSS in KiB, or n/a
#   m_status exit status
measure() {
	local start end
	m_status=0
	m_kib=n/a
	start=${EPOCHREALTIME:-}
	if ((have_gnu_time)); then
		/usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$work/stdout" 2>"$work/stderr" || m_status=$?
		# On a non-zero exit GNU time first writes "Command exited with non-zero status N".
		read -r m_secs m_kib < <(tail -n 1 "$work/time")
	else
		local TIMEFORMAT=%3R
		{ time "$@" >"$work/stdout" 2>"$work/stderr" || m_status=$?; } 2>"$work/time"
		m_secs=$(tail -n 1 "$work/time")
	fi
	end=${EPOCHREALTIME:-}
	if [[ -n $start && -n $end ]]; then
		m_secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
	fi
}

# Median of the arguments (the mean of the middle two for an even count).
median() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
		END { if (NR % 2) printf "%.3f", v[(NR + 1) / 2]; else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Largest of the arguments in MiB, or n/a when any is n/a.
peak_mib() {
	local v max=0
	for v in "$@"; do
		if [[ $v == n/a ]]; then
			printf 'n/a'
			return
		fi
		if ((v > max)); then max=$v; fi
	done
	awk -v k="$max" 'BEGIN { printf "%.1f", k / 1024 }'
}

run_floor() {
	rm -rf "$work/floor"
	measure "$floor" "$1" "$work/floor"
	if ((m_status != 0)); then
		cat "$work/stderr" >&2
		die "floor failed on $1 (exit $m_status)"
	fi
}

# run_prepare FILE [EXTRA OPTIONS...]: exit 0 (all accepted) and 1 (some rejected) are results; 2 is a failure.
run_prepare() {
	local file=$1
	shift
	rm -rf "$work/out"
	# --no-ledger unless the caller names one: the benchmark must not fill the user's ledger.
	local ledger=(--no-ledger)
	if [[ " $* " == *" --ledger "* ]]; then ledger=(); fi
	measure "$vov_bulk" prepare --as-of "$AS_OF" "${ledger[@]}" "$@" --out "$work/out" "$file"
	if ((m_status > 1)); then
		tail -n 20 "$work/stderr" >&2
		die "vov-bulk prepare failed on $file (exit $m_status)"
	fi
}

# Summary of the last prepare run's report.json: "accepted A, rejected R". The summary is the first
# object with these keys, so no JSON parser is needed.
report_summary() {
	local accepted rejected
	accepted=$(grep -m 1 -o '"accepted": *[0-9]*' "$work/out/report.json" | grep -o '[0-9]*$' || echo '?')
	rejected=$(grep -m 1 -o '"rejected": *[0-9]*' "$work/out/report.json" | grep -o '[0-9]*$' || echo '?')
	printf 'accepted %s, rejected %s' "$accepted" "$rejected"
}

# ---------------------------------------------------------------------------------------------
# Inputs, cached by generator, size, seed, as-of date and the generator's source (a changed
# generator gives other bytes).

mkdir -p "$BENCH_DIR"
synth_sum=$(cksum <examples/synth.rs | cut -d ' ' -f 1)
# input_for ROWS [SEED [GENERATOR]]: the path of the input (plain or heavy), generated when missing.
input_for() {
	local rows=$1 seed=${2:-$SEED} generator=${3:-plain} file
	local options=(--seed "$seed" --as-of "$AS_OF")
	case $generator in
	plain) file=$BENCH_DIR/synth-$rows-seed$seed-$AS_OF-$synth_sum.csv ;;
	heavy)
		file=$BENCH_DIR/synth-heavy-$rows-seed$seed-$AS_OF-$synth_sum.csv
		options+=(--heavy)
		;;
	*) die "unknown generator '$generator'" ;;
	esac
	if [[ ! -s $file ]]; then
		log "generating $rows rows ($generator) -> $file"
		"$synth" "$rows" "$file.tmp" "${options[@]}" 2>"$work/synth.log" ||
			die "synth failed: $(cat "$work/synth.log")"
		mv "$file.tmp" "$file"
		cp "$work/synth.log" "$file.log"
	fi
	printf '%s' "$file"
}

# Rows of the last prepare run's report.json that carry at least one diagnostic (the report lists
# only those), as a percentage of ROWS: one "origin" per listed row.
diagnosed_share() {
	local listed
	listed=$(grep -c '"origin":' "$work/out/report.json" || true)
	awk -v l="${listed:-0}" -v n="$1" 'BEGIN { if (n > 0) printf "%.1f%%", l * 100 / n; else printf "n/a" }'
}

# ---------------------------------------------------------------------------------------------
# Report

cpu=$(grep -m 1 'model name' /proc/cpuinfo 2>/dev/null | cut -d : -f 2- | sed 's/^ *//' || true)
mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ $commit != unknown && -n $(git status --porcelain --untracked-files=no 2>/dev/null) ]]; then
	commit="$commit (with uncommitted changes)"
fi

echo "## vov-bulk benchmark"
echo
echo "- machine: $(nproc) cores, ${cpu:-unknown CPU}, ${mem:-unknown} memory, $(uname -sr)"
echo "- load average at the start: $(cut -d ' ' -f 1-3 /proc/loadavg 2>/dev/null || echo '?') (other work on the machine skews the figures)"
echo "- build: $(rustc --version 2>/dev/null || echo 'rustc ?'), release profile, commit $commit"
generators_text=${generators[*]}
generators_text=${generators_text/heavy/heavy (synth --heavy)}
echo "- input: examples/synth.rs, seed $SEED, as-of $AS_OF, generators: $generators_text; command: vov-bulk prepare --as-of $AS_OF --no-ledger --out DIR FILE"
echo "- $RUNS runs per command, size and generator, floor and prepare alternating; median wall time; peak = largest max RSS"
echo

table_rows=()
notes=()
for rows in "${sizes[@]}"; do
	for generator in "${generators[@]}"; do
		input=$(input_for "$rows" "$SEED" "$generator")
		cat "$input" >/dev/null # warm the page cache: every timed run then reads from memory
		floor_secs=() floor_kib=() prep_secs=() prep_kib=()
		for ((run = 1; run <= RUNS; run++)); do
			log "$rows rows ($generator): run $run/$RUNS"
			run_floor "$input"
			floor_secs+=("$m_secs") floor_kib+=("$m_kib")
			run_prepare "$input"
			prep_secs+=("$m_secs") prep_kib+=("$m_kib")
		done
		notes+=("- $rows rows, $generator: prepare exit $m_status, $(report_summary), rows with a diagnostic $(diagnosed_share "$rows"); synth: $(cut -d ';' -f 2- "$input.log" 2>/dev/null | sed 's/^ *//' || echo '?')")
		floor_med=$(median "${floor_secs[@]}")
		prep_med=$(median "${prep_secs[@]}")
		table_rows+=("$(awk -v n="$rows" -v g="$generator" -v f="$floor_med" -v p="$prep_med" \
			-v pk="$(peak_mib "${prep_kib[@]}")" -v fk="$(peak_mib "${floor_kib[@]}")" 'BEGIN {
				ratio = f > 0 ? sprintf("%.1f", p / f) : "n/a"
				rate = p > 0 ? sprintf("%d", n / p) : "n/a"
				printf "| %d | %s | %.3f | %.3f | %s | %s | %s | %s |", n, g, f, p, ratio, rate, pk, fk
			}')")
	done
done

echo "| rows | generator | floor median s | prepare median s | ratio | rows/s | prepare peak MiB | floor peak MiB |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${table_rows[@]}"
echo
printf '%s\n' "${notes[@]}"

# --jobs 1 against the default (all cores), alternating, on the largest input.
if [[ " ${sizes[*]} " == *" $JOBS_ROWS "* ]]; then
	input=$(input_for "$JOBS_ROWS")
	one_secs=() one_kib=() all_secs=() all_kib=()
	for ((run = 1; run <= RUNS; run++)); do
		log "$JOBS_ROWS rows, --jobs 1 vs all cores: run $run/$RUNS"
		run_prepare "$input" --jobs 1
		one_secs+=("$m_secs") one_kib+=("$m_kib")
		run_prepare "$input"
		all_secs+=("$m_secs") all_kib+=("$m_kib")
	done
	one_med=$(median "${one_secs[@]}")
	all_med=$(median "${all_secs[@]}")
	echo
	echo "| rows | --jobs 1 median s | all cores ($(nproc)) median s | speed-up | --jobs 1 peak MiB | all cores peak MiB |"
	echo "|---:|---:|---:|---:|---:|---:|"
	awk -v n="$JOBS_ROWS" -v a="$one_med" -v b="$all_med" -v ak="$(peak_mib "${one_kib[@]}")" \
		-v bk="$(peak_mib "${all_kib[@]}")" 'BEGIN {
			speedup = b > 0 ? sprintf("%.2fx", a / b) : "n/a"
			printf "| %d | %.3f | %.3f | %s | %s | %s |\n", n, a, b, speedup, ak, bk
		}'
else
	log "JOBS_ROWS=$JOBS_ROWS is not in SIZES: no --jobs comparison"
fi

# With a ledger of LEDGER_ROWS requests against --no-ledger, alternating, on LEDGER_ROWS new rows.
if [[ " ${sizes[*]} " == *" $LEDGER_ROWS "* ]]; then
	input=$(input_for "$LEDGER_ROWS")
	earlier=$(input_for "$LEDGER_ROWS" $((SEED + 100)))
	log "building a ledger from $LEDGER_ROWS earlier rows"
	run_prepare "$earlier" --ledger "$work/base.sqlite"
	base_requests=$(grep -m 1 -o '"new": *[0-9]*' "$work/out/report.json" | grep -o '[0-9]*$' || echo '?')
	none_secs=() none_kib=() with_secs=() with_kib=()
	for ((run = 1; run <= RUNS; run++)); do
		log "$LEDGER_ROWS rows, with a ledger vs --no-ledger: run $run/$RUNS"
		run_prepare "$input"
		none_secs+=("$m_secs") none_kib+=("$m_kib")
		# A fresh copy each run: a run records its requests in the ledger.
		rm -f "$work/ledger.sqlite"*
		cp "$work/base.sqlite" "$work/ledger.sqlite"
		run_prepare "$input" --ledger "$work/ledger.sqlite"
		with_secs+=("$m_secs") with_kib+=("$m_kib")
	done
	ledger_summary=$(report_summary)
	none_med=$(median "${none_secs[@]}")
	with_med=$(median "${with_secs[@]}")
	echo
	echo "| rows | --no-ledger median s | ledger of $base_requests requests median s | ratio | --no-ledger peak MiB | ledger peak MiB |"
	echo "|---:|---:|---:|---:|---:|---:|"
	awk -v n="$LEDGER_ROWS" -v a="$none_med" -v b="$with_med" -v ak="$(peak_mib "${none_kib[@]}")" \
		-v bk="$(peak_mib "${with_kib[@]}")" 'BEGIN {
			ratio = a > 0 ? sprintf("%.2f", b / a) : "n/a"
			printf "| %d | %.3f | %.3f | %s | %s | %s |\n", n, a, b, ratio, ak, bk
		}'
	echo
	echo "- with the ledger: $ledger_summary; every accepted row is recorded as a new request"
else
	log "LEDGER_ROWS=$LEDGER_ROWS is not in SIZES: no ledger comparison"
fi

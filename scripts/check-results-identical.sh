#!/usr/bin/env bash
# Results gate for engine refactorings: replays every preset x every catalogue memory trace (and the
# IO pairs, and the real recordings looped) and writes one JSON file per trace into DIR.
#
#   scripts/check-results-identical.sh record DIR      # before the change
#   scripts/check-results-identical.sh compare DIR     # after it: exit 1 unless every file is byte-identical
#
# Uses ./vmreplay (built when missing or stale). Runs take about two minutes on two cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode="${1:?usage: $0 record|compare DIR}"
dir="${2:?usage: $0 record|compare DIR}"
cat="$root/datasets/src/main/resources/dev/vmreplay/datasets/catalogue"
out="$dir"
if [[ "$mode" == compare ]]; then
  out="$(mktemp -d)"
  trap 'rm -rf "$out"' EXIT
elif [[ "$mode" != record ]]; then
  echo "usage: $0 record|compare DIR" >&2; exit 2
fi
mkdir -p "$out"

run() { # name, then replay arguments
  local name="$1"; shift
  "$root/vmreplay" replay --format json "$@" > "$out/$name.json" 2> "$out/$name.notes"
}
for t in "$cat"/*.parquet; do
  base="$(basename "$t" .parquet)"
  case "$base" in *.io|fio-randrw) continue ;; esac   # IO traces: replayed below with a memory trace
  run "$base" "$t"
done
run database-8g+io "$cat/database-8g.parquet" --io "$cat/database-8g.io.parquet"
run sort-loop+fio "$cat/sort-dirty-epochs.parquet" --io "$cat/fio-randrw.parquet" --set trace.end=loop --set migration.start=1s
run python-dict-loop "$cat/python-dict-dirty-epochs.parquet" --set trace.end=loop --set link.bandwidth=10Gbit/s
run hot-cold-4g-event-rate "$cat/hot-cold-4g.parquet" --set link.bandwidth=1Gbit/s
# options no preset sets: stuck handling, pass-end syncs, limits, several install vCPUs, coarse granules
run bursty-abort "$cat/bursty-2g.parquet" --set link.bandwidth=1Gbit/s --set precopy.on-stuck=abort
run bursty-throttle "$cat/bursty-2g.parquet" --set link.bandwidth=1Gbit/s --set precopy.on-stuck=throttle --set precopy.sync=pass-end
run database-limits "$cat/database-8g.parquet" --set precopy.max-passes=3 --set trace.install-vcpus=2 --set link.streams=4
run sort-1g-granule "$cat/sort-dirty-epochs.parquet" --set trace.granularity=1GiB --set trace.coarse-policy=refine --set dest.large-page-availability=0.5

if [[ "$mode" == compare ]]; then
  differ=0
  for f in "$dir"/*.json "$dir"/*.notes; do
    if ! cmp -s "$f" "$out/$(basename "$f")"; then
      echo "differs: $(basename "$f")"; differ=$((differ + 1))
    fi
  done
  n=$(ls "$dir"/*.json | wc -l)
  echo "$n files, $differ differ"
  [[ $differ -eq 0 ]]
fi

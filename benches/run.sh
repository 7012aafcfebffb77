#!/usr/bin/env bash
# Whole-run benchmark: fzlint against ripgrep on the same files and phrases.
#
#   benches/run.sh                 2,000 reports (~30 MB)
#   benches/run.sh --reports 500   another size
#   benches/run.sh --gb            ~70,000 reports (~1 GB), for the memory bound
#
# Needs hyperfine and ripgrep (apt-get install hyperfine ripgrep) and python3. Writes the
# corpus and results under target/bench/ and prints medians, ratios and peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
reports=2000
runs=5
warmup=1
full=1
while [ $# -gt 0 ]; do
  case "$1" in
    --reports) reports=$2; shift 2 ;;
    --gb) reports=70000; runs=1; warmup=0; full=0; shift ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
for tool in hyperfine rg python3; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install hyperfine ripgrep python3" >&2; exit 2; }
done

cargo build --release --locked -q -p fzlint
fz=$PWD/target/release/fzlint
dir=$PWD/target/bench
corpus=$dir/corpus-$reports
if [ ! -f "$corpus/.complete" ]; then
  rm -rf "$corpus"
  python3 benches/corpus.py "$corpus" "$reports"
  touch "$corpus/.complete"
fi
one=$dir/one
[ -f "$one/000/report-000000.txt" ] || python3 benches/corpus.py "$one" 1 20000 >/dev/null
single=$one/000/report-000000.txt

# The phrases, exported by fzlint itself, and a configuration with only the phrase rules on.
"$fz" rules --no-config --format phrases > "$dir/phrases.txt"
"$fz" rules --no-config --format json | python3 -c '
import json, sys
rules = json.load(sys.stdin)
off = [r["id"] for r in rules if r["kind"] != "phrase"]
print("packs = [\"default\"]")
print("disable = [" + ", ".join(json.dumps(i) for i in off) + "]")
' > "$dir/phrase-only.toml"

echo "== $(wc -l < "$dir/phrases.txt") phrases; $(find "$corpus" -name '*.txt' | wc -l) files, $(du -sh --apparent-size "$corpus" | cut -f1)"
fzc="$fz check --format concise"
commands=(
  -n rg "rg -c -F -f $dir/phrases.txt $corpus"
  -n phrase "$fzc --config $dir/phrase-only.toml $corpus"
  -n all "$fzc --no-config $corpus"
)
if [ "$full" = 1 ]; then
  commands+=(
    -n rg-1thread "rg -j1 -c -F -f $dir/phrases.txt $corpus"
    -n phrase-1thread "$fzc --threads 1 --config $dir/phrase-only.toml $corpus"
    -n all-1thread "$fzc --threads 1 --no-config $corpus"
    -n all-human "$fz check --no-config --color never $corpus"
    -n single-rg "rg -c -F -f $dir/phrases.txt $single"
    -n single "$fz check --no-config --color never $single"
  )
fi
# read every file once so that no command pays for the disk (--gb runs no hyperfine warm-up)
rg -c -F -f "$dir/phrases.txt" "$corpus" > /dev/null || true
hyperfine --warmup "$warmup" --runs "$runs" --ignore-failure --style basic --export-json "$dir/runs.json" \
  "${commands[@]}" > "$dir/hyperfine.txt"

# Peak resident memory of one run each (GNU time, kB).
mem() { /usr/bin/time -f %M "$@" >/dev/null 2>"$dir/time.txt" || true; tail -1 "$dir/time.txt"; }
{
  echo "rg $(mem rg -c -F -f "$dir/phrases.txt" "$corpus")"
  echo "phrase $(mem $fzc --config "$dir/phrase-only.toml" "$corpus")"
  echo "all $(mem $fzc --no-config "$corpus")"
  echo "all-human $(mem "$fz" check --no-config --color never "$corpus")"
} > "$dir/memory.txt"

python3 - "$dir" <<'PY'
import json, sys, pathlib
d = pathlib.Path(sys.argv[1])
runs = {r["command"]: r for r in json.loads((d / "runs.json").read_text())["results"]}
med = {k: v["median"] for k, v in runs.items()}
mem = dict(l.split() for l in (d / "memory.txt").read_text().splitlines() if len(l.split()) == 2)
print(f"{'run':16} {'median':>9} {'min':>9} {'max':>9}")
for k, v in runs.items():
    print(f"{k:16} {v['median']*1000:8.1f}ms {v['min']*1000:8.1f}ms {v['max']*1000:8.1f}ms")
def ratio(a, b, target, better="lower"):
    r = med[a] / med[b]
    ok = r <= target if better == "lower" else r >= target
    return f"{r:5.2f}x (target {'≤' if better == 'lower' else '≥'} {target}) {'ok' if ok else 'MISSED'}"
print()
def show(label, *args, **kw):
    if all(k in med for k in args[:2]):
        print(label, ratio(*args, **kw))
show("phrase-only / rg            ", "phrase", "rg", 1.2)
show("all packs / rg              ", "all", "rg", 2.0)
show("all: 1 thread / 2 threads   ", "all-1thread", "all", 1.8, "higher")
show("phrase: 1 thread / 2 threads", "phrase-1thread", "phrase", 1.8, "higher")
show("rg: 1 thread / 2 threads    ", "rg-1thread", "rg", 1.8, "higher")
if "single" in med:
    print(f"single 20 KB report          {med['single']*1000:5.1f} ms (target ≤ 15 ms); rg on it {med['single-rg']*1000:.1f} ms")
for k, v in mem.items():
    print(f"peak memory {k:16} {int(v)/1024:7.1f} MB")
PY

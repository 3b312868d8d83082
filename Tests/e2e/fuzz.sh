#!/usr/bin/env bash
# Fuzzes the text pipeline (PageParser.parse + PageJSON) with libFuzzer and AddressSanitizer.
#
#   Tests/e2e/fuzz.sh                     # 60 s, the normal suite's run
#   FUZZ_SECONDS=600 Tests/e2e/fuzz.sh    # the 10-minute run the README asks for
#
# The corpus starts from seeds/ (plus every kept regression input) and grows in
# $FUZZ_DIR/corpus, so successive runs pick up where the last one stopped. A crash, leak,
# hang (> 10 s per input) or broken invariant stops the run with exit 1 and leaves the input
# as $FUZZ_DIR/crash-*: copy it to Tests/GazetteCoreTests/FuzzRegressions/ and fix the parser;
# FuzzRegressionTests replays every file there on each `swift test`.
# Runs on one core at low priority (`nice`), so it can run beside a build.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${FUZZ_SECONDS:-60}
fuzz_dir=${FUZZ_DIR:-$root/.build-fuzz/run}
rss=${FUZZ_RSS_MB:-2048}

cd "$root"
nice -n 10 swift build -c release --product gazette-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING --scratch-path .build-fuzz >&2
binary=$root/.build-fuzz/release/gazette-fuzz

mkdir -p "$fuzz_dir/corpus"
cp -n seeds/*.txt "$fuzz_dir/corpus/" 2>/dev/null || true
regressions=Tests/GazetteCoreTests/FuzzRegressions
if compgen -G "$regressions/*" >/dev/null; then
    for input in "$regressions"/*; do
        case $input in *.md) continue ;; esac
        cp -n "$input" "$fuzz_dir/corpus/" 2>/dev/null || true
    done
fi

cd "$fuzz_dir"
echo "fuzzing for ${seconds}s, corpus $fuzz_dir/corpus ($(ls corpus | wc -l) inputs)" >&2
# ASAN leak detection stays on (libFuzzer reports leaks as failures with -detect_leaks=1).
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1} \
nice -n 10 "$binary" corpus \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb="$rss" -malloc_limit_mb="$rss" \
    -artifact_prefix="$fuzz_dir/" -print_final_stats=1 \
    ${FUZZ_ARGS:-}

#!/usr/bin/env bash
# policyc claims vs Debian's tpm2_eventlog (tpm2-tools 5.4) as whole processes, same files, same run.
#
# Issue #6 target: policyc at least 5x tpm2_eventlog's throughput. Both print every entry of the
# log: tpm2_eventlog as YAML; policyc as YAML (--format yaml, tpm2_eventlog's layout) and as the
# full claim set (--format json: every entry, replay, secure boot, boot state). Output goes to
# /dev/null; hyperfine -N (no shell), medians reported. Files: the three largest real TPM logs of
# the corpus and a 24,001-entry synthetic log (keylime ThinkPad log: Spec ID + body x200), built
# here by concatenation. Needs: hyperfine, tpm2-tools (apt), python3. policyc is built in release
# with the Swift runtime linked statically (--static-swift-stdlib, the way it is deployed), in its
# own scratch folder .build-static: dynamic loading of the Swift/Foundation/ICU libraries costs
# ~7 ms per process on this machine, more than tpm2_eventlog takes to print a 50 KB log.
#
#     Benchmarks/eventlog-vs-tpm2.sh            # from the repository root
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "hyperfine is not installed (apt-get install hyperfine)"; exit 1; }
command -v tpm2_eventlog >/dev/null || { echo "tpm2_eventlog is not installed (apt-get install tpm2-tools)"; exit 1; }
swift build -c release --product policyc --static-swift-stdlib --scratch-path .build-static >/dev/null
POLICYC=$(swift build -c release --static-swift-stdlib --scratch-path .build-static --show-bin-path)/policyc
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

python3 - "$WORK" <<'PY'
import struct, sys
src = open("Corpus/evidence/tpm/keylime__binary_bios_measurements.bin", "rb").read()
size, = struct.unpack_from("<I", src, 28)
header = 32 + size                      # the Spec ID entry (legacy layout)
open(sys.argv[1] + "/synthetic-x200.bin", "wb").write(src[:header] + src[header:] * 200)
PY

FILES=(
  Corpus/evidence/tpm/tpm2tss__binary_measurements_hcrtm.bin
  Corpus/evidence/tpm/gotpmtools__confidential-gke-debug-251000_eventlog.bin
  Corpus/evidence/tpm/keylime__binary_bios_measurements.bin
  "$WORK/synthetic-x200.bin"
)
uptime
"$POLICYC" --version >/dev/null
hyperfine -N --warmup 3 --runs 30 --export-json "$WORK/s.json" "$POLICYC --version" "tpm2_eventlog --help" >/dev/null 2>&1
python3 - "$WORK/s.json" <<'PY'
import json, sys
r = [x["median"] * 1000 for x in json.load(open(sys.argv[1]))["results"]]
print("process start (median ms): policyc --version %.2f, tpm2_eventlog --help %.2f" % (r[0], r[1]))
PY
printf "%-52s %10s %10s %10s %8s %8s\n" file tpm2_ms yaml_ms json_ms ratio_y ratio_j
for file in "${FILES[@]}"; do
  hyperfine -N --warmup 3 --min-runs 15 --export-json "$WORK/h.json" --output=null \
    "tpm2_eventlog $file" "$POLICYC claims --format yaml $file" "$POLICYC claims --format json $file" >/dev/null 2>&1
  python3 - "$WORK/h.json" "$(basename "$file")" <<'PY'
import json, sys
r = [x["median"] * 1000 for x in json.load(open(sys.argv[1]))["results"]]
print("%-52s %10.2f %10.2f %10.2f %7.1fx %7.1fx" % (sys.argv[2], r[0], r[1], r[2], r[0] / r[1], r[0] / r[2]))
PY
done

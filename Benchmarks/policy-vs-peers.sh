#!/bin/sh
# The contract's TDX example on the same claims, in the same run: Appraise's VM
# (PolicyRuntimeBenchmarks) next to regorus and OPA's Go engine (policy-vs-peers.py).
# Everything pinned to one CPU (taskset -c 1); times are CPU time per evaluation.
#
#   ./policy-vs-peers.sh            # from Benchmarks/; first run builds release and a venv
#
# The peers come from PyPI in a venv here (.peer-venv, ignored by git):
#   celine-regorus 0.9.1.post20260227075446 (regorus 0.9.1), opa-golib-python-bindings 0.4.4
#   (OPA v1.20.2; its wheel says Python >= 3.14 but is pure ctypes, so --ignore-requires-python).
set -eu
cd "$(dirname "$0")"
if [ ! -x .peer-venv/bin/python ]; then
    python3 -m venv .peer-venv
    .peer-venv/bin/pip install -q "celine-regorus==0.9.1.post20260227075446"
    .peer-venv/bin/pip install -q --ignore-requires-python "opa-golib-python-bindings==0.4.4"
fi
swift build -c release --product PolicyRuntimeBenchmarks >/dev/null
echo "== Appraise (PolicyRuntimeBenchmarks, per evaluation)"
taskset -c 1 swift package --allow-writing-to-package-directory benchmark --target PolicyRuntimeBenchmarks \
    --metric cpuTotal --metric wallClock --metric mallocCountTotal
echo "== peers (CPU µs per evaluation, median of 3 runs)"
taskset -c 1 .peer-venv/bin/python policy-vs-peers.py --seconds "${SECONDS_PER_CASE:-3}"

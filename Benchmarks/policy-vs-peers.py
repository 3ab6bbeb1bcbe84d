#!/usr/bin/env python3
"""The contract's TDX example evaluated by Rego engines on the same claims as PolicyRuntimeBenchmarks.

  python3 policy-vs-peers.py [--seconds 3]

Peers (issue #5, "Benchmark"): regorus (PyPI `celine-regorus`, Microsoft's Rust engine, its
Python binding) and OPA's Go engine (PyPI `opa-golib-python-bindings`, OPA as a c-shared library
called through ctypes), each evaluating peers/contract.rego — the policy of
Corpus/policies/contract-example.policy, check for check — on peers/contract-claims-{pass,fail}.json
with the 100-entry MRTD allowlist of peers/contract-refs.json (as `{digest: true}` objects, O(1)).
Method as in ../shared/peer-bench (policy-perf.md): the engine is prepared once; one evaluation
starts from the claims as a JSON string (what a verifier hands over) and ends with the result;
warm-up, then 3 runs of N evaluations, CPU time of this process (time.process_time), median.
Two queries per engine: `allow` (the decision only: what Appraise's `decide` computes) and
`verdict` (decision, trust vector and failed checks: what Appraise's `evaluate` computes).
regorus runs twice: its interpreter (`Engine`) and its register VM (`Rvm`, the policy compiled to
RVM bytecode once), the RVM on peers/contract-unrolled.rego because it answers
peers/contract.rego wrongly (printed at the end: it allows the denied claims). Then, case `eventlog`: the contract's kernel check
on the claims of a real CC event log (peers/eventlog.rego on peers/eventlog-claims.json, 44
entries of the real `ccel` schema), query `allow`. Prints one JSON line per measurement, naming
the .rego file the engine ran.
"""
import json, os, statistics, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
PEERS = os.path.join(HERE, "peers")
NOW = "2026-01-01T00:00:00Z"
SECONDS = float(sys.argv[sys.argv.index("--seconds") + 1]) if "--seconds" in sys.argv else 3.0


def read(name):
    with open(os.path.join(PEERS, name)) as f:
        return f.read()


def nested(flat):
    """The flat claims object (keys are canonical paths) as Rego input: nested by path, plus now."""
    root = {}
    for path, value in flat.items():
        node = root
        parts = path.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    root["now"] = NOW
    return root


REFS = json.loads(read("contract-refs.json"))
DATA = json.dumps({
    "allowed_mrtd": {d: True for d in REFS["allowed_mrtd"]},
    "allowed_kernels": {d: True for d in REFS["allowed_kernels"]},
})
INPUTS = {case: json.dumps(nested(json.loads(read(f"contract-claims-{case}.json")))) for case in ("pass", "fail")}
INPUTS["eventlog"] = json.dumps(nested(json.loads(read("eventlog-claims.json"))))
EXPECTED = {"pass": True, "fail": False, "eventlog": False}


def regorus_engine(query, policy="contract"):
    import regorus
    engine = regorus.Engine()
    engine.add_policy(f"{policy}.rego", read(f"{policy}.rego"))
    engine.add_data_json(DATA)
    rule = f"data.{policy}.{query}"

    def runner(case):
        text = INPUTS[case]

        def once():
            engine.set_input_json(text)
            return engine.eval_rule(rule)
        return once
    return runner, f"{policy}.rego"


def rvm(module, package, query):
    """regorus's register VM with peers/`module`.rego compiled once for `data.package.query`, and
    the entry point to execute."""
    from regorus import regorus
    entry = f"data.{package}.{query}"
    program = regorus.Program.compile_from_modules(DATA, [(f"{module}.rego", read(f"{module}.rego"))], [entry])
    vm = regorus.Rvm()
    vm.load_program(program)
    vm.set_data_json(DATA)
    return vm, entry


def regorus_rvm(query, policy="contract"):
    """regorus's register VM (the RVM: the policy compiled once to its bytecode). It is timed on
    peers/contract-unrolled.rego, because it answers the `every` of peers/contract.rego wrongly
    (see rvm_wrong_answers)."""
    module, package = ("contract-unrolled", "contract_unrolled") if policy == "contract" else (policy, policy)
    vm, entry = rvm(module, package, query)

    def runner(case):
        text = INPUTS[case]

        def once():
            vm.set_input_json(text)
            return json.loads(vm.execute_entry_point(entry))
        return once
    return runner, f"{module}.rego"


def rvm_wrong_answers():
    """The RVM's answers on peers/contract.rego itself, next to the interpreter's (the expected
    ones): printed, not timed."""
    vm, entry = rvm("contract", "contract", "allow")
    for case in ("pass", "fail"):
        vm.set_input_json(INPUTS[case])
        answer = json.loads(vm.execute_entry_point(entry))
        print(json.dumps({
            "engine": "regorus RVM", "policy": "contract.rego", "query": "allow", "case": case,
            "answer": answer, "expected": EXPECTED[case], "correct": answer == EXPECTED[case]}), flush=True)


def opa_go(query, policy="contract"):
    from opa_bindings import OpaEngine
    engine = OpaEngine()
    engine.add_policy(f"{policy}.rego", read(f"{policy}.rego"))
    engine.add_data(json.loads(DATA))
    path = f"{policy}.{query}"
    engine.eval_document(path, input=json.loads(INPUTS["pass"]))  # builds the prepared query
    encoded_path = path.encode()

    def runner(case):
        text = INPUTS[case].encode()

        def once():
            envelope = engine._call(engine._lib.OpaEvalDocument, encoded_path, text, 0, 0)
            return envelope["result"][0]["expressions"][0]["value"]
        return once
    return runner, f"{policy}.rego"


def decision(result):
    return result if isinstance(result, bool) else result["allow"]


def measure(name, version, factory):
    for query, policy, cases in (
        ("allow", "contract", ("pass", "fail")), ("verdict", "contract", ("pass", "fail")),
        ("allow", "eventlog", ("eventlog",)),
    ):
        runner, policy_file = factory(query, policy)
        for case in cases:
            once = runner(case)
            assert decision(once()) == EXPECTED[case], (name, query, case, once())
            for _ in range(200):
                once()
            start = time.process_time()
            calibration = 0
            while time.process_time() - start < 0.2:
                once()
                calibration += 1
            n = max(100, int(calibration / 0.2 * SECONDS / 3))
            runs = []
            for _ in range(3):
                c0 = time.process_time()
                for _ in range(n):
                    once()
                runs.append((time.process_time() - c0) / n * 1e6)
            print(json.dumps({
                "engine": name, "version": version, "policy": policy_file, "query": query, "case": case,
                "evaluations": n,
                "cpu_us_per_evaluation": [round(r, 3) for r in runs],
                "median_cpu_us": round(statistics.median(runs), 3)}), flush=True)


if __name__ == "__main__":
    from importlib.metadata import version
    measure("regorus", "celine-regorus " + version("celine-regorus"), regorus_engine)
    measure("regorus RVM", "celine-regorus " + version("celine-regorus"), regorus_rvm)
    rvm_wrong_answers()
    measure("OPA Go", "opa-golib-python-bindings " + version("opa-golib-python-bindings"), opa_go)

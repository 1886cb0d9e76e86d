"""Run every benchmark in ``benchmarks/`` and write the performance table (``make bench``).

Each benchmark runs in its own Python process (so its peak memory and BLAS state are its
own) and prints its own side-by-side table; it also hands its figures to this script as
rows (``benchmarks/benchrows.py``: workload, tool, seconds, CPU or wall, whole command or
in-process, notes). This script records the load average before and after each benchmark,
keeps the rows in ``benchmarks/results.json`` (a run with ``--only`` replaces only those
benchmarks' rows, so a table can be built in stages), and writes from them
``benchmarks/RESULTS.md`` (date, machine, versions, load, the full table) and the README's
table between ``<!-- bench:begin -->`` and ``<!-- bench:end -->``.

Run: .venv/bin/python benchmarks/run_all.py [--quick] [--no-peers] [--only NAME ...]
     [--peer-timeout MINUTES] [--render-only]

``--quick`` uses small workloads for a smoke run and writes nothing unless ``--results``,
``--markdown`` or ``--readme`` name files. ``--no-peers`` skips the peers (semopy, lavaan,
psych, plspm, seminr, factor_analyzer): their cells say so. ``--peer-timeout`` stops a peer
after that many minutes (default 20); its figure is then the CPU it used, a lower bound.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from benchrows import ENV_JSON, ENV_NO_PEERS, ENV_TIMEOUT  # noqa: E402

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"

#: name -> (script, default args, quick args, args that skip the peers)
BENCHMARKS: dict[str, tuple[str, list[str], list[str], list[str]]] = {
    "startup": ("startup.py", [], ["--repeat", "2"], []),
    "import": ("import_bench.py", [], ["--rows-labels", "10000", "--rows-codes", "20000"], []),
    "analyze": ("analyze.py", ["2000"], ["100"], []),
    "cfa": ("cfa.py", ["1000"], ["100"], ["--no-semopy", "--no-lavaan"]),
    "cfa_scaling": ("cfa_scaling.py", ["--boot", "0", "--no-mi"],
                    ["--max-p", "80", "--boot", "0", "--no-mi"], []),
    "structural_cb": ("structural_cb.py", ["1000"], ["50"], ["--no-semopy", "--no-lavaan"]),
    "wlsmv": ("wlsmv.py", [], [], ["--no-lavaan"]),
    "fiml": ("fiml.py", [], [], ["--no-lavaan"]),
    "invariance": ("invariance.py", [], [], ["--no-lavaan"]),
    "efa": ("efa_bench.py", [], ["--repeat", "2"], ["--no-peers"]),
    "validity": ("validity.py", ["1000"], ["100"], []),
    "pls": ("pls.py", ["5000"], ["200"], ["--no-plspm"]),
    "pls_next": ("pls_next.py", ["5000"], ["200"], ["--no-seminr"]),
    "micom": ("micom.py", ["5000"], ["200"], ["--no-seminr"]),
    "montecarlo": ("montecarlo.py", [], ["--reps-a", "100", "--reps-b", "50"],
                   ["--no-semopy", "--no-lavaan"]),
}

#: distributions whose versions head the table (those installed in this interpreter)
PY_PACKAGES = ("cemsurvey", "numpy", "scipy", "pandas", "semopy", "seminr", "factor_analyzer",
               "scikit-learn", "threadpoolctl")
#: peers living in scratch interpreters (see their scripts): tool -> (python, distribution)
SCRATCH = {"plspm": ("/tmp/plspm-venv/bin/python", "plspm"),
           "factor_analyzer": ("/tmp/fa-venv/bin/python", "factor_analyzer")}
R_PACKAGES = ("lavaan", "psych", "semTools", "GPArotation")


# ----------------------------------------------------------------------------- environment
def load_average() -> tuple[float, float, float]:
    try:
        return tuple(round(x, 2) for x in os.getloadavg())  # type: ignore[return-value]
    except OSError:
        return (float("nan"),) * 3  # type: ignore[return-value]


def machine() -> dict:
    """CPU model, logical cores and RAM of this machine (Linux ``/proc``; else platform)."""
    cpu, ram = platform.processor() or platform.machine(), None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        kib = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal"))
        ram = f"{kib / 1024 ** 2:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "ram": ram, "os": platform.platform()}


def versions() -> dict[str, str]:
    """Versions of Python, the packages, the scratch peers and R with its packages."""
    out = {"Python": platform.python_version()}
    for dist in PY_PACKAGES:
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            pass
    for tool, (py, dist) in SCRATCH.items():
        if Path(py).exists():
            r = subprocess.run([py, "-c", f"import importlib.metadata as m; print(m.version('{dist}'))"],
                               capture_output=True, text=True, check=False)
            if r.returncode == 0:
                out[f"{tool} (scratch venv)"] = r.stdout.strip()
    if shutil.which("Rscript"):
        pk = ", ".join(f'"{p}"' for p in R_PACKAGES)
        code = ("cat(paste0(R.version$major, '.', R.version$minor), '\\n');"
                f"for (p in c({pk})) cat(p, tryCatch(as.character(packageVersion(p)),"
                " error = function(e) 'missing'), '\\n')")
        r = subprocess.run(["Rscript", "-e", code], capture_output=True, text=True, check=False)
        lines = r.stdout.split("\n")
        if r.returncode == 0 and lines:
            out["R"] = lines[0].strip()
            for line in lines[1:]:
                if line.strip() and not line.strip().endswith("missing"):
                    name, ver = line.split()
                    out[name] = ver
    else:
        out["R"] = "not installed"
    return out


def tool_label(tool: str, vers: dict[str, str]) -> str:
    """``lavaan`` -> ``lavaan 0.6.19``; ``pandas read_csv`` -> ``pandas 3.1.1 read_csv``.

    The version is the one this run used, looked up by the tool's first word.
    """
    name, _, rest = tool.partition(" ")
    v = vers.get(f"{name} (scratch venv)") or vers.get(name)
    if not v or name == "cemsurvey":
        return tool
    return f"{name} {v}" + (f" {rest}" if rest else "")


# ----------------------------------------------------------------------------- running
def run_benchmark(name: str, quick: bool, no_peers: bool, timeout_min: float) -> dict:
    """Run one benchmark script; its rows, load before/after, wall time and exit code."""
    script, full, quick_args, peerless = BENCHMARKS[name]
    args = (quick_args if quick else full) + (peerless if no_peers else [])
    cmd = [sys.executable, str(HERE / script), *args]
    print(f"\n=== {name}: {' '.join(cmd[1:])}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        rows_path = Path(tmp) / "rows.jsonl"
        env = {**os.environ, ENV_JSON: str(rows_path), ENV_TIMEOUT: str(60 * timeout_min)}
        if no_peers:
            env[ENV_NO_PEERS] = "1"
        load0, t0 = load_average(), time.perf_counter()
        rc = subprocess.call(cmd, env=env)
        wall, load1 = time.perf_counter() - t0, load_average()
        text = rows_path.read_text(encoding="utf-8") if rows_path.exists() else ""
    rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    return {"benchmark": name, "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "command": " ".join(["benchmarks/" + script, *args]), "quick": quick,
            "no_peers": no_peers, "peer_timeout_min": timeout_min, "load_before": load0,
            "load_after": load1, "wall": round(wall, 1), "rc": rc, "rows": rows}


def merge(store: dict, runs: list[dict], vers: dict, mach: dict) -> dict:
    """Replace the runs of the benchmarks just run; keep the others (built in stages)."""
    out = {"machine": mach, "versions": {**store.get("versions", {}), **vers},
           "runs": dict(store.get("runs", {}))}
    for run in runs:
        out["runs"][run["benchmark"]] = {**run, "versions": vers}
    order = list(BENCHMARKS)
    out["runs"] = dict(sorted(out["runs"].items(),
                              key=lambda kv: order.index(kv[0]) if kv[0] in order else 99))
    return out


# ----------------------------------------------------------------------------- rendering
def fmt_seconds(s: float) -> str:
    if s < 0.1:
        return f"{1000 * s:.3g} ms"
    if s < 100:
        return f"{s:.3g} s"
    return f"{s:,.0f} s"


def fmt_ratio(r: float, lower: bool) -> str:
    txt = f"{r:.1f}x" if r < 10 else f"{r:,.0f}x"
    return ("> " if lower else "") + txt


def cell(row: dict, vers: dict) -> str:
    """One tool's figure: ``lavaan 0.6-19: 61.2 s; chi2 ...`` or its note."""
    if row["seconds"] is None:
        body = row["note"] or "no figure"
    elif row["lower_bound"]:
        body = f"> {fmt_seconds(row['seconds'])} ({row['note'] or 'lower bound'})"
    else:
        body = fmt_seconds(row["seconds"])
    extra = f"; {row['extra']}" if row.get("extra") else ""
    if row["tool"] == "cemsurvey":
        return body + extra
    return f"{tool_label(row['tool'], vers)}: {body}{extra}"


def table_rows(store: dict) -> list[dict]:
    """One dict per workload: the cemsurvey figure, the peers' figures, ratios, kinds."""
    out = []
    for name, run in store["runs"].items():
        vers = run.get("versions", store.get("versions", {}))
        groups: dict[str, list[dict]] = {}
        for row in run["rows"]:
            groups.setdefault(row["workload"], []).append(row)
        for workload, rows in groups.items():
            ours = [r for r in rows if r["tool"] == "cemsurvey"]
            peers = [r for r in rows if r["tool"] != "cemsurvey"]
            base = ours[0] if ours else None
            ratios = []
            for p in peers:
                if base and base["seconds"] and p["seconds"] is not None \
                        and p["kind"] == base["kind"]:
                    ratios.append(fmt_ratio(p["seconds"] / base["seconds"], p["lower_bound"]))
                else:
                    ratios.append("—")
            kinds = sorted({r["kind"] for r in rows if r["seconds"] is not None}) or \
                sorted({r["kind"] for r in rows})
            scopes = sorted({r["scope"] for r in rows})
            cmd = next((r["command"] for r in rows if r.get("command")), f"`{run['command']}`")
            lb, la = run["load_before"][0], run["load_after"][0]
            out.append({
                "benchmark": name, "workload": workload,
                "cemsurvey": "; ".join(cell(r, vers) for r in ours) or "—",
                "peer": "; ".join(cell(r, vers) for r in peers) or "—",
                "ratio": "; ".join(r for r in ratios if r != "—") or "—",
                "kind": " / ".join(kinds) + ", " + " / ".join(scopes),
                "load": f"{lb:.1f} → {la:.1f}", "command": cmd,
                "date": run["date"][:10], "quick": run.get("quick", False)})
    return out


def render_table(store: dict) -> str:
    """The Markdown table (README and RESULTS.md)."""
    head = ("| workload | cemsurvey | peer (same run) | ratio (peer / cemsurvey) | CPU / wall | "
            "load avg (1 min, before → after) | command |\n|---|---|---|---:|---|---|---|\n")
    lines = [f"| {r['workload']}{' (quick run)' if r['quick'] else ''} | {r['cemsurvey']} | "
             f"{r['peer']} | {r['ratio']} | {r['kind']} | {r['load']} | {r['command']} |"
             for r in table_rows(store)]
    return head + "\n".join(lines) + "\n"


def render_header(store: dict) -> str:
    """Dates, machine and versions of the runs behind the table."""
    m, runs = store["machine"], store["runs"].values()
    dates = sorted({r["date"][:10] for r in runs})
    vers = store.get("versions", {})
    timeouts = sorted({r.get("peer_timeout_min") for r in runs if r.get("peer_timeout_min")})
    return (f"Measured {' to '.join([dates[0], dates[-1]] if len(dates) > 1 else dates)} on "
            f"{m['cpu']}, {m['cores']} logical cores, {m['ram']} RAM ({m['os']}); peers stopped "
            f"after {' / '.join(f'{t:g}' for t in timeouts)} min. Versions: "
            + ", ".join(f"{k} {v}" for k, v in vers.items()) + ".")


def render_results(store: dict) -> str:
    """The whole ``benchmarks/RESULTS.md``."""
    lines = ["# Benchmark results", "",
             "Written by `benchmarks/run_all.py` (`make bench`); do not edit by hand.", "",
             render_header(store), "",
             "CPU = user + system seconds of the process (or of the call, in-process); wall = "
             "elapsed seconds, which on a loaded machine include waiting for a core. A whole "
             "command is a process of its own (start-up, reading, writing); in-process times "
             "one library call. A ratio is given only where both figures are of the same kind; "
             "`> Nx` means the peer was stopped at its time limit and its figure is the CPU it "
             "had used, a lower bound.", "",
             "## Runs", "",
             "| benchmark | finished | load avg before (1, 5, 15 min) | after | wall s | exit | "
             "command |",
             "|---|---|---|---|---:|---:|---|"]
    for name, r in store["runs"].items():
        lines.append(f"| {name} | {r['date']} | {', '.join(f'{x:.2f}' for x in r['load_before'])} "
                     f"| {', '.join(f'{x:.2f}' for x in r['load_after'])} | {r['wall']:.0f} | "
                     f"{r['rc']} | `{r['command']}` |")
    lines += ["", "## Table", "", render_table(store)]
    return "\n".join(lines)


def splice_readme(text: str, table: str, header: str) -> str:
    """Replace what lies between the bench markers with ``header`` and ``table``."""
    if text.count(BEGIN) != 1 or text.count(END) != 1 or text.index(BEGIN) > text.index(END):
        raise ValueError(f"the README needs exactly one {BEGIN} before one {END}")
    pre, rest = text.split(BEGIN, 1)
    _, post = rest.split(END, 1)
    return f"{pre}{BEGIN}\n{header}\n\n{table}{END}{post}"


def write_outputs(store: dict, results: Path | None, markdown: Path | None,
                  readme: Path | None) -> None:
    if results:
        results.write_text(json.dumps(store, indent=1) + "\n", encoding="utf-8")
    if markdown:
        markdown.write_text(render_results(store), encoding="utf-8")
    if readme:
        readme.write_text(splice_readme(readme.read_text(encoding="utf-8"), render_table(store),
                                        render_header(store)), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small workloads (smoke run)")
    ap.add_argument("--no-peers", action="store_true", help="skip the peers")
    ap.add_argument("--only", nargs="+", choices=sorted(BENCHMARKS), help="run only these")
    ap.add_argument("--peer-timeout", type=float, default=20.0, metavar="MINUTES",
                    help="stop a peer after this many minutes (default 20)")
    ap.add_argument("--results", type=Path, help="rows kept between runs "
                    "(default benchmarks/results.json; none with --quick)")
    ap.add_argument("--markdown", type=Path, help="default benchmarks/RESULTS.md")
    ap.add_argument("--readme", type=Path, help="default README.md")
    ap.add_argument("--render-only", action="store_true",
                    help="run nothing: rewrite RESULTS.md and the README from --results")
    args = ap.parse_args(argv)
    if not args.quick:
        args.results = args.results or HERE / "results.json"
        args.markdown = args.markdown or HERE / "RESULTS.md"
        args.readme = args.readme or ROOT / "README.md"
    store = json.loads(args.results.read_text()) if args.results and args.results.exists() else {}
    if args.render_only:
        write_outputs(store, args.results, args.markdown, args.readme)
        return 0
    runs = [run_benchmark(n, args.quick, args.no_peers, args.peer_timeout)
            for n in (args.only or list(BENCHMARKS))]
    if args.results and args.results.exists():  # re-read: another stage may have written
        store = json.loads(args.results.read_text())
    store = merge(store, runs, versions(), machine())
    write_outputs(store, args.results, args.markdown, args.readme)
    print("\n=== wall time per benchmark (including the peers it runs)")
    for r in runs:
        print(f"{r['benchmark']:15s} {r['wall']:8.1f} s  {len(r['rows']):3d} rows"
              + ("" if r["rc"] == 0 else f"   FAILED (exit {r['rc']})"))
    return 0 if all(r["rc"] == 0 for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())

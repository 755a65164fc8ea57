#!/usr/bin/env python3
"""BENCHMARKS.md from the `BENCH {json}` lines of scripts/bench's parts (protocol:
scripts/lib/bench.sh).

    bench-report.py RAW.jsonl MACHINE.json WHY.md > BENCHMARKS.md

Each row shows the median over its rounds with the min-max, and its ratio to its baseline:
the ratio is taken per round (the two were measured in the same round, interleaved), then
the median and min-max of those ratios. A goal is on the median ratio. WHY.md holds, under a
`## row-id` heading, what the profile shows for a row whose goal is not met; it is printed
beside the row only while that goal is not met.
"""

import json
import statistics
import sys


def load(path):
    rows = {}  # id -> {"meta": first line, "rounds": {round: line}}
    order = []
    with open(path) as lines:
        for line in lines:
            if not line.startswith("BENCH "):
                continue
            entry = json.loads(line[len("BENCH "):])
            row = rows.get(entry["row"])
            if row is None:
                row = rows[entry["row"]] = {"meta": entry, "rounds": {}}
                order.append(entry["row"])
            row["rounds"][entry.get("round", 1)] = entry
    return rows, order


def figure_of(entry):
    """The row's main figure, its unit, and whether lower is better."""
    if "cpu_us" in entry:
        return entry["cpu_us"], "µs CPU/call", True
    if "per_s" in entry:
        return entry["per_s"], "/s", False
    return entry["value"], entry.get("unit", ""), True


def spread(values, digits):
    values = sorted(values)
    median = statistics.median(values)
    if len(values) == 1:
        return f"{median:.{digits}f}"
    return f"{median:.{digits}f} ({values[0]:.{digits}f}–{values[-1]:.{digits}f})"


def digits_for(value):
    return 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2


def goal_met(goal, ratio):
    op, bound = goal.split()
    return ratio <= float(bound) if op == "<=" else ratio >= float(bound)


def why_sections(path):
    sections, current = {}, None
    with open(path) as text:
        for line in text:
            if line.startswith("## "):
                current = line[3:].strip()
                sections[current] = []
            elif current:
                sections[current].append(line.rstrip("\n"))
    return {k: "\n".join(v).strip() for k, v in sections.items()}


def main():
    raw, machine_path, why_path = sys.argv[1:4]
    rows, order = load(raw)
    machine = json.load(open(machine_path))
    why = why_sections(why_path)
    out = []
    out.append("# Benchmarks\n")
    out.append(
        f"Written by `{machine['command']}` on {machine['date']} at commit `{machine['commit']}`; "
        "do not edit by hand.\n"
    )
    out.append("## Method\n")
    out.append(
        "Every call is the same `has-user-bought` GET over loopback with a freshly signed token, "
        "against nginx's canned `204` unless a row says otherwise, so the client's own work is "
        "what differs. Wall-clock time on a shared machine swings several times from round to "
        "round, so the main figure is the **CPU time of the whole client process per call** "
        "(all its threads, user + system, from `getrusage(RUSAGE_SELF)` or `/proc`), beside its "
        "**context switches per call**; wall time (calls/s, pages/s, requests/s) only where "
        "throughput is the point. Each row is measured in every round, interleaved with its "
        "baseline in the same process (or, for the official PHP SDK, the same round); "
        "the table gives the median over rounds with the min–max, and the ratio to the "
        "baseline taken per round, then its median and min–max. A goal is on the median "
        "ratio.\n"
    )
    out.append("## Machine\n")
    out.append(f"- CPU: {machine['cpu']}, {machine['cores']} cores; kernel {machine['kernel']}")
    out.append(
        f"- CPU time stolen by the hypervisor during the run: {machine['steal_pct']:.1f}%; "
        f"load average at the start {machine['load_start']}, at the end {machine['load_end']}"
    )
    out.append(f"- Rounds: {machine['rounds']}; mode: {machine['mode']}; run time {machine['seconds']} s\n")

    goals = []
    by_part = {}
    for row_id in order:
        by_part.setdefault(rows[row_id]["meta"].get("cmd", "?"), []).append(row_id)
    for cmd, ids in by_part.items():
        out.append(f"## `{cmd}`\n")
        out.append("| row | figure: median (min–max) | switches/call | vs | ratio: median (min–max) | goal |")
        out.append("|---|---|---|---|---|---|")
        for row_id in ids:
            row = rows[row_id]
            meta, rounds = row["meta"], row["rounds"]
            values = [figure_of(e)[0] for e in rounds.values()]
            _, unit, _ = figure_of(meta)
            figure = f"{spread(values, digits_for(statistics.median(values)))} {unit}"
            switches = ""
            if "cs" in meta:
                switches = spread([e["cs"] for e in rounds.values()], 2)
            base_id = meta.get("baseline")
            versus = ratio_text = goal_text = ""
            if base_id and base_id in rows:
                base_rounds = rows[base_id]["rounds"]
                ratios = [
                    figure_of(e)[0] / figure_of(base_rounds[r])[0]
                    for r, e in rounds.items()
                    if r in base_rounds and figure_of(base_rounds[r])[0]
                ]
                versus = f"`{base_id}`"
                if ratios:
                    ratio_text = spread(ratios, 2) + "×"
                    goal = meta.get("goal")
                    if goal:
                        met = goal_met(goal, statistics.median(ratios))
                        goal_text = f"{goal}: {'met' if met else '**not met**'}"
                        goals.append((row_id, meta["label"], goal, statistics.median(ratios), met))
            elif base_id:
                versus = f"`{base_id}` (not measured)"
            out.append(
                f"| `{row_id}`: {meta['label']} | {figure} | {switches} | {versus} | {ratio_text} | {goal_text} |"
            )
        out.append("")

    summary = ["## Goals\n", "| row | goal | median ratio | |", "|---|---|---|---|"]
    for row_id, label, goal, ratio, met in goals:
        summary.append(f"| `{row_id}`: {label} | {goal} | {ratio:.2f}× | {'met' if met else '**not met**'} |")
    summary.append("")
    unmet = [g for g in goals if not g[4]]
    if unmet:
        summary.append("### Why a goal is not met\n")
        for row_id, label, goal, ratio, _ in unmet:
            summary.append(f"**`{row_id}`** ({goal}, measured {ratio:.2f}×): " + why.get(row_id, "not analysed yet."))
            summary.append("")
    # Goals right after the machine, before the per-part tables.
    cut = out.index(next(line for line in out if line.startswith("## `")))
    out[cut:cut] = summary
    print("\n".join(out))


if __name__ == "__main__":
    main()

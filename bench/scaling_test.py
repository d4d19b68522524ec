"""The `--cores` mode's CPU split and pinning (the figures themselves need a machine with
at least 4 CPUs; bench/README.md)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from bench.scaling import MIN_CPUS, CpuPlan, pin_tree, plan


def test_below_four_cpus_it_says_why_it_cannot_measure() -> None:
    for cpus in ({0}, {0, 1}, {0, 1, 2}):
        reason = plan(cpus)
        assert isinstance(reason, str)
        assert f"at least {MIN_CPUS}" in reason


def test_the_split_is_disjoint_and_covers_every_cpu() -> None:
    for count in range(MIN_CPUS, 65):
        cpus = set(range(100, 100 + count))
        split = plan(cpus)
        assert isinstance(split, CpuPlan)
        sides = (split.postgres, split.wrk, split.servers)
        assert all(sides)
        assert split.postgres | split.wrk | split.servers == cpus
        assert sum(len(s) for s in sides) == count  # disjoint
    four = plan({0, 1, 2, 3})
    assert isinstance(four, CpuPlan)
    assert four.workers == (1, 2)  # two CPUs left for the servers
    sixteen = plan(set(range(16)))
    assert isinstance(sixteen, CpuPlan)
    assert sixteen.workers == (1, 2, 4)


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="Linux only")
def test_pinning_reaches_the_children_running_now_and_later() -> None:
    cpu = min(os.sched_getaffinity(0))
    code = (
        "import subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(30)'])\n"
        "print(child.pid, flush=True)\n"
        "sys.stdin.readline()\n"
        "later = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(30)'])\n"
        "print(later.pid, flush=True)\n"
        "time.sleep(30)\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert parent.stdout is not None and parent.stdin is not None
        child = int(parent.stdout.readline())
        assert pin_tree(parent.pid, frozenset({cpu})) == 2
        assert os.sched_getaffinity(parent.pid) == {cpu}
        assert os.sched_getaffinity(child) == {cpu}
        parent.stdin.write("\n")
        parent.stdin.flush()
        later = int(parent.stdout.readline())
        time.sleep(0.05)
        assert os.sched_getaffinity(later) == {cpu}  # inherited at fork
    finally:
        for pid in (parent.pid,):
            subprocess.run(["pkill", "-P", str(pid)], check=False)
        parent.kill()
        parent.wait()

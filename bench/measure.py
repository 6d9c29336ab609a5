"""Runs a command several times and prints its median wall time and peak memory.

Usage: measure.py LABEL REPEATS COMMAND...   prints: LABEL <median ms> <max peak RSS MB>
Peak memory is the child's maximum resident set size, read from wait4's rusage.
"""
import os
import statistics
import sys
import time


def run_once(command):
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.execvp(command[0], command)
    _, status, usage = os.wait4(pid, 0)
    elapsed_ms = (time.perf_counter() - started) * 1000
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(command)} failed with {status}")
    return elapsed_ms, usage.ru_maxrss / 1024


def main():
    label, repeats, command = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    results = [run_once(command) for _ in range(repeats)]
    wall = statistics.median(r[0] for r in results)
    peak = max(r[1] for r in results)
    print(f"{label}\t{wall:.1f}\t{peak:.0f}", flush=True)


if __name__ == "__main__":
    main()

"""Runs commands in interleaved rounds and prints each one's median wall time and peak memory.

Usage: measure.py REPEATS :: LABEL COMMAND... [:: LABEL COMMAND...]
Prints per command: LABEL, median wall ms, peak RSS MB (includes memory-mapped input files), and
peak anonymous memory MB (heap; sampled every 5 ms from /proc). Interleaving the commands round by
round spreads the noise of a shared machine evenly over them.
"""
import os
import statistics
import sys
import threading
import time


def anon_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("RssAnon:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_once(command):
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.execvp(command[0], command)
    # A thread waits for the exit and notes its time, so the 5 ms memory sampling below does not
    # round the wall time up.
    finished = {}

    def wait():
        finished["result"] = os.wait4(pid, 0)
        finished["at"] = time.perf_counter()

    waiter = threading.Thread(target=wait)
    waiter.start()
    peak_anon = 0.0
    while waiter.is_alive():
        peak_anon = max(peak_anon, anon_mb(pid))
        waiter.join(0.005)
    _, status, usage = finished["result"]
    elapsed_ms = (finished["at"] - started) * 1000
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(command)} failed with {status}")
    return elapsed_ms, usage.ru_maxrss / 1024, peak_anon


def main():
    repeats = int(sys.argv[1])
    specs, current = [], None
    for token in sys.argv[2:]:
        if token == "::":
            current = []
            specs.append(current)
        else:
            current.append(token)
    results = {spec[0]: [] for spec in specs}
    for _ in range(repeats):
        for label, *command in specs:
            results[label].append(run_once(command))
    for label, runs in results.items():
        wall = statistics.median(r[0] for r in runs)
        rss = max(r[1] for r in runs)
        anon = max(r[2] for r in runs)
        print(f"{label}\t{wall:.1f}\t{rss:.0f}\t{anon:.0f}", flush=True)


if __name__ == "__main__":
    main()

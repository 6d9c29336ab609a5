"""Runs commands in interleaved rounds and prints each one's median wall time and peak memory.

Usage: measure.py REPEATS :: LABEL COMMAND... [:: LABEL COMMAND...]
Prints per command: LABEL, median wall ms, peak RSS MB (includes memory-mapped input files), and
peak anonymous memory MB (heap; sampled every 5 ms from /proc). Interleaving the commands round by
round spreads the noise of a shared machine evenly over them.
"""
import os
import statistics
import sys
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
    peak_anon = 0.0
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        peak_anon = max(peak_anon, anon_mb(pid))
        time.sleep(0.005)
    elapsed_ms = (time.perf_counter() - started) * 1000
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

"""Process start to first frame, measured from outside: launch a window command, wait for its
"first frame" line on stderr, and take the wall time since launch. Prints the median of N runs.

python3 bench/first_frame.py N NAME CMD... [:: NAME CMD...]
"""

import os
import statistics
import subprocess
import sys
import time


def once(command):
    env = dict(os.environ, SLUICE_REPORT_FIRST_FRAME="1")
    started = time.monotonic()
    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env, text=True)
    elapsed = None
    for line in process.stderr:
        if "first frame" in line and elapsed is None:
            elapsed = time.monotonic() - started
    process.wait(timeout=120)
    if elapsed is None:
        raise SystemExit(f"no first-frame line from {command[0]}")
    return elapsed


def main():
    repeats = int(sys.argv[1])
    groups, current = [], []
    for word in sys.argv[2:]:
        if word == "::":
            if current:
                groups.append(current)
            current = []
        else:
            current.append(word)
    if current:
        groups.append(current)
    samples = {name: [] for name, *_ in groups}
    for _ in range(repeats):
        for name, *command in groups:
            samples[name].append(once(command))
    for name, values in samples.items():
        print(f"{name}\t{statistics.median(values) * 1000:.0f} ms\t(median of {repeats})")


main()

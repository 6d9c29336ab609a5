"""Runs generated Glue scripts in one local Spark session, one after the other.

Usage: python run_jobs.py SCRIPT INPUT_ROOT OUTPUT_ROOT [SCRIPT INPUT_ROOT OUTPUT_ROOT ...]

Starting Spark takes seconds; each further script about one. Every script is run as Glue would
run it (`--JOB_NAME`, `--input_root`, `--output_root`), in this session. Prints one JSON line
per script with its run time, and exits 1 at the first script that fails.
"""

import json
import runpy
import sys
import time
import traceback

from pyspark.sql import SparkSession


def main(argv):
    if len(argv) % 3 != 0 or not argv:
        print(__doc__, file=sys.stderr)
        return 2
    started = time.monotonic()
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("sluice-parity")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    print(json.dumps({"spark_start_s": time.monotonic() - started}), flush=True)
    for at in range(0, len(argv), 3):
        script, input_root, output_root = argv[at : at + 3]
        sys.argv = [script, "--input_root", input_root, "--output_root", output_root]
        began = time.monotonic()
        try:
            runpy.run_path(script, run_name="__main__")
        except BaseException:
            traceback.print_exc()
            print(json.dumps({"script": script, "failed": True}), flush=True)
            return 1
        print(json.dumps({"script": script, "seconds": time.monotonic() - began}), flush=True)
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

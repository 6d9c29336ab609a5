"""DuckDB on the benchmark's files: first 100 rows, and the same pipeline as Sluice's.

Usage: duckdb_baseline.py head|pipeline-csv|pipeline-parquet WORK_DIR
Prints the in-process query time in ms (Python's start-up is not counted).
"""
import sys
import time

import duckdb


def main():
    task, work = sys.argv[1], sys.argv[2]
    connection = duckdb.connect()
    connection.execute("SET threads TO 2")
    started = time.perf_counter()
    if task == "head":
        connection.execute(f"SELECT * FROM read_csv_auto('{work}/order_lines.csv') LIMIT 100").fetchall()
    else:
        source = (
            f"read_parquet('{work}/order_lines.parquet')"
            if task == "pipeline-parquet"
            else f"read_csv_auto('{work}/order_lines.csv')"
        )
        connection.execute(
            f"""
            COPY (
              SELECT c.country, p.productLine, SUM(l.quantityOrdered) AS units, COUNT(*) AS lines,
                     AVG(l.priceEach) AS mean_price
              FROM {source} l
              JOIN read_csv_auto('{work}/products.csv') p USING (productCode)
              JOIN read_csv_auto('{work}/customers.csv') c USING (customerNumber)
              WHERE l.status = 'Shipped' AND l.quantityOrdered >= 25
              GROUP BY ALL
            ) TO '{work}/duckdb_{task}.parquet' (FORMAT parquet)
            """
        )
    print(f"{(time.perf_counter() - started) * 1000:.1f}")


if __name__ == "__main__":
    main()

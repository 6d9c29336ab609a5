import sys

from pyspark import SparkConf
from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F

# A column the helpers add to keep the input's order (for first, last and forward fills).
ROW_ORDER = "__sluice_row"


def resolved_options(argv, defaults):
    """The job's arguments: Glue's getResolvedOptions inside Glue; elsewhere the same
    `--name value` contract, with `defaults` for what is not given."""
    try:
        from awsglue.utils import getResolvedOptions
    except ImportError:
        getResolvedOptions = None
    if getResolvedOptions is not None:
        given = [name for name in defaults if "--" + name in argv]
        options = dict(defaults)
        options.update(getResolvedOptions(argv, given))
        return options
    options = dict(defaults)
    rest = list(argv[1:])
    while rest:
        flag = rest.pop(0)
        if flag.startswith("--") and rest:
            options[flag[2:]] = rest.pop(0)
    return options


def spark_session(app_name):
    """The running session (Glue's, spark-submit's), or a small local one when no master is set."""
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    builder = SparkSession.builder.appName(app_name)
    if not SparkConf().contains("spark.master"):
        builder = (
            builder.master("local[2]")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
        )
    return builder.getOrCreate()


class GlueRun:
    """GlueContext and Job when the script runs in AWS Glue (its JVM classes are there);
    plain Spark otherwise."""

    def __init__(self, spark, args):
        self.context = None
        self.job = None
        if not glue_classes_present(spark):
            return
        from awsglue.context import GlueContext
        from awsglue.job import Job

        self.context = GlueContext(spark.sparkContext)
        self.job = Job(self.context)
        self.job.init(args["JOB_NAME"], args)

    def commit(self):
        if self.job is not None:
            self.job.commit()


def glue_classes_present(spark):
    try:
        from py4j.java_gateway import JavaClass

        glue = spark.sparkContext._jvm.com.amazonaws.services.glue
        return isinstance(glue.GlueContext, JavaClass)
    except Exception:
        return False


def under(root, relative):
    """`relative` (a path as the pipeline names it) under `root` (a folder or s3:// prefix)."""
    if "://" in relative or relative.startswith("/"):
        return relative
    return root.rstrip("/") + "/" + relative


def column(name):
    """A column by its exact name, whatever characters it holds."""
    return F.col("`" + name.replace("`", "``") + "`")


def ddl(schema):
    return ", ".join("`%s` %s" % (name.replace("`", "``"), type_) for name, type_ in schema)


def conform(frame, schema):
    """The columns of `schema`, in its order, cast to its types."""
    return frame.select([column(name).cast(type_).alias(name) for name, type_ in schema])


def as_text(schema):
    """`schema` with dates and timestamps read as text first (ISO-8601 text is cast after)."""
    temporal = ("date", "timestamp", "timestamp_ntz")
    return [(name, "string" if type_ in temporal else type_) for name, type_ in schema]


def with_nulls(frame, names, null_values):
    """`null_values` (such as NA) in the columns `names` made nulls."""
    if not null_values:
        return frame
    markers = list(null_values)
    return frame.select(
        [
            F.when(column(name).isin(markers), F.lit(None)).otherwise(column(name)).alias(name)
            if name in names
            else column(name)
            for name in frame.columns
        ]
    )


def folder_reader(spark, path, base_path, extensions):
    reader = spark.read
    if base_path is not None:
        reader = reader.option("basePath", base_path)
        reader = reader.option("pathGlobFilter", "*.{%s}" % ",".join(extensions))
    return reader


def read_csv(spark, path, schema, partition_keys=(), null_values=(), delimiter=",", quote='"',
             header=True, encoding="utf-8", skip_rows=0, base_path=None):
    """Delimited text, every field read as text, null markers made nulls, then typed."""
    data = [name for name, _ in schema if name not in partition_keys]
    text = [(name, "string") for name in data] + [
        (name, type_) for name, type_ in schema if name in partition_keys
    ]
    reader = (
        folder_reader(spark, path, base_path, ["csv", "tsv", "txt", "csv.gz"])
        .schema(ddl(text))
        .option("header", header)
        .option("sep", delimiter)
        .option("quote", quote)
        .option("escape", quote)
        .option("encoding", encoding)
    )
    if skip_rows:
        lines = (
            spark.sparkContext.textFile(path)
            .zipWithIndex()
            .filter(lambda pair: pair[1] >= skip_rows)
            .map(lambda pair: pair[0])
        )
        frame = reader.csv(lines)
    else:
        frame = reader.csv(path)
    return conform(with_nulls(frame, data, null_values), schema)


def read_json(spark, path, schema, multi_line=False, base_path=None):
    """JSON lines (or one JSON array), fields by name, then typed."""
    frame = (
        folder_reader(spark, path, base_path, ["json", "ndjson", "jsonl"])
        .schema(ddl(as_text(schema)))
        .option("multiLine", multi_line)
        .json(path)
    )
    return conform(frame, schema)


def read_parquet(spark, path, schema, base_path=None):
    frame = folder_reader(spark, path, base_path, ["parquet", "pq"]).parquet(path)
    return conform(frame, schema)


def read_access_log(spark, path, schema, pattern, fields, base_path=None):
    """Apache access-log lines split by the grok pattern's regular expression; `-` is null."""
    lines = folder_reader(spark, path, base_path, ["log", "txt", "gz"]).text(path)
    values = []
    for index, name in enumerate(fields, start=1):
        value = F.regexp_extract(F.col("value"), pattern, index)
        values.append(F.when(value.isin("", "-"), F.lit(None)).otherwise(value).alias(name))
    rest = [column(name) for name in lines.columns if name != "value"]
    parsed = lines.filter(F.col("value").rlike(pattern)).select(values + rest)
    return conform(parsed, schema)


def write_parquet(frame, path, schema, compression):
    conform(frame, schema).write.mode("overwrite").option("compression", compression).parquet(path)


def write_csv(frame, path, schema, delimiter):
    (
        conform(frame, schema)
        .write.mode("overwrite")
        .option("header", True)
        .option("sep", delimiter)
        .csv(path)
    )


def with_row_order(frame):
    return frame.withColumn(ROW_ORDER, F.monotonically_increasing_id())


def strict_cast(frame, name, type_):
    """`name` cast to `type_`, failing when a value does not convert (rather than a null)."""
    cast = column(name).cast(type_)
    lost = frame.filter(column(name).isNotNull() & cast.isNull()).limit(1).collect()
    if lost:
        raise ValueError("column %s: %r is not a %s" % (name, lost[0][name], type_))
    return frame.withColumn(name, cast)


def drop_null_fields(frame):
    """Without the columns whose every value is null."""
    if not frame.columns:
        return frame
    counts = frame.select(
        [F.count(F.lit(1)).alias(ROW_ORDER)]
        + [F.count(column(name)).alias(name) for name in frame.columns]
    ).first()
    if counts[ROW_ORDER] == 0:
        return frame
    return frame.select([column(name) for name in frame.columns if counts[name] > 0])


def drop_duplicates_keep_first(frame, names=None):
    """One row per value of `names` (of every column when None): the first in the input's
    order, which is kept."""
    names = names or frame.columns
    ordered = with_row_order(frame)
    window = Window.partitionBy([column(name) for name in names]).orderBy(ROW_ORDER)
    rank = "__sluice_rank"
    return (
        ordered.withColumn(rank, F.row_number().over(window))
        .filter(F.col(rank) == 1)
        .orderBy(ROW_ORDER)
        .drop(rank, ROW_ORDER)
    )


def forward_fill(frame, names):
    ordered = with_row_order(frame)
    window = Window.orderBy(ROW_ORDER).rowsBetween(Window.unboundedPreceding, 0)
    for name in names:
        ordered = ordered.withColumn(name, F.last(column(name), ignorenulls=True).over(window))
    return ordered.orderBy(ROW_ORDER).drop(ROW_ORDER)


def mean_fill(frame, names, types):
    means = frame.select([F.avg(column(name)).alias(name) for name in names]).first()
    for name in names:
        frame = frame.withColumn(
            name, F.coalesce(column(name), F.lit(means[name]).cast(types[name]))
        )
    return frame


def evaluate_quality(glue, frame, node, rules, blocking, reference=None):
    """The node's DQDL rules by AWS Glue Data Quality inside Glue; elsewhere the rows pass on
    unchecked (`sluice check` evaluates the same rules locally)."""
    if glue.context is None:
        print("%s: the data-quality rules are evaluated in AWS Glue; here the rows pass on unchecked" % node)
        return frame
    from awsglue.dynamicframe import DynamicFrame
    from awsglue.transforms import SelectFromCollection
    from awsgluedq.transforms import EvaluateDataQuality

    sources = {}
    if reference is not None:
        sources["reference"] = DynamicFrame.fromDF(reference, glue.context, node + "_reference")
    outcomes = EvaluateDataQuality().process_rows(
        frame=DynamicFrame.fromDF(frame, glue.context, node),
        ruleset=rules,
        publishing_options={
            "dataQualityEvaluationContext": node,
            "enableDataQualityCloudWatchMetrics": True,
            "enableDataQualityResultsPublishing": True,
        },
        additional_data_sources=sources,
        additional_options={"performanceTuning.caching": "CACHE_NOTHING"},
    )
    rule_outcomes = SelectFromCollection.apply(dfc=outcomes, key="ruleOutcomes").toDF()
    failed = [row["Rule"] for row in rule_outcomes.filter(F.col("Outcome") == "Failed").collect()]
    if failed and blocking:
        raise RuntimeError("%s: data-quality rules failed: %s" % (node, "; ".join(failed)))
    return frame

//! Each node kind's example and when to choose it, in one exhaustive match: a kind added to the
//! catalogue without its card does not compile.

use crate::model::kinds::KindId;

/// The example and the "when to choose" of kind `kind`.
#[deny(clippy::wildcard_enum_match_arm)]
pub(super) fn example_and_choice(kind: KindId) -> (&'static str, &'static str) {
    match kind {
        KindId::CsvSource => (
            "path = \"data/orders.csv\", null_values = [\"NA\"]",
            "For exports and hand-made files. Prefer Parquet for anything large or read often: it keeps types and reads only the columns a query needs.",
        ),
        KindId::ParquetSource => (
            "path = \"lake/orders/\" (a Hive-partitioned folder: year=2024/month=03/)",
            "For data lakes and anything a job wrote before. Columnar and typed, so it is the fastest source; choose CSV or JSON only when that is what arrives.",
        ),
        KindId::JsonSource => (
            "path = \"events/*.ndjson\" (one JSON object a line)",
            "For API dumps and event logs. Nested fields come in as structs: follow with Flatten or Explode. For a steady flow of events, use a stream source instead.",
        ),
        KindId::CatalogSource => (
            "table = \"access\", partition_predicate = \"year = 2018 AND month = 1\"",
            "When a crawler already knows the table: the job reads with the catalog's types and prunes partitions before opening any file. Read the files directly only while exploring.",
        ),
        KindId::Crawler => (
            "targets = [\"logs\"], database = \"weblogs\", schedule = \"cron(0 1 * * ? *)\"",
            "When data lands in folders and its schema or partitions change: the crawler keeps the catalog up to date. For a fixed, known table, a catalog table defined once is enough.",
        ),
        KindId::ChangeSchema => (
            "mappings = [{ source = \"creditLimit\", type = \"float64\" }, { source = \"cust\", target = \"customer\" }]",
            "To rename, retype and drop in one node, as Glue Studio's Change Schema does. For one kind of change only, Cast, Rename field or Drop fields read more plainly.",
        ),
        KindId::SelectFields => (
            "columns = [\"customerNumber\", \"productCode\", \"rating\"]",
            "To fix the exact columns and order a consumer agreed on. When most columns stay, Drop fields is shorter.",
        ),
        KindId::DropFields => (
            "columns = [\"comments\", \"internal_notes\"]",
            "To remove a few columns (personal data, scratch columns). To keep only a few, Select fields.",
        ),
        KindId::RenameField => (
            "from = \"cust_no\", to = \"customerNumber\"",
            "For one rename. Several renames and casts together belong in Change schema.",
        ),
        KindId::Cast => (
            "columns = [\"amount\"], type = \"decimal(10,2)\"",
            "When a column arrives as text or the wrong width. A value that cannot be cast becomes null: follow with a Data quality rule (IsComplete) to notice.",
        ),
        KindId::Filter => (
            "predicate = \"status = 'Shipped' AND quantity > 10\"",
            "To keep rows by a condition. To send rows down different branches by condition, Conditional router; to drop rows with missing values, Drop null rows.",
        ),
        KindId::DerivedColumn => (
            "name = \"revenue\", expression = \"quantity * price\"",
            "For one new column from an expression. For several, or a whole SELECT, a SQL node.",
        ),
        KindId::Join => (
            "join_type = \"left\", keys = [{ left = \"customerNumber\", right = \"customerNumber\" }]",
            "To add the columns of another table by key. Inner keeps matches only; left keeps every row of the left side (unmatched get nulls); a left anti join finds the orphans.",
        ),
        KindId::Union => (
            "inputs = { in = [\"january\", \"february\"] }",
            "To stack tables with the same columns (monthly extracts). To combine columns by key, Join.",
        ),
        KindId::Aggregate => (
            "group_by = [\"productCode\"], aggregations = [{ column = \"quantity\", function = \"sum\", alias = \"units\" }]",
            "For totals, counts and averages per group. For windowed counts over a stream, Stream window; for a complex grouping, a SQL node.",
        ),
        KindId::DropDuplicates => (
            "columns = [\"order_id\"] (or none: whole rows)",
            "When an extract delivers rows twice. Name the key columns to keep one row per key; a Data quality IsPrimaryKey rule then proves it.",
        ),
        KindId::DropNullFields => (
            "(no parameters: columns that are null in every row are dropped)",
            "For sparse exports with columns nobody filled. To drop rows with missing values, Drop null rows.",
        ),
        KindId::DropNullRows => (
            "columns = [\"productRating\"]",
            "When a row without a value is useless (a rating without stars). When a default is better than losing the row, Fill missing.",
        ),
        KindId::FillMissing => (
            "columns = [\"country\"], strategy = \"constant\", value = \"unknown\"",
            "When a missing value has a sensible default. When the row cannot be used without it, Drop null rows.",
        ),
        KindId::Sort => (
            "keys = [{ column = \"buyers\", descending = true }, { column = \"productCode\" }]",
            "Before a Limit (the top N), or for a report people read. Sorting a whole table only to write it is wasted work.",
        ),
        KindId::Limit => (
            "rows = 20 (after a Sort: the top 20)",
            "For a top N or a small test extract. For a representative subset, Sample.",
        ),
        KindId::Sample => (
            "fraction = 0.1, seed = 42",
            "For a representative subset (a quick look, a test set). The seed makes it the same at every run; for the first rows, Limit.",
        ),
        KindId::Sql => (
            "inputs = { q = \"orders\" }, query = \"SELECT status, COUNT(*) AS n FROM q GROUP BY status\"",
            "When the transform is easiest said in SQL (CASE, window functions, several steps). It runs unchanged in Spark; for one simple step, the dedicated node shows its intent on the canvas.",
        ),
        KindId::ConditionalRouter => (
            "routes = [{ name = \"big\", condition = \"amount > 1000\" }] (others go to `default`)",
            "To send rows down different branches. To keep only some rows, Filter.",
        ),
        KindId::DataQuality => (
            "rules = \"Rules = [ IsPrimaryKey \\\"order_id\\\", ColumnValues \\\"rating\\\" between 1 and 5 ]\", blocking = true",
            "Before data is written where others rely on it. Blocking stops bad data reaching the sink; non-blocking records the results and lets it through.",
        ),
        KindId::RecommenderTrain => (
            "user_column = \"customerNumber\", item_column = \"productCode\", rating_column = \"productRating\"",
            "To learn which items are alike from who rated what. With few ratings per item the most-popular list often does as well: its evaluation output compares the two.",
        ),
        KindId::ClickstreamSource => (
            "inputs = { customers = \"customers\", products = \"products\" }, events_per_second = 1000.0",
            "For teaching and load tests without a real shop: seeded, with bursts. For recorded events, Stream replay; for a real stream, Kinesis source.",
        ),
        KindId::StreamReplay => (
            "path = \"data/posts.ndjson\", pace = \"timestamps\", time_column = \"created\", speed = 3600",
            "To replay a recorded day at its own pace or faster. For synthetic shoppers, Clickstream source; for a live stream, Kinesis source.",
        ),
        KindId::KinesisSource => (
            "stream_name = \"clicks\", start = \"trim_horizon\"",
            "For a real Kinesis data stream (or the local emulator). Kinesis suits AWS-native pipelines with a few MB/s per shard; Amazon MSK (Kafka) suits existing Kafka producers and long retention.",
        ),
        KindId::StreamFilter => (
            "predicate = \"event = 'add_to_cart'\"",
            "To keep only the events a consumer needs, early, so less flows downstream. For batch tables, Filter.",
        ),
        KindId::StreamMap => (
            "columns = [{ name = \"amount_eur\", expression = \"amount * 0.092\" }]",
            "To add or reshape fields of each event. For per-key state over time, Stream window.",
        ),
        KindId::StreamWindow => (
            "time_column = \"created\", size = \"1 h\", out_of_order = \"5 min\", group_by = [\"kind\"]",
            "For counts and sums per period as events arrive. Tumbling windows don't overlap; sliding ones do. A longer out_of_order waits for late events but delays results.",
        ),
        KindId::LookupJoin => (
            "inputs = { events = \"clicks\", table = \"products\" }, on = [\"productCode\"], how = \"left\"",
            "To enrich each event with a small reference table kept in memory. For two large tables, a batch Join.",
        ),
        KindId::Recommend => (
            "inputs = { events = \"clicks\", model = \"recommender\", popular = \"top_products\" }, k = 5, deadline = \"50 ms\"",
            "To answer each activity event with recommendations within a deadline, falling back to the most popular products when the model cannot answer.",
        ),
        KindId::Serve => (
            "key_column = \"session\" (the latest answer per session)",
            "Where an application reads the latest answer per key (DynamoDB in AWS). To keep every event for analysis, Delivery.",
        ),
        KindId::ToTable => (
            "inputs = { events = \"posts\" } (then batch nodes after it)",
            "To hand a stream's events to batch nodes after the stream ends (a micro-batch table). To land events in the lake by hour, Delivery.",
        ),
        KindId::SplitFields => (
            "columns = [\"email\", \"phone\"] (to outputs `selected` and `remaining`)",
            "To send some columns one way and the rest another (personal data to a secured table). To drop columns, Drop fields.",
        ),
        KindId::Flatten => (
            "(no parameters: address.city becomes address_city)",
            "After a JSON source with nested objects, before a CSV sink or a warehouse that wants flat columns. For arrays, Explode.",
        ),
        KindId::Explode => (
            "column = \"items\" (one row per array element)",
            "When a row holds a list (an order's items) and each element needs a row. For nested objects, Flatten.",
        ),
        KindId::CsvSink => (
            "path = \"output/dashboard/top_tags.csv\"",
            "For small results people open in a spreadsheet or a dashboard reads. For the lake or anything read by jobs, Parquet.",
        ),
        KindId::ParquetSink => (
            "path = \"output/ratings_ml_training.parquet\"",
            "For the lake and the warehouse's load files: typed, compressed, columnar. Athena, Redshift Spectrum and Spark read it fastest.",
        ),
        KindId::Delivery => (
            "path = \"output/lake/activity\", time_column = \"event_time\", buffer_interval = \"60 s\"",
            "To land a stream in the lake by hour, as Firehose does. Firehose buffers 60 s to 900 s (or 1 to 128 MiB) before writing: fine for analytics, too slow for anything a user waits for.",
        ),
        KindId::KinesisSink => (
            "stream_name = \"recommendations\", partition_key = \"session\"",
            "To publish events for other consumers on a Kinesis stream. To land them in S3, Delivery; to serve the latest per key, Serve.",
        ),
    }
}

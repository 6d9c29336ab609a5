//! Each batch kind's translation into PySpark lines, in one exhaustive match: a kind added to
//! the catalogue without its translation (or the reason it has none) does not compile.

use std::collections::BTreeMap;
use std::path::Path;

use polars::prelude::{DataType, Schema, SchemaRef};

use super::python::{long_string, string, strings};
use super::spark_types::spark_type;
use crate::catalog::{ACCESS_LOG_PATTERN, Format, LogFormat, file_schema_of};
use crate::engine::params::Params;
use crate::engine::sources::{SourceFormat, discover_files};
use crate::engine::transforms::aggregate::output_name;
use crate::engine::{NodeOutcome, PipelinePlan, PortValue};
use crate::model::{KindId, Node};

/// What a node's translation needs: the node, the plan's schemas, and the variables holding
/// every output of the segment.
pub struct NodeContext<'a> {
    pub node: &'a Node,
    pub plan: &'a PipelinePlan,
    pub variables: &'a BTreeMap<(String, String), String>,
}

/// A node's lines, and where they differ from the local run.
#[derive(Default)]
pub struct Translation {
    pub lines: Vec<String>,
    pub notes: Vec<String>,
}

impl Translation {
    fn lines(lines: impl IntoIterator<Item = String>) -> Self {
        Self {
            lines: lines.into_iter().collect(),
            notes: Vec::new(),
        }
    }

    fn note(mut self, text: impl Into<String>) -> Self {
        self.notes.push(text.into());
        self
    }
}

type Result<T> = std::result::Result<T, String>;

impl NodeContext<'_> {
    fn id(&self) -> &str {
        self.node.id.as_str()
    }

    fn params(&self) -> Params<'_> {
        Params::of(self.node)
    }

    /// The variable of the node's only output.
    fn out(&self) -> Result<&str> {
        self.variables
            .iter()
            .find(|((node, _), _)| node == self.id())
            .map(|(_, name)| name.as_str())
            .ok_or_else(|| "it has no output".to_string())
    }

    /// The variable of output `port`.
    fn out_port(&self, port: &str) -> Result<&str> {
        self.variables
            .get(&(self.id().to_string(), port.to_string()))
            .map(String::as_str)
            .ok_or_else(|| format!("it has no output `{port}`"))
    }

    /// The variables wired into input `port`, in order.
    fn inputs(&self, port: &str) -> Result<Vec<&str>> {
        let refs = self
            .node
            .inputs
            .get(port)
            .ok_or_else(|| format!("input `{port}` is not connected"))?;
        refs.iter()
            .map(|r| {
                self.variables
                    .get(&(r.node.to_string(), r.port.to_string()))
                    .map(String::as_str)
                    .ok_or_else(|| format!("`{}` is not part of this job", r.node))
            })
            .collect()
    }

    /// The variable wired into input `port`.
    fn input(&self, port: &str) -> Result<&str> {
        self.inputs(port)?
            .first()
            .copied()
            .ok_or_else(|| format!("input `{port}` is not connected"))
    }

    /// The schema of what is wired into input `port`.
    fn input_schema(&self, port: &str) -> Result<SchemaRef> {
        let wired = self
            .node
            .inputs
            .get(port)
            .and_then(|refs| refs.first())
            .ok_or_else(|| format!("input `{port}` is not connected"))?;
        self.plan
            .table(wired.node.as_str(), Some(wired.port.as_str()))
            .map(|t| t.schema.clone())
            .map_err(|e| format!("its input `{}` does not plan: {e}", wired.node))
    }

    /// The schema of the node's output `port` (its first when `None`).
    fn output_schema(&self, port: Option<&str>) -> Result<SchemaRef> {
        self.plan
            .table(self.id(), port)
            .map(|t| t.schema.clone())
            .map_err(|e| format!("it does not plan: {e}"))
    }
}

/// `schema` as a Python list of (name, Spark type) pairs, one per line, indented by `indent`.
fn schema_literal(schema: &Schema, indent: &str) -> Result<String> {
    let mut text = String::from("[\n");
    for (name, data_type) in schema.iter() {
        let spark = spark_type(data_type).map_err(|why| format!("column `{name}`: {why}"))?;
        text.push_str(&format!(
            "{indent}    ({}, {}),\n",
            string(name.as_str()),
            string(&spark)
        ));
    }
    text.push_str(indent);
    text.push(']');
    Ok(text)
}

/// `column("name")`.
fn column(name: &str) -> String {
    format!("column({})", string(name))
}

/// A call spread over lines: `target = function(\n    arg,\n    ...\n)`.
fn call(target: &str, function: &str, args: &[String]) -> Vec<String> {
    call_lines(&format!("{target} = {function}"), args)
}

/// `head(\n    arg,\n    ...\n)`: a call whose arguments take a line each.
fn call_lines(head: &str, args: &[String]) -> Vec<String> {
    let mut text = format!("{head}(\n");
    for arg in args {
        text.push_str(&format!("    {arg},\n"));
    }
    text.push(')');
    text.lines().map(str::to_string).collect()
}

/// `target = input.method(\n    items,\n)` with one item per line.
fn method_lines(target: &str, input: &str, method: &str, items: &[String]) -> Vec<String> {
    call(target, &format!("{input}.{method}"), items)
}

/// The node's translation.
#[deny(clippy::wildcard_enum_match_arm)]
pub fn translate(context: &NodeContext) -> Result<Translation> {
    match context.node.kind.0.id {
        KindId::CsvSource => file_source(context, SourceFormat::Csv),
        KindId::ParquetSource => file_source(context, SourceFormat::Parquet),
        KindId::JsonSource => file_source(context, SourceFormat::Json),
        KindId::CatalogSource => catalog_source(context),
        KindId::ChangeSchema => change_schema(context),
        KindId::SelectFields => select_fields(context),
        KindId::DropFields => drop_fields(context),
        KindId::RenameField => rename_field(context),
        KindId::Cast => cast(context),
        KindId::Filter => filter(context),
        KindId::DerivedColumn => derived_column(context),
        KindId::Join => join(context),
        KindId::Union => union(context),
        KindId::Aggregate => aggregate(context),
        KindId::DropDuplicates => drop_duplicates(context),
        KindId::DropNullFields => single_call(context, "drop_null_fields"),
        KindId::DropNullRows => drop_null_rows(context),
        KindId::FillMissing => fill_missing(context),
        KindId::Sort => sort(context),
        KindId::Limit => limit(context),
        KindId::Sample => sample(context),
        KindId::Sql => sql(context),
        KindId::ConditionalRouter => conditional_router(context),
        KindId::DataQuality => data_quality(context),
        KindId::SplitFields => split_fields(context),
        KindId::Flatten => flatten(context),
        KindId::Explode => explode(context),
        KindId::CsvSink => sink(context, false),
        KindId::ParquetSink => sink(context, true),
        KindId::Crawler
        | KindId::RecommenderTrain
        | KindId::ClickstreamSource
        | KindId::StreamReplay
        | KindId::KinesisSource
        | KindId::StreamFilter
        | KindId::StreamMap
        | KindId::StreamWindow
        | KindId::LookupJoin
        | KindId::Recommend
        | KindId::Serve
        | KindId::ToTable
        | KindId::Delivery
        | KindId::KinesisSink => Err(format!(
            "a {} node is not a step of a Glue job's script",
            context.node.kind.0.title
        )),
    }
}

fn file_source(context: &NodeContext, format: SourceFormat) -> Result<Translation> {
    let params = context.params();
    let path = params.text("path").map_err(|e| e.message)?;
    let schema = context.output_schema(None)?;
    let found = discover_files(format, context.node, &context.plan.base_dir)
        .map_err(|e| e.message.clone())?;
    let folder = context.plan.base_dir.join(&path).is_dir();
    let mut args = vec![
        "spark".to_string(),
        format!("source({})", string(&path)),
        schema_literal(&schema, "    ")?,
    ];
    if !found.partition_keys.is_empty() && format == SourceFormat::Csv {
        args.push(format!("partition_keys={}", strings(&found.partition_keys)));
    }
    let function = match format {
        SourceFormat::Csv => {
            let nulls = params.texts("null_values").map_err(|e| e.message)?;
            if !nulls.is_empty() {
                args.push(format!("null_values={}", strings(&nulls)));
            }
            let delimiter = params.text("delimiter").map_err(|e| e.message)?;
            if delimiter != "," {
                args.push(format!("delimiter={}", string(&delimiter)));
            }
            let quote = params.text("quote_char").map_err(|e| e.message)?;
            if quote != "\"" {
                args.push(format!("quote={}", string(&quote)));
            }
            if !params.flag("header").map_err(|e| e.message)? {
                args.push("header=False".to_string());
            }
            if params.text("encoding").map_err(|e| e.message)? == "latin-1" {
                args.push("encoding=\"ISO-8859-1\"".to_string());
            }
            let skip = params.int("skip_rows").map_err(|e| e.message)?;
            if skip > 0 {
                args.push(format!("skip_rows={skip}"));
            }
            "read_csv"
        }
        SourceFormat::Json => {
            let array = match params.text("format").map_err(|e| e.message)?.as_str() {
                "array" => true,
                "ndjson" => false,
                _ => found.files.first().is_some_and(|f| starts_array(f)),
            };
            if array {
                args.push("multi_line=True".to_string());
            }
            "read_json"
        }
        SourceFormat::Parquet => "read_parquet",
    };
    if folder {
        args.push(format!("base_path=source({})", string(&path)));
    }
    Ok(Translation::lines(call(context.out()?, function, &args)))
}

/// Whether a JSON file holds one array (rather than a JSON object per line).
fn starts_array(file: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 256];
    let read = std::fs::File::open(file)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or(0);
    head[..read]
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'[')
}

fn catalog_source(context: &NodeContext) -> Result<Translation> {
    let params = context.params();
    let name = params.text("table").map_err(|e| e.message)?;
    let wired = context
        .node
        .inputs
        .get("catalog")
        .and_then(|r| r.first())
        .ok_or("input `catalog` is not connected")?;
    let catalog = match context.plan.outcome(wired.node.as_str()) {
        Some(NodeOutcome::Ready(outputs)) => match outputs.get(wired.port.as_str()) {
            Some(PortValue::Catalog(catalog)) => catalog.clone(),
            _ => return Err(format!("`{}` gives no catalog", wired.node)),
        },
        _ => return Err(format!("its crawler `{}` does not plan", wired.node)),
    };
    let table = catalog
        .database
        .tables
        .get(&name)
        .ok_or_else(|| format!("the crawl found no table `{name}`"))?;
    let file_schema =
        file_schema_of(table).ok_or_else(|| format!("table `{name}` has no format Spark reads"))?;
    let schema = context.output_schema(None)?;
    let location = table.location.trim_end_matches('/');
    let partitioned = !table.partition_keys.is_empty();
    let mut args = vec![
        "spark".to_string(),
        format!("source({})", string(location)),
        schema_literal(&schema, "    ")?,
    ];
    let keys: Vec<&str> = table
        .partition_keys
        .iter()
        .map(|k| k.name.as_str())
        .collect();
    let function = match file_schema.format {
        Format::Parquet => "read_parquet",
        Format::Delimited { delimiter, header } => {
            if partitioned {
                args.push(format!("partition_keys={}", strings(&keys)));
            }
            if delimiter != ',' {
                args.push(format!("delimiter={}", string(&delimiter.to_string())));
            }
            if !header {
                args.push("header=False".to_string());
            }
            "read_csv"
        }
        Format::Json { ndjson } => {
            if !ndjson {
                args.push("multi_line=True".to_string());
            }
            "read_json"
        }
        Format::Log(format) => {
            let fields: Vec<String> = LogFormat::columns(format)
                .into_iter()
                .map(|c| c.name)
                .collect();
            args.push(format!("pattern={}", string(ACCESS_LOG_PATTERN)));
            args.push(format!("fields={}", strings(&fields)));
            "read_access_log"
        }
    };
    if partitioned {
        args.push(format!("base_path=source({})", string(location)));
    }
    let out = context.out()?;
    let mut lines = vec![format!(
        "# Table `{name}` of database `{}`, as the crawler recorded it.",
        catalog.spec.database
    )];
    lines.extend(call(out, function, &args));
    if let Some(predicate) = params
        .optional_text("partition_predicate")
        .map_err(|e| e.message)?
        .filter(|p| !p.trim().is_empty())
    {
        lines.push(format!(
            "{out} = {out}.filter(F.expr({}))  # Spark reads only the partitions it keeps",
            string(&predicate)
        ));
    }
    Ok(Translation::lines(lines))
}

fn type_of(name: &str) -> Result<String> {
    let data_type =
        crate::engine::types::data_type(name).ok_or_else(|| format!("unknown type `{name}`"))?;
    spark_type(&data_type).map_err(|why| format!("type `{name}`: {why}"))
}

fn change_schema(context: &NodeContext) -> Result<Translation> {
    let input = context.input("in")?;
    let schema = context.input_schema("in")?;
    let mut mappings = BTreeMap::new();
    for record in context
        .params()
        .records("mappings")
        .map_err(|e| e.message)?
    {
        let source = record.text("source").map_err(|e| e.message)?;
        let target = record
            .optional_text("target")
            .map_err(|e| e.message)?
            .filter(|t| !t.is_empty());
        let data_type = record.optional_text("type").map_err(|e| e.message)?;
        let drop = record.flag("drop").map_err(|e| e.message)?;
        mappings.insert(source, (target, data_type, drop));
    }
    let mut items = Vec::new();
    for name in schema.iter_names() {
        let mut item = column(name);
        let mut out_name = name.to_string();
        if let Some((target, data_type, drop)) = mappings.get(name.as_str()) {
            if *drop {
                continue;
            }
            if let Some(data_type) = data_type {
                item = format!("{item}.cast({})", string(&type_of(data_type)?));
            }
            if let Some(target) = target {
                out_name = target.clone();
            }
            item = format!("{item}.alias({})", string(&out_name));
        }
        items.push(item);
    }
    Ok(Translation::lines(method_lines(
        context.out()?,
        input,
        "select",
        &items,
    )))
}

fn select_fields(context: &NodeContext) -> Result<Translation> {
    let input = context.input("in")?;
    let columns = context.params().texts("columns").map_err(|e| e.message)?;
    let items: Vec<String> = columns.iter().map(|c| column(c)).collect();
    Ok(Translation::lines(method_lines(
        context.out()?,
        input,
        "select",
        &items,
    )))
}

fn drop_fields(context: &NodeContext) -> Result<Translation> {
    let input = context.input("in")?;
    let columns = context.params().texts("columns").map_err(|e| e.message)?;
    Ok(Translation::lines([format!(
        "{} = {input}.drop(*{})",
        context.out()?,
        strings(&columns)
    )]))
}

fn rename_field(context: &NodeContext) -> Result<Translation> {
    let input = context.input("in")?;
    let params = context.params();
    let from = params.text("from").map_err(|e| e.message)?;
    let to = params.text("to").map_err(|e| e.message)?;
    Ok(Translation::lines([format!(
        "{} = {input}.withColumnRenamed({}, {})",
        context.out()?,
        string(&from),
        string(&to)
    )]))
}

fn cast(context: &NodeContext) -> Result<Translation> {
    let input = context.input("in")?;
    let out = context.out()?;
    let params = context.params();
    let strict = params.flag("strict").map_err(|e| e.message)?;
    let mut lines = vec![format!("{out} = {input}")];
    for record in params.records("columns").map_err(|e| e.message)? {
        let name = record.text("column").map_err(|e| e.message)?;
        let spark = type_of(&record.text("type").map_err(|e| e.message)?)?;
        lines.push(if strict {
            format!(
                "{out} = strict_cast({out}, {}, {})",
                string(&name),
                string(&spark)
            )
        } else {
            format!(
                "{out} = {out}.withColumn({}, {}.cast({}))",
                string(&name),
                column(&name),
                string(&spark)
            )
        });
    }
    Ok(Translation::lines(lines))
}

fn filter(context: &NodeContext) -> Result<Translation> {
    let input = context.input("in")?;
    let predicate = context.params().text("predicate").map_err(|e| e.message)?;
    Ok(Translation::lines([format!(
        "{} = {input}.filter(F.expr({}))",
        context.out()?,
        long_string(&predicate)
    )]))
}

fn derived_column(context: &NodeContext) -> Result<Translation> {
    let input = context.input("in")?;
    let params = context.params();
    let name = params.text("name").map_err(|e| e.message)?;
    let expression = params.text("expression").map_err(|e| e.message)?;
    Ok(Translation::lines([format!(
        "{} = {input}.withColumn({}, F.expr({}))",
        context.out()?,
        string(&name),
        long_string(&expression)
    )]))
}

/// Polars' join: keys matched by value (nulls never match), the right side's key columns
/// coalesced into the left's (into one, for a full join) unless they were cast to a common
/// type, clashing right names suffixed. The columns are named here and checked against the plan's.
fn join(context: &NodeContext) -> Result<Translation> {
    let (left, right) = (context.input("left")?, context.input("right")?);
    let (left_schema, right_schema) = (
        context.input_schema("left")?,
        context.input_schema("right")?,
    );
    let params = context.params();
    let how = params.text("join_type").map_err(|e| e.message)?;
    let suffix = params.text("suffix").map_err(|e| e.message)?;
    let mut pairs = Vec::new();
    let mut conditions = Vec::new();
    for key in params.records("keys").map_err(|e| e.message)? {
        let l = key.text("left").map_err(|e| e.message)?;
        let r = key.text("right").map_err(|e| e.message)?;
        let (lt, rt) = (left_schema.get(&l), right_schema.get(&r));
        let common = match (lt, rt) {
            (Some(lt), Some(rt)) if lt != rt && lt.is_primitive_numeric() => {
                Some(if lt.is_float() || rt.is_float() {
                    "double"
                } else {
                    "bigint"
                })
            }
            _ => None,
        };
        let side = |alias: &str, name: &str| {
            let reference = format!("F.col({})", string(&format!("{alias}.`{name}`")));
            match common {
                Some(t) => format!("{reference}.cast({})", string(t)),
                None => reference,
            }
        };
        conditions.push(format!("{} == {}", side("l", &l), side("r", &r)));
        // Keys cast to a common type are expressions to Polars: both columns are kept.
        if common.is_none() {
            pairs.push((l, r));
        }
    }
    let spark_how = match how.as_str() {
        "left" => "left",
        "right" => "right",
        "full" => "full",
        "semi" => "left_semi",
        "anti" => "left_anti",
        _ => "inner",
    };
    let side_column =
        |alias: &str, name: &str| format!("F.col({})", string(&format!("{alias}.`{name}`")));
    let mut columns: Vec<(String, String)> = Vec::new();
    let left_keys: Vec<&str> = pairs.iter().map(|(l, _)| l.as_str()).collect();
    let right_keys: Vec<&str> = pairs.iter().map(|(_, r)| r.as_str()).collect();
    match spark_how {
        "left_semi" | "left_anti" => {
            for name in left_schema.iter_names() {
                columns.push((name.to_string(), side_column("l", name)));
            }
        }
        "right" => {
            for name in left_schema.iter_names() {
                if !left_keys.contains(&name.as_str()) {
                    columns.push((name.to_string(), side_column("l", name)));
                }
            }
            for name in right_schema.iter_names() {
                let out = if columns.iter().any(|(n, _)| n == name.as_str()) {
                    format!("{name}{suffix}")
                } else {
                    name.to_string()
                };
                columns.push((out, side_column("r", name)));
            }
        }
        _ => {
            for name in left_schema.iter_names() {
                let key = pairs.iter().find(|(l, _)| l == name.as_str());
                let expr = match (spark_how, key) {
                    ("full", Some((l, r))) => {
                        format!(
                            "F.coalesce({}, {})",
                            side_column("l", l),
                            side_column("r", r)
                        )
                    }
                    _ => side_column("l", name),
                };
                columns.push((name.to_string(), expr));
            }
            for name in right_schema.iter_names() {
                if right_keys.contains(&name.as_str()) {
                    continue;
                }
                let out = if columns.iter().any(|(n, _)| n == name.as_str()) {
                    format!("{name}{suffix}")
                } else {
                    name.to_string()
                };
                columns.push((out, side_column("r", name)));
            }
        }
    }
    let planned = context.output_schema(None)?;
    let planned_names: Vec<&str> = planned.iter_names().map(|n| n.as_str()).collect();
    let names: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
    if names != planned_names {
        return Err(format!(
            "the {how} join's columns would be [{}] in Spark but are [{}] in Sluice",
            names.join(", "),
            planned_names.join(", ")
        ));
    }
    let out = context.out()?;
    let condition = if conditions.len() == 1 {
        conditions.remove(0)
    } else {
        format!("({})", conditions.join(") & ("))
    };
    let mut lines = vec![format!(
        "{out} = {left}.alias(\"l\").join({right}.alias(\"r\"), {condition}, {})",
        string(spark_how)
    )];
    let items: Vec<String> = columns
        .iter()
        .map(|(name, expr)| format!("{expr}.alias({})", string(name)))
        .collect();
    lines.extend(method_lines(out, out, "select", &items));
    Ok(Translation::lines(lines))
}

fn union(context: &NodeContext) -> Result<Translation> {
    let inputs = context.inputs("in")?;
    let out = context.out()?;
    let schema = context.output_schema(None)?;
    let mut expression = inputs
        .first()
        .ok_or("input `in` is not connected")?
        .to_string();
    for other in &inputs[1..] {
        expression = format!("{expression}.unionByName({other}, allowMissingColumns=True)");
    }
    let mut lines = vec![format!("{out} = {expression}")];
    lines.push(format!(
        "{out} = conform({out}, {})  # the columns' common types",
        schema_literal(&schema, "")?
    ));
    Ok(Translation::lines(lines))
}

fn aggregate(context: &NodeContext) -> Result<Translation> {
    let input = context.input("in")?;
    let params = context.params();
    let group_by = params.texts("group_by").map_err(|e| e.message)?;
    let mut items = Vec::new();
    let mut ordered = false;
    for record in params.records("aggregations").map_err(|e| e.message)? {
        let name = record.text("column").map_err(|e| e.message)?;
        let function = record.text("function").map_err(|e| e.message)?;
        let alias = output_name(
            &name,
            &function,
            record.optional_text("alias").map_err(|e| e.message)?,
        );
        let c = column(&name);
        let expr = match (function.as_str(), name.as_str()) {
            ("count", "*") => "F.count(F.lit(1))".to_string(),
            ("count", _) => format!("F.count({c})"),
            ("count_distinct", _) => format!("F.countDistinct({c})"),
            // Sluice's sum of nothing (or of nulls only) is 0, Spark's is null.
            ("sum", _) => format!("F.coalesce(F.sum({c}), F.lit(0))"),
            ("mean", _) => format!("F.avg({c})"),
            ("min", _) => format!("F.min({c})"),
            ("max", _) => format!("F.max({c})"),
            ("first", _) => {
                ordered = true;
                format!("F.min_by({c}, F.col(ROW_ORDER))")
            }
            ("last", _) => {
                ordered = true;
                format!("F.max_by({c}, F.col(ROW_ORDER))")
            }
            (other, _) => return Err(format!("unknown function `{other}`")),
        };
        items.push(format!("{expr}.alias({})", string(&alias)));
    }
    let source = if ordered {
        format!("with_row_order({input})")
    } else {
        input.to_string()
    };
    let grouped = if group_by.is_empty() {
        source
    } else {
        let keys: Vec<String> = group_by.iter().map(|k| column(k)).collect();
        format!("{source}.groupBy({})", keys.join(", "))
    };
    let mut translation = Translation::lines(method_lines(context.out()?, &grouped, "agg", &items));
    if ordered {
        translation = translation.note(
            "first and last follow the input's order, which Spark keeps for files it reads but \
             not after a join or a union",
        );
    }
    Ok(translation)
}

fn drop_duplicates(context: &NodeContext) -> Result<Translation> {
    let input = context.input("in")?;
    let columns = context.params().texts("columns").map_err(|e| e.message)?;
    let out = context.out()?;
    Ok(Translation::lines([if columns.is_empty() {
        format!("{out} = drop_duplicates_keep_first({input})")
    } else {
        format!(
            "{out} = drop_duplicates_keep_first({input}, {})",
            strings(&columns)
        )
    }]))
}

fn single_call(context: &NodeContext, function: &str) -> Result<Translation> {
    let input = context.input("in")?;
    Ok(Translation::lines([format!(
        "{} = {function}({input})",
        context.out()?
    )]))
}

fn drop_null_rows(context: &NodeContext) -> Result<Translation> {
    let input = context.input("in")?;
    let params = context.params();
    let mut columns = params.texts("columns").map_err(|e| e.message)?;
    if columns.is_empty() {
        columns = context
            .input_schema("in")?
            .iter_names()
            .map(|n| n.to_string())
            .collect();
    }
    let out = context.out()?;
    if columns.is_empty() {
        return Ok(Translation::lines([format!("{out} = {input}")]));
    }
    let joiner = if params.text("how").map_err(|e| e.message)? == "all" {
        " | "
    } else {
        " & "
    };
    let tests: Vec<String> = columns
        .iter()
        .map(|c| format!("{}.isNotNull()", column(c)))
        .collect();
    Ok(Translation::lines([format!(
        "{out} = {input}.filter({})",
        tests.join(joiner)
    )]))
}

fn fill_missing(context: &NodeContext) -> Result<Translation> {
    let input = context.input("in")?;
    let out = context.out()?;
    let params = context.params();
    let columns = params.texts("columns").map_err(|e| e.message)?;
    let schema = context.input_schema("in")?;
    let types = |names: &[String]| -> Result<Vec<String>> {
        names
            .iter()
            .map(|n| {
                let data_type = schema
                    .get(n)
                    .ok_or_else(|| format!("the input has no column `{n}`"))?;
                spark_type(data_type).map_err(|why| format!("column `{n}`: {why}"))
            })
            .collect()
    };
    let lines = match params.text("strategy").map_err(|e| e.message)?.as_str() {
        "forward" => vec![format!(
            "{out} = forward_fill({input}, {})",
            strings(&columns)
        )],
        "mean" => {
            let pairs: Vec<String> = columns
                .iter()
                .zip(types(&columns)?)
                .map(|(n, t)| format!("{}: {}", string(n), string(&t)))
                .collect();
            vec![format!(
                "{out} = mean_fill({input}, {}, {{{}}})",
                strings(&columns),
                pairs.join(", ")
            )]
        }
        _ => {
            let value = params
                .optional_text("value")
                .map_err(|e| e.message)?
                .ok_or("strategy constant needs a `value` to fill with")?;
            let mut lines = vec![format!("{out} = {input}")];
            for (name, spark) in columns.iter().zip(types(&columns)?) {
                lines.push(format!(
                    "{out} = {out}.withColumn({}, F.coalesce({}, F.lit({}).cast({})))",
                    string(name),
                    column(name),
                    string(value.trim()),
                    string(&spark)
                ));
            }
            lines
        }
    };
    Ok(Translation::lines(lines))
}

fn sort(context: &NodeContext) -> Result<Translation> {
    let input = context.input("in")?;
    let mut keys = Vec::new();
    for record in context.params().records("keys").map_err(|e| e.message)? {
        let name = record.text("column").map_err(|e| e.message)?;
        let direction = if record.flag("descending").map_err(|e| e.message)? {
            "desc_nulls_last"
        } else {
            "asc_nulls_last"
        };
        keys.push(format!("{}.{direction}()", column(&name)));
    }
    // Ties keep the input's order, as Sluice's sort does.
    keys.push("F.col(ROW_ORDER)".to_string());
    let out = context.out()?;
    let mut lines = method_lines(out, &format!("with_row_order({input})"), "orderBy", &keys);
    lines.push(format!("{out} = {out}.drop(ROW_ORDER)"));
    Ok(Translation::lines(lines))
}

fn limit(context: &NodeContext) -> Result<Translation> {
    let input = context.input("in")?;
    let params = context.params();
    let rows = params.int("rows").map_err(|e| e.message)?;
    let offset = params.int("offset").map_err(|e| e.message)?;
    let skipped = if offset > 0 {
        format!("{input}.offset({offset})")
    } else {
        input.to_string()
    };
    Ok(Translation::lines([format!(
        "{} = {skipped}.limit({rows})",
        context.out()?
    )]))
}

fn sample(context: &NodeContext) -> Result<Translation> {
    let input = context.input("in")?;
    let params = context.params();
    let fraction = params.float("fraction").map_err(|e| e.message)?;
    let seed = params.int("seed").map_err(|e| e.message)?;
    Ok(Translation::lines([format!(
        "{} = {input}.sample(withReplacement=False, fraction={fraction:?}, seed={seed})",
        context.out()?
    )])
    .note("Spark's sampler keeps about the same share of rows, but not the same rows as Sluice's"))
}

fn sql(context: &NodeContext) -> Result<Translation> {
    let query = context.params().text("query").map_err(|e| e.message)?;
    let mut lines = Vec::new();
    for port in context.node.inputs.keys() {
        let input = context.input(port.as_str())?;
        lines.push(format!(
            "{input}.createOrReplaceTempView({})",
            string(port.as_str())
        ));
    }
    lines.push(format!(
        "{} = spark.sql({})",
        context.out()?,
        long_string(query.trim())
    ));
    Ok(Translation::lines(lines).note("the query runs as Spark SQL"))
}

fn conditional_router(context: &NodeContext) -> Result<Translation> {
    let input = context.input("in")?;
    let mut lines = Vec::new();
    let mut taken = Vec::new();
    for route in context.params().records("routes").map_err(|e| e.message)? {
        let name = route.text("name").map_err(|e| e.message)?;
        let condition = route.text("condition").map_err(|e| e.message)?;
        let test = format!(
            "F.coalesce(F.expr({}), F.lit(False))",
            long_string(&condition)
        );
        lines.push(format!(
            "{} = {input}.filter({test})",
            context.out_port(&name)?
        ));
        taken.push(test);
    }
    let default = context.out_port(crate::model::kinds::DEFAULT_ROUTE)?;
    lines.push(if taken.is_empty() {
        format!("{default} = {input}")
    } else {
        format!("{default} = {input}.filter(~({}))", taken.join(" | "))
    });
    Ok(Translation::lines(lines))
}

fn data_quality(context: &NodeContext) -> Result<Translation> {
    let input = context.input("in")?;
    let params = context.params();
    let rules = params.text("rules").map_err(|e| e.message)?;
    let blocking = params.flag("blocking").map_err(|e| e.message)?;
    let mut args = vec![
        "glue".to_string(),
        input.to_string(),
        string(context.id()),
        long_string(rules.trim()),
        format!("blocking={}", if blocking { "True" } else { "False" }),
    ];
    if context.node.inputs.contains_key("reference") {
        args.push(format!("reference={}", context.input("reference")?));
    }
    Ok(Translation::lines(call(context.out_port("out")?, "evaluate_quality", &args)).note(
        "the rules are evaluated by AWS Glue Data Quality in Glue; in plain Spark the rows pass \
         on unchecked (`sluice check` evaluates them locally)",
    ))
}

fn split_fields(context: &NodeContext) -> Result<Translation> {
    let input = context.input("in")?;
    let columns = context.params().texts("columns").map_err(|e| e.message)?;
    let remaining: Vec<String> = context
        .input_schema("in")?
        .iter_names()
        .filter(|n| !columns.iter().any(|c| c == n.as_str()))
        .map(|n| n.to_string())
        .collect();
    let selected_items: Vec<String> = columns.iter().map(|c| column(c)).collect();
    let remaining_items: Vec<String> = remaining.iter().map(|c| column(c)).collect();
    Ok(Translation::lines([
        format!(
            "{} = {input}.select({})",
            context.out_port("selected")?,
            selected_items.join(", ")
        ),
        format!(
            "{} = {input}.select({})",
            context.out_port("remaining")?,
            remaining_items.join(", ")
        ),
    ]))
}

fn flatten(context: &NodeContext) -> Result<Translation> {
    let input = context.input("in")?;
    let params = context.params();
    let separator = params.text("separator").map_err(|e| e.message)?;
    let max_levels = usize::try_from(params.int("max_levels").map_err(|e| e.message)?).unwrap_or(0);
    let mut items = Vec::new();
    for (name, data_type) in context.input_schema("in")?.iter() {
        flatten_column(
            column(name),
            name.as_str(),
            data_type,
            &separator,
            max_levels,
            1,
            &mut items,
        );
    }
    let items: Vec<String> = items
        .into_iter()
        .map(|(name, expr)| format!("{expr}.alias({})", string(&name)))
        .collect();
    Ok(Translation::lines(method_lines(
        context.out()?,
        input,
        "select",
        &items,
    )))
}

fn flatten_column(
    expr: String,
    name: &str,
    data_type: &DataType,
    separator: &str,
    max_levels: usize,
    level: usize,
    items: &mut Vec<(String, String)>,
) {
    match data_type {
        DataType::Struct(fields)
            if !fields.is_empty() && (max_levels == 0 || level <= max_levels) =>
        {
            for field in fields {
                flatten_column(
                    format!("{expr}.getField({})", string(field.name())),
                    &format!("{name}{separator}{}", field.name()),
                    field.dtype(),
                    separator,
                    max_levels,
                    level + 1,
                    items,
                );
            }
        }
        _ => items.push((name.to_string(), expr)),
    }
}

fn explode(context: &NodeContext) -> Result<Translation> {
    let input = context.input("in")?;
    let params = context.params();
    let name = params.text("column").map_err(|e| e.message)?;
    let target = params
        .optional_text("new_name")
        .map_err(|e| e.message)?
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| name.clone());
    let function = if params.flag("keep_empty").map_err(|e| e.message)? {
        "F.explode_outer"
    } else {
        "F.explode"
    };
    Ok(Translation::lines([format!(
        "{} = {input}.withColumn({}, {function}({}))",
        context.out()?,
        string(&target),
        column(&name)
    )]))
}

fn sink(context: &NodeContext, parquet: bool) -> Result<Translation> {
    let input = context.input("in")?;
    let params = context.params();
    let path = params.text("path").map_err(|e| e.message)?;
    let schema = context.input_schema("in")?;
    let mut args = vec![
        input.to_string(),
        format!("target({})", string(&path)),
        schema_literal(&schema, "    ")?,
    ];
    let function = if parquet {
        args.push(string(&params.text("compression").map_err(|e| e.message)?));
        "write_parquet"
    } else {
        args.push(string(&params.text("delimiter").map_err(|e| e.message)?));
        "write_csv"
    };
    Ok(Translation::lines(call_lines(function, &args)))
}

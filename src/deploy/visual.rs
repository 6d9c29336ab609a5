//! A job's graph as Glue Studio's visual nodes (`CodeGenConfigurationNodes`), so that the job
//! stays visual and editable in Glue Studio. Each batch kind maps to its Glue Studio
//! counterpart (sources, Change Schema, Select/Drop/Rename Field, Join, Union, Drop Duplicates,
//! Drop Null Fields, Evaluate Data Quality, S3 targets) or to a SQL Query node with the same
//! meaning; a kind with neither makes the job script-only, and the plan says which node and why.
//! The job still runs the generated script; Glue Studio writes its own when the graph is edited.

use std::collections::HashMap;

use aws_sdk_glue::types as glue;
use polars::prelude::Schema;

use super::codegen::spark_type;
use super::resources::s3_uri;
use super::segments::JobSegment;
use crate::engine::PipelinePlan;
use crate::engine::params::Params;
use crate::engine::transforms::aggregate::output_name;
use crate::model::deploy_settings::DeploySettings;
use crate::model::{KindId, Node, Pipeline};

/// The visual nodes by id, or every node of the job with no counterpart and why.
pub type VisualGraph = HashMap<String, glue::CodeGenConfigurationNode>;

/// A node of the job with no Glue Studio counterpart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptOnly {
    pub node: String,
    pub reason: String,
}

type Built = Result<glue::CodeGenConfigurationNode, String>;

/// `job`'s visual graph, or why it has none.
pub fn visual_graph(
    pipeline: &Pipeline,
    plan: &PipelinePlan,
    job: &JobSegment,
    settings: &DeploySettings,
) -> Result<VisualGraph, Vec<ScriptOnly>> {
    let mut nodes = HashMap::new();
    let mut missing = Vec::new();
    for id in &job.nodes {
        let Some(node) = pipeline.node(id) else {
            continue;
        };
        let context = Context {
            node,
            plan,
            settings,
        };
        match visual_node(&context) {
            Ok(visual) => {
                nodes.insert(id.clone(), visual);
            }
            Err(reason) => missing.push(ScriptOnly {
                node: id.clone(),
                reason,
            }),
        }
    }
    if missing.is_empty() {
        Ok(nodes)
    } else {
        Err(missing)
    }
}

/// The visual graph in one line a plan compares: each node and its Glue Studio type.
pub fn summary(graph: &VisualGraph) -> String {
    let mut lines: Vec<String> = graph
        .iter()
        .map(|(id, node)| format!("{id}: {}", type_name(node)))
        .collect();
    lines.sort();
    lines.join("\n")
}

/// The Glue Studio type of a visual node.
pub fn type_name(node: &glue::CodeGenConfigurationNode) -> &'static str {
    let types: [(bool, &'static str); 17] = [
        (node.s3_csv_source().is_some(), "S3CsvSource"),
        (node.s3_parquet_source().is_some(), "S3ParquetSource"),
        (node.s3_json_source().is_some(), "S3JsonSource"),
        (node.s3_catalog_source().is_some(), "S3CatalogSource"),
        (node.apply_mapping().is_some(), "ApplyMapping"),
        (node.select_fields().is_some(), "SelectFields"),
        (node.drop_fields().is_some(), "DropFields"),
        (node.rename_field().is_some(), "RenameField"),
        (node.spark_sql().is_some(), "SparkSQL"),
        (node.join().is_some(), "Join"),
        (node.union().is_some(), "Union"),
        (node.drop_duplicates().is_some(), "DropDuplicates"),
        (node.drop_null_fields().is_some(), "DropNullFields"),
        (
            node.evaluate_data_quality().is_some(),
            "EvaluateDataQuality",
        ),
        (node.s3_direct_target().is_some(), "S3DirectTarget"),
        (node.filter().is_some(), "Filter"),
        (node.aggregate().is_some(), "Aggregate"),
    ];
    types
        .iter()
        .find(|(present, _)| *present)
        .map_or("Other", |(_, name)| name)
}

struct Context<'a> {
    node: &'a Node,
    plan: &'a PipelinePlan,
    settings: &'a DeploySettings,
}

impl Context<'_> {
    fn id(&self) -> String {
        self.node.id.to_string()
    }

    fn params(&self) -> Params<'_> {
        Params::of(self.node)
    }

    /// The visual node ids wired into input `port`, in order (a port of a multi-output node is
    /// not a visual node of its own: such kinds have no counterpart here).
    fn inputs(&self, port: &str) -> Vec<String> {
        self.node
            .inputs
            .get(port)
            .into_iter()
            .flatten()
            .map(|r| r.node.to_string())
            .collect()
    }

    fn all_inputs(&self) -> Vec<String> {
        self.node
            .inputs
            .values()
            .flatten()
            .map(|r| r.node.to_string())
            .collect()
    }

    fn schema(&self, port: Option<&str>) -> Result<Schema, String> {
        self.plan
            .table(self.node.id.as_str(), port)
            .map(|t| t.schema.as_ref().clone())
            .map_err(|e| e.message)
    }

    fn input_schema(&self, port: &str) -> Result<Schema, String> {
        let wired = self
            .node
            .inputs
            .get(port)
            .and_then(|r| r.first())
            .ok_or_else(|| format!("input `{port}` is not connected"))?;
        self.plan
            .table(wired.node.as_str(), Some(wired.port.as_str()))
            .map(|t| t.schema.as_ref().clone())
            .map_err(|e| e.message)
    }

    fn text(&self, name: &'static str) -> Result<String, String> {
        self.params().text(name).map_err(|e| e.message)
    }
}

fn build_error(error: impl std::fmt::Display) -> String {
    format!("its visual node cannot be built: {error}")
}

fn glue_schema(schema: &Schema) -> Result<glue::GlueSchema, String> {
    let mut columns = Vec::new();
    for (name, data_type) in schema.iter() {
        columns.push(
            glue::GlueStudioSchemaColumn::builder()
                .name(name.as_str())
                .r#type(spark_type(data_type).unwrap_or_else(|_| "string".to_string()))
                .build()
                .map_err(build_error)?,
        );
    }
    Ok(glue::GlueSchema::builder()
        .set_columns(Some(columns))
        .build())
}

/// `name` quoted for Spark SQL.
fn quoted(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// A SQL Query node over the node's inputs (each known by its port's name).
fn spark_sql(context: &Context, query: String) -> Built {
    let mut aliases = Vec::new();
    let mut inputs = Vec::new();
    for (port, refs) in &context.node.inputs {
        for wired in refs {
            inputs.push(wired.node.to_string());
            aliases.push(
                glue::SqlAlias::builder()
                    .from(wired.node.as_str())
                    .alias(port.as_str())
                    .build()
                    .map_err(build_error)?,
            );
        }
    }
    let sql = glue::SparkSql::builder()
        .name(context.id())
        .set_inputs(Some(inputs))
        .sql_query(query)
        .set_sql_aliases(Some(aliases))
        .output_schemas(glue_schema(&context.schema(None)?)?)
        .build()
        .map_err(build_error)?;
    Ok(glue::CodeGenConfigurationNode::builder()
        .spark_sql(sql)
        .build())
}

/// The node's `columns`, each as a Glue field path (a one-name path).
fn column_paths(params: &Params) -> Result<Vec<Vec<String>>, String> {
    Ok(params
        .texts("columns")
        .map_err(|e| e.message)?
        .into_iter()
        .map(|c| vec![c])
        .collect())
}

/// The visual node of `context.node`, or why it has none.
#[deny(clippy::wildcard_enum_match_arm)]
fn visual_node(context: &Context) -> Built {
    let node = glue::CodeGenConfigurationNode::builder();
    let params = context.params();
    let id = context.id();
    match context.node.kind.0.id {
        KindId::CsvSource => {
            let separator = match context.text("delimiter")?.as_str() {
                "," => glue::Separator::Comma,
                "|" => glue::Separator::Pipe,
                ";" => glue::Separator::Semicolon,
                "\t" | "\\t" => glue::Separator::Tab,
                "\u{1}" => glue::Separator::Ctrla,
                other => {
                    return Err(format!(
                        "Glue Studio's CSV source has no `{other}` delimiter"
                    ));
                }
            };
            let quote = match context.text("quote_char")?.as_str() {
                "\"" => glue::QuoteChar::Quote,
                "'" => glue::QuoteChar::SingleQuote,
                other => {
                    return Err(format!("Glue Studio's CSV source has no `{other}` quote"));
                }
            };
            if !params
                .texts("null_values")
                .map_err(|e| e.message)?
                .is_empty()
            {
                return Err("Glue Studio's CSV source has no null markers (such as NA)".to_string());
            }
            let source = glue::S3CsvSource::builder()
                .name(&id)
                .paths(s3_uri(context.settings, &context.text("path")?))
                .separator(separator)
                .quote_char(quote)
                .with_header(params.flag("header").map_err(|e| e.message)?)
                .recurse(true)
                .output_schemas(glue_schema(&context.schema(None)?)?)
                .build()
                .map_err(build_error)?;
            Ok(node.s3_csv_source(source).build())
        }
        KindId::ParquetSource => {
            let source = glue::S3ParquetSource::builder()
                .name(&id)
                .paths(s3_uri(context.settings, &context.text("path")?))
                .recurse(true)
                .output_schemas(glue_schema(&context.schema(None)?)?)
                .build()
                .map_err(build_error)?;
            Ok(node.s3_parquet_source(source).build())
        }
        KindId::JsonSource => {
            let source = glue::S3JsonSource::builder()
                .name(&id)
                .paths(s3_uri(context.settings, &context.text("path")?))
                .multiline(context.text("format")? == "array")
                .recurse(true)
                .output_schemas(glue_schema(&context.schema(None)?)?)
                .build()
                .map_err(build_error)?;
            Ok(node.s3_json_source(source).build())
        }
        KindId::CatalogSource => {
            let database = context
                .node
                .inputs
                .get("catalog")
                .and_then(|r| r.first())
                .and_then(|r| context.plan.outcome(r.node.as_str()))
                .and_then(|o| o.outputs())
                .and_then(|outputs| {
                    outputs.iter().find_map(|(_, value)| {
                        if let crate::engine::PortValue::Catalog(catalog) = value {
                            Some(catalog.spec.database.clone())
                        } else {
                            None
                        }
                    })
                })
                .ok_or("its crawler gives no catalog")?;
            let mut source = glue::S3CatalogSource::builder()
                .name(&id)
                .database(database)
                .table(context.text("table")?);
            if let Ok(Some(predicate)) = params.optional_text("partition_predicate")
                && !predicate.trim().is_empty()
            {
                source = source.partition_predicate(predicate);
            }
            Ok(node
                .s3_catalog_source(source.build().map_err(build_error)?)
                .build())
        }
        KindId::ChangeSchema | KindId::Cast => {
            let input = context.input_schema("in")?;
            let mut changes: HashMap<String, (Option<String>, Option<String>, bool)> =
                HashMap::new();
            let records_param = if context.node.kind.0.id == KindId::Cast {
                "columns"
            } else {
                "mappings"
            };
            for record in params.records(records_param).map_err(|e| e.message)? {
                let (source, target, data_type, drop) = if records_param == "columns" {
                    (
                        record.text("column").map_err(|e| e.message)?,
                        None,
                        record.optional_text("type").map_err(|e| e.message)?,
                        false,
                    )
                } else {
                    (
                        record.text("source").map_err(|e| e.message)?,
                        record
                            .optional_text("target")
                            .map_err(|e| e.message)?
                            .filter(|t| !t.is_empty()),
                        record.optional_text("type").map_err(|e| e.message)?,
                        record.flag("drop").map_err(|e| e.message)?,
                    )
                };
                changes.insert(source, (target, data_type, drop));
            }
            let mut mappings = Vec::new();
            for (name, data_type) in input.iter() {
                let from = spark_type(data_type).unwrap_or_else(|_| "string".to_string());
                let (target, cast, drop) = changes.get(name.as_str()).cloned().unwrap_or_default();
                let to = match cast {
                    Some(cast) => crate::engine::types::data_type(&cast)
                        .and_then(|t| spark_type(&t).ok())
                        .ok_or_else(|| format!("unknown type `{cast}`"))?,
                    None => from.clone(),
                };
                mappings.push(
                    glue::Mapping::builder()
                        .to_key(target.unwrap_or_else(|| name.to_string()))
                        .from_path(name.as_str())
                        .from_type(from)
                        .to_type(to)
                        .dropped(drop)
                        .build(),
                );
            }
            let mapping = glue::ApplyMapping::builder()
                .name(&id)
                .set_inputs(Some(context.inputs("in")))
                .set_mapping(Some(mappings))
                .build()
                .map_err(build_error)?;
            Ok(node.apply_mapping(mapping).build())
        }
        KindId::SelectFields => {
            let select = glue::SelectFields::builder()
                .name(&id)
                .set_inputs(Some(context.inputs("in")))
                .set_paths(Some(column_paths(&params)?))
                .build()
                .map_err(build_error)?;
            Ok(node.select_fields(select).build())
        }
        KindId::DropFields => {
            let drop = glue::DropFields::builder()
                .name(&id)
                .set_inputs(Some(context.inputs("in")))
                .set_paths(Some(column_paths(&params)?))
                .build()
                .map_err(build_error)?;
            Ok(node.drop_fields(drop).build())
        }
        KindId::RenameField => {
            let rename = glue::RenameField::builder()
                .name(&id)
                .set_inputs(Some(context.inputs("in")))
                .source_path(context.text("from")?)
                .target_path(context.text("to")?)
                .build()
                .map_err(build_error)?;
            Ok(node.rename_field(rename).build())
        }
        KindId::Filter => spark_sql(
            context,
            format!("SELECT * FROM `in` WHERE {}", context.text("predicate")?),
        ),
        KindId::DerivedColumn => spark_sql(
            context,
            format!(
                "SELECT *, {} AS {} FROM `in`",
                context.text("expression")?,
                quoted(&context.text("name")?)
            ),
        ),
        KindId::Sql => spark_sql(context, context.text("query")?.trim().to_string()),
        KindId::Join => {
            let join_type = match context.text("join_type")?.as_str() {
                "left" => glue::JoinType::Left,
                "right" => glue::JoinType::Right,
                "full" => glue::JoinType::Outer,
                "semi" => glue::JoinType::LeftSemi,
                "anti" => glue::JoinType::LeftAnti,
                _ => glue::JoinType::Equijoin,
            };
            let keys = params.records("keys").map_err(|e| e.message)?;
            let side = |port: &str, field: &str| -> Result<glue::JoinColumn, String> {
                let from = context.inputs(port).into_iter().next().unwrap_or_default();
                let mut column = glue::JoinColumn::builder().from(from);
                for key in &keys {
                    column = column.keys(vec![key.text(field).map_err(|e| e.message)?]);
                }
                column.build().map_err(build_error)
            };
            let join = glue::Join::builder()
                .name(&id)
                .set_inputs(Some(
                    [context.inputs("left"), context.inputs("right")].concat(),
                ))
                .join_type(join_type)
                .columns(side("left", "left")?)
                .columns(side("right", "right")?)
                .build()
                .map_err(build_error)?;
            Ok(node.join(join).build())
        }
        KindId::Union => {
            let inputs = context.inputs("in");
            if inputs.len() != 2 {
                return Err(format!(
                    "Glue Studio's Union takes two inputs, not {}",
                    inputs.len()
                ));
            }
            let union = glue::Union::builder()
                .name(&id)
                .set_inputs(Some(inputs))
                .union_type(glue::UnionType::All)
                .build()
                .map_err(build_error)?;
            Ok(node.union(union).build())
        }
        KindId::Aggregate => {
            let keys = params.texts("group_by").map_err(|e| e.message)?;
            let mut items: Vec<String> = keys.iter().map(|k| quoted(k)).collect();
            for record in params.records("aggregations").map_err(|e| e.message)? {
                let name = record.text("column").map_err(|e| e.message)?;
                let function = record.text("function").map_err(|e| e.message)?;
                let alias = output_name(
                    &name,
                    &function,
                    record.optional_text("alias").map_err(|e| e.message)?,
                );
                let column = if name == "*" {
                    "*".to_string()
                } else {
                    quoted(&name)
                };
                let expression = match function.as_str() {
                    "count" => format!("COUNT({column})"),
                    "count_distinct" => format!("COUNT(DISTINCT {column})"),
                    "sum" => format!("COALESCE(SUM({column}), 0)"),
                    "mean" => format!("AVG({column})"),
                    "min" => format!("MIN({column})"),
                    "max" => format!("MAX({column})"),
                    "first" => format!("FIRST({column})"),
                    "last" => format!("LAST({column})"),
                    other => return Err(format!("unknown function `{other}`")),
                };
                items.push(format!("{expression} AS {}", quoted(&alias)));
            }
            let group = if keys.is_empty() {
                String::new()
            } else {
                format!(
                    " GROUP BY {}",
                    keys.iter()
                        .map(|k| quoted(k))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            spark_sql(
                context,
                format!("SELECT {} FROM `in`{group}", items.join(", ")),
            )
        }
        KindId::DropDuplicates => {
            let columns: Vec<Vec<String>> = params
                .texts("columns")
                .map_err(|e| e.message)?
                .into_iter()
                .map(|c| vec![c])
                .collect();
            let drop = glue::DropDuplicates::builder()
                .name(&id)
                .set_inputs(Some(context.inputs("in")))
                .set_columns((!columns.is_empty()).then_some(columns))
                .build()
                .map_err(build_error)?;
            Ok(node.drop_duplicates(drop).build())
        }
        KindId::DropNullFields => {
            let drop = glue::DropNullFields::builder()
                .name(&id)
                .set_inputs(Some(context.inputs("in")))
                .null_check_box_list(
                    glue::NullCheckBoxList::builder()
                        .is_empty(false)
                        .is_null_string(false)
                        .is_neg_one(false)
                        .build(),
                )
                .build()
                .map_err(build_error)?;
            Ok(node.drop_null_fields(drop).build())
        }
        KindId::DropNullRows => {
            let mut columns = params.texts("columns").map_err(|e| e.message)?;
            if columns.is_empty() {
                columns = context
                    .input_schema("in")?
                    .iter_names()
                    .map(|n| n.to_string())
                    .collect();
            }
            let joiner = if context.text("how")? == "all" {
                " OR "
            } else {
                " AND "
            };
            let tests: Vec<String> = columns
                .iter()
                .map(|c| format!("{} IS NOT NULL", quoted(c)))
                .collect();
            spark_sql(
                context,
                format!("SELECT * FROM `in` WHERE {}", tests.join(joiner)),
            )
        }
        KindId::FillMissing => {
            let strategy = context.text("strategy")?;
            if strategy == "forward" {
                return Err("Glue Studio has no forward fill".to_string());
            }
            let columns = params.texts("columns").map_err(|e| e.message)?;
            let input = context.input_schema("in")?;
            let value = params.optional_text("value").map_err(|e| e.message)?;
            let items: Vec<String> = input
                .iter()
                .map(|(name, data_type)| {
                    if !columns.iter().any(|c| c == name.as_str()) {
                        return quoted(name);
                    }
                    let spark = spark_type(data_type).unwrap_or_else(|_| "string".to_string());
                    let fill = match (strategy.as_str(), &value) {
                        ("mean", _) => format!("CAST(AVG({}) OVER () AS {spark})", quoted(name)),
                        (_, Some(value)) => {
                            format!("CAST('{}' AS {spark})", value.trim().replace('\'', "''"))
                        }
                        (_, None) => "NULL".to_string(),
                    };
                    format!("COALESCE({}, {fill}) AS {}", quoted(name), quoted(name))
                })
                .collect();
            spark_sql(context, format!("SELECT {} FROM `in`", items.join(", ")))
        }
        KindId::Sort => {
            let mut keys = Vec::new();
            for record in params.records("keys").map_err(|e| e.message)? {
                let name = record.text("column").map_err(|e| e.message)?;
                let direction = if record.flag("descending").map_err(|e| e.message)? {
                    "DESC"
                } else {
                    "ASC"
                };
                keys.push(format!("{} {direction} NULLS LAST", quoted(&name)));
            }
            spark_sql(
                context,
                format!("SELECT * FROM `in` ORDER BY {}", keys.join(", ")),
            )
        }
        KindId::Limit => {
            let rows = params.int("rows").map_err(|e| e.message)?;
            let offset = params.int("offset").map_err(|e| e.message)?;
            let skip = if offset > 0 {
                format!(" OFFSET {offset}")
            } else {
                String::new()
            };
            spark_sql(context, format!("SELECT * FROM `in` LIMIT {rows}{skip}"))
        }
        KindId::Sample => Err(
            "Glue Studio has no seeded sample of the same rows (its Spigot writes a sample aside)"
                .to_string(),
        ),
        KindId::ConditionalRouter => {
            Err("Glue Studio's Conditional router takes structured conditions, not SQL".to_string())
        }
        KindId::SplitFields => Err(
            "Glue Studio's Split fields gives a collection that needs Select from collection \
             nodes; Sluice's two outputs have no single counterpart"
                .to_string(),
        ),
        KindId::Flatten => Err("Glue Studio's Flatten is not in the visual job API".to_string()),
        KindId::Explode => {
            Err("Glue Studio's Explode array is not in the visual job API".to_string())
        }
        KindId::DataQuality => {
            let rules = context.text("rules")?;
            let mut quality = glue::EvaluateDataQuality::builder()
                .name(&id)
                .set_inputs(Some(context.inputs("in")))
                .ruleset(rules.trim())
                .output(glue::DqTransformOutput::PrimaryInput)
                .publishing_options(
                    glue::DqResultsPublishingOptions::builder()
                        .evaluation_context(&id)
                        .results_publishing_enabled(true)
                        .cloud_watch_metrics_enabled(true)
                        .build(),
                );
            if params.flag("blocking").map_err(|e| e.message)? {
                quality = quality.stop_job_on_failure_options(
                    glue::DqStopJobOnFailureOptions::builder()
                        .stop_job_on_failure_timing(glue::DqStopJobOnFailureTiming::AfterDataLoad)
                        .build(),
                );
            }
            if context.node.inputs.contains_key("reference") {
                return Err(
                    "Glue Studio's Evaluate Data Quality takes one input; a reference needs the \
                     multi-frame form"
                        .to_string(),
                );
            }
            Ok(node
                .evaluate_data_quality(quality.build().map_err(build_error)?)
                .build())
        }
        KindId::CsvSink | KindId::ParquetSink => {
            let parquet = context.node.kind.0.id == KindId::ParquetSink;
            let mut target = glue::S3DirectTarget::builder()
                .name(&id)
                .set_inputs(Some(context.all_inputs()))
                .path(s3_uri(context.settings, &context.text("path")?))
                .format(if parquet {
                    glue::TargetFormat::Parquet
                } else {
                    glue::TargetFormat::Csv
                });
            if parquet {
                target = target.compression(context.text("compression")?);
            }
            Ok(node
                .s3_direct_target(target.build().map_err(build_error)?)
                .build())
        }
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
        | KindId::KinesisSink => Err("it is not a step of a Glue job".to_string()),
    }
}

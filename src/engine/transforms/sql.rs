//! SQL: a query over the node's named inputs, each registered as a table of its port's name.
//! The query may name only those inputs: table functions such as `read_csv('…')` would read
//! files the canvas does not show and deploy cannot carry, so they are refused before it runs.

use std::ops::ControlFlow;

use polars::prelude::*;
use polars::sql::SQLContext;
use sqlparser::ast::{Statement, TableFactor, Visit, Visitor};
use sqlparser::dialect::GenericDialect;
use sqlparser::parser::Parser;

use super::Inputs;
use crate::engine::columns::struct_field_hint;
use crate::engine::error::{NodeError, polars_message};
use crate::engine::params::Params;
use crate::model::suggest::did_you_mean;
use crate::model::{Code, Node};

pub fn build(node: &Node, inputs: &Inputs) -> Result<LazyFrame, NodeError> {
    let query = Params::of(node).text("query")?;
    if query.trim().is_empty() {
        return Err(NodeError::param("query", "the query is empty"));
    }
    refuse_file_access(&query, inputs)?;
    let mut context = SQLContext::new();
    for (name, tables) in &inputs.ports {
        if let Some(table) = tables.first() {
            context.register(name, table.frame.clone());
        }
    }
    let frame = context.execute(&query).map_err(|e| explain(&e, inputs))?;
    let mut probe = frame.clone();
    probe.collect_schema().map_err(|e| explain(&e, inputs))?;
    Ok(frame)
}

/// Refuses a query that is not one SELECT, or that reads through a table function.
fn refuse_file_access(query: &str, inputs: &Inputs) -> Result<(), NodeError> {
    // A query Polars cannot parse either is reported by Polars, with its own message.
    let Ok(statements) = Parser::parse_sql(&GenericDialect, query) else {
        return Ok(());
    };
    let refuse = |what: String| {
        let names: Vec<String> = inputs.ports.keys().map(|n| format!("`{n}`")).collect();
        NodeError {
            code: Code::SqlReadsFiles,
            param: Some("query"),
            message: format!(
                "{what}: a query may read only its inputs ({}). To read a file, add a source \
                 node for it and wire it into this node; the input's name is the table's name",
                names.join(", ")
            ),
        }
    };
    for statement in &statements {
        if !matches!(statement, Statement::Query(_)) {
            return Err(refuse(
                "only a SELECT query can run here, not other statements".to_string(),
            ));
        }
    }
    let mut finder = TableFunctionFinder::default();
    let _ = statements.visit(&mut finder);
    match finder.found {
        Some(name) => Err(refuse(format!(
            "`{name}(…)` reads data the canvas does not show"
        ))),
        None => Ok(()),
    }
}

/// Finds the first table-valued function in a query (`read_csv('x')`, `TABLE(f())`, …).
#[derive(Default)]
struct TableFunctionFinder {
    found: Option<String>,
}

impl Visitor for TableFunctionFinder {
    type Break = ();

    fn pre_visit_table_factor(&mut self, factor: &TableFactor) -> ControlFlow<()> {
        let name = match factor {
            TableFactor::Table {
                name,
                args: Some(_),
                ..
            }
            | TableFactor::Function { name, .. } => Some(name.to_string()),
            TableFactor::TableFunction { expr, .. } => Some(expr.to_string()),
            TableFactor::JsonTable { .. } | TableFactor::OpenJsonTable { .. } => {
                Some("JSON_TABLE".to_string())
            }
            TableFactor::XmlTable { .. } => Some("XMLTABLE".to_string()),
            _ => None,
        };
        match name {
            Some(name) => {
                self.found = Some(name);
                ControlFlow::Break(())
            }
            None => ControlFlow::Continue(()),
        }
    }
}

/// A SQL error with a suggestion when it names a column or table that is close to a real one.
fn explain(error: &PolarsError, inputs: &Inputs) -> NodeError {
    let message = polars_message(error);
    let quoted = message
        .split(['"', '\'', '`'])
        .nth(1)
        .unwrap_or_default()
        .to_string();
    let mut candidates: Vec<String> = inputs.ports.keys().cloned().collect();
    for tables in inputs.ports.values() {
        for table in tables {
            candidates.extend(table.schema.iter_names().map(|n| n.to_string()));
        }
    }
    let hint = if quoted.is_empty() {
        String::new()
    } else {
        did_you_mean(&quoted, candidates.iter().map(String::as_str))
    };
    NodeError {
        code: Code::BadSql,
        param: Some("query"),
        message: format!(
            "the query fails: {message}{hint}{}",
            struct_field_hint(&message)
        ),
    }
}

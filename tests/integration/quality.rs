//! Data quality rules evaluated on real frames: a passing and a failing rule for every rule
//! type, composites, `where`, thresholds, dynamic rules, failing rows and located errors.

use std::collections::BTreeMap;

use polars::prelude::*;
use sluice::engine::quality::{QualityInput, QualityReport, RuleStatus, check_rules, evaluate};
use sluice::model::dqdl::{RuleType, parse};

/// 2026-12-01T12:00:00Z.
const NOW_MICROS: i64 = 1_796_126_400_000_000;

fn ratings() -> DataFrame {
    df!(
        "customer" => [1i64, 2, 3, 4, 5, 6],
        "product" => ["S10", "S10", "S12", "S12", "S18", "S18"],
        "rating" => [5i64, 4, 1, 3, 7, 2],
        "email" => [Some("a@x.org"), Some("b@x.org"), None, Some("d@x.org"), Some("e@x.org"), Some("f@x.org")],
        "status" => ["ok", "ok", "ok", "lost", "ok", "ok"],
        "price" => ["1.5", "2", "x", "4", "5", "6"],
        "updated" => [
            "2026-12-01 11:00:00", "2026-12-01 10:00:00", "2026-11-20 10:00:00",
            "2026-12-01 09:00:00", "2026-12-01 08:00:00", "2026-12-01 07:00:00",
        ],
    )
    .unwrap()
}

fn products() -> DataFrame {
    df!("product" => ["S10", "S12"], "line" => ["cars", "trains"]).unwrap()
}

fn report_with(rules: &str, history: &BTreeMap<String, Vec<f64>>) -> QualityReport {
    let ruleset = parse(rules).unwrap_or_else(|e| panic!("{rules}: {e}"));
    let frame = ratings().lazy();
    let schema = ratings().schema().clone();
    let reference = products().lazy();
    let reference_schema = products().schema().clone();
    check_rules(rules, &ruleset, &schema, Some(&reference_schema))
        .unwrap_or_else(|e| panic!("{rules}: {e}"));
    evaluate(
        rules,
        &ruleset,
        &QualityInput {
            frame: &frame,
            schema: &schema,
            reference: Some((&reference, &reference_schema)),
            history,
            now_micros: NOW_MICROS,
        },
    )
    .unwrap_or_else(|e| panic!("{rules}: {e}"))
}

fn status(rule: &str) -> RuleStatus {
    let report = report_with(rule, &BTreeMap::new());
    report.outcomes[0].status
}

#[test]
fn every_rule_type_has_a_passing_and_a_failing_case() {
    let cases: &[(RuleType, &str, &str)] = &[
        (RuleType::RowCount, "RowCount = 6", "RowCount > 6"),
        (RuleType::ColumnCount, "ColumnCount = 7", "ColumnCount < 7"),
        (
            RuleType::ColumnExists,
            "ColumnExists \"rating\"",
            "ColumnExists \"ratings\"",
        ),
        (
            RuleType::ColumnDataType,
            "ColumnDataType \"rating\" = \"LONG\"",
            "ColumnDataType \"price\" = \"DOUBLE\"",
        ),
        (
            RuleType::IsComplete,
            "IsComplete \"customer\"",
            "IsComplete \"email\"",
        ),
        (
            RuleType::Completeness,
            "Completeness \"email\" > 0.8",
            "Completeness \"email\" > 0.9",
        ),
        (
            RuleType::IsUnique,
            "IsUnique \"customer\"",
            "IsUnique \"product\"",
        ),
        (
            RuleType::Uniqueness,
            "Uniqueness \"customer\" = 1.0",
            "Uniqueness \"product\" > 0.5",
        ),
        (
            RuleType::UniqueValueRatio,
            "UniqueValueRatio \"customer\" = 1.0",
            "UniqueValueRatio \"product\" > 0.0",
        ),
        (
            RuleType::IsPrimaryKey,
            "IsPrimaryKey \"customer\" \"product\"",
            "IsPrimaryKey \"product\"",
        ),
        (
            RuleType::ColumnValues,
            "ColumnValues \"rating\" between 0 and 8",
            "ColumnValues \"rating\" in [1, 2, 3, 4, 5]",
        ),
        (
            RuleType::ColumnLength,
            "ColumnLength \"product\" = 3",
            "ColumnLength \"status\" = 2",
        ),
        (
            RuleType::DistinctValuesCount,
            "DistinctValuesCount \"product\" = 3",
            "DistinctValuesCount \"status\" > 2",
        ),
        (
            RuleType::Mean,
            "Mean \"rating\" between 3.6 and 3.7",
            "Mean \"rating\" > 4",
        ),
        (RuleType::Sum, "Sum \"rating\" = 22", "Sum \"rating\" < 20"),
        (
            RuleType::StandardDeviation,
            "StandardDeviation \"rating\" between 1.9 and 2.0",
            "StandardDeviation \"rating\" < 1",
        ),
        (
            RuleType::Variance,
            "Variance \"rating\" between 3.8 and 3.9",
            "Variance \"rating\" < 1",
        ),
        (
            RuleType::DataFreshness,
            "DataFreshness \"updated\" <= 12 days",
            "DataFreshness \"updated\" <= 24 hours",
        ),
        (
            RuleType::ReferentialIntegrity,
            "ReferentialIntegrity \"product\" \"products.{product}\" > 0.6",
            "ReferentialIntegrity \"product\" \"products.{product}\" = 1.0",
        ),
        (
            RuleType::CustomSql,
            "CustomSql \"select count(*) from primary where rating > 5\" = 1",
            "CustomSql \"select count(*) from primary where rating > 5\" = 0",
        ),
    ];
    let covered: Vec<RuleType> = cases.iter().map(|c| c.0).collect();
    for rule_type in RuleType::ALL {
        assert!(
            covered.contains(rule_type),
            "no case for {}",
            rule_type.name()
        );
    }
    for (rule_type, passing, failing) in cases {
        assert_eq!(
            status(passing),
            RuleStatus::Passed,
            "{}: {passing}",
            rule_type.name()
        );
        assert_eq!(
            status(failing),
            RuleStatus::Failed,
            "{}: {failing}",
            rule_type.name()
        );
    }
}

#[test]
fn failing_rows_are_shown_and_measured_values_reported() {
    let report = report_with(
        "Rules = [ ColumnValues \"rating\" in [1, 2, 3, 4, 5], IsUnique \"product\", Mean \"rating\" > 4 ]",
        &BTreeMap::new(),
    );
    let [values, unique, mean] = report.outcomes.as_slice() else {
        panic!("three outcomes");
    };
    let rows = values.failing_rows.as_ref().expect("failing rows");
    assert_eq!(rows.height(), 1);
    assert_eq!(
        rows.column("rating").unwrap().i64().unwrap().get(0),
        Some(7)
    );
    assert!((values.measured.unwrap() - 5.0 / 6.0).abs() < 1e-9);
    assert_eq!(
        unique.failing_rows.as_ref().unwrap().height(),
        6,
        "every product repeats"
    );
    assert!(mean.failing_rows.is_none(), "a mean has no failing rows");
    assert!(mean.message.contains("3.6667"), "{}", mean.message);
    assert!(!report.passed());
    assert!(
        report.summary().starts_with("0 of 3 rules passed"),
        "{}",
        report.summary()
    );
}

#[test]
fn where_clauses_thresholds_and_severity() {
    assert_eq!(
        status("ColumnValues \"rating\" <= 5 where \"product <> 'S18'\""),
        RuleStatus::Passed
    );
    assert_eq!(status("ColumnValues \"rating\" <= 5"), RuleStatus::Failed);
    assert_eq!(
        status("RowCount = 2 where \"product = 'S10'\""),
        RuleStatus::Passed
    );
    assert_eq!(
        status("ColumnValues \"rating\" <= 5 with threshold > 0.8"),
        RuleStatus::Passed
    );
    assert_eq!(
        status("ColumnValues \"rating\" <= 5 with threshold > 0.9"),
        RuleStatus::Failed
    );
    assert_eq!(
        status("ColumnValues \"status\" in [\"ok\", \"lost\"]"),
        RuleStatus::Passed
    );
    assert_eq!(
        status("ColumnValues \"status\" matches \"o.\""),
        RuleStatus::Failed
    );
    assert_eq!(
        status("ColumnValues \"updated\" > (now() - 12 days)"),
        RuleStatus::Passed
    );
    assert_eq!(
        status("ColumnValues \"updated\" > \"2026-11-25\""),
        RuleStatus::Failed
    );
    let warned = report_with(
        "IsComplete \"email\" with severity = \"warn\"",
        &BTreeMap::new(),
    );
    assert_eq!(warned.outcomes[0].status, RuleStatus::Failed);
    assert!(warned.passed(), "a warning does not fail the rule set");
}

#[test]
fn composites_combine_their_parts() {
    assert_eq!(
        status("(IsComplete \"customer\") and (RowCount = 6)"),
        RuleStatus::Passed
    );
    assert_eq!(
        status("(IsComplete \"email\") and (RowCount = 6)"),
        RuleStatus::Failed
    );
    assert_eq!(
        status("(IsComplete \"email\") or (RowCount = 6)"),
        RuleStatus::Passed
    );
    let report = report_with("(IsComplete \"email\") or (RowCount > 9)", &BTreeMap::new());
    assert_eq!(report.outcomes[0].parts.len(), 2);
    assert_eq!(report.outcomes[0].status, RuleStatus::Failed);
}

#[test]
fn dynamic_rules_use_the_kept_history() {
    let rule = "RowCount > avg(last(3)) * 0.8";
    let skipped = report_with(rule, &BTreeMap::new());
    assert_eq!(skipped.outcomes[0].status, RuleStatus::Skipped);
    assert!(skipped.passed(), "a skipped rule does not fail");
    let history = BTreeMap::from([(rule.to_string(), vec![5.0, 6.0, 7.0])]);
    assert_eq!(
        report_with(rule, &history).outcomes[0].status,
        RuleStatus::Passed
    );
    let history = BTreeMap::from([(rule.to_string(), vec![10.0, 10.0, 10.0])]);
    let failed = report_with(rule, &history);
    assert_eq!(failed.outcomes[0].status, RuleStatus::Failed);
    assert_eq!(
        failed.metrics().get(rule),
        Some(&6.0),
        "the value kept for next time"
    );
}

#[test]
fn unknown_columns_are_design_time_errors_located_at_the_column() {
    let text = "Rules = [\n  IsComplete \"customer\",\n  IsUnique \"custmer\"\n]";
    let ruleset = parse(text).unwrap();
    let schema = ratings().schema().clone();
    let error = check_rules(text, &ruleset, &schema, None).expect_err("unknown column");
    assert_eq!((error.rule, error.line, error.column), (Some(2), 3, 12));
    assert!(
        error.message.contains("did you mean `customer`?"),
        "{error}"
    );
    let error = check_rules(
        "Mean \"status\" > 1",
        &parse("Mean \"status\" > 1").unwrap(),
        &schema,
        None,
    )
    .expect_err("text column");
    assert!(error.message.contains("needs numbers"), "{error}");
    let text = "RowCount > 0 where \"ratng > 1\"";
    let error = check_rules(text, &parse(text).unwrap(), &schema, None).expect_err("where");
    assert!(error.message.contains("did you mean `rating`?"), "{error}");
    let text = "ReferentialIntegrity \"product\" \"products.{product}\" = 1.0";
    let error = check_rules(text, &parse(text).unwrap(), &schema, None).expect_err("no reference");
    assert!(error.message.contains("`reference` input"), "{error}");
}

mod in_a_pipeline {
    use sluice::engine::RunStrategy;

    use crate::fixtures::{Workspace, column_strings, csv_node};

    const RATINGS: &str = "customer,product,rating\n1,S10,5\n2,S10,4\n2,S10,4\n3,S12,7\n";

    fn pipeline(rules: &str, blocking: bool) -> String {
        format!(
            "{}[[node]]\nid = \"checks\"\nkind = \"data_quality\"\ninputs = {{ in = \"ratings\" }}\nrules = '''{rules}'''\nblocking = {blocking}\n\n[[node]]\nid = \"clean\"\nkind = \"csv_sink\"\ninputs = {{ in = \"checks.out\" }}\npath = \"out/clean.csv\"\n",
            csv_node("ratings", "ratings.csv")
        )
    }

    const FAILING: &str = "Rules = [\n  IsPrimaryKey \"customer\" \"product\",\n  ColumnValues \"rating\" in [1, 2, 3, 4, 5]\n]";

    #[test]
    fn a_blocking_node_whose_rule_fails_leaves_nothing_downstream_written() {
        for strategy in [RunStrategy::NodeByNode, RunStrategy::Streaming] {
            let ws = Workspace::new();
            ws.write("ratings.csv", RATINGS);
            let error = ws
                .run(&pipeline(FAILING, true), strategy)
                .expect_err("blocked")
                .to_string();
            assert!(
                error.contains("blocked by the data-quality node `checks`"),
                "{error}"
            );
            assert!(
                error.contains("rule 1 (IsPrimaryKey \"customer\" \"product\") failed"),
                "{error}"
            );
            assert!(error.contains("rule 2 (ColumnValues"), "{error}");
            assert!(
                !ws.path().join("out/clean.csv").exists(),
                "{strategy:?} wrote downstream"
            );
        }
    }

    #[test]
    fn a_passing_or_non_blocking_node_passes_its_rows_on() {
        let ws = Workspace::new();
        ws.write("ratings.csv", RATINGS);
        ws.run(
            &pipeline("IsComplete \"customer\", RowCount = 4", true),
            RunStrategy::NodeByNode,
        )
        .expect("passes");
        assert!(ws.path().join("out/clean.csv").exists());
        let ws = Workspace::new();
        ws.write("ratings.csv", RATINGS);
        ws.run(&pipeline(FAILING, false), RunStrategy::NodeByNode)
            .expect("warns only");
        assert!(ws.path().join("out/clean.csv").exists());
    }

    #[test]
    fn the_results_output_holds_a_row_per_rule() {
        let ws = Workspace::new();
        ws.write("ratings.csv", RATINGS);
        let results = ws.frame(&pipeline(FAILING, false), "checks.results");
        assert_eq!(column_strings(&results, "status"), ["failed", "failed"]);
        assert_eq!(column_strings(&results, "failing_rows_shown"), ["2", "1"]);
        let message = column_strings(&results, "message");
        assert!(message[1].contains("75.00%"), "{message:?}");
    }

    #[test]
    fn bad_rules_and_unknown_columns_are_errors_before_anything_runs() {
        let ws = Workspace::new();
        ws.write("ratings.csv", RATINGS);
        let error = ws.error(
            &pipeline("IsComplete \"customer\",\nIsUniqe \"customer\"", false),
            "checks",
        );
        assert!(
            error.contains("rule 2, line 2, column 1: IsUniqe: did you mean IsUnique?"),
            "{error}"
        );
        let error = ws.error(&pipeline("IsUnique \"custmer\"", false), "checks");
        assert!(error.contains("did you mean `customer`?"), "{error}");
        let error = ws.error(&pipeline("IsUniqe \"customer\"", false), "clean");
        assert!(error.contains("blocked by"), "{error}");
    }

    #[test]
    fn referential_integrity_reads_the_reference_input() {
        let ws = Workspace::new();
        ws.write("ratings.csv", RATINGS);
        ws.write("products.csv", "product,line\nS10,cars\n");
        let body = format!(
            "{}{}[[node]]\nid = \"checks\"\nkind = \"data_quality\"\ninputs = {{ in = \"ratings\", reference = \"products\" }}\nrules = '''ReferentialIntegrity \"product\" \"products.{{product}}\" >= 0.75'''\n",
            csv_node("ratings", "ratings.csv"),
            csv_node("products", "products.csv")
        );
        let results = ws.frame(&body, "checks.results");
        assert_eq!(column_strings(&results, "status"), ["passed"]);
    }
}

mod from_the_command_line {
    use assert_cmd::Command;

    use crate::fixtures::{Workspace, csv_node};

    fn sluice() -> Command {
        Command::cargo_bin("sluice").unwrap()
    }

    fn workspace(rules: &str) -> Workspace {
        let ws = Workspace::new();
        ws.write(
            "ratings.csv",
            "customer,product,rating\n1,S10,5\n2,S10,4\n2,S10,4\n3,S12,7\n",
        );
        ws.pipeline_file(&format!(
            "{}[[node]]\nid = \"checks\"\nkind = \"data_quality\"\ninputs = {{ in = \"ratings\" }}\nrules = '''{rules}'''\nblocking = true\n",
            csv_node("ratings", "ratings.csv")
        ));
        ws
    }

    #[test]
    fn check_names_each_failing_rule_with_its_rows_and_exits_1() {
        let ws = workspace(
            "Rules = [ IsPrimaryKey \"customer\" \"product\", ColumnValues \"rating\" in [1, 2, 3, 4, 5], RowCount = 4 ]",
        );
        let output = sluice()
            .current_dir(ws.path())
            .args(["check", "pipeline.sluice.toml"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(
            text.contains("checks (data quality, blocking): 1 of 3 rules passed"),
            "{text}"
        );
        assert!(
            text.contains("✖ rule 1  IsPrimaryKey \"customer\" \"product\""),
            "{text}"
        );
        assert!(
            text.contains("✖ rule 2  ColumnValues \"rating\" in [1, 2, 3, 4, 5]"),
            "{text}"
        );
        assert!(text.contains("failing rows (1 shown)"), "{text}");
        assert!(text.contains("✔ rule 3  RowCount = 4"), "{text}");

        let output = sluice()
            .current_dir(ws.path())
            .args(["check", "pipeline.sluice.toml", "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(json["ok"], false);
        let rules = &json["quality"][0]["rules"];
        assert_eq!(rules[1]["status"], "failed");
        assert_eq!(rules[1]["failing_rows"][0]["rating"], "7");
        assert_eq!(rules[2]["measured"], 4.0);

        sluice()
            .current_dir(ws.path())
            .args(["check", "pipeline.sluice.toml", "--static"])
            .assert()
            .code(0);
    }

    #[test]
    fn dynamic_rules_compare_with_the_values_earlier_checks_recorded() {
        let ws = workspace("RowCount >= avg(last(2))");
        let check = || {
            sluice()
                .current_dir(ws.path())
                .args(["check", "pipeline.sluice.toml", "--format", "json"])
                .output()
                .unwrap()
        };
        for _ in 0..2 {
            let output = check();
            let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
            assert_eq!(json["quality"][0]["rules"][0]["status"], "skipped");
            assert_eq!(
                output.status.code(),
                Some(0),
                "a skipped rule does not fail"
            );
        }
        let history = std::fs::read_to_string(ws.path().join("pipeline.history.toml")).unwrap();
        assert!(history.contains("RowCount >= avg(last(2))"), "{history}");
        let json: serde_json::Value = serde_json::from_slice(&check().stdout).unwrap();
        assert_eq!(json["quality"][0]["rules"][0]["status"], "passed");
        // Fewer rows than before now fail.
        ws.write("ratings.csv", "customer,product,rating\n1,S10,5\n");
        let output = check();
        assert_eq!(output.status.code(), Some(1));
    }

    #[test]
    fn a_run_records_what_its_quality_nodes_measured_and_reports_them() {
        let ws = workspace("RowCount = 4, IsUnique \"customer\" with severity = \"warn\"");
        let output = sluice()
            .current_dir(ws.path())
            .args(["run", "pipeline.sluice.toml", "--engine", "node-by-node"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(0), "{text}");
        assert!(text.contains("1 of 2 rules passed"), "{text}");
        let history = std::fs::read_to_string(ws.path().join("pipeline.history.toml")).unwrap();
        assert!(history.contains("\"RowCount = 4\" = [4.0]"), "{history}");
    }

    #[test]
    fn a_bad_rule_is_reported_before_anything_runs() {
        let ws = workspace("IsUniqe \"customer\"");
        let output = sluice()
            .current_dir(ws.path())
            .args(["check", "pipeline.sluice.toml", "--static"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        let errors = String::from_utf8_lossy(&output.stderr);
        assert!(
            errors.contains("IsUniqe: did you mean IsUnique?"),
            "{errors}"
        );
    }
}

mod never_panics {
    use proptest::prelude::*;
    use sluice::model::dqdl::parse;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// Any text, DQDL-like or not, parses or gets a located error; nothing panics.
        #[test]
        fn parsing_any_text_gives_rules_or_a_located_error(
            text in prop::string::string_regex(
                "(Rules = \\[|IsComplete|RowCount|ColumnValues|\"[a-z]{0,3}\"?|between|and|or|in|not|with|threshold|where|[0-9.]{1,4}|[-+*/=<>!(),\\[\\]$#é\n ]){0,24}"
            ).unwrap()
        ) {
            match parse(&text) {
                Ok(_) => {}
                Err(error) => {
                    prop_assert!(error.span.start <= text.len());
                    prop_assert!(error.line >= 1 && error.column >= 1);
                }
            }
        }
    }
}

//! Each transform against hand-checked results, including nulls and empty inputs.

use crate::fixtures::{Workspace, column_strings, csv_node, names};

const ORDERS: &str = "\
order_id,customer,status,amount,region
1,alice,paid,10.5,north
2,bob,refunded,20,south
3,alice,paid,,north
4,carol,paid,7.25,
5,bob,paid,3,south
";

const CUSTOMERS: &str = "\
customer,city,amount
alice,Oslo,100
bob,Lyon,200
dave,Rome,300
";

fn workspace() -> Workspace {
    let workspace = Workspace::new();
    workspace.write("orders.csv", ORDERS);
    workspace.write("customers.csv", CUSTOMERS);
    workspace.write("empty.csv", "order_id,customer,status,amount,region\n");
    workspace
}

fn with_transform(transform: &str) -> String {
    format!(
        "{}{}[[node]]\nid = \"t\"\n{transform}\n",
        csv_node("orders", "orders.csv"),
        csv_node("customers", "customers.csv")
    )
}

#[test]
fn filter_keeps_true_rows_and_drops_nulls() {
    let ws = workspace();
    let body = with_transform(
        "kind = \"filter\"\ninputs = { in = \"orders\" }\npredicate = \"status = 'paid' AND amount > 5\"",
    );
    let frame = ws.frame(&body, "t");
    assert_eq!(column_strings(&frame, "order_id"), ["1", "4"]);
}

#[test]
fn filter_names_a_misspelt_column_and_suggests_the_right_one() {
    let ws = workspace();
    let body = with_transform(
        "kind = \"filter\"\ninputs = { in = \"orders\" }\npredicate = \"stauts = 'paid'\"",
    );
    assert_eq!(
        ws.error(&body, "t"),
        "column `stauts` not found in the input of `t`; did you mean `status`?"
    );
}

#[test]
fn filter_refuses_a_non_boolean_condition() {
    let ws = workspace();
    let body = with_transform(
        "kind = \"filter\"\ninputs = { in = \"orders\" }\npredicate = \"amount * 2\"",
    );
    let message = ws.error(&body, "t");
    assert!(
        message.contains("gives float64 values, not true/false"),
        "{message}"
    );
}

#[test]
fn derived_column_computes_with_nulls_propagating() {
    let ws = workspace();
    let body = with_transform(
        "kind = \"derived_column\"\ninputs = { in = \"orders\" }\nname = \"double\"\nexpression = \"amount * 2\"",
    );
    let frame = ws.frame(&body, "t");
    assert_eq!(
        column_strings(&frame, "double"),
        ["21.0", "40.0", "null", "14.5", "6.0"]
    );
}

#[test]
fn select_drop_and_rename_fields() {
    let ws = workspace();
    let select = ws.frame(&with_transform("kind = \"select_fields\"\ninputs = { in = \"orders\" }\ncolumns = [\"status\", \"order_id\"]"), "t");
    assert_eq!(names(&select), ["status", "order_id"]);
    let drop = ws.frame(&with_transform("kind = \"drop_fields\"\ninputs = { in = \"orders\" }\ncolumns = [\"status\", \"region\"]"), "t");
    assert_eq!(names(&drop), ["order_id", "customer", "amount"]);
    let rename = ws.frame(&with_transform("kind = \"rename_field\"\ninputs = { in = \"orders\" }\nfrom = \"amount\"\nto = \"total\""), "t");
    assert_eq!(
        names(&rename),
        ["order_id", "customer", "status", "total", "region"]
    );
    let clash = ws.error(&with_transform("kind = \"rename_field\"\ninputs = { in = \"orders\" }\nfrom = \"amount\"\nto = \"status\""), "t");
    assert!(clash.contains("already has a column `status`"), "{clash}");
}

#[test]
fn change_schema_renames_casts_and_drops_in_place() {
    let ws = workspace();
    let body = with_transform(
        "kind = \"change_schema\"\ninputs = { in = \"orders\" }\nmappings = [\n { source = \"order_id\", target = \"id\", type = \"string\" },\n { source = \"region\", drop = true },\n { source = \"amount\", type = \"int\" },\n]",
    );
    let frame = ws.frame(&body, "t");
    assert_eq!(names(&frame), ["id", "customer", "status", "amount"]);
    assert_eq!(
        frame.column("id").unwrap().dtype(),
        &polars::prelude::DataType::String
    );
    assert_eq!(
        column_strings(&frame, "amount"),
        ["10", "20", "null", "7", "3"]
    );
}

#[test]
fn cast_makes_bad_values_null_unless_strict() {
    let ws = workspace();
    let body = with_transform(
        "kind = \"cast\"\ninputs = { in = \"orders\" }\ncolumns = [{ column = \"customer\", type = \"int64\" }]",
    );
    assert_eq!(
        column_strings(&ws.frame(&body, "t"), "customer"),
        ["null"; 5]
    );
    let strict = format!("{body}strict = true\n");
    assert!(ws.output(&strict, "t").is_err());
}

#[test]
fn join_types_match_spark_semantics() {
    let ws = workspace();
    let join = |how: &str| {
        with_transform(&format!(
            "kind = \"join\"\ninputs = {{ left = \"orders\", right = \"customers\" }}\njoin_type = \"{how}\"\nkeys = [{{ left = \"customer\", right = \"customer\" }}]"
        ))
    };
    let inner = ws.frame(&join("inner"), "t");
    assert_eq!(column_strings(&inner, "order_id"), ["1", "2", "3", "5"]);
    assert_eq!(
        names(&inner),
        [
            "order_id",
            "customer",
            "status",
            "amount",
            "region",
            "city",
            "amount_right"
        ]
    );
    let left = ws.frame(&join("left"), "t");
    assert_eq!(
        column_strings(&left, "city"),
        ["Oslo", "Lyon", "Oslo", "null", "Lyon"]
    );
    let full = ws.frame(&join("full"), "t");
    assert_eq!(full.height(), 6);
    assert!(column_strings(&full, "customer").contains(&"dave".to_string()));
    let semi = ws.frame(&join("semi"), "t");
    assert_eq!(
        names(&semi),
        ["order_id", "customer", "status", "amount", "region"]
    );
    assert_eq!(semi.height(), 4);
    let anti = ws.frame(&join("anti"), "t");
    assert_eq!(column_strings(&anti, "customer"), ["carol"]);
    let right = ws.frame(&join("right"), "t");
    assert_eq!(right.height(), 5);
}

#[test]
fn join_key_typo_names_the_side() {
    let ws = workspace();
    let body = with_transform(
        "kind = \"join\"\ninputs = { left = \"orders\", right = \"customers\" }\nkeys = [{ left = \"customer\", right = \"custome\" }]",
    );
    assert_eq!(
        ws.error(&body, "t"),
        "column `custome` not found in the right input of `t`; did you mean `customer`?"
    );
}

#[test]
fn union_matches_columns_by_name_and_fills_nulls() {
    let ws = workspace();
    let body = with_transform("kind = \"union\"\ninputs = { in = [\"orders\", \"customers\"] }");
    let frame = ws.frame(&body, "t");
    assert_eq!(frame.height(), 8);
    assert_eq!(
        names(&frame),
        ["order_id", "customer", "status", "amount", "region", "city"]
    );
    assert_eq!(column_strings(&frame, "city")[..5], ["null"; 5]);
    assert_eq!(
        column_strings(&frame, "amount")[5..],
        ["100.0", "200.0", "300.0"]
    );
}

#[test]
fn aggregate_summarises_groups_in_first_seen_order() {
    let ws = workspace();
    let body = with_transform(
        "kind = \"aggregate\"\ninputs = { in = \"orders\" }\ngroup_by = [\"customer\"]\naggregations = [\n { column = \"*\", function = \"count\", alias = \"orders\" },\n { column = \"amount\", function = \"count\" },\n { column = \"amount\", function = \"sum\" },\n { column = \"amount\", function = \"mean\" },\n { column = \"status\", function = \"count_distinct\" },\n { column = \"order_id\", function = \"min\" },\n { column = \"order_id\", function = \"max\" },\n { column = \"region\", function = \"first\" },\n { column = \"status\", function = \"last\" },\n]",
    );
    let frame = ws.frame(&body, "t");
    assert_eq!(
        column_strings(&frame, "customer"),
        ["alice", "bob", "carol"]
    );
    assert_eq!(column_strings(&frame, "orders"), ["2", "2", "1"]);
    assert_eq!(column_strings(&frame, "count_amount"), ["1", "2", "1"]);
    assert_eq!(
        column_strings(&frame, "sum_amount"),
        ["10.5", "23.0", "7.25"]
    );
    assert_eq!(
        column_strings(&frame, "mean_amount"),
        ["10.5", "11.5", "7.25"]
    );
    assert_eq!(
        column_strings(&frame, "count_distinct_status"),
        ["1", "2", "1"]
    );
    assert_eq!(column_strings(&frame, "min_order_id"), ["1", "2", "4"]);
    assert_eq!(column_strings(&frame, "max_order_id"), ["3", "5", "4"]);
    assert_eq!(
        column_strings(&frame, "first_region"),
        ["north", "south", "null"]
    );
    assert_eq!(
        column_strings(&frame, "last_status"),
        ["paid", "paid", "paid"]
    );
}

#[test]
fn aggregate_on_an_empty_input_gives_no_groups() {
    let ws = workspace();
    let body = format!(
        "{}[[node]]\nid = \"t\"\nkind = \"aggregate\"\ninputs = {{ in = \"e\" }}\ngroup_by = [\"customer\"]\naggregations = [{{ column = \"*\", function = \"count\" }}]\n",
        csv_node("e", "empty.csv")
    );
    assert_eq!(ws.frame(&body, "t").height(), 0);
}

#[test]
fn drop_duplicates_keeps_the_first() {
    let ws = workspace();
    let all = ws.frame(
        &with_transform("kind = \"drop_duplicates\"\ninputs = { in = \"orders\" }"),
        "t",
    );
    assert_eq!(all.height(), 5);
    let subset = ws.frame(
        &with_transform(
            "kind = \"drop_duplicates\"\ninputs = { in = \"orders\" }\ncolumns = [\"customer\"]",
        ),
        "t",
    );
    assert_eq!(column_strings(&subset, "order_id"), ["1", "2", "4"]);
}

#[test]
fn drop_null_rows_any_and_all() {
    let ws = workspace();
    let any = ws.frame(
        &with_transform("kind = \"drop_null_rows\"\ninputs = { in = \"orders\" }"),
        "t",
    );
    assert_eq!(column_strings(&any, "order_id"), ["1", "2", "5"]);
    let subset = ws.frame(
        &with_transform(
            "kind = \"drop_null_rows\"\ninputs = { in = \"orders\" }\ncolumns = [\"amount\"]",
        ),
        "t",
    );
    assert_eq!(column_strings(&subset, "order_id"), ["1", "2", "4", "5"]);
    let all = ws.frame(&with_transform("kind = \"drop_null_rows\"\ninputs = { in = \"orders\" }\ncolumns = [\"amount\", \"region\"]\nhow = \"all\""), "t");
    assert_eq!(all.height(), 5);
}

#[test]
fn drop_null_fields_removes_all_null_columns() {
    let ws = workspace();
    ws.write("sparse.csv", "a,b,c\n1,,x\n2,,\n");
    let body = format!(
        "{}[[node]]\nid = \"t\"\nkind = \"drop_null_fields\"\ninputs = {{ in = \"s\" }}\n",
        csv_node("s", "sparse.csv")
    );
    assert_eq!(names(&ws.frame(&body, "t")), ["a", "c"]);
}

#[test]
fn fill_missing_constant_forward_and_mean() {
    let ws = workspace();
    let constant = ws.frame(&with_transform("kind = \"fill_missing\"\ninputs = { in = \"orders\" }\ncolumns = [\"amount\", \"region\"]\nvalue = \"0\""), "t");
    assert_eq!(
        column_strings(&constant, "amount"),
        ["10.5", "20.0", "0.0", "7.25", "3.0"]
    );
    assert_eq!(column_strings(&constant, "region")[3], "0");
    let forward = ws.frame(&with_transform("kind = \"fill_missing\"\ninputs = { in = \"orders\" }\ncolumns = [\"amount\"]\nstrategy = \"forward\""), "t");
    assert_eq!(
        column_strings(&forward, "amount"),
        ["10.5", "20.0", "20.0", "7.25", "3.0"]
    );
    let mean = ws.frame(&with_transform("kind = \"fill_missing\"\ninputs = { in = \"orders\" }\ncolumns = [\"amount\"]\nstrategy = \"mean\""), "t");
    assert_eq!(column_strings(&mean, "amount")[2], "10.1875");
    let misfit = ws.error(&with_transform("kind = \"fill_missing\"\ninputs = { in = \"orders\" }\ncolumns = [\"amount\"]\nvalue = \"n/a\""), "t");
    assert_eq!(
        misfit,
        "`n/a` does not fit column `amount`, which is float64"
    );
}

#[test]
fn sort_limit_and_sample() {
    let ws = workspace();
    let sorted = ws.frame(
        &with_transform("kind = \"sort\"\ninputs = { in = \"orders\" }\nkeys = [{ column = \"customer\" }, { column = \"amount\", descending = true }]"),
        "t",
    );
    assert_eq!(
        column_strings(&sorted, "order_id"),
        ["1", "3", "2", "5", "4"]
    );
    let limited = ws.frame(
        &with_transform("kind = \"limit\"\ninputs = { in = \"orders\" }\nrows = 2\noffset = 1"),
        "t",
    );
    assert_eq!(column_strings(&limited, "order_id"), ["2", "3"]);
    let none = ws.frame(
        &with_transform("kind = \"sample\"\ninputs = { in = \"orders\" }\nfraction = 0.0"),
        "t",
    );
    assert_eq!(none.height(), 0);
    let every = ws.frame(
        &with_transform("kind = \"sample\"\ninputs = { in = \"orders\" }\nfraction = 1"),
        "t",
    );
    assert_eq!(
        names(&every),
        names(&ws.frame(
            &with_transform("kind = \"limit\"\ninputs = { in = \"orders\" }\nrows = 9"),
            "t"
        ))
    );
}

#[test]
fn sample_is_repeatable_and_close_to_its_fraction() {
    let ws = Workspace::new();
    let mut big = String::from("n\n");
    for i in 0..10_000 {
        big.push_str(&format!("{i}\n"));
    }
    ws.write("big.csv", big);
    let body = |seed: u32| {
        format!(
            "{}[[node]]\nid = \"t\"\nkind = \"sample\"\ninputs = {{ in = \"b\" }}\nfraction = 0.1\nseed = {seed}\n",
            csv_node("b", "big.csv")
        )
    };
    let first = ws.frame(&body(1), "t");
    assert!((900..1100).contains(&first.height()), "{}", first.height());
    assert!(first.equals(&ws.frame(&body(1), "t")));
    assert!(!first.equals(&ws.frame(&body(2), "t")));
}

#[test]
fn sql_queries_named_inputs() {
    let ws = workspace();
    let body = format!(
        "{}{}[[node]]\nid = \"t\"\nkind = \"sql\"\ninputs = {{ o = \"orders\", c = \"customers\" }}\nquery = \"SELECT o.customer, c.city, SUM(o.amount) AS total FROM o JOIN c ON o.customer = c.customer GROUP BY o.customer, c.city ORDER BY o.customer\"\n",
        csv_node("orders", "orders.csv"),
        csv_node("customers", "customers.csv")
    );
    let frame = ws.frame(&body, "t");
    assert_eq!(column_strings(&frame, "customer"), ["alice", "bob"]);
    assert_eq!(column_strings(&frame, "total"), ["10.5", "23.0"]);
    let broken = body.replace("SUM(o.amount)", "SUM(o.amont)");
    let message = ws.error(&broken, "t");
    assert!(message.contains("amont"), "{message}");
}

#[test]
fn downstream_nodes_are_blocked_not_repeating_the_error() {
    let ws = workspace();
    let body = format!(
        "{}[[node]]\nid = \"bad\"\nkind = \"filter\"\ninputs = {{ in = \"orders\" }}\npredicate = \"nope > 1\"\n[[node]]\nid = \"after\"\nkind = \"limit\"\ninputs = {{ in = \"bad\" }}\nrows = 1\n",
        csv_node("orders", "orders.csv")
    );
    assert_eq!(ws.error(&body, "after"), "blocked by {\"bad\"}");
}

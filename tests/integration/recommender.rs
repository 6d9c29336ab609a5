//! The recommender_train node on the sample's ratings: neighbours, the most-popular fallback
//! list, the offline evaluation against it, determinism, and clear errors on bad columns.

use polars::prelude::*;

use super::fixtures::{Workspace, column_strings, csv_node};

fn sample_ratings(ws: &Workspace) {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/recommender/data");
    std::fs::copy(data.join("ratings.csv"), ws.path().join("ratings.csv")).unwrap();
}

fn pipeline(extra: &str) -> String {
    format!(
        "{}[[node]]\nid = \"clean\"\nkind = \"drop_null_rows\"\ninputs = {{ in = \"ratings\" }}\ncolumns = [\"productRating\"]\n\n[[node]]\nid = \"train\"\nkind = \"recommender_train\"\ninputs = {{ ratings = \"clean\" }}\nuser_column = \"customerNumber\"\nitem_column = \"productCode\"\nrating_column = \"productRating\"\n{extra}\n",
        csv_node("ratings", "ratings.csv").replace(
            "path = \"ratings.csv\"\n",
            "path = \"ratings.csv\"\nnull_values = [\"NA\"]\n"
        )
    )
}

#[test]
fn training_gives_neighbours_a_fallback_list_and_an_evaluation_against_it() {
    let ws = Workspace::new();
    sample_ratings(&ws);
    let body = pipeline("neighbours = 5\n");
    let neighbours = ws.frame(&body, "train.neighbours");
    let items = ws.frame(&body, "train.popular");
    assert_eq!(
        neighbours.height(),
        items.height() * 5,
        "5 neighbours per item"
    );
    // Nobody is their own neighbour; similarities are cosines, best first.
    let item = column_strings(&neighbours, "item");
    let neighbour = column_strings(&neighbours, "neighbour");
    assert!(item.iter().zip(&neighbour).all(|(a, b)| a != b));
    let similarity: Vec<f64> = neighbours
        .column("similarity")
        .unwrap()
        .f64()
        .unwrap()
        .into_no_null_iter()
        .collect();
    assert!(similarity.iter().all(|s| (-1.0001..=1.0001).contains(s)));
    assert!(similarity[0] >= similarity[4]);
    // The fallback: items by how many customers rated them.
    let customers: Vec<u32> = items
        .column("customers")
        .unwrap()
        .u32()
        .unwrap()
        .into_no_null_iter()
        .collect();
    assert!(customers.windows(2).all(|w| w[0] >= w[1]));
    // The evaluation, model against the most-popular baseline.
    let evaluation = ws.frame(&body, "train.evaluation");
    assert_eq!(
        column_strings(&evaluation, "metric")[..3],
        ["precision@10", "recall@10", "coverage"]
    );
    let model = evaluation
        .column("model")
        .unwrap()
        .f64()
        .unwrap()
        .get(0)
        .unwrap();
    let popular = evaluation
        .column("most_popular")
        .unwrap()
        .f64()
        .unwrap()
        .get(0)
        .unwrap();
    assert!(
        model > popular,
        "the model beats the baseline on the sample: {model} vs {popular}"
    );
    // Seeded: the same ratings give the same model.
    assert!(ws.frame(&body, "train.neighbours").equals(&neighbours));
    // Another seed, another split and other factors.
    let other = ws.frame(&pipeline("neighbours = 5\nseed = 7\n"), "train.neighbours");
    assert!(!other.equals(&neighbours));
}

#[test]
fn embeddings_and_neighbours_are_written_as_parquet_for_a_vector_store() {
    let ws = Workspace::new();
    sample_ratings(&ws);
    let body = pipeline(
        "factors = 8\n\n[[node]]\nid = \"vectors\"\nkind = \"parquet_sink\"\ninputs = { in = \"train.embeddings\" }\npath = \"store/embeddings.parquet\"\n\n[[node]]\nid = \"near\"\nkind = \"parquet_sink\"\ninputs = { in = \"train.neighbours\" }\npath = \"store/neighbours.parquet\"\n",
    );
    ws.run(&body, sluice::engine::RunStrategy::NodeByNode)
        .unwrap_or_else(|e| panic!("{e}"));
    let read = |name: &str| {
        let path = ws.path().join("store").join(name);
        LazyFrame::scan_parquet(
            PlRefPath::new(path.to_string_lossy().as_ref()),
            Default::default(),
        )
        .unwrap()
        .collect()
        .unwrap()
    };
    let embeddings = read("embeddings.parquet");
    let items = ws.frame(&body, "train.popular").height();
    assert_eq!(embeddings.height(), items, "one vector per item");
    let vectors = embeddings
        .column("embedding")
        .unwrap()
        .list()
        .unwrap()
        .clone();
    for vector in vectors.amortized_iter().flatten() {
        let values: Vec<f32> = vector.as_ref().f32().unwrap().into_no_null_iter().collect();
        assert_eq!(values.len(), 8, "`factors` numbers");
        let norm: f32 = values.iter().map(|v| v * v).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-3, "unit length: {norm}");
    }
    assert_eq!(read("neighbours.parquet").height(), items * 10);
}

#[test]
fn a_preview_of_the_model_is_its_evaluation() {
    let ws = Workspace::new();
    sample_ratings(&ws);
    let pipeline_text = format!("format_version = 1\n{}", pipeline(""));
    let (pipeline, _) = sluice::model::file_format::parse_pipeline(&pipeline_text).unwrap();
    let plan = sluice::engine::plan_pipeline(&pipeline, ws.path());
    let preview =
        sluice::engine::preview_node(&plan, "train", None, 20, sluice::engine::SampleMethod::Head)
            .unwrap();
    assert_eq!(column_strings(&preview.frame, "metric")[0], "precision@10");
}

#[test]
fn bad_columns_and_bad_ratings_are_named() {
    let ws = Workspace::new();
    sample_ratings(&ws);
    let error = ws.error(
        &pipeline("").replace("item_column = \"productCode\"", "item_column = \"product\""),
        "train",
    );
    assert!(error.contains("did you mean `productCode`"), "{error}");
    ws.write("text.csv", "who,what,stars\n1,a,five\n2,b,four\n");
    let body = format!(
        "{}[[node]]\nid = \"train\"\nkind = \"recommender_train\"\ninputs = {{ ratings = \"t\" }}\nuser_column = \"who\"\nitem_column = \"what\"\nrating_column = \"stars\"\n",
        csv_node("t", "text.csv")
    );
    let error = ws.error(&body, "train");
    assert!(error.contains("ratings must be numbers"), "{error}");
    // One item cannot have neighbours: the error says so when the outputs are read.
    ws.write("one.csv", "who,what,stars\n1,a,5\n2,a,4\n");
    let error = ws.error(&body.replace("text.csv", "one.csv"), "train.neighbours");
    assert!(error.contains("at least 2 are needed"), "{error}");
    let _ = DataFrame::empty();
}

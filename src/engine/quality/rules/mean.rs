//! Mean: checks the average of a numeric column's values (missing values left out).
//! Why it matters: an average far from usual means a unit changed (cents for euros) or outliers arrived.
//! Example: `Mean "amount" between 10 and 200`; dynamically `Mean "amount" between avg(last(5)) * 0.5 and avg(last(5)) * 1.5`.
//! How to fix it: preview the column's statistics for outliers or a changed unit; filter or
//! correct them upstream, or adjust the bounds if the data really moved.

use super::{Context, Measure, Rule, statistic};

pub(super) fn measure(rule: &Rule, ctx: &Context<'_>) -> Result<Measure, String> {
    statistic(rule, ctx, |column| column.mean(), "the average")
}

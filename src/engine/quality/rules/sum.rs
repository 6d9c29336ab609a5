//! Sum: checks the total of a numeric column's values (missing values left out).
//! Why it matters: a total that drops or jumps means rows were lost or loaded twice.
//! Example: `Sum "quantity" > 0`; dynamically `Sum "amount" between avg(last(5)) * 0.5 and avg(last(5)) * 1.5`.
//! How to fix it: preview the column's statistics for outliers or a changed unit; filter or
//! correct them upstream, or adjust the bounds if the data really moved.

use super::{Context, Measure, Rule, statistic};

pub(super) fn measure(rule: &Rule, ctx: &Context<'_>) -> Result<Measure, String> {
    statistic(rule, ctx, |column| column.sum(), "the total")
}

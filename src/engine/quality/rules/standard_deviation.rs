//! StandardDeviation: checks the standard deviation (of the population) of a numeric column's values (missing values left out).
//! Why it matters: a spread that grows means outliers or mixed units.
//! Example: `StandardDeviation "price" < 50`; dynamically `StandardDeviation "amount" between avg(last(5)) * 0.5 and avg(last(5)) * 1.5`.
//! How to fix it: preview the column's statistics for outliers or a changed unit; filter or
//! correct them upstream, or adjust the bounds if the data really moved.

use super::{Context, Measure, Rule, statistic};

pub(super) fn measure(rule: &Rule, ctx: &Context<'_>) -> Result<Measure, String> {
    statistic(rule, ctx, |column| column.std(0), "the standard deviation")
}

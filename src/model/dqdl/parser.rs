//! The DQDL parser: a document (`Metadata`, `DataSources`, variable declarations, `Rules = [ … ]`)
//! or a bare list of rules, read by recursive descent over the lexer's tokens, in the published
//! grammar's shape. Each rule is checked against its type as it is read (parameters, condition,
//! clauses), so a rule set that parses is one the engine can evaluate.

use std::collections::BTreeMap;
use std::ops::Range;

use super::error::DqdlError;
use super::lexer::{Spanned, Token, tokens};
use super::rule_type::{ConditionKind, RuleType};
use super::{
    ArithOp, Comparison, Condition, DateValue, Duration, Function, NumberExpr, Parameter, Rule,
    Ruleset, Severity, StringValue, TopRule,
};
use crate::model::suggest::nearest;

/// Parses a DQDL rule set: `Rules = [ … ]` (with optional `Metadata`, `DataSources` and
/// variables before it), or the rules alone, separated by commas.
pub fn parse(text: &str) -> Result<Ruleset, DqdlError> {
    let mut parser = Parser {
        text,
        tokens: tokens(text)?,
        at: 0,
        variables: BTreeMap::new(),
        rule_index: 0,
    };
    parser.document()
}

/// A condition operand before the rule type says what it must be.
enum Operand {
    Number(NumberExpr),
    String(StringValue),
    Date(DateValue),
    Duration(Duration),
    /// `null`: whatever the other operands or the rule type say.
    Null,
    /// `$name`, resolved to a list of strings for `in`.
    StringList(Vec<StringValue>),
}

/// A variable's value (`name = "x"` or `name = ["a", "b"]`).
#[derive(Clone)]
enum Variable {
    One(StringValue),
    List(Vec<StringValue>),
}

const KEYWORDS: &[&str] = &[
    "between", "in", "not", "matches", "with", "where", "and", "AND", "or", "OR", "of", "OF",
];

struct Parser<'t> {
    text: &'t str,
    tokens: Vec<Spanned>,
    at: usize,
    variables: BTreeMap<String, Variable>,
    /// The top-level rule being read, from 1 (0 outside the rules).
    rule_index: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at).map(|t| &t.token)
    }

    fn peek_at(&self, ahead: usize) -> Option<&Token> {
        self.tokens.get(self.at + ahead).map(|t| &t.token)
    }

    fn peek_word(&self) -> Option<&str> {
        match self.peek() {
            Some(Token::Word(word)) => Some(word),
            _ => None,
        }
    }

    fn here(&self) -> Range<usize> {
        match self.tokens.get(self.at) {
            Some(token) => token.span.clone(),
            None => self.text.len()..self.text.len(),
        }
    }

    /// The end of the last token read.
    fn last_end(&self) -> usize {
        self.at
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .map_or(0, |t| t.span.end)
    }

    fn next(&mut self) -> Option<Spanned> {
        let token = self.tokens.get(self.at).cloned();
        self.at += usize::from(token.is_some());
        token
    }

    fn error(&self, span: Range<usize>, message: impl Into<String>) -> DqdlError {
        let error = DqdlError::at(self.text, span, message);
        if self.rule_index > 0 {
            error.in_rule(self.rule_index)
        } else {
            error
        }
    }

    /// An error at the current token: "expected X, found Y".
    fn expected(&self, what: &str) -> DqdlError {
        let found = match self.peek() {
            Some(token) => format!("found {}", token.describe()),
            None => "the rules end here".to_string(),
        };
        self.error(self.here(), format!("expected {what}, {found}"))
    }

    fn expect(&mut self, token: &Token, what: &str) -> Result<Range<usize>, DqdlError> {
        if self.peek() == Some(token) {
            Ok(self.next().map(|t| t.span).unwrap_or_default())
        } else {
            Err(self.expected(what))
        }
    }

    fn eat_word(&mut self, words: &[&str]) -> bool {
        if self.peek_word().is_some_and(|w| words.contains(&w)) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn document(&mut self) -> Result<Ruleset, DqdlError> {
        let section = |word: Option<&str>, next: Option<&Token>| {
            word.filter(|_| next == Some(&Token::Eq))
                .map(str::to_string)
        };
        // Sections and variables, in any order, before the rules.
        while let Some(name) = section(self.peek_word(), self.peek_at(1)) {
            match name.as_str() {
                "Rules" => {
                    self.at += 2;
                    self.expect(&Token::LBracket, "`[` to open the rules")?;
                    let rules = self.rules(Some(&Token::RBracket))?;
                    self.expect(&Token::RBracket, "`,` or `]` after a rule")?;
                    if self.peek_word() == Some("Analyzers") {
                        return Err(self.error(
                            self.here(),
                            "Sluice evaluates `Rules`; `Analyzers` are not supported",
                        ));
                    }
                    if self.peek().is_some() {
                        return Err(self.expected("the end of the rule set after `]`"));
                    }
                    return Ok(Ruleset { rules });
                }
                "Metadata" | "DataSources" => {
                    self.at += 2;
                    self.skip_dictionary()?;
                }
                "Analyzers" => {
                    return Err(self.error(
                        self.here(),
                        "Sluice evaluates `Rules`; `Analyzers` are not supported",
                    ));
                }
                _ if RuleType::from_name(&name).is_some() => break,
                _ => {
                    self.at += 2;
                    let value = self.variable_value()?;
                    self.variables.insert(name, value);
                }
            }
        }
        // A bare list of rules.
        let rules = self.rules(None)?;
        if self.peek().is_some() {
            return Err(self.expected("`,` between rules"));
        }
        Ok(Ruleset { rules })
    }

    fn skip_dictionary(&mut self) -> Result<(), DqdlError> {
        self.expect(&Token::LBrace, "`{`")?;
        let mut depth = 1;
        while depth > 0 {
            match self.next().map(|t| t.token) {
                Some(Token::LBrace) => depth += 1,
                Some(Token::RBrace) => depth -= 1,
                Some(_) => {}
                None => return Err(self.expected("`}` to close the section")),
            }
        }
        Ok(())
    }

    fn variable_value(&mut self) -> Result<Variable, DqdlError> {
        if self.peek() == Some(&Token::LBracket) {
            self.at += 1;
            let mut values = vec![self.string_value()?];
            while self.peek() == Some(&Token::Comma) {
                self.at += 1;
                values.push(self.string_value()?);
            }
            self.expect(&Token::RBracket, "`]` to close the list")?;
            Ok(Variable::List(values))
        } else {
            Ok(Variable::One(self.string_value()?))
        }
    }

    fn string_value(&mut self) -> Result<StringValue, DqdlError> {
        match self.peek().cloned() {
            Some(Token::Quoted(text)) => {
                self.at += 1;
                Ok(StringValue::Quoted(text))
            }
            Some(Token::Word(word)) if matches!(word.as_str(), "null" | "NULL") => {
                self.at += 1;
                Ok(StringValue::Null)
            }
            Some(Token::Word(word)) if matches!(word.as_str(), "empty" | "EMPTY") => {
                self.at += 1;
                Ok(StringValue::Empty)
            }
            Some(Token::Word(word))
                if matches!(word.as_str(), "whitespaces_only" | "WHITESPACES_ONLY") =>
            {
                self.at += 1;
                Ok(StringValue::WhitespacesOnly)
            }
            _ => Err(self.expected("a quoted string")),
        }
    }

    /// Rules separated by commas, up to `end` (or the end of the text).
    fn rules(&mut self, end: Option<&Token>) -> Result<Vec<TopRule>, DqdlError> {
        let mut rules = Vec::new();
        loop {
            if self.peek() == end || (end.is_some() && self.peek().is_none()) {
                if self.peek().is_none() && end.is_some() {
                    return Err(self.expected("`]` to close the rules"));
                }
                return Ok(rules);
            }
            self.rule_index = rules.len() + 1;
            rules.push(self.top_rule()?);
            self.rule_index = 0;
            if self.peek() == Some(&Token::Comma) {
                self.at += 1;
            } else {
                return Ok(rules);
            }
        }
    }

    /// `a or b`, where `and` binds tighter, as in the grammar's order of alternatives.
    fn top_rule(&mut self) -> Result<TopRule, DqdlError> {
        let start = self.here().start;
        let first = self.all_rule()?;
        if !self.peek_word().is_some_and(|w| w == "or" || w == "OR") {
            return Ok(first);
        }
        let mut parts = vec![first];
        while self.eat_word(&["or", "OR"]) {
            parts.push(self.all_rule()?);
        }
        Ok(TopRule::Any(parts, start..self.last_end()))
    }

    fn all_rule(&mut self) -> Result<TopRule, DqdlError> {
        let start = self.here().start;
        let first = self.atom_rule()?;
        if !self.composite_and_ahead() {
            return Ok(first);
        }
        let mut parts = vec![first];
        while self.composite_and_ahead() {
            self.at += 1;
            parts.push(self.atom_rule()?);
        }
        Ok(TopRule::All(parts, start..self.last_end()))
    }

    /// `and` joining two rules (not `and` in `between 1 and 5`, nor a connector before a
    /// parameter, which the rule itself reads).
    fn composite_and_ahead(&self) -> bool {
        self.peek_word().is_some_and(|w| w == "and" || w == "AND")
            && matches!(self.peek_at(1), Some(Token::LParen) | Some(Token::Word(_)))
    }

    fn atom_rule(&mut self) -> Result<TopRule, DqdlError> {
        if self.peek() == Some(&Token::LParen) {
            self.at += 1;
            let inner = self.top_rule()?;
            self.expect(&Token::RParen, "`)` to close the rule")?;
            return Ok(inner);
        }
        Ok(TopRule::Rule(self.rule()?))
    }

    fn rule(&mut self) -> Result<Rule, DqdlError> {
        let name_span = self.here();
        let Some(Token::Word(name)) = self.peek().cloned() else {
            return Err(self.expected("a rule (such as `IsComplete \"id\"` or `RowCount > 0`)"));
        };
        let Some(rule_type) = RuleType::from_name(&name) else {
            let names = RuleType::ALL.iter().map(|t| t.name());
            let message = match nearest(&name, names) {
                Some(near) => format!("{name}: did you mean {near}?"),
                None => format!(
                    "`{name}` is not a DQDL rule type Sluice knows; rule types: {}",
                    RuleType::ALL
                        .iter()
                        .map(|t| t.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            return Err(self.error(name_span, message));
        };
        self.at += 1;
        let parameters = self.parameters(rule_type)?;
        let (min, max) = rule_type.parameter_count();
        if parameters.len() < min {
            let what = match rule_type {
                RuleType::CustomSql => "an SQL statement in quotes".to_string(),
                RuleType::ReferentialIntegrity => {
                    "the columns in quotes, then the reference (`\"id\" \"orders.{id}\"`)"
                        .to_string()
                }
                _ if min == 1 => "a column name in quotes".to_string(),
                _ => format!("{min} column names in quotes"),
            };
            return Err(self.error(
                name_span.start..self.here().end.max(name_span.end),
                format!("{name} takes {what}"),
            ));
        }
        if parameters.len() > max {
            return Err(self.error(
                parameters[max].span.clone(),
                format!(
                    "{name} takes {} parameter{}; this one is extra",
                    max,
                    if max == 1 { "" } else { "s" }
                ),
            ));
        }
        let condition_start = self.here();
        let condition = self.condition(rule_type)?;
        match &condition {
            Some(condition) if !rule_type.conditions().contains(&condition.kind()) => {
                let message = if rule_type.conditions().is_empty() {
                    format!("{name} takes no condition; it passes or fails by itself")
                } else {
                    format!(
                        "{name} compares {}",
                        rule_type
                            .conditions()
                            .iter()
                            .map(|k| k.describe())
                            .collect::<Vec<_>>()
                            .join(" or ")
                    )
                };
                return Err(self.error(condition_start.start..self.last_end(), message));
            }
            None if rule_type.condition_required() => {
                let kinds = rule_type.conditions();
                let example = match kinds.first() {
                    Some(ConditionKind::Duration) => "`<= 24 hours`",
                    Some(ConditionKind::String) => "`= \"INTEGER\"`",
                    _ => "`> 0` or `between 1 and 10`",
                };
                return Err(self.error(
                    condition_start,
                    format!("{name} needs a condition, such as {example}"),
                ));
            }
            _ => {}
        }
        let mut where_sql = None;
        if self.eat_word(&["where"]) {
            match self.next() {
                Some(Spanned {
                    token: Token::Quoted(sql),
                    ..
                }) if !sql.trim().is_empty() => where_sql = Some(sql),
                _ => {
                    self.at -= 1;
                    return Err(self.expected("an SQL condition in quotes after `where`"));
                }
            }
        }
        let mut threshold = None;
        let mut severity = Severity::Error;
        while self.eat_word(&["with"]) {
            let tag_span = self.here();
            match self.peek_word() {
                Some("threshold") => {
                    self.at += 1;
                    if !rule_type.threshold() {
                        return Err(self.error(
                            tag_span,
                            format!(
                                "{name} does not take `with threshold`; rules that do: {}",
                                RuleType::ALL
                                    .iter()
                                    .filter(|t| t.threshold())
                                    .map(|t| t.name())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        ));
                    }
                    let start = self.here();
                    match self.condition(RuleType::RowCount)? {
                        Some(Condition::Number(comparison)) => threshold = Some(comparison),
                        _ => {
                            return Err(self.error(
                                start,
                                "a threshold is a share of rows: `with threshold > 0.9`",
                            ));
                        }
                    }
                }
                Some("severity") => {
                    self.at += 1;
                    self.expect(&Token::Eq, "`=` after `severity`")?;
                    let value_span = self.here();
                    severity = match self.next().map(|t| t.token) {
                        Some(Token::Quoted(value)) if value == "warn" => Severity::Warn,
                        Some(Token::Quoted(value)) if value == "error" => Severity::Error,
                        _ => {
                            return Err(
                                self.error(value_span, "a severity is \"warn\" or \"error\"")
                            );
                        }
                    };
                }
                _ => {
                    return Err(self.error(
                        tag_span,
                        "after `with`: `threshold` (`with threshold > 0.9`) or `severity` (`with severity = \"warn\"`)",
                    ));
                }
            }
        }
        Ok(Rule {
            rule_type,
            parameters,
            condition,
            where_sql,
            threshold,
            severity,
            span: name_span.start..self.last_end(),
        })
    }

    fn parameters(&mut self, rule_type: RuleType) -> Result<Vec<Parameter>, DqdlError> {
        let max = rule_type.parameter_count().1;
        let mut parameters = Vec::new();
        loop {
            // A connector word (`of`, `and`) before a quoted parameter.
            if self
                .peek_word()
                .is_some_and(|w| matches!(w, "of" | "OF" | "and" | "AND"))
                && matches!(self.peek_at(1), Some(Token::Quoted(_)))
                && !parameters.is_empty()
            {
                self.at += 1;
            }
            match self.peek().cloned() {
                Some(Token::Quoted(value)) => {
                    let span = self.here();
                    self.at += 1;
                    parameters.push(Parameter { value, span });
                }
                Some(Token::Word(word))
                    if parameters.len() < max
                        && !KEYWORDS.contains(&word.as_str())
                        && RuleType::from_name(&word).is_none() =>
                {
                    let span = self.here();
                    self.at += 1;
                    parameters.push(Parameter { value: word, span });
                }
                _ => return Ok(parameters),
            }
        }
    }

    /// A condition, if one follows: a comparison, `between`, `in`, `matches`, negated with
    /// `not` or `!`. `rule_type` settles what a lone `null` is.
    fn condition(&mut self, rule_type: RuleType) -> Result<Option<Condition>, DqdlError> {
        let negated_word = self.peek_word() == Some("not")
            && matches!(self.peek_at(1), Some(Token::Word(w)) if matches!(w.as_str(), "between" | "in" | "matches"));
        if negated_word {
            self.at += 1;
        }
        let bang = !negated_word && self.peek() == Some(&Token::Bang);
        if bang {
            self.at += 1;
            if self.peek() != Some(&Token::Eq) {
                return Err(self.expected("`=` after `!`"));
            }
        }
        let negated = negated_word || bang;
        let start = self.here();
        let comparison: Comparison<Operand> = match self.peek().cloned() {
            Some(Token::Word(word)) if word == "between" => {
                self.at += 1;
                let low = self.operand()?;
                if !self.eat_word(&["and", "AND"]) {
                    return Err(self.expected("`and` in `between … and …`"));
                }
                let high = self.operand()?;
                Comparison::Between { low, high, negated }
            }
            Some(Token::Word(word)) if word == "in" => {
                self.at += 1;
                if self.peek() == Some(&Token::Dollar) {
                    let list = self.variable_list()?;
                    Comparison::In {
                        values: vec![Operand::StringList(list)],
                        negated,
                    }
                } else {
                    self.expect(&Token::LBracket, "`[` to open the list after `in`")?;
                    let mut values = vec![self.operand()?];
                    while self.peek() == Some(&Token::Comma) {
                        self.at += 1;
                        values.push(self.operand()?);
                    }
                    self.expect(&Token::RBracket, "`,` or `]` in the list")?;
                    Comparison::In { values, negated }
                }
            }
            Some(Token::Word(word)) if word == "matches" => {
                self.at += 1;
                return match self.next().map(|t| t.token) {
                    Some(Token::Quoted(pattern)) => {
                        if let Err(error) = regex_syntax_check(&pattern) {
                            return Err(self.error(
                                self.tokens[self.at - 1].span.clone(),
                                format!("not a regular expression: {error}"),
                            ));
                        }
                        Ok(Some(Condition::Matches { pattern, negated }))
                    }
                    _ => {
                        self.at -= 1;
                        Err(self.expected("a regular expression in quotes after `matches`"))
                    }
                };
            }
            Some(Token::Gt) => {
                self.at += 1;
                Comparison::Greater(self.operand()?)
            }
            Some(Token::Ge) => {
                self.at += 1;
                Comparison::GreaterOrEqual(self.operand()?)
            }
            Some(Token::Lt) => {
                self.at += 1;
                Comparison::Less(self.operand()?)
            }
            Some(Token::Le) => {
                self.at += 1;
                Comparison::LessOrEqual(self.operand()?)
            }
            Some(Token::Eq) => {
                self.at += 1;
                Comparison::Equal {
                    value: self.operand()?,
                    negated,
                }
            }
            _ if negated => return Err(self.expected("`between`, `in`, `matches` or `=`")),
            _ => return Ok(None),
        };
        let span = start.start..self.last_end();
        self.typed(comparison, rule_type, span).map(Some)
    }

    fn variable_list(&mut self) -> Result<Vec<StringValue>, DqdlError> {
        let span = self.here();
        self.at += 1;
        let Some(Token::Word(name)) = self.next().map(|t| t.token) else {
            return Err(self.error(span, "a variable name after `$`"));
        };
        match self.variables.get(&name) {
            Some(Variable::List(values)) => Ok(values.clone()),
            Some(Variable::One(value)) => Ok(vec![value.clone()]),
            None => {
                let hint = nearest(&name, self.variables.keys().map(String::as_str))
                    .map(|n| format!("; did you mean `${n}`?"))
                    .unwrap_or_default();
                Err(self.error(
                    span.start..self.last_end(),
                    format!("`${name}` is not declared before the rules{hint}"),
                ))
            }
        }
    }

    /// The comparison's operands made one kind of value, as the rule type allows.
    fn typed(
        &self,
        comparison: Comparison<Operand>,
        rule_type: RuleType,
        span: Range<usize>,
    ) -> Result<Condition, DqdlError> {
        let kind_of = |operand: &Operand| match operand {
            Operand::Number(_) => Some(ConditionKind::Number),
            Operand::String(_) | Operand::StringList(_) => Some(ConditionKind::String),
            Operand::Date(_) => Some(ConditionKind::Date),
            Operand::Duration(_) => Some(ConditionKind::Duration),
            Operand::Null => None,
        };
        let kinds: Vec<ConditionKind> = comparison
            .operands()
            .into_iter()
            .filter_map(kind_of)
            .collect();
        let allowed = rule_type.conditions();
        let mut kind = kinds
            .first()
            .copied()
            .or_else(|| allowed.first().copied())
            .unwrap_or(ConditionKind::Number);
        // A date-shaped string where the rule compares strings and not dates is a string.
        if kind == ConditionKind::Date
            && !allowed.contains(&ConditionKind::Date)
            && allowed.contains(&ConditionKind::String)
        {
            kind = ConditionKind::String;
        }
        let mixed = kinds
            .iter()
            .any(|k| *k != kind && !(kind == ConditionKind::String && *k == ConditionKind::Date));
        if mixed {
            return Err(self.error(
                span,
                "the values of one condition are all numbers, all strings, all dates or all durations",
            ));
        }
        let condition = match kind {
            ConditionKind::Number => Condition::Number(comparison.map(|o| match o {
                Operand::Number(n) => n,
                _ => NumberExpr::Null,
            })),
            ConditionKind::Duration => Condition::Duration(comparison.map(|o| match o {
                Operand::Duration(d) => d,
                _ => Duration { seconds: 0.0 },
            })),
            ConditionKind::Date => Condition::Date(comparison.map(|o| match o {
                Operand::Date(d) => d,
                _ => DateValue::Null,
            })),
            ConditionKind::String => {
                // `in $list` spreads the variable's values.
                let comparison = match comparison {
                    Comparison::In { values, negated } => Comparison::In {
                        values: values
                            .into_iter()
                            .flat_map(|o| match o {
                                Operand::StringList(list) => list,
                                other => vec![string_of(other)],
                            })
                            .collect(),
                        negated,
                    },
                    other => other.map(string_of),
                };
                Condition::String(comparison)
            }
        };
        Ok(condition)
    }

    /// One operand: a number expression, a string, a date or a duration.
    fn operand(&mut self) -> Result<Operand, DqdlError> {
        match self.peek().cloned() {
            Some(Token::Quoted(text)) => {
                self.at += 1;
                Ok(if is_iso_date(&text) {
                    Operand::Date(DateValue::Literal(text))
                } else {
                    Operand::String(StringValue::Quoted(text))
                })
            }
            Some(Token::Dollar) => {
                let span = self.here();
                let list = self.variable_list()?;
                match <[StringValue; 1]>::try_from(list) {
                    Ok([one]) => Ok(Operand::String(one)),
                    Err(_) => Err(self.error(
                        span.start..self.last_end(),
                        "a list variable goes after `in` (`in $allowed`)",
                    )),
                }
            }
            Some(Token::Word(word)) if matches!(word.as_str(), "null" | "NULL") => {
                self.at += 1;
                Ok(Operand::Null)
            }
            Some(Token::Word(word))
                if matches!(
                    word.as_str(),
                    "empty" | "EMPTY" | "whitespaces_only" | "WHITESPACES_ONLY"
                ) =>
            {
                Ok(Operand::String(self.string_value()?))
            }
            Some(Token::Word(word)) if word == "now" => Ok(Operand::Date(self.now(0)?)),
            Some(Token::LParen) if self.peek_at(1) == Some(&Token::Word("now".into())) => {
                self.at += 1;
                let now_span = self.here();
                self.now(0)?;
                let sign = match self.next().map(|t| t.token) {
                    Some(Token::Minus) => -1,
                    Some(Token::Plus) => 1,
                    _ => {
                        return Err(
                            self.error(now_span, "`(now() - 3 days)` or `(now() + 1 hours)`")
                        );
                    }
                };
                let duration = match self.duration()? {
                    Some(duration) => duration,
                    None => return Err(self.expected("a duration such as `3 days`")),
                };
                self.expect(&Token::RParen, "`)` after the duration")?;
                Ok(Operand::Date(DateValue::Now {
                    offset_seconds: sign * duration.seconds as i64,
                }))
            }
            Some(Token::Number(_)) => {
                if let Some(duration) = self.duration()? {
                    return Ok(Operand::Duration(duration));
                }
                Ok(Operand::Number(self.number_expr()?))
            }
            Some(Token::Minus) | Some(Token::LParen) | Some(Token::Word(_)) => {
                Ok(Operand::Number(self.number_expr()?))
            }
            _ => Err(self.expected("a number, a string in quotes, a date or a duration")),
        }
    }

    fn now(&mut self, offset_seconds: i64) -> Result<DateValue, DqdlError> {
        self.at += 1;
        self.expect(&Token::LParen, "`()` after `now`")?;
        self.expect(&Token::RParen, "`)` after `now(`")?;
        Ok(DateValue::Now { offset_seconds })
    }

    /// `24 hours`, `3 days`, `30 minutes`, when a number and a unit follow.
    fn duration(&mut self) -> Result<Option<Duration>, DqdlError> {
        let (Some(Token::Number(amount)), Some(Token::Word(unit))) =
            (self.peek().cloned(), self.peek_at(1).cloned())
        else {
            return Ok(None);
        };
        let seconds_per = match unit.as_str() {
            "days" | "day" => 86_400.0,
            "hours" | "hour" => 3_600.0,
            "minutes" | "minute" => 60.0,
            "B" | "KB" | "MB" | "GB" | "TB" => {
                let span = self.tokens[self.at + 1].span.clone();
                return Err(self.error(
                    span,
                    "sizes apply to file rules (FileSize), which Sluice does not check",
                ));
            }
            _ => return Ok(None),
        };
        self.at += 2;
        Ok(Some(Duration {
            seconds: amount * seconds_per,
        }))
    }

    /// Arithmetic over numbers and functions of past values: `avg(last(3)) * 0.8`.
    fn number_expr(&mut self) -> Result<NumberExpr, DqdlError> {
        self.left_associative(Self::number_term, |token| match token {
            Token::Plus => Some(ArithOp::Add),
            Token::Minus => Some(ArithOp::Subtract),
            _ => None,
        })
    }

    fn number_term(&mut self) -> Result<NumberExpr, DqdlError> {
        self.left_associative(Self::number_factor, |token| match token {
            Token::Star => Some(ArithOp::Multiply),
            Token::Slash => Some(ArithOp::Divide),
            _ => None,
        })
    }

    /// Operands read by `operand`, joined left to right by the operators `op_of` accepts.
    fn left_associative(
        &mut self,
        operand: fn(&mut Self) -> Result<NumberExpr, DqdlError>,
        op_of: fn(&Token) -> Option<ArithOp>,
    ) -> Result<NumberExpr, DqdlError> {
        let mut left = operand(self)?;
        while let Some(op) = self.peek().and_then(op_of) {
            self.at += 1;
            let right = operand(self)?;
            left = NumberExpr::Binary {
                op,
                left: Box::new(left),
                right: Box::new(right),
            };
        }
        Ok(left)
    }

    fn number_factor(&mut self) -> Result<NumberExpr, DqdlError> {
        match self.peek().cloned() {
            Some(Token::Number(value)) => {
                self.at += 1;
                Ok(NumberExpr::Literal(value))
            }
            Some(Token::Minus) => {
                self.at += 1;
                match self.number_factor()? {
                    NumberExpr::Literal(value) => Ok(NumberExpr::Literal(-value)),
                    other => Ok(NumberExpr::Binary {
                        op: ArithOp::Subtract,
                        left: Box::new(NumberExpr::Literal(0.0)),
                        right: Box::new(other),
                    }),
                }
            }
            Some(Token::LParen) => {
                self.at += 1;
                let inner = self.number_expr()?;
                self.expect(&Token::RParen, "`)`")?;
                Ok(inner)
            }
            Some(Token::Word(word)) if matches!(word.as_str(), "null" | "NULL") => {
                self.at += 1;
                Ok(NumberExpr::Null)
            }
            Some(Token::Word(name)) if self.peek_at(1) == Some(&Token::LParen) => {
                let span = self.here();
                let Some(function) = Function::from_name(&name) else {
                    let names = Function::ALL.iter().map(|(_, n)| *n);
                    let hint = nearest(&name, names)
                        .map(|n| format!("; did you mean `{n}`?"))
                        .unwrap_or_else(|| {
                            "; functions: last, avg, min, max, std, abs, index".to_string()
                        });
                    return Err(self.error(span, format!("`{name}` is not a function{hint}")));
                };
                self.at += 2;
                let mut args = Vec::new();
                if self.peek() != Some(&Token::RParen) {
                    args.push(self.number_expr()?);
                    while self.peek() == Some(&Token::Comma) {
                        self.at += 1;
                        args.push(self.number_expr()?);
                    }
                }
                self.expect(&Token::RParen, "`)` to close the call")?;
                let wanted = match function {
                    Function::Index => 2,
                    _ => 1,
                };
                if args.len() != wanted {
                    return Err(self.error(
                        span.start..self.last_end(),
                        format!(
                            "`{name}` takes {wanted} argument{}",
                            if wanted == 1 { "" } else { "s" }
                        ),
                    ));
                }
                Ok(NumberExpr::Call { function, args })
            }
            _ => Err(self.expected("a number")),
        }
    }
}

fn string_of(operand: Operand) -> StringValue {
    match operand {
        Operand::String(value) => value,
        Operand::Date(DateValue::Literal(text)) => StringValue::Quoted(text),
        _ => StringValue::Null,
    }
}

/// `YYYY-MM-DD`, the grammar's DATE token.
fn is_iso_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

/// Whether a `matches` pattern is a regular expression the engine can use.
fn regex_syntax_check(pattern: &str) -> Result<(), String> {
    regex::Regex::new(pattern).map(|_| ()).map_err(|e| {
        e.to_string()
            .lines()
            .last()
            .unwrap_or_default()
            .trim_start_matches("error: ")
            .to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_rule(text: &str) -> Rule {
        let ruleset = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        match ruleset.rules.as_slice() {
            [TopRule::Rule(rule)] => rule.clone(),
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn a_document_and_a_bare_list_parse_alike() {
        let document = parse(
            "Metadata = { \"Version\": \"1.0\" }\nRules = [\n  IsComplete \"id\",\n  RowCount > 10\n]",
        )
        .expect("document");
        let bare = parse("IsComplete \"id\", RowCount > 10").expect("bare");
        assert_eq!(document.rules.len(), 2);
        assert_eq!(
            document
                .rules
                .iter()
                .map(|r| r.leaves()[0].rule_type)
                .collect::<Vec<_>>(),
            bare.rules
                .iter()
                .map(|r| r.leaves()[0].rule_type)
                .collect::<Vec<_>>()
        );
        assert!(parse("Rules = [ ]").expect("empty").rules.is_empty());
    }

    #[test]
    fn conditions_clauses_and_tags() {
        let rule = one_rule(
            "ColumnValues \"rating\" between 1 and 5 where \"year = 2024\" with threshold >= 0.9 with severity = \"warn\"",
        );
        assert_eq!(rule.rule_type, RuleType::ColumnValues);
        assert_eq!(rule.parameters[0].value, "rating");
        assert!(matches!(
            rule.condition,
            Some(Condition::Number(Comparison::Between {
                negated: false,
                ..
            }))
        ));
        assert_eq!(rule.where_sql.as_deref(), Some("year = 2024"));
        assert!(
            matches!(rule.threshold, Some(Comparison::GreaterOrEqual(NumberExpr::Literal(v))) if v == 0.9)
        );
        assert_eq!(rule.severity, Severity::Warn);

        let rule = one_rule("ColumnValues \"status\" not in [\"lost\", EMPTY]");
        assert_eq!(
            rule.condition,
            Some(Condition::String(Comparison::In {
                values: vec![StringValue::Quoted("lost".into()), StringValue::Empty],
                negated: true,
            }))
        );
        let rule = one_rule("ColumnValues \"day\" > (now() - 3 days)");
        assert_eq!(
            rule.condition,
            Some(Condition::Date(Comparison::Greater(DateValue::Now {
                offset_seconds: -3 * 86_400
            })))
        );
        let rule = one_rule("DataFreshness \"updated_at\" <= 24 hours");
        assert!(matches!(
            rule.condition,
            Some(Condition::Duration(Comparison::LessOrEqual(Duration { seconds }))) if seconds == 86_400.0
        ));
        let rule = one_rule("ColumnValues \"email\" matches \"[a-z]+@[a-z.]+\"");
        assert!(matches!(
            rule.condition,
            Some(Condition::Matches { negated: false, .. })
        ));
        let rule = one_rule("ColumnDataType \"d\" = \"2024-01-01\"");
        assert!(
            matches!(rule.condition, Some(Condition::String(_))),
            "a string rule"
        );
    }

    #[test]
    fn dynamic_rules_evaluate_against_history() {
        let rule = one_rule("RowCount > avg(last(3)) * 0.8");
        let Some(Condition::Number(Comparison::Greater(expr))) = rule.condition else {
            panic!("a comparison");
        };
        assert!(expr.is_dynamic());
        assert_eq!(expr.evaluate(&[10.0, 100.0, 200.0, 300.0]), Some(160.0));
        assert_eq!(expr.evaluate(&[100.0]), None, "too little history");
        let rule = one_rule("Mean \"x\" between min(last(2)) - 1 and index(last(2), 1) + 1");
        let Some(Condition::Number(Comparison::Between { low, high, .. })) = rule.condition else {
            panic!("between");
        };
        assert_eq!(low.evaluate(&[4.0, 6.0]), Some(3.0));
        assert_eq!(high.evaluate(&[4.0, 6.0]), Some(7.0));
    }

    #[test]
    fn composites_nest_with_and_binding_tighter() {
        let ruleset = parse(
            "(IsComplete \"a\") and (IsComplete \"b\") or (RowCount > 0), IsPrimaryKey \"x\" \"y\"",
        )
        .expect("composite");
        let TopRule::Any(parts, _) = &ruleset.rules[0] else {
            panic!("or at the top: {:?}", ruleset.rules[0]);
        };
        assert!(matches!(&parts[0], TopRule::All(inner, _) if inner.len() == 2));
        assert_eq!(ruleset.rules[1].leaves()[0].parameters.len(), 2);
    }

    #[test]
    fn variables_declared_before_the_rules() {
        let ruleset = parse("allowed = [\"a\", \"b\"]\nRules = [ ColumnValues \"c\" in $allowed ]")
            .expect("variables");
        assert!(matches!(
            &ruleset.rules[0].leaves()[0].condition,
            Some(Condition::String(Comparison::In { values, .. })) if values.len() == 2
        ));
        let error = parse("allowed = [\"a\"]\nRules = [ ColumnValues \"c\" in $alowed ]")
            .expect_err("undeclared");
        assert!(error.message.contains("did you mean `$allowed`"), "{error}");
    }

    #[test]
    fn errors_point_at_the_rule_line_and_column_with_a_suggestion() {
        let error =
            parse("Rules = [\n  IsComplete \"id\",\n  IsUniqe \"id\"\n]").expect_err("typo");
        assert_eq!(error.message, "IsUniqe: did you mean IsUnique?");
        assert_eq!((error.rule, error.line, error.column), (Some(2), 3, 3));
        assert_eq!(
            error.to_string(),
            "rule 2, line 3, column 3: IsUniqe: did you mean IsUnique?"
        );

        let cases = [
            ("RowCount", "RowCount needs a condition"),
            ("IsComplete", "IsComplete takes a column name in quotes"),
            ("IsComplete \"a\" > 3", "IsComplete takes no condition"),
            ("RowCount = \"x\"", "RowCount compares a number"),
            (
                "Mean \"x\" > 1 with threshold > 0.5",
                "does not take `with threshold`",
            ),
            ("ColumnValues \"x\" between 1", "expected `and`"),
            (
                "ColumnValues \"x\" in [1, \"a\"]",
                "all numbers, all strings",
            ),
            (
                "ColumnValues \"x\" matches \"(a\"",
                "not a regular expression",
            ),
            ("RowCount > avrg(last(3))", "did you mean `avg`?"),
            ("IsComplete \"a\" IsComplete \"b\"", "`,` between rules"),
            ("Rules = [ IsComplete \"a\"", "`,` or `]` after a rule"),
            (
                "IsComplete \"a\" with severity = \"fatal\"",
                "\"warn\" or \"error\"",
            ),
            ("DataFreshness \"t\" <= 3 MB", "sizes apply to file rules"),
        ];
        for (text, expected) in cases {
            let error = parse(text).expect_err(text);
            assert!(error.to_string().contains(expected), "{text}: {error}");
        }
    }
}

//! Python source text: string literals, lists and names that are safe as variables.

/// `text` as a Python string literal. JSON's string syntax is valid Python.
pub fn string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

/// `text` as a raw triple-quoted literal when that reads better and is exact (queries, rules),
/// else as a plain literal.
pub fn long_string(text: &str) -> String {
    let raw_safe = !text.contains("\"\"\"") && !text.ends_with(['"', '\\']) && !text.contains('\r');
    if raw_safe && text.contains('\n') {
        format!("r\"\"\"{text}\"\"\"")
    } else {
        string(text)
    }
}

/// A list of string literals: `["a", "b"]`.
pub fn strings<S: AsRef<str>>(texts: &[S]) -> String {
    let items: Vec<String> = texts.iter().map(|t| string(t.as_ref())).collect();
    format!("[{}]", items.join(", "))
}

/// Names a script must not take for a node's table: Python's keywords and builtins a script
/// uses, and the script's own names.
const RESERVED: &[&str] = &[
    "False",
    "None",
    "True",
    "and",
    "as",
    "assert",
    "async",
    "await",
    "break",
    "class",
    "continue",
    "def",
    "del",
    "elif",
    "else",
    "except",
    "finally",
    "for",
    "from",
    "global",
    "if",
    "import",
    "in",
    "is",
    "lambda",
    "nonlocal",
    "not",
    "or",
    "pass",
    "raise",
    "return",
    "try",
    "while",
    "with",
    "yield",
    "match",
    "case",
    "print",
    "list",
    "dict",
    "len",
    "sys",
    "F",
    "Window",
    "SparkConf",
    "SparkSession",
    "args",
    "spark",
    "glue",
    "source",
    "target",
    "column",
    "conform",
    "under",
    "ddl",
];

/// `name` (an identifier already) as a variable that shadows nothing.
pub fn variable(name: &str) -> String {
    let taken = RESERVED.contains(&name)
        || name.starts_with("read_")
        || name.starts_with("write_")
        || name.starts_with("__");
    if taken {
        format!("{name}_node")
    } else {
        name.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_are_exact_python() {
        assert_eq!(string("it's \"x\"\n"), r#""it's \"x\"\n""#);
        assert_eq!(
            long_string("SELECT 1\nFROM t"),
            "r\"\"\"SELECT 1\nFROM t\"\"\""
        );
        assert_eq!(long_string("a = \"b\""), r#""a = \"b\"""#);
        assert_eq!(strings(&["a", "b"]), r#"["a", "b"]"#);
        assert_eq!(variable("in"), "in_node");
        assert_eq!(variable("orders"), "orders");
    }
}

//! Identifiers for nodes, ports, parameters and requirements: `paid_orders`, `left`, `null_values`.

use std::fmt;

/// The longest identifier accepted, in characters.
pub const MAX_IDENT_CHARS: usize = 64;

/// A validated identifier: an ASCII letter or `_`, then letters, digits or `_`.
///
/// Identifiers name nodes in files, SQL queries and generated scripts, so they are kept to the
/// characters every one of those accepts without quoting.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ident(String);

/// Why a text is not a valid identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentError {
    #[error("an id cannot be empty")]
    Empty,
    #[error("`{0}` is too long: an id has at most {MAX_IDENT_CHARS} characters")]
    TooLong(String),
    #[error(
        "`{0}` is not a valid id: use letters, digits and `_`, starting with a letter or `_` (for example `paid_orders`)"
    )]
    BadCharacters(String),
}

impl Ident {
    /// Checks `text` and wraps it.
    pub fn new(text: &str) -> Result<Self, IdentError> {
        if text.is_empty() {
            return Err(IdentError::Empty);
        }
        if text.chars().count() > MAX_IDENT_CHARS {
            return Err(IdentError::TooLong(text.to_string()));
        }
        let mut chars = text.chars();
        let first_ok = chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
        if !first_ok || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(IdentError::BadCharacters(text.to_string()));
        }
        Ok(Self(text.to_string()))
    }

    /// The identifier's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Turns any text into a valid identifier by replacing what is not allowed with `_`.
    pub fn sanitized(text: &str) -> Self {
        let mut out: String = text
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .take(MAX_IDENT_CHARS)
            .collect();
        if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
            out.insert(0, '_');
            out.truncate(MAX_IDENT_CHARS);
        }
        Self(out)
    }
}

impl fmt::Display for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

impl std::borrow::Borrow<str> for Ident {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Ident {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_human_ids_and_refuses_others() {
        assert!(Ident::new("paid_orders").is_ok());
        assert!(Ident::new("_tmp2").is_ok());
        assert_eq!(Ident::new(""), Err(IdentError::Empty));
        assert!(matches!(
            Ident::new("2nd"),
            Err(IdentError::BadCharacters(_))
        ));
        assert!(matches!(
            Ident::new("a-b"),
            Err(IdentError::BadCharacters(_))
        ));
        assert!(matches!(
            Ident::new(&"a".repeat(65)),
            Err(IdentError::TooLong(_))
        ));
    }

    #[test]
    fn sanitized_is_always_valid() {
        for text in ["", "2024 sales", "Orders (raw)", "é"] {
            let id = Ident::sanitized(text);
            assert!(Ident::new(id.as_str()).is_ok(), "{text:?} gave {id:?}");
        }
    }
}

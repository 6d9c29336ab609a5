//! DQDL's tokens, as the published lexer rules define them: punctuation, comparison operators,
//! numbers, quoted strings (with `\"` and `\\` escapes), identifiers (`[a-zA-Z0-9_.]+`); `#`
//! comments and white space are skipped. Every token keeps its byte span for error messages.

use std::ops::Range;

use super::error::DqdlError;

/// One token of a DQDL document.
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    LBracket,
    RBracket,
    LParen,
    RParen,
    LBrace,
    RBrace,
    Comma,
    Colon,
    Dollar,
    /// `=`
    Eq,
    /// `!=` is lexed as `!` then `=`, as in the grammar (`NEGATION? EQUAL_TO`).
    Bang,
    Gt,
    Ge,
    Lt,
    Le,
    Plus,
    Minus,
    Star,
    Slash,
    /// A number as written: digits with an optional fraction.
    Number(f64),
    /// A double-quoted string, its escapes taken out.
    Quoted(String),
    /// A word: a rule name, a keyword (`between`, `and`, `with`…) or a bare parameter.
    Word(String),
}

impl Token {
    /// How the token reads in a message.
    pub fn describe(&self) -> String {
        match self {
            Self::Number(n) => format!("`{n}`"),
            Self::Quoted(text) => format!("\"{text}\""),
            Self::Word(word) => format!("`{word}`"),
            other => format!("`{}`", other.symbol()),
        }
    }

    fn symbol(&self) -> &'static str {
        match self {
            Self::LBracket => "[",
            Self::RBracket => "]",
            Self::LParen => "(",
            Self::RParen => ")",
            Self::LBrace => "{",
            Self::RBrace => "}",
            Self::Comma => ",",
            Self::Colon => ":",
            Self::Dollar => "$",
            Self::Eq => "=",
            Self::Bang => "!",
            Self::Gt => ">",
            Self::Ge => ">=",
            Self::Lt => "<",
            Self::Le => "<=",
            Self::Plus => "+",
            Self::Minus => "-",
            Self::Star => "*",
            Self::Slash => "/",
            Self::Number(_) | Self::Quoted(_) | Self::Word(_) => "",
        }
    }
}

/// A token and where it is in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned {
    pub token: Token,
    pub span: Range<usize>,
}

/// The tokens of `text`, or the first character that is not DQDL.
pub fn tokens(text: &str) -> Result<Vec<Spanned>, DqdlError> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let start = at;
        let c = bytes[at];
        let single = |token: Token| Spanned {
            token,
            span: start..start + 1,
        };
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => at += 1,
            b'#' => {
                at = text[at..].find('\n').map_or(bytes.len(), |n| at + n + 1);
            }
            b'[' | b']' | b'(' | b')' | b'{' | b'}' | b',' | b':' | b'$' | b'+' | b'-' | b'*'
            | b'/' | b'=' | b'!' => {
                out.push(single(match c {
                    b'[' => Token::LBracket,
                    b']' => Token::RBracket,
                    b'(' => Token::LParen,
                    b')' => Token::RParen,
                    b'{' => Token::LBrace,
                    b'}' => Token::RBrace,
                    b',' => Token::Comma,
                    b':' => Token::Colon,
                    b'$' => Token::Dollar,
                    b'+' => Token::Plus,
                    b'-' => Token::Minus,
                    b'*' => Token::Star,
                    b'/' => Token::Slash,
                    b'=' => Token::Eq,
                    _ => Token::Bang,
                }));
                at += 1;
            }
            b'>' | b'<' => {
                let or_equal = bytes.get(at + 1) == Some(&b'=');
                let token = match (c, or_equal) {
                    (b'>', false) => Token::Gt,
                    (b'>', true) => Token::Ge,
                    (_, false) => Token::Lt,
                    (_, true) => Token::Le,
                };
                let end = at + 1 + usize::from(or_equal);
                out.push(Spanned {
                    token,
                    span: start..end,
                });
                at = end;
            }
            b'"' => {
                let mut value = String::new();
                at += 1;
                loop {
                    let Some(&b) = bytes.get(at) else {
                        return Err(DqdlError::at(
                            text,
                            start..bytes.len(),
                            "a quoted string is not closed: add the closing `\"`",
                        ));
                    };
                    match b {
                        b'"' => {
                            at += 1;
                            break;
                        }
                        b'\\' if matches!(bytes.get(at + 1), Some(b'"') | Some(b'\\')) => {
                            value.push(char::from(bytes[at + 1]));
                            at += 2;
                        }
                        _ => {
                            let run = text[at..]
                                .find(['"', '\\'])
                                .map_or(bytes.len(), |n| at + n)
                                .max(at + 1);
                            value.push_str(&text[at..run]);
                            at = run;
                        }
                    }
                }
                out.push(Spanned {
                    token: Token::Quoted(value),
                    span: start..at,
                });
            }
            b'0'..=b'9' => {
                let mut end = at;
                while end < bytes.len() && bytes[end].is_ascii_digit() {
                    end += 1;
                }
                if bytes.get(end) == Some(&b'.')
                    && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)
                {
                    end += 1;
                    while end < bytes.len() && bytes[end].is_ascii_digit() {
                        end += 1;
                    }
                }
                // Digits followed by letters are a word (an identifier such as `3rd_col`).
                if bytes
                    .get(end)
                    .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
                {
                    let word_end = word_end(bytes, at);
                    out.push(Spanned {
                        token: Token::Word(text[at..word_end].to_string()),
                        span: start..word_end,
                    });
                    at = word_end;
                } else {
                    let value = text[at..end].parse::<f64>().map_err(|_| {
                        DqdlError::at(text, start..end, "not a number DQDL can read")
                    })?;
                    out.push(Spanned {
                        token: Token::Number(value),
                        span: start..end,
                    });
                    at = end;
                }
            }
            b if b.is_ascii_alphabetic() || b == b'_' => {
                let end = word_end(bytes, at);
                out.push(Spanned {
                    token: Token::Word(text[at..end].to_string()),
                    span: start..end,
                });
                at = end;
            }
            _ => {
                let width = text[at..].chars().next().map_or(1, char::len_utf8);
                let shown = &text[at..at + width];
                let hint = match shown {
                    "'" | "\u{2018}" | "\u{2019}" | "\u{201c}" | "\u{201d}" => {
                        ": strings and column names take straight double quotes (\"name\")"
                    }
                    _ => "",
                };
                return Err(DqdlError::at(
                    text,
                    start..start + width,
                    format!("`{shown}` is not part of DQDL{hint}"),
                ));
            }
        }
    }
    Ok(out)
}

/// Where a word (`[a-zA-Z0-9_.]+`) starting at `at` ends.
fn word_end(bytes: &[u8], at: usize) -> usize {
    let mut end = at;
    while end < bytes.len()
        && (bytes[end].is_ascii_alphanumeric() || matches!(bytes[end], b'_' | b'.'))
    {
        end += 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Token> {
        tokens(text)
            .expect("lexes")
            .into_iter()
            .map(|t| t.token)
            .collect()
    }

    #[test]
    fn rules_lex_into_words_numbers_strings_and_operators() {
        assert_eq!(
            kinds("Rules = [ RowCount >= 10.5, # a comment\n IsComplete \"a \\\"b\\\"\" ]"),
            [
                Token::Word("Rules".into()),
                Token::Eq,
                Token::LBracket,
                Token::Word("RowCount".into()),
                Token::Ge,
                Token::Number(10.5),
                Token::Comma,
                Token::Word("IsComplete".into()),
                Token::Quoted("a \"b\"".into()),
                Token::RBracket,
            ]
        );
    }

    #[test]
    fn a_curly_quote_is_located_and_explained() {
        let error = tokens("Rules = [ IsComplete \u{201c}id\u{201d} ]").expect_err("curly");
        assert_eq!((error.line, error.column), (1, 22));
        assert!(error.message.contains("straight double quotes"), "{error}");
    }
}

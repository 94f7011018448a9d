//! The join code: what a note-taker types to join a shared session. Random from an alphabet
//! without look-alikes, compared in constant time, ignoring case, spaces and dashes.

use rand::RngExt;
use subtle::ConstantTimeEq;

/// Letters and digits that cannot be mistaken for each other (no 0/O, 1/I/L, 5/S, 2/Z, 8/B).
pub const CODE_ALPHABET: &[u8] = b"ACDEFGHJKMNPQRTUVWXY34679";
/// Characters in a random join code.
pub const CODE_LENGTH: usize = 10;

/// Why a chosen join code (`--code`) cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JoinCodeError {
    /// Fewer than 8 letters and digits, once spaces and dashes are taken out.
    #[error(
        "a join code needs at least 8 letters or digits (got {usable} usable characters); choose a longer one, or leave --code out for a random one"
    )]
    TooShort { usable: usize },
    /// Something other than letters, digits, spaces and dashes.
    #[error(
        "a join code is made of letters A-Z and digits 0-9 (spaces and dashes are ignored), not {found:?}; choose another, or leave --code out for a random one"
    )]
    NotAlphanumeric { found: char },
}

/// A join code, kept in the form people compare: upper case, no spaces or dashes.
#[derive(Clone, PartialEq, Eq)]
pub struct JoinCode(String);

impl std::fmt::Debug for JoinCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JoinCode(…)")
    }
}

impl JoinCode {
    /// A fresh random code of [`CODE_LENGTH`] characters from [`CODE_ALPHABET`].
    pub fn random() -> JoinCode {
        let mut rng = rand::rng();
        JoinCode(
            (0..CODE_LENGTH)
                .map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char)
                .collect(),
        )
    }

    /// A code chosen by hand (`--code`): at least 8 letters or digits; case, spaces and
    /// dashes do not matter.
    pub fn parse(text: &str) -> Result<JoinCode, JoinCodeError> {
        let code = normalize_code(text);
        if let Some(found) = code.chars().find(|c| !c.is_ascii_alphanumeric()) {
            return Err(JoinCodeError::NotAlphanumeric { found });
        }
        if code.len() < 8 {
            return Err(JoinCodeError::TooShort { usable: code.len() });
        }
        Ok(JoinCode(code))
    }

    /// Compares in constant time, after the same normalisation.
    pub fn matches(&self, typed: &str) -> bool {
        let typed = normalize_code(typed);
        bool::from(self.0.as_bytes().ct_eq(typed.as_bytes()))
    }

    /// For people: a random code in groups of five ("ACDEF-GHJKM"); a chosen one as chosen
    /// (upper case, without spaces or dashes).
    pub fn display(&self) -> String {
        let random_shape =
            self.0.len() == CODE_LENGTH && self.0.bytes().all(|b| CODE_ALPHABET.contains(&b));
        if !random_shape {
            return self.0.clone();
        }
        let mut out = String::new();
        for (i, c) in self.0.chars().enumerate() {
            if i > 0 && i % 5 == 0 {
                out.push('-');
            }
            out.push(c);
        }
        out
    }
}

fn normalize_code(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .take(256)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_compare_without_case_spaces_or_dashes() {
        let code = JoinCode::parse("abcd-efgh 23").expect("valid");
        assert!(code.matches("ABCDEFGH23"));
        assert!(code.matches("abcde-fgh23"));
        assert!(!code.matches("ABCDEFGH2"));
        assert!(!code.matches(""));
    }

    #[test]
    fn a_code_that_cannot_be_used_says_why_and_what_to_do() {
        let short = JoinCode::parse("short-1 2").unwrap_err();
        assert_eq!(short, JoinCodeError::TooShort { usable: 7 });
        assert!(short.to_string().contains("at least 8"), "{short}");
        assert!(short.to_string().contains("leave --code out"), "{short}");
        assert_eq!(
            JoinCode::parse(" - ").unwrap_err(),
            JoinCodeError::TooShort { usable: 0 }
        );
        let odd = JoinCode::parse("ñññññññññ").unwrap_err();
        assert_eq!(odd, JoinCodeError::NotAlphanumeric { found: 'Ñ' });
        assert!(odd.to_string().contains("letters A-Z and digits"), "{odd}");
        // A control character is shown escaped, never sent to the terminal as is.
        let bell = JoinCode::parse("abcdefgh\u{7}").unwrap_err();
        assert!(!bell.to_string().contains('\u{7}'), "{bell}");
        assert!(JoinCode::parse("abcd-efgh").is_ok(), "8 is enough");
    }

    #[test]
    fn random_codes_use_the_unambiguous_alphabet() {
        let a = JoinCode::random();
        assert_eq!(a.0.len(), CODE_LENGTH);
        assert!(a.0.bytes().all(|b| CODE_ALPHABET.contains(&b)));
        assert!(
            JoinCode::parse(&a.display())
                .expect("own display parses")
                .matches(&a.0)
        );
        assert_ne!(a, JoinCode::random());
    }
}

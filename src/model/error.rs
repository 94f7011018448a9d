use std::fmt;

/// One thing wrong in a scenario or session, with where it is (a JSON path such as
/// `agenda[2].questions[0].id`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl Problem {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Why a change cannot be applied to a session. Nothing is changed when one is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    #[error("no exercise `{exercise}` in this session's plan ({known})")]
    UnknownExercise { exercise: String, known: String },
    #[error("exercise `{exercise}` has no slot `{slot}` ({known})")]
    UnknownSlot {
        exercise: String,
        slot: String,
        known: String,
    },
    #[error("no group \"{name}\" in this session (groups: {known})")]
    UnknownGroup { name: String, known: String },
    #[error("a group named \"{0}\" already exists")]
    DuplicateGroup(String),
    #[error("no contribution with id `{0}`")]
    UnknownContribution(String),
    #[error("a contribution with id `{0}` already exists")]
    DuplicateContribution(String),
    #[error("contribution `{0}` was withdrawn: it holds no words and cannot be changed")]
    Withdrawn(String),
    #[error("{0}")]
    Invalid(String),
}

/// How many near names an unknown name is answered with.
const NEAREST: usize = 5;

/// The names an unknown one most likely meant, for an error: all of them when there are a few
/// ("its slots: a, b"), else the nearest few by edit distance and how many there are in all.
pub fn near_names<'a>(
    wanted: &str,
    known: impl IntoIterator<Item = &'a str>,
    what: &str,
) -> String {
    let known: Vec<&str> = known.into_iter().collect();
    if known.len() <= NEAREST {
        return format!("its {what}: {}", known.join(", "));
    }
    let mut ranked: Vec<(usize, usize, &str)> = known
        .iter()
        .enumerate()
        .map(|(i, k)| (edit_distance(wanted, k), i, *k))
        .collect();
    ranked.sort();
    let nearest: Vec<&str> = ranked.iter().take(NEAREST).map(|r| r.2).collect();
    format!(
        "nearest: {}; {} {what} in all",
        nearest.join(", "),
        known.len()
    )
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Collects problems while walking a structure, tracking the JSON path.
#[derive(Debug, Default)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem::new(path, message));
    }

    /// Checks a plan string: bounded in size.
    pub fn plan_text(&mut self, path: &str, text: &str) {
        if text.len() > super::text::MAX_PLAN_STRING_BYTES {
            self.push(
                path,
                format!(
                    "text is {} bytes; a plan string may hold at most {} bytes",
                    text.len(),
                    super::text::MAX_PLAN_STRING_BYTES
                ),
            );
        }
    }

    /// Checks a required plan string: non-blank and bounded.
    pub fn required_text(&mut self, path: &str, text: &str) {
        if text.trim().is_empty() {
            self.push(path, "must not be empty");
        }
        self.plan_text(path, text);
    }

    /// Checks a list of ids: each valid and none repeated.
    pub fn ids<'a>(&mut self, path: &str, ids: impl IntoIterator<Item = &'a str>) {
        let mut seen = std::collections::BTreeSet::new();
        for (i, id) in ids.into_iter().enumerate() {
            if !super::text::is_valid_id(id) {
                self.push(
                    format!("{path}[{i}].id"),
                    format!(
                        "`{}` is not a valid id: use 1 to {} letters, digits, `-`, `_` or `.`",
                        id.chars().take(80).collect::<String>(),
                        super::text::MAX_ID_BYTES
                    ),
                );
            } else if !seen.insert(id) {
                self.push(format!("{path}[{i}].id"), format!("duplicate id `{id}`"));
            }
        }
    }
}

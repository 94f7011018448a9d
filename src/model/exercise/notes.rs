//! Notes: a teaching segment or a synopsis, captured as key points and resources (a title and
//! its link, both verbatim).

use serde::{Deserialize, Serialize};

use super::questions::Question;
use super::scenario_building::Matrix;
use super::{FieldSpec, KindModel, Slot, TextRule};
use super::{KindTexts, KindTextsMut};
use crate::model::error::Problems;

pub const KEY_POINTS_SLOT: &str = "key_points";
pub const RESOURCES_SLOT: &str = "resources";
/// The field of a resource that holds its link (a URL, or whatever was said: kept as typed).
pub const LINK_FIELD: &str = "link";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notes {
    /// What the segment covers, shown above the board (plan text; may be empty).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub topic: String,
}

impl KindModel for Notes {
    fn slots(&self) -> Vec<Slot> {
        vec![
            Slot {
                parent: None,
                id: KEY_POINTS_SLOT.to_owned(),
                label: "Key points".to_owned(),
                text_label: "key point",
                text: TextRule::Required,
                fields: Vec::new(),
            },
            Slot {
                parent: None,
                id: RESOURCES_SLOT.to_owned(),
                label: "Resources".to_owned(),
                text_label: "title",
                text: TextRule::Required,
                fields: vec![FieldSpec::optional(
                    LINK_FIELD,
                    "link (a URL or where to find it)",
                )],
            },
        ]
    }

    fn validate(&self, path: &str, problems: &mut Problems) {
        problems.plan_text(&format!("{path}.topic"), &self.topic);
    }

    fn question(&self) -> &str {
        &self.topic
    }

    fn questions(&self) -> Option<&[Question]> {
        None
    }

    fn prompt(&self, _slot: &str) -> Option<&str> {
        None
    }

    fn matrix(&self) -> Option<&Matrix> {
        None
    }

    fn axes_from(&self) -> Option<&str> {
        None
    }

    fn texts(&self) -> KindTexts<'_> {
        KindTexts {
            question: Some(&self.topic),
            question_label: "Topic",
            horizon: None,
            matrix: None,
        }
    }

    fn texts_mut(&mut self) -> KindTextsMut<'_> {
        KindTextsMut {
            question: Some(&mut self.topic),
            horizon: None,
            matrix: None,
        }
    }
}

/// Whether a link is a web address a write-up may link to (anything else is shown as text).
pub fn is_web_link(link: &str) -> bool {
    let lower = link.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty())
        && !link.chars().any(|c| c.is_whitespace() || c.is_control())
}

impl super::parts::Described for Notes {
    const LABEL: &'static str = "notes";
    const ABOUT: &'static str = "a teaching segment or synopsis: key points and resources";
    const PARTS: &'static [super::parts::Part] = &[super::parts::Part::new(
        "topic",
        "Topic",
        "what the segment covers, shown above the board",
        super::parts::Shape::LongText,
    )
    .optional()];
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn a_resource_takes_a_title_and_an_optional_link() {
        let slots = Notes::default().slots();
        let res = &slots[1];
        let mut f = BTreeMap::new();
        assert!(res.check("PAN Peer Resources page", &f).is_ok());
        f.insert("link".to_owned(), "https://example.org/x".to_owned());
        assert!(res.check("PAN Peer Resources page", &f).is_ok());
        assert!(res.check(" ", &f).is_err());
        f.insert("url".to_owned(), "x".to_owned());
        assert!(res.check("t", &f).unwrap_err().contains("no field `url`"));
        assert!(slots[0].check("", &BTreeMap::new()).is_err());
    }

    #[test]
    fn only_http_addresses_are_web_links() {
        assert!(is_web_link("https://example.org/a"));
        assert!(is_web_link("HTTP://example.org"));
        assert!(!is_web_link("https://"));
        assert!(!is_web_link("javascript:alert(1)"));
        assert!(!is_web_link("the BCCDC site"));
        assert!(!is_web_link("https://a b"));
        assert!(!is_web_link("ftp://example.org"));
    }
}

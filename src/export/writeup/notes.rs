//! Notes: the key points as a list, the resources as a list of links (a link only where it is
//! a web address; anything else is shown as the text it is).

use super::{Block, KindWriteUp, Resource, Text, heading, labels, list, plan_paragraph};
use crate::export::View;
use crate::model::Exercise;
use crate::model::exercise::Notes;
use crate::model::exercise::notes::{KEY_POINTS_SLOT, LINK_FIELD, RESOURCES_SLOT};

impl KindWriteUp for Notes {
    fn section(&self, view: &View, exercise: &Exercise, _n: usize) -> Vec<Block> {
        build(view, exercise, self)
    }

    fn plan(&self) -> Vec<Block> {
        Vec::new()
    }
}

pub(super) fn build(view: &View, exercise: &Exercise, k: &Notes) -> Vec<Block> {
    let mut blocks = Vec::new();
    if !k.topic.is_empty() {
        blocks.push(plan_paragraph(None, &k.topic));
    }
    let points = view.slot(&exercise.id, KEY_POINTS_SLOT);
    if !points.is_empty() {
        blocks.push(heading(3, Text::Plan("Key points".into())));
        blocks.push(list(view, points));
    }
    let resources = view.slot(&exercise.id, RESOURCES_SLOT);
    if !resources.is_empty() {
        blocks.push(heading(3, Text::Plan("Resources".into())));
        blocks.push(Block::Resources(
            resources
                .iter()
                .map(|c| Resource {
                    labels: labels(view, c),
                    title: c.text.clone(),
                    link: c.fields.get(LINK_FIELD).cloned().unwrap_or_default(),
                    starred: c.starred,
                })
                .collect(),
        ));
    }
    blocks
}

//! Entries typed and not saved, each in its own place: the facilitator's run screen and
//! `hearth join` keep one per slot of an exercise (and the run screen one per answer being
//! edited). The box holds the live entry; moving the box sets it aside in its place and brings
//! back the one waiting where the box goes, so moving never drops or moves typed text.

use std::collections::BTreeMap;

use super::textbox::TextBox;

/// Where an unsaved entry belongs: a new answer for a slot of an exercise (by id), or an edit of
/// an answer.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum EntryPlace {
    New { exercise: String, slot: String },
    Edit(String),
}

impl EntryPlace {
    pub fn new(exercise: &str, slot: &str) -> EntryPlace {
        EntryPlace::New {
            exercise: exercise.to_owned(),
            slot: slot.to_owned(),
        }
    }
}

/// An entry typed and not saved: every box (main text, then one per field of its slot), the
/// focused one (with its cursor), and the id its answer will be saved under.
#[derive(Debug, Clone)]
pub struct Entry {
    pub boxes: Vec<TextBox>,
    pub field: usize,
    pub id: String,
}

/// Entries waiting in their places while the box is elsewhere.
pub type Parked = BTreeMap<EntryPlace, Entry>;

impl Entry {
    /// Whether anything was typed or chosen in it.
    pub fn has_content(&self) -> bool {
        self.boxes.iter().any(|b| !b.text().is_empty())
    }

    /// The texts of its boxes, to compare what is in it with what was saved.
    pub fn texts(&self) -> Vec<String> {
        self.boxes.iter().map(|b| b.text().to_owned()).collect()
    }

    /// Takes the live entry out of the box's parts, leaving an empty box with a new id.
    pub fn take(boxes: &mut Vec<TextBox>, field: &mut usize, id: &mut String) -> Entry {
        Entry {
            boxes: std::mem::replace(boxes, vec![TextBox::default()]),
            field: std::mem::take(field),
            id: std::mem::replace(id, crate::model::contribution::new_id()),
        }
    }

    /// Puts this entry in the box's parts (the focus on the box it was on).
    pub fn put(self, boxes: &mut Vec<TextBox>, field: &mut usize, id: &mut String) {
        *boxes = self.boxes;
        if boxes.is_empty() {
            boxes.push(TextBox::default());
        }
        *field = self.field.min(boxes.len() - 1);
        *id = self.id;
    }

    /// Whether it has the boxes of a slot of `fields` fields.
    pub fn fits(boxes: &[TextBox], fields: usize) -> bool {
        boxes.len() == fields + 1
    }
}

/// Sets `entry` aside in `place`; one already waiting there keeps its text, each of the new
/// one's boxes going after the same box's text (so two drafts of one place never overwrite
/// each other, and no field of either is dropped).
pub fn park_at(parked: &mut Parked, place: EntryPlace, entry: Entry) {
    match parked.get_mut(&place) {
        Some(there) => {
            for (i, new) in entry.boxes.iter().enumerate() {
                if new.text().is_empty() {
                    continue;
                }
                match there.boxes.get_mut(i) {
                    Some(b) if b.text().is_empty() => b.set(new.text()),
                    Some(b) => {
                        let joined = format!("{}\n{}", b.text(), new.text());
                        b.set(&joined);
                    }
                    None => there.boxes.push(new.clone()),
                }
            }
        }
        None => {
            parked.insert(place, entry);
        }
    }
}

/// The answer of the entry waiting under `id` (a new answer's id, or the answer an edit is of)
/// is on disk as `sent` (its boxes' texts): that entry is done with, unless it was typed into
/// since, when it stays under a new id.
pub fn saved_while_parked(parked: &mut Parked, id: &str, sent: &[String]) {
    let place = parked
        .iter()
        .find(|(p, e)| match p {
            EntryPlace::Edit(edited) => edited == id,
            EntryPlace::New { .. } => e.id == id,
        })
        .map(|(p, _)| p.clone());
    if let Some(place) = place
        && let Some(e) = parked.get_mut(&place)
    {
        if e.texts() == sent {
            parked.remove(&place);
        } else {
            e.id = crate::model::contribution::new_id();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taking_and_putting_back_keeps_every_box_the_focus_and_the_id() {
        let mut boxes = vec![TextBox::default(), TextBox::default()];
        boxes[0].set("main");
        boxes[1].set("field");
        let (mut field, mut id) = (1, "e1".to_owned());
        let entry = Entry::take(&mut boxes, &mut field, &mut id);
        assert_eq!(boxes.len(), 1);
        assert_eq!(field, 0);
        assert_ne!(id, "e1");
        entry.put(&mut boxes, &mut field, &mut id);
        assert_eq!(
            boxes.iter().map(|b| b.text()).collect::<Vec<_>>(),
            ["main", "field"]
        );
        assert_eq!((field, id.as_str()), (1, "e1"));
    }

    #[test]
    fn parking_twice_in_one_place_keeps_both_texts() {
        let mut parked = Parked::new();
        let entry = |t: &str| {
            let mut b = TextBox::default();
            b.set(t);
            Entry {
                boxes: vec![b],
                field: 0,
                id: t.into(),
            }
        };
        park_at(&mut parked, EntryPlace::new("e", "s"), entry("one"));
        park_at(&mut parked, EntryPlace::new("e", "s"), entry("two"));
        let e = &parked[&EntryPlace::new("e", "s")];
        assert_eq!(e.boxes[0].text(), "one\ntwo");
        assert_eq!(e.id, "one");
        // A field of the second is kept too.
        let mut with_field = entry("");
        let mut f = TextBox::default();
        f.set("risk");
        with_field.boxes.push(f);
        park_at(&mut parked, EntryPlace::new("e", "s"), with_field);
        let e = &parked[&EntryPlace::new("e", "s")];
        assert_eq!(e.texts(), ["one\ntwo", "risk"]);
    }
}

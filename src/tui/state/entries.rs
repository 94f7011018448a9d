//! The run screen's entries: one unsaved entry per slot of an exercise and per answer being
//! edited, set aside and brought back as the box moves (see [`crate::tui::entry`]), and the
//! drafts file's view of them.

use super::*;

impl Run {
    /// Where the live entry belongs: the answer being edited, or the current slot.
    pub fn live_place(&self) -> EntryPlace {
        match &self.editing {
            Some(id) => EntryPlace::Edit(id.clone()),
            None => EntryPlace::New {
                exercise: self.current_exercise().id.clone(),
                slot: self.current_slot().id,
            },
        }
    }

    /// A fresh, empty entry for the current slot, with a new id.
    pub fn fresh_entry(&mut self) {
        self.capture = vec![TextBox::default()];
        self.reset_fields();
        self.entry_id = crate::model::contribution::new_id();
    }

    /// Sets the live entry aside in its place, if anything was typed or chosen in it (an edit
    /// only if it differs from the answer as saved); the box is left empty. Ends an edit.
    pub fn park_live(&mut self) {
        let place = self.live_place();
        let entry = Entry::take(
            &mut self.capture,
            &mut self.capture_field,
            &mut self.entry_id,
        );
        let keep = match &place {
            EntryPlace::Edit(id) => self
                .session
                .contribution(id)
                .is_some_and(|c| entry.texts() != self.saved_texts(c)),
            EntryPlace::New { .. } => entry.has_content(),
        };
        if keep {
            self.parked.insert(place, entry);
        }
        self.editing = None;
    }

    /// The boxes' texts an answer fills as it is saved (main text, then each field of its
    /// slot), to tell an unchanged edit from a changed one.
    pub fn saved_texts(&self, c: &crate::model::Contribution) -> Vec<String> {
        let fields = self
            .session
            .scenario
            .exercise(&c.exercise)
            .and_then(|e| e.slots().into_iter().find(|s| s.id == c.slot))
            .map(|s| s.fields)
            .unwrap_or_default();
        std::iter::once(c.text.clone())
            .chain(
                fields
                    .iter()
                    .map(|f| c.fields.get(f.name).cloned().unwrap_or_default()),
            )
            .collect()
    }

    /// Brings the entry waiting in the current slot into the box, or a fresh one. Returns
    /// whether a waiting entry came back.
    pub fn load_live(&mut self) -> bool {
        let place = self.live_place();
        match self.parked.remove(&place) {
            Some(e) => {
                e.put(
                    &mut self.capture,
                    &mut self.capture_field,
                    &mut self.entry_id,
                );
                if !Entry::fits(&self.capture, self.current_slot().fields.len()) {
                    self.reset_fields();
                }
                true
            }
            None => {
                self.fresh_entry();
                false
            }
        }
    }

    /// Moves the box to slot `slot` of exercise `exercise`: the entry there comes back, the
    /// one here waits in its own place (an edit waits as that answer's unsaved edit). Returns
    /// whether an entry typed earlier came back.
    pub fn go_to(&mut self, exercise: usize, slot: usize) -> bool {
        let Some(count) = self.slot_lists.get(exercise).map(Vec::len) else {
            return false;
        };
        let slot = slot.min(count.saturating_sub(1));
        if self.editing.is_none() && (self.exercise, self.slot_index()) == (exercise, slot) {
            return false;
        }
        self.park_live();
        self.stash = None;
        self.park_timer_and_go(exercise);
        if let Some(s) = self.slots.get_mut(exercise) {
            *s = slot;
        }
        self.load_live()
    }

    /// Opens answer `c` for editing in the box: the entry here waits in its place; an edit of
    /// it left unsaved earlier comes back, else its text as saved. Returns whether an unsaved
    /// edit came back.
    pub fn begin_edit(&mut self, c: &crate::model::Contribution) -> bool {
        let back = Stash {
            exercise: self.exercise,
            slot: self.slot_index(),
        };
        self.park_live();
        self.stash = Some(back);
        let agenda = &self.session.scenario.agenda;
        if let Some(ex) = agenda.iter().position(|e| e.id == c.exercise) {
            let slot_ix = self
                .slot_lists
                .get(ex)
                .and_then(|l| l.iter().position(|s| s.id == c.slot));
            self.park_timer_and_go(ex);
            if let (Some(i), Some(s)) = (slot_ix, self.slots.get_mut(ex)) {
                *s = i;
            }
        }
        self.editing = Some(c.id.clone());
        if self.load_live() {
            return true;
        }
        let texts = self.saved_texts(c);
        for (b, t) in self.capture.iter_mut().zip(texts) {
            b.set(&t);
        }
        self.capture_field = 0;
        false
    }

    /// Leaves the edit in the box: it waits as that answer's unsaved edit if it changed, and
    /// the box goes back to where it was, with the entry waiting there. Returns whether the
    /// edit was kept (it differed from the answer as saved).
    pub fn leave_edit(&mut self) -> bool {
        let Some(id) = self.editing.clone() else {
            return false;
        };
        self.park_live();
        let kept = self.parked.contains_key(&EntryPlace::Edit(id));
        self.return_from_edit();
        kept
    }

    /// After an edit: back to the slot the box was on before it, with the entry waiting there.
    pub fn return_from_edit(&mut self) {
        self.editing = None;
        if let Some(back) = self.stash.take() {
            self.park_timer_and_go(back.exercise);
            if let Some(s) = self.slots.get_mut(back.exercise) {
                *s = back.slot;
            }
        }
        self.load_live();
    }

    /// Answer `id` was withdrawn: an unsaved edit of it — in the box or waiting — goes with its
    /// words, and the box goes back to where it was.
    pub fn forget_edit(&mut self, id: &str) {
        self.parked.remove(&EntryPlace::Edit(id.to_owned()));
        if self.editing.as_deref() == Some(id) {
            self.editing = None;
            self.return_from_edit();
        }
    }

    /// Whether an unsaved edit of answer `id` is waiting.
    pub fn has_parked_edit(&self, id: &str) -> bool {
        self.parked.contains_key(&EntryPlace::Edit(id.to_owned()))
    }

    /// An entry as the drafts file keeps it.
    pub(super) fn unsaved_entry(&self, place: &EntryPlace, e: &Entry) -> UnsavedEntry {
        let (exercise, slot, editing) = match place {
            EntryPlace::New { exercise, slot } => (exercise.clone(), slot.clone(), None),
            EntryPlace::Edit(id) => {
                let c = self.session.contribution(id);
                (
                    c.map_or_else(String::new, |c| c.exercise.clone()),
                    c.map_or_else(String::new, |c| c.slot.clone()),
                    Some(id.clone()),
                )
            }
        };
        let fields = self
            .slot_of(&exercise, &slot)
            .map(|s| s.fields)
            .unwrap_or_default();
        UnsavedEntry {
            text: e
                .boxes
                .first()
                .map_or_else(String::new, |b| b.text().to_owned()),
            fields: fields
                .iter()
                .zip(e.boxes.iter().skip(1))
                .filter(|(_, b)| !b.text().is_empty())
                .map(|(f, b)| (f.name.to_owned(), b.text().to_owned()))
                .collect(),
            exercise,
            slot,
            editing,
            id: Some(e.id.clone()),
            field: e.field,
        }
    }

    /// The slot `slot` of exercise `exercise`, as the session runs it.
    pub(super) fn slot_of(&self, exercise: &str, slot: &str) -> Option<Slot> {
        let i = self
            .session
            .scenario
            .agenda
            .iter()
            .position(|e| e.id == exercise)?;
        self.slot_lists
            .get(i)?
            .iter()
            .find(|s| s.id == slot)
            .cloned()
    }

    /// Everything typed and not saved, with where the facilitator is: what the drafts file
    /// keeps.
    pub fn unsaved(&self) -> Unsaved {
        let live = Entry {
            boxes: self.capture.clone(),
            field: self.capture_field,
            id: self.entry_id.clone(),
        };
        let mut entry = self.unsaved_entry(&self.live_place(), &live);
        // The place is where the facilitator is, even while the box holds an edit.
        entry.exercise = self.current_exercise().id.clone();
        entry.slot = self.current_slot().id;
        if entry.editing.is_some() {
            entry.id = None;
        }
        Unsaved {
            group: self.group_name().map(str::to_owned),
            entry,
            parked: self
                .parked
                .iter()
                .map(|(p, e)| {
                    let mut u = self.unsaved_entry(p, e);
                    if u.editing.is_some() {
                        u.id = None;
                    }
                    u
                })
                .collect(),
        }
    }

    /// Whether entry `u` from a drafts file is already in the session: an answer saved under
    /// its id, or an edit whose answer now reads as it does.
    pub(super) fn already_saved(&self, u: &UnsavedEntry) -> bool {
        if let Some(id) = &u.editing {
            // An answer that is gone is not edited: its text is offered as a new entry.
            return self
                .session
                .contribution(id)
                .is_some_and(|c| c.is_withdrawn() || (c.text == u.text && c.fields == u.fields));
        }
        // Saved as it reads (text typed after Enter, while the save was on its way, is not).
        u.id.as_ref()
            .and_then(|id| self.session.contribution(id))
            .is_some_and(|c| c.text == u.text && c.fields == u.fields)
    }

    /// The id an entry from a drafts file keeps: its own, unless an answer was saved under it.
    pub(super) fn entry_id_of(&self, u: &UnsavedEntry) -> String {
        u.id.clone()
            .filter(|id| self.session.contribution(id).is_none())
            .unwrap_or_else(crate::model::contribution::new_id)
    }

    /// Boxes holding entry `u`, for its slot (a field the slot does not have goes into the
    /// main text, so nothing typed is lost).
    pub(super) fn boxes_of(&self, u: &UnsavedEntry) -> (Vec<TextBox>, usize) {
        let fields = self
            .slot_of(&u.exercise, &u.slot)
            .map(|s| s.fields)
            .unwrap_or_default();
        let mut main = u.text.clone();
        for (name, v) in &u.fields {
            if !fields.iter().any(|f| f.name == name.as_str()) && !v.is_empty() {
                main.push_str(&format!("\n{name}: {v}"));
            }
        }
        let mut boxes = vec![TextBox::default()];
        boxes[0].set(&main);
        for f in &fields {
            let mut b = TextBox::default();
            b.set(u.fields.get(f.name).map_or("", String::as_str));
            boxes.push(b);
        }
        let field = u.field.min(boxes.len() - 1);
        (boxes, field)
    }

    /// Goes back to where a draft was typed and puts its entries back: the box's, and each one
    /// waiting elsewhere. An entry already saved (its save was on its way when the drafts file
    /// was written) is not offered again. Returns whether any typed text came back.
    pub fn restore(&mut self, draft: &Unsaved) -> bool {
        let agenda = &self.session.scenario.agenda;
        if let Some(ex) = agenda.iter().position(|e| e.id == draft.entry.exercise) {
            self.park_timer_and_go(ex);
            if let Some(i) = self
                .current_slots()
                .iter()
                .position(|s| s.id == draft.entry.slot)
                && let Some(s) = self.slots.get_mut(ex)
            {
                *s = i;
            }
        }
        if let Some(g) = &draft.group {
            self.group = self
                .session
                .groups
                .iter()
                .position(|x| x == g)
                .or(self.group);
        }
        self.fresh_entry();
        let mut any = false;
        for u in &draft.parked {
            if !u.has_text() || self.already_saved(u) {
                continue;
            }
            let (boxes, field) = self.boxes_of(u);
            let place = match u
                .editing
                .as_ref()
                .filter(|id| self.session.contribution(id).is_some())
            {
                Some(id) => EntryPlace::Edit(id.clone()),
                None => EntryPlace::New {
                    exercise: u.exercise.clone(),
                    slot: u.slot.clone(),
                },
            };
            let id = self.entry_id_of(u);
            crate::tui::entry::park_at(&mut self.parked, place, Entry { boxes, field, id });
            any = true;
        }
        let live = &draft.entry;
        if live.has_text() && !self.already_saved(live) {
            any = true;
            let (boxes, field) = self.boxes_of(live);
            let edited = live
                .editing
                .as_ref()
                .and_then(|id| self.session.contribution(id).cloned());
            match edited {
                Some(c) => {
                    // An edit in the box: open it again (the box's place is where it goes back).
                    let id = crate::model::contribution::new_id();
                    self.parked
                        .insert(EntryPlace::Edit(c.id.clone()), Entry { boxes, field, id });
                    self.begin_edit(&c);
                }
                None => {
                    self.capture = boxes;
                    self.capture_field = field;
                    self.entry_id = self.entry_id_of(live);
                }
            }
        } else {
            self.load_live();
        }
        self.draft_written = Some(self.unsaved());
        any
    }
}

//! Saving: changes sent to the disk and applied once it confirms them, what each save does to
//! the entry it came from, and undo / redo of saved changes.

use super::*;
use crate::model::undo::inverse_of;

/// Sends changes to the disk; they are applied here only once `Persisted` confirms them.
pub(super) fn request(
    state: &mut State,
    changes: Vec<Change>,
    purpose: Purpose,
    description: String,
) -> Vec<Effect> {
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    // One save at a time: the one in flight is what its acknowledgement answers (its entry is
    // cleared, its undo kept). A second would take its place, and the first's entry would stay
    // in the box to be saved again.
    if run.pending.is_some() {
        state.status = Some("Still saving the last change; press the key again.".into());
        return Vec::new();
    }
    // Each change is checked after the ones before it, without copying the session; what takes
    // it back is worked out from the session as that change finds it.
    let mut inverse = Vec::new();
    let checked = check_each(&run.session, &changes, |seen, c| {
        inverse.extend(inverse_of(seen, c, jiff::Timestamp::now()));
    });
    if let Err((_, e)) = checked {
        state.status = Some(format!("Not done: {e}"));
        return Vec::new();
    }
    inverse.reverse();
    run.pending = Some(Pending {
        changes: changes.clone(),
        inverse,
        purpose,
        description,
        entry: None,
    });
    vec![Effect::Persist(changes)]
}

pub(super) fn persisted(state: &mut State) -> Vec<Effect> {
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    let Some(pending) = run.pending.take() else {
        return Vec::new();
    };
    let axes = pending
        .changes
        .iter()
        .any(|c| matches!(c, Change::ChooseAxes { .. }));
    // What the exercises say as the session runs them: a seed picked (a wheel's centre), or
    // taken off the record or withdrawn (the centre then says so, without its words).
    let plan_text = pending.changes.iter().any(|c| {
        matches!(
            c,
            Change::SeedFrom { .. } | Change::SetHidden { .. } | Change::Withdraw { .. }
        )
    });
    for c in &pending.changes {
        // Checked before writing, so the journal and memory agree; if they ever do not, the
        // screen reloads the session as saved rather than drift from it.
        if run.session.apply(c).is_err() {
            state.status =
                Some("The screen fell out of step with the saved session: reloading it.".into());
            return vec![Effect::Resync];
        }
    }
    if axes {
        // The chosen axes are the poles a scenario's title may now take.
        run.refresh_plan();
        if run.editing.is_none() {
            run.reset_fields();
        }
    } else if plan_text {
        run.refresh_plan();
    }
    let time = jiff::Zoned::now().strftime("%H:%M:%S").to_string();
    let mut status = None;
    let mut state_status_clear = false;
    let mut effects = Vec::new();
    match pending.purpose {
        Purpose::Submit | Purpose::Edit => {
            if let Some(entry) = &pending.entry {
                entry_saved(run, entry);
            }
            run.last_saved = Some(format!("✓ saved {time} — {}", pending.description));
            run.saves += 1;
            push_undo(run, pending.inverse);
            state_status_clear = true;
            // The drafts file loses the saved text now, not at the next clock tick (and a
            // drafts file written before this still names the answer's id, so reopening
            // knows it was saved).
            let unsaved = run.unsaved();
            if run.draft_written.as_ref() != Some(&unsaved) {
                run.draft_written = Some(unsaved.clone());
                effects.push(Effect::KeepUnsaved(unsaved));
            }
        }
        Purpose::Act => {
            if let Some(Change::AddGroup { name }) = pending.changes.first() {
                run.group = run.session.groups.iter().position(|g| g == name);
            }
            status = Some(format!("✓ {} ({time})", pending.description));
            run.irreversible = pending
                .inverse
                .is_empty()
                .then(|| pending.description.clone());
            push_undo(run, pending.inverse);
        }
        Purpose::Undo => {
            run.redo.push(pending.inverse);
            status = Some(format!(
                "✓ undone: {} ({time}) — r redoes it",
                pending.description
            ));
        }
        Purpose::Redo => {
            run.undo.push(pending.inverse);
            status = Some(format!(
                "✓ redone: {} ({time}) — u undoes it",
                pending.description
            ));
        }
    }
    state.banner = None;
    if status.is_some() || state_status_clear {
        state.status = status;
    }
    if state.quit_after_save && matches!(pending.purpose, Purpose::Submit | Purpose::Edit) {
        state.quit_after_save = false;
        return quit(state);
    }
    effects
}

/// A save from entry `saved` is on disk: that entry is done with — a new answer's box starts
/// afresh on its first field, an edit goes back to where the box was. Text typed into it while
/// the save was on its way stays, as a new entry.
pub(super) fn entry_saved(run: &mut Run, saved: &SavedEntry) {
    let live = match &run.editing {
        Some(id) => *id == saved.id,
        None => run.entry_id == saved.id,
    };
    if live {
        let unchanged = run
            .capture
            .iter()
            .map(|b| b.text())
            .eq(saved.texts.iter().map(String::as_str));
        if run.editing.is_some() {
            // Typed on after Enter: the box keeps editing that answer.
            if unchanged {
                run.editing = None;
                run.return_from_edit();
            }
        } else if unchanged {
            run.fresh_entry();
        } else {
            run.entry_id = crate::model::contribution::new_id();
        }
        return;
    }
    // The box moved on while the save was on its way: the entry waits in its place.
    crate::tui::entry::saved_while_parked(&mut run.parked, &saved.id, &saved.texts);
}

pub(super) fn push_undo(run: &mut Run, inverse: Vec<Change>) {
    if !inverse.is_empty() {
        run.undo.push(inverse);
        run.redo.clear();
    }
}

pub(super) fn undo(state: &mut State) -> Vec<Effect> {
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    if run.pending.is_some() {
        return Vec::new();
    }
    if let Some(what) = run.irreversible.take() {
        state.status = Some(format!(
            "Not undone: “{what}” cannot be taken back with u (themes made or merged, votes opened, cast, closed or revealed stay). u again takes back the change before it."
        ));
        return Vec::new();
    }
    let Some(changes) = run.undo.pop() else {
        state.status = Some("Nothing to undo.".into());
        return Vec::new();
    };
    let description = describe(&changes);
    let effects = request(state, changes.clone(), Purpose::Undo, description);
    if effects.is_empty()
        && let Some(run) = state.run_mut()
    {
        run.undo.push(changes);
    }
    effects
}

pub(super) fn redo(state: &mut State) -> Vec<Effect> {
    let Some(run) = state.run_mut() else {
        return Vec::new();
    };
    if run.pending.is_some() {
        return Vec::new();
    }
    let Some(changes) = run.redo.pop() else {
        state.status = Some("Nothing to redo.".into());
        return Vec::new();
    };
    let description = describe(&changes);
    let effects = request(state, changes.clone(), Purpose::Redo, description);
    if effects.is_empty()
        && let Some(run) = state.run_mut()
    {
        run.redo.push(changes);
    }
    effects
}

pub(super) fn describe(changes: &[Change]) -> String {
    match changes.first() {
        Some(Change::SetHidden { hidden: true, .. }) => "taken off the record".into(),
        Some(Change::SetHidden { hidden: false, .. }) => "back on the record".into(),
        Some(Change::SetStarred { .. }) => "star".into(),
        Some(Change::Edit { .. }) => "edit (every version is kept)".into(),
        Some(Change::Move { .. }) => "move".into(),
        Some(Change::SetDetails { .. }) => "session details".into(),
        Some(Change::SetNarration { .. }) => "narration".into(),
        Some(Change::PlaceInTheme { .. }) => "theme of an answer".into(),
        Some(Change::RenameTheme { .. }) => "theme name".into(),
        Some(Change::ChooseAxes { .. }) => "axes".into(),
        Some(Change::SeedFrom { .. }) => "seed".into(),
        Some(Change::Add { .. }) => "answer".into(),
        Some(Change::AddGroup { .. }) => "group".into(),
        Some(Change::SetAttribution { .. }) => "attribution".into(),
        Some(Change::AddTheme { .. }) => "theme".into(),
        Some(Change::MergeThemes { .. }) => "merged themes".into(),
        Some(Change::OpenRound { .. }) => "vote".into(),
        Some(Change::Cast { .. }) => "ballot".into(),
        Some(Change::SetRoundState { .. }) => "vote's state".into(),
        Some(Change::Withdraw { .. }) => "withdrawal".into(),
        Some(Change::SetConcealed { .. }) => "hidden until revealed".into(),
        Some(Change::SetWording { .. }) => "wording".into(),
        None => "change".into(),
    }
}

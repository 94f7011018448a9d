//! Merging sessions of one scenario captured on different machines (one per breakout room, say).
//!
//! Contributions are united by id. The result does not depend on the order of the inputs, and
//! merging a result again with any of its inputs changes nothing. When copies of one
//! contribution disagree, nothing is lost: every distinct version is kept in its history, the
//! latest written is current, and the disagreement is reported. A contribution hidden on any
//! machine stays hidden, and one withdrawn on any machine stays withdrawn, holding no words.

use std::cmp::{Ordering, Reverse};
use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::Timestamp;

use crate::model::contribution::Fields;
use crate::model::convergence::{Convergence, Round, Theme};
use crate::model::session::SESSION_FORMAT;
use crate::model::words::{Narration, Place, Wordings};
use crate::model::{Change, Contribution, ModelError, Revision, Scenario, Session};

#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("nothing to merge")]
    NoInputs,
    /// `first` and `other` are indexes into the inputs.
    #[error("{detail}")]
    DifferentScenario {
        first: usize,
        other: usize,
        detail: String,
    },
    /// Two runs on different days are different sessions: they belong in a series.
    #[error("{detail}")]
    DifferentDates {
        first: usize,
        other: usize,
        detail: String,
    },
    #[error("the merged session is not valid: {0}")]
    Invalid(#[from] ModelError),
}

/// What a merge did, for the person who asked for it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeReport {
    /// Contributions in the result.
    pub contributions: usize,
    /// Contributions found in more than one input.
    pub shared: usize,
    /// Contributions whose copies hold different texts: all kept as versions.
    pub conflicts: Vec<Conflict>,
    /// Other differences worth knowing (a contribution moved or hidden on one side only,
    /// session details that differ).
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub id: String,
    /// Distinct versions kept, oldest first; the last is current.
    pub versions: usize,
}

/// One version of a contribution's text, with when it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Version<'a> {
    written: Timestamp,
    text: &'a str,
    fields: &'a Fields,
}

impl Ord for Version<'_> {
    fn cmp(&self, o: &Self) -> Ordering {
        (self.written, self.text, self.fields).cmp(&(o.written, o.text, o.fields))
    }
}

impl PartialOrd for Version<'_> {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

fn versions(c: &Contribution) -> Vec<Version<'_>> {
    let mut v: Vec<Version> = c
        .revisions
        .iter()
        .map(|r| Version {
            written: r.written,
            text: &r.text,
            fields: &r.fields,
        })
        .collect();
    v.push(Version {
        written: c.edited.unwrap_or(c.created),
        text: &c.text,
        fields: &c.fields,
    });
    v.sort();
    v.dedup();
    v
}

/// Checks that all inputs run the same plan.
fn same_scenario(sessions: &[Session]) -> Result<(), MergeError> {
    let norm = |s: &Scenario| Scenario {
        format: None,
        ..s.clone()
    };
    let first = norm(&sessions[0].scenario);
    for (i, s) in sessions.iter().enumerate().skip(1) {
        let other = norm(&s.scenario);
        if other == first {
            continue;
        }
        let detail = if other.id != first.id {
            format!(
                "these sessions run different scenarios: `{}` ({}) and `{}` ({}); only sessions of the same scenario can be merged",
                first.id, first.title, other.id, other.title
            )
        } else {
            let changed = first
                .agenda
                .iter()
                .zip(&other.agenda)
                .find(|(a, b)| a != b)
                .map(|(a, _)| format!(" (first difference: exercise `{}`)", a.id))
                .unwrap_or_else(|| " (a different agenda or details)".to_owned());
            format!(
                "both sessions run scenario `{}`, but their copies of the plan differ{changed}; merging could file answers under questions that do not match",
                first.id
            )
        };
        return Err(MergeError::DifferentScenario {
            first: 0,
            other: i,
            detail,
        });
    }
    Ok(())
}

/// Texts that differ, all kept and joined; a text another one already holds is not repeated.
fn joined<'a>(texts: impl Iterator<Item = &'a str>) -> String {
    let mut distinct: Vec<&str> = Vec::new();
    for t in texts {
        if !t.is_empty() && !distinct.contains(&t) {
            distinct.push(t);
        }
    }
    let kept: Vec<&str> = distinct
        .iter()
        .copied()
        .filter(|n| !distinct.iter().any(|other| other != n && other.contains(n)))
        .collect();
    kept.join("\n\n")
}

/// Refuses sessions held on different dates: merging would keep one date and lose which day
/// each answer came from. (A session without a date merges with any.)
fn same_date(sessions: &[Session]) -> Result<(), MergeError> {
    let dated = sessions
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.date.map(|d| (i, d)));
    let mut first: Option<(usize, jiff::civil::Date)> = None;
    for (i, d) in dated {
        match first {
            None => first = Some((i, d)),
            Some((f, fd)) if fd != d => {
                return Err(MergeError::DifferentDates {
                    first: f,
                    other: i,
                    detail: format!(
                        "they were held on different dates ({fd} and {d}), so they are different sessions: add both to a series instead (`hearth series new TITLE`, then `hearth series add SERIES SESSION` for each)"
                    ),
                });
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// Merges `sessions`. The details of the earliest-created session (title, date, event, id)
/// are kept; groups and facilitators are united; differing notes and introductions are joined.
pub fn merge(sessions: &[Session]) -> Result<(Session, MergeReport), MergeError> {
    if sessions.is_empty() {
        return Err(MergeError::NoInputs);
    }
    same_scenario(sessions)?;
    same_date(sessions)?;
    let mut report = MergeReport::default();
    // A canonical order of the inputs, so the result does not depend on the order given.
    // A canonical order of the inputs, so the result does not depend on the order given:
    // earliest first; between copies of one session, the one holding more first, so that a
    // merged result leads when merged again with one of its inputs.
    let mut order: Vec<&Session> = sessions.iter().collect();
    order.sort_by(|a, b| {
        let key = |s: &'_ Session| {
            (
                s.created,
                s.id.clone(),
                Reverse(s.groups.len()),
                Reverse(s.facilitators.len()),
                Reverse(s.notes.len()),
                Reverse(s.introduction.len()),
                s.title.clone(),
                s.event.clone(),
                s.date,
                s.mode.label(),
                s.attribution,
            )
        };
        key(a).cmp(&key(b)).then_with(|| {
            (
                &a.notes,
                &a.introduction,
                &a.facilitators,
                &a.groups,
                &a.narration,
                &a.wording,
            )
                .cmp(&(
                    &b.notes,
                    &b.introduction,
                    &b.facilitators,
                    &b.groups,
                    &b.narration,
                    &b.wording,
                ))
        })
    });
    let base = order[0];
    for s in &order[1..] {
        if s.title != base.title {
            report.notes.push(format!(
                "titles differ; kept \"{}\" (not \"{}\")",
                base.title, s.title
            ));
        }
        if s.date != base.date {
            let show =
                |d: Option<jiff::civil::Date>| d.map_or("no date".to_owned(), |d| d.to_string());
            report.notes.push(format!(
                "dates differ; kept {} (not {})",
                show(base.date),
                show(s.date)
            ));
        }
        if s.event != base.event {
            report.notes.push(format!(
                "events differ; kept \"{}\" (not \"{}\")",
                base.event, s.event
            ));
        }
    }
    let mut groups: Vec<String> = Vec::new();
    let mut facilitators: Vec<String> = Vec::new();
    for s in &order {
        for g in &s.groups {
            if !groups.contains(g) {
                groups.push(g.clone());
            }
        }
        for f in &s.facilitators {
            if !facilitators.contains(f) {
                facilitators.push(f.clone());
            }
        }
    }
    let notes = joined(order.iter().map(|s| s.notes.as_str()));
    let introduction = joined(order.iter().map(|s| s.introduction.as_str()));
    let mut copies: HashMap<&str, Vec<&Contribution>> = HashMap::new();
    let mut ids: Vec<&str> = Vec::new();
    for s in &order {
        for c in s.contributions() {
            let entry = copies.entry(c.id.as_str()).or_default();
            if entry.is_empty() {
                ids.push(&c.id);
            }
            if !entry.contains(&c) {
                entry.push(c);
            }
        }
    }
    let in_several = |id: &str| {
        order
            .iter()
            .filter(|s| s.contribution(id).is_some())
            .count()
            > 1
    };
    let mut merged: Vec<Contribution> = Vec::with_capacity(ids.len());
    for id in ids {
        let these = &copies[id];
        if in_several(id) {
            report.shared += 1;
        }
        if these.len() == 1 {
            merged.push(these[0].clone());
            continue;
        }
        merged.push(unite(id, these, &mut report));
    }
    merged.sort_by(|a, b| (a.created, &a.id).cmp(&(b.created, &b.id)));
    let merged = parents_first(merged);
    report.contributions = merged.len();

    let mut out = Session::new(base.scenario.clone(), base.title.clone(), base.date, groups);
    out.format = SESSION_FORMAT.to_owned();
    out.id = base.id.clone();
    out.created = base.created;
    out.mode = base.mode;
    out.event = base.event.clone();
    out.facilitators = facilitators;
    out.notes = notes;
    out.introduction = introduction;
    out.narration = unite_narration(&order, &mut report);
    out.wording = unite_wording(&order, &mut report);
    out.attribution = order.iter().any(|s| s.attribution);
    // Hidden until the reveal in any input stays hidden: a reveal is the facilitator's to make.
    out.concealed = order
        .iter()
        .flat_map(|s| s.concealed.iter().cloned())
        .collect();
    for c in merged {
        out.apply(&Change::Add { contribution: c })?;
    }
    out.convergence = unite_convergence(&order);
    out.changes = order.iter().map(|s| s.changes).max().unwrap_or(0);
    Ok((out, report))
}

/// `list` with every answer after the answer it goes under (clocks on two machines may put a
/// child's creation before its parent's), otherwise in the order given.
fn parents_first(list: Vec<Contribution>) -> Vec<Contribution> {
    let ids: BTreeSet<String> = list.iter().map(|c| c.id.clone()).collect();
    let mut done: BTreeSet<String> = BTreeSet::new();
    let mut waiting: HashMap<String, Vec<Contribution>> = HashMap::new();
    let mut out = Vec::with_capacity(list.len());
    for c in list {
        match &c.parent {
            Some(p) if p != &c.id && ids.contains(p) && !done.contains(p) => {
                waiting.entry(p.clone()).or_default().push(c);
            }
            _ => {
                let mut ready = vec![c];
                while let Some(c) = ready.pop() {
                    done.insert(c.id.clone());
                    if let Some(mut children) = waiting.remove(&c.id) {
                        children.reverse();
                        ready.extend(children);
                    }
                    out.push(c);
                }
            }
        }
    }
    // Links that go round (a hand-made file): kept, last, for the session to judge.
    let mut rest: Vec<Contribution> = waiting.into_values().flatten().collect();
    rest.sort_by(|a, b| (a.created, &a.id).cmp(&(b.created, &b.id)));
    out.extend(rest);
    out
}

/// The narration of every input, place by place: texts that differ are all kept and joined,
/// as introductions are.
fn unite_narration(order: &[&Session], report: &mut MergeReport) -> Narration {
    let places: BTreeSet<Place> = order
        .iter()
        .flat_map(|s| s.narration.places().into_iter().map(|(p, _)| p))
        .collect();
    let mut out = Narration::default();
    for place in places {
        let texts: Vec<&str> = order.iter().map(|s| s.narration.get(&place)).collect();
        let text = joined(texts.iter().copied());
        if !texts.contains(&text.as_str()) {
            report.notes.push(format!(
                "{} differs between the inputs; kept every version, one after another",
                place.describe()
            ));
        }
        out.set(&place, &text);
    }
    out
}

/// Every input's wording, field by field: the one set last (a tie goes to the text that sorts
/// last, whatever the inputs' order).
fn unite_wording(order: &[&Session], report: &mut MergeReport) -> Wordings {
    let mut out = Wordings::new();
    let mut differ: BTreeSet<(String, &'static str)> = BTreeSet::new();
    for s in order {
        for (exercise, wording) in &s.wording {
            let kept = out.entry(exercise.clone()).or_default();
            for (field, worded) in &wording.0 {
                match kept.0.get(field) {
                    Some(k) if k == worded => {}
                    Some(k) => {
                        differ.insert((exercise.clone(), field.label()));
                        if (&worded.at, &worded.text) > (&k.at, &k.text) {
                            kept.0.insert(*field, worded.clone());
                        }
                    }
                    None => {
                        kept.0.insert(*field, worded.clone());
                    }
                }
            }
        }
    }
    for (exercise, label) in differ {
        report.notes.push(format!(
            "the {label} of `{exercise}` is worded differently in the inputs; kept the wording set last"
        ));
    }
    out
}

/// Themes, rounds, ballots and axes of every input, so that nothing counts twice: one theme and
/// one round per id (a round as far on as any copy has it, a theme under its latest name), one
/// placing per answer and one ballot per voter and round (the latest), the axes chosen and
/// the seeds picked last.
/// Ties between equally recent copies go to the one that sorts first, whatever the inputs' order.
fn unite_convergence(order: &[&Session]) -> Convergence {
    fn later<T: serde::Serialize>(a: (Timestamp, &T), b: (Timestamp, &T)) -> bool {
        let key = |x: &T| serde_json::to_string(x).unwrap_or_default();
        (b.0, key(b.1)) > (a.0, key(a.1))
    }
    let mut out = Convergence::default();
    let mut themes: BTreeMap<&str, Theme> = BTreeMap::new();
    let mut rounds: BTreeMap<&str, Round> = BTreeMap::new();
    for s in order {
        let c = &s.convergence;
        for t in &c.themes {
            let kept = themes.entry(&t.id).or_insert_with(|| t.clone());
            if later((kept.named, &kept.name), (t.named, &t.name)) {
                kept.name = t.name.clone();
                kept.named = t.named;
            }
            kept.created = kept.created.min(t.created);
            kept.merged_into = kept.merged_into.clone().max(t.merged_into.clone());
        }
        for r in &c.rounds {
            let kept = rounds.entry(&r.id).or_insert_with(|| r.clone());
            kept.state = kept.state.max(r.state);
        }
        for (id, p) in &c.placed {
            match out.placed.get(id) {
                Some(kept) if !later((kept.at, &kept.theme), (p.at, &p.theme)) => {}
                _ => {
                    out.placed.insert(id.clone(), p.clone());
                }
            }
        }
        for (round, by_voter) in &c.ballots {
            let kept = out.ballots.entry(round.clone()).or_default();
            for (voter, b) in by_voter {
                match kept.get(voter) {
                    Some(k) if !later((k.at, &k.choice), (b.at, &b.choice)) => {}
                    _ => {
                        kept.insert(voter.clone(), b.clone());
                    }
                }
            }
        }
        for (exercise, a) in &c.axes {
            match out.axes.get(exercise) {
                Some(k) if !later((k.at, k), (a.at, a)) => {}
                _ => {
                    out.axes.insert(exercise.clone(), a.clone());
                }
            }
        }
        for (exercise, seed) in &c.seeds {
            match out.seeds.get(exercise) {
                Some(k) if !later((k.at, k), (seed.at, seed)) => {}
                _ => {
                    out.seeds.insert(exercise.clone(), seed.clone());
                }
            }
        }
    }
    out.themes = themes.into_values().collect();
    out.themes
        .sort_by(|a, b| (a.created, &a.id).cmp(&(b.created, &b.id)));
    out.rounds = rounds.into_values().collect();
    out.rounds
        .sort_by(|a, b| (a.opened, &a.id).cmp(&(b.opened, &b.id)));
    out
}

/// One contribution from copies that differ.
fn unite(id: &str, these: &[&Contribution], report: &mut MergeReport) -> Contribution {
    if let Some(at) = these.iter().filter_map(|c| c.withdrawn).min() {
        // Withdrawal wins, and takes every copy's words with it.
        if !these.iter().all(|c| c.is_withdrawn()) {
            report.notes.push(format!(
                "contribution {id} was withdrawn in one input; it stays withdrawn, with no words"
            ));
        }
        let mut c = these
            .iter()
            .find(|c| c.withdrawn == Some(at))
            .map_or_else(|| these[0].clone(), |c| (*c).clone());
        c.erase(at);
        c.created = these.iter().map(|c| c.created).min().unwrap_or(c.created);
        c.hidden = these.iter().any(|c| c.hidden);
        return c;
    }
    let mut all: Vec<Version> = these.iter().flat_map(|c| versions(c)).collect();
    all.sort();
    all.dedup();
    if !these.iter().any(|c| versions(c) == all) {
        report.conflicts.push(Conflict {
            id: id.to_owned(),
            versions: all.len(),
        });
    }
    // Where it is filed: as in the copy written last; a tie goes to the first in sort order.
    let latest = |c: &Contribution| c.edited.unwrap_or(c.created);
    let newest = these
        .iter()
        .map(|c| latest(c))
        .max()
        .unwrap_or(Timestamp::UNIX_EPOCH);
    let place = these
        .iter()
        .filter(|c| latest(c) == newest)
        .map(|c| (&c.exercise, &c.slot, &c.group))
        .min()
        .unwrap_or((&these[0].exercise, &these[0].slot, &these[0].group));
    if these
        .iter()
        .any(|c| (&c.exercise, &c.slot, &c.group) != place)
    {
        report.notes.push(format!(
            "contribution {id} is filed differently in the inputs; kept it under `{}`/`{}`",
            place.0, place.1
        ));
    }
    let hidden = these.iter().any(|c| c.hidden);
    if hidden && !these.iter().all(|c| c.hidden) {
        report.notes.push(format!(
            "contribution {id} is off the record in one input; it stays off the record"
        ));
    }
    let authors: BTreeMap<&str, ()> = these
        .iter()
        .filter_map(|c| c.author.as_deref())
        .map(|a| (a, ()))
        .collect();
    if authors.len() > 1 {
        report.notes.push(format!(
            "contribution {id} has different authors in the inputs; kept the first alphabetically"
        ));
    }
    let (current, earlier) = all
        .split_last()
        .map_or((None, &[][..]), |(c, e)| (Some(c), e));
    let current = current.cloned().unwrap_or(Version {
        written: these[0].created,
        text: &these[0].text,
        fields: &these[0].fields,
    });
    Contribution {
        id: id.to_owned(),
        exercise: place.0.clone(),
        slot: place.1.clone(),
        group: place.2.clone(),
        // Set when it was added and never changed: every copy holds the same; the smallest
        // should a hand-made file disagree, whatever the inputs' order.
        parent: these.iter().filter_map(|c| c.parent.clone()).min(),
        author: authors.keys().next().map(|a| (*a).to_owned()),
        text: current.text.to_owned(),
        fields: current.fields.clone(),
        created: these
            .iter()
            .map(|c| c.created)
            .min()
            .unwrap_or(current.written),
        edited: (!earlier.is_empty()).then_some(current.written),
        revisions: earlier
            .iter()
            .map(|v| Revision {
                text: v.text.to_owned(),
                fields: v.fields.clone(),
                written: v.written,
            })
            .collect(),
        hidden,
        starred: these.iter().any(|c| c.starred),
        withdrawn: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::words::Field;

    fn copies() -> (Session, Session) {
        let scenario: Scenario = serde_json::from_str(
            r#"{"format":"hearth-scenario/1","id":"t","title":"T","agenda":[
                {"id":"round","title":"Round","kind":"prompt_round",
                 "questions":[{"id":"a","text":"A?"}]}]}"#,
        )
        .unwrap();
        let a = Session::new(scenario, "S".into(), None, Vec::new());
        (a.clone(), a)
    }

    fn word(text: &str, second: i64) -> Change {
        Change::SetWording {
            exercise: "round".into(),
            field: Field::Title,
            text: Some(text.into()),
            at: Timestamp::from_second(second).unwrap(),
        }
    }

    fn narrate(text: &str) -> Change {
        Change::SetNarration {
            place: Place::Before("round".into()),
            text: text.into(),
        }
    }

    #[test]
    fn narration_is_joined_and_the_wording_set_last_is_kept_whatever_the_order() {
        let (mut a, mut b) = copies();
        for c in [narrate("We began in the hall."), word("Earlier title", 10)] {
            a.apply(&c).unwrap();
        }
        for c in [
            narrate("We began outside."),
            word("Later title", 20),
            Change::SetNarration {
                place: Place::Closing,
                text: "Only here.".into(),
            },
        ] {
            b.apply(&c).unwrap();
        }
        let (ab, report) = merge(&[a.clone(), b.clone()]).unwrap();
        let (ba, _) = merge(&[b.clone(), a.clone()]).unwrap();
        assert_eq!(ab, ba, "the inputs' order does not matter");
        let before = ab.narration.get(&Place::Before("round".into()));
        assert!(before.contains("We began in the hall.") && before.contains("We began outside."));
        assert_eq!(ab.narration.closing, "Only here.");
        assert_eq!(ab.exercise("round").unwrap().title, "Later title");
        assert!(report.notes.iter().any(|n| n.contains("narration before")));
        assert!(report.notes.iter().any(|n| n.contains("title of `round`")));
        let (again, _) = merge(&[ab.clone(), a]).unwrap();
        assert_eq!(again.narration, ab.narration);
        assert_eq!(again.wording, ab.wording);
    }
}

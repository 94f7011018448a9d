//! What the room may see: one place that decides it. [`AudienceView::build`] takes the session
//! and the facilitator's [`Stage`] (where the screen is, what is spotlighted) and keeps only
//! what the room may see by [`sight::may_see`]: never an answer off the record or withdrawn,
//! never one still hidden until the reveal (session state), never a vote's tallies before they
//! are revealed. The projection (F5), the
//! audience window (`hearth screen`) and the browser screen (`/screen`) all draw this.

use serde::{Deserialize, Serialize};

use crate::model::convergence::{RoundKind, RoundState, VoteOn};
use crate::model::sight::{self, Viewer};
use crate::model::{Contribution, Session};

/// How large the audience's text is drawn; a key cycles through them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextSize {
    /// The largest that shows every answer.
    #[default]
    Auto,
    /// Everything at the terminal's own size (the most answers).
    Normal,
    /// The question in large type, answers at the terminal's size.
    Large,
    /// The question and the answers in large type.
    Huge,
}

impl TextSize {
    pub fn next(self) -> TextSize {
        match self {
            TextSize::Auto => TextSize::Normal,
            TextSize::Normal => TextSize::Large,
            TextSize::Large => TextSize::Huge,
            TextSize::Huge => TextSize::Auto,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TextSize::Auto => "auto",
            TextSize::Normal => "normal",
            TextSize::Large => "large",
            TextSize::Huge => "huge",
        }
    }
}

/// The timer as the room sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimerView {
    pub total_secs: u64,
    /// Seconds left, rounded up.
    pub left_secs: u64,
    pub running: bool,
    pub rang: bool,
}

/// The timer as a label: "07:42 ▶".
pub fn timer_label(t: TimerView) -> String {
    let state = if t.running {
        "▶"
    } else if t.rang {
        "time's up"
    } else {
        "⏸"
    };
    format!("{:02}:{:02} {state}", t.left_secs / 60, t.left_secs % 60)
}

/// The join address, code and QR code, when the facilitator puts them on the screen.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinView {
    pub url: String,
    pub code: String,
    pub qr: Vec<String>,
}

/// The facilitator's screen, as far as the room is concerned. Built by the terminal app from
/// its own state; holds ids and indexes only, no text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stage {
    /// Index into the agenda.
    pub exercise: usize,
    /// Index into the exercise's slots.
    pub slot: usize,
    pub spotlight: Option<String>,
    pub timer: Option<TimerView>,
    /// The vote round open on the screen (the vote panel), if any.
    pub round: Option<String>,
    pub join: Option<JoinView>,
    pub size: TextSize,
}

/// One answer as shown to the room: verbatim text and fields, the group that gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AudienceAnswer {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub starred: bool,
    /// The theme the room gathered it under, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
}

/// A vote round as the room sees it: how many voted while it runs, the ranking once revealed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoteView {
    pub title: String,
    pub revealed: bool,
    pub voted: usize,
    pub groups: usize,
    /// Who has voted, as the voters are: "3 of 4 groups have voted", "2 devices have voted".
    #[serde(default)]
    pub progress: String,
    /// Revealed only: (score, item), best first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ranked: Vec<(String, String)>,
}

/// Everything an audience screen draws.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AudienceView {
    pub session: String,
    pub exercise: String,
    /// 1-based position in the agenda, and the agenda's length.
    pub number: usize,
    pub of: usize,
    /// A short name for the slot ("Q1", "PULL").
    pub heading: String,
    /// The question (or corner, cell, item) being answered.
    pub question: String,
    /// A follow-up line under the question.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub follow_up: String,
    pub slot_number: usize,
    pub slots: usize,
    pub answers: Vec<AudienceAnswer>,
    /// Answers saved but hidden until the facilitator reveals them (a count, nothing else).
    pub withheld: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spotlight: Option<AudienceAnswer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timer: Option<TimerView>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vote: Option<VoteView>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub join: Option<JoinView>,
    pub size: TextSize,
}

impl AudienceAnswer {
    fn of(c: &Contribution) -> AudienceAnswer {
        AudienceAnswer {
            id: c.id.clone(),
            group: c.group.clone(),
            text: c.text.clone(),
            fields: c
                .fields
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            starred: c.starred,
            theme: None,
        }
    }
}

impl AudienceView {
    /// What the room may see of `session` with the facilitator's screen at `stage`.
    pub fn build(session: &Session, stage: &Stage) -> AudienceView {
        let agenda = &session.scenario.agenda;
        let Some(plan) = agenda.get(stage.exercise) else {
            return AudienceView {
                session: session.title.clone(),
                of: agenda.len(),
                join: stage.join.clone(),
                size: stage.size,
                ..AudienceView::default()
            };
        };
        let exercise = session
            .exercise(&plan.id)
            .map_or_else(|| plan.clone(), |e| e.into_owned());
        let slots = exercise.slots();
        let i = stage.slot.min(slots.len().saturating_sub(1));
        let slot = slots.get(i);
        // On the record (not off it, not withdrawn): what is shown, or counted while hidden.
        let on_record: Vec<&Contribution> = slot
            .map(|s| {
                session
                    .in_slot(&exercise.id, &s.id)
                    .filter(|c| sight::may_see(session, Viewer::Record, c))
                    .collect()
            })
            .unwrap_or_default();
        let (shown, withheld): (Vec<&Contribution>, Vec<&Contribution>) = on_record
            .into_iter()
            .partition(|c| sight::may_see(session, Viewer::Room, c));
        let answers = match slot.filter(|s| s.parent.is_some()) {
            Some(_) => under_parents(session, &shown),
            None => themed(session, &shown),
        };
        let withheld = withheld.len();
        let spotlight = stage
            .spotlight
            .as_deref()
            .and_then(|id| session.contribution(id))
            .filter(|c| c.exercise == exercise.id && sight::may_see(session, Viewer::Room, c))
            .map(AudienceAnswer::of);
        let follow_up = exercise
            .kind
            .model()
            .questions()
            .and_then(|q| q.get(i))
            .map_or_else(String::new, |q| q.follow_up.clone());
        let follow_up = if follow_up.is_empty() {
            crate::model::seed::room_line(session, &exercise.id).unwrap_or_default()
        } else {
            follow_up
        };
        let heading = crate::net::kinds::page(&exercise.kind).heading(&exercise, slot, i);
        AudienceView {
            session: session.title.clone(),
            exercise: exercise.title.clone(),
            number: stage.exercise + 1,
            of: agenda.len(),
            heading,
            question: slot.map_or_else(String::new, |s| s.label.clone()),
            follow_up,
            slot_number: i + 1,
            // The slot of imported lines not yet placed is the plan's own, not a question.
            slots: slots
                .iter()
                .filter(|s| s.id != crate::model::exercise::UNPLACED_SLOT)
                .count(),
            answers,
            withheld,
            spotlight,
            timer: stage.timer,
            vote: stage.round.as_deref().and_then(|r| vote_view(session, r)),
            join: stage.join.clone(),
            size: stage.size,
        }
    }
}

/// A round for the room: counts while it runs; once revealed, the ranking, with the text of
/// answers the room may see.
fn vote_view(session: &Session, round: &str) -> Option<VoteView> {
    let round = session.convergence.round(round)?;
    let label = round.slot.as_deref().and_then(|s| {
        session
            .exercise(&round.exercise)
            .and_then(|e| e.slot(s).map(|x| x.label))
    });
    let what = match (round.on, &label) {
        (VoteOn::Themes, _) => "the themes".to_owned(),
        (VoteOn::Answers, Some(l)) => format!("“{l}”"),
        (VoteOn::Answers, None) => "the answers".to_owned(),
    };
    let title = match round.kind {
        RoundKind::Rating => format!("Impact and uncertainty of {what}"),
        RoundKind::Dots { .. } => format!("Dots on {what}"),
    };
    let revealed = round.state == RoundState::Revealed;
    let mut ranked = Vec::new();
    if revealed {
        for (n, t) in session.convergence.tally(&round.id).iter().enumerate() {
            let text = match round.on {
                VoteOn::Themes => session
                    .convergence
                    .theme(&t.item)
                    .filter(|_| sight::may_see_themes(session, Viewer::Room, &round.exercise))
                    .map(|t| t.name.clone()),
                VoteOn::Answers => session
                    .contribution(&t.item)
                    .filter(|c| sight::may_see(session, Viewer::Room, c))
                    .map(|c| c.text.clone()),
            };
            let Some(text) = text else { continue };
            let score = match round.kind {
                RoundKind::Dots { .. } => format!("{}. {} ●", n + 1, t.count),
                RoundKind::Rating => format!("{}. {:.1}", n + 1, t.criticality()),
            };
            ranked.push((score, text));
        }
    }
    Some(VoteView {
        title,
        revealed,
        voted: session.convergence.voters(&round.id),
        groups: session.groups.len(),
        // The room's screen does not know which group a device joined for.
        progress: session
            .convergence
            .turnout(&round.id)
            .describe(&session.groups, |_| None),
        ranked,
    })
}

/// Answers of a slot whose answers go under another's (a wheel's 2nd-order consequences),
/// gathered under the answer each follows from as the room may see it: its words as the
/// heading ("under ‘More peer jobs’"), or, when the one it follows from may not be seen, that
/// it follows from one withdrawn or not shown, without its words.
fn under_parents(session: &Session, answers: &[&Contribution]) -> Vec<AudienceAnswer> {
    let seen = |c: &Contribution| sight::may_see(session, Viewer::Room, c);
    let mut placed: Vec<(Option<(jiff::Timestamp, String)>, AudienceAnswer)> = answers
        .iter()
        .map(|a| {
            let anchor = crate::model::tree::anchor(session, a, &seen);
            let heading = match (anchor.skipped.describe(), anchor.under) {
                (Some(note), _) => Some(note.to_owned()),
                (None, Some(p)) => Some(format!(
                    "under ‘{}’",
                    crate::model::tree::parent_words(&p.text)
                )),
                (None, None) => None,
            };
            // Those at the top (under no answer shown) last; the others by their parent's age.
            let order = anchor.under.map(|p| (p.created, p.id.clone()));
            (
                order,
                AudienceAnswer {
                    theme: heading,
                    ..AudienceAnswer::of(a)
                },
            )
        })
        .collect();
    placed.sort_by(|(a, _), (b, _)| match (a, b) {
        (Some(a), Some(b)) => a.cmp(b),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    placed.into_iter().map(|(_, a)| a).collect()
}

/// Answers gathered under their themes, in the order the themes were made, then those in no
/// theme; each keeps its order within.
fn themed(session: &Session, answers: &[&Contribution]) -> Vec<AudienceAnswer> {
    let c = &session.convergence;
    let rank = |a: &Contribution| {
        c.theme_of(&a.id)
            .and_then(|t| c.themes.iter().position(|x| x.id == t.id))
            .unwrap_or(usize::MAX)
    };
    let mut sorted: Vec<&&Contribution> = answers.iter().collect();
    sorted.sort_by_key(|a| rank(a));
    sorted
        .into_iter()
        .map(|a| AudienceAnswer {
            theme: c.theme_of(&a.id).map(|t| t.name.clone()),
            ..AudienceAnswer::of(a)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Change, Draft, Scenario};

    fn session() -> Session {
        let scenario: Scenario = serde_json::from_str(
            r#"{"id":"s","title":"S","agenda":[{"id":"q","title":"Questions","kind":"prompt_round",
                "questions":[{"id":"q1","text":"What pulls?"},{"id":"q2","text":"What pushes?"}]}]}"#,
        )
        .expect("a plan");
        let mut s = Session::new(scenario, "Retro".into(), None, vec!["Table 1".into()]);
        for (id, text, hidden) in [("a", "on record", false), ("b", "off record", true)] {
            let c = Draft::new("q", "q1", text)
                .group(Some("Table 1".into()))
                .into_contribution_with(id.into(), jiff::Timestamp::UNIX_EPOCH);
            s.apply(&Change::Add { contribution: c }).expect("added");
            if hidden {
                s.apply(&Change::SetHidden {
                    id: id.into(),
                    hidden: true,
                })
                .expect("hidden");
            }
        }
        s
    }

    #[test]
    fn off_the_record_answers_are_never_in_the_view() {
        let s = session();
        let v = AudienceView::build(
            &s,
            &Stage {
                spotlight: Some("b".into()),
                ..Stage::default()
            },
        );
        assert_eq!(v.question, "What pulls?");
        assert_eq!(v.answers.len(), 1);
        assert_eq!(v.answers[0].text, "on record");
        assert!(
            v.spotlight.is_none(),
            "an off-the-record answer is never spotlighted"
        );
        let json = serde_json::to_string(&v).expect("json");
        assert!(!json.contains("off record"), "{json}");
    }

    #[test]
    fn a_backcast_tells_the_room_its_seed_only_as_the_room_may_see_it() {
        let scenario: Scenario = serde_json::from_str(
            r#"{"id":"s","title":"S","agenda":[
                {"id":"sc","title":"Scenarios","kind":"scenario_building","focal_question":"F"},
                {"id":"b","title":"Backcast","kind":"backcasting","vision_from":"sc"}]}"#,
        )
        .expect("a plan");
        let mut s = Session::new(scenario, "S".into(), None, vec!["Table 1".into()]);
        let c = Draft::new("sc", "title", "Alliance world")
            .into_contribution_with("t".into(), jiff::Timestamp::UNIX_EPOCH);
        s.apply(&Change::Add { contribution: c }).expect("added");
        s.apply(&Change::SeedFrom {
            exercise: "b".into(),
            seed: crate::model::convergence::Seed {
                from: "t".into(),
                at: jiff::Timestamp::UNIX_EPOCH,
            },
        })
        .expect("seeded");
        let stage = Stage {
            exercise: 1,
            ..Stage::default()
        };
        let v = AudienceView::build(&s, &stage);
        assert_eq!(
            v.follow_up,
            "Preferred future, from “Scenarios”: Alliance world"
        );
        s.apply(&Change::SetConcealed {
            exercise: "sc".into(),
            concealed: true,
        })
        .expect("concealed");
        let v = AudienceView::build(&s, &stage);
        assert_eq!(v.follow_up, "Preferred future: from “Scenarios”");
        s.apply(&Change::Withdraw {
            id: "t".into(),
            at: jiff::Timestamp::UNIX_EPOCH,
        })
        .expect("withdrawn");
        let v = AudienceView::build(&s, &stage);
        assert_eq!(
            v.follow_up,
            "Preferred future: from a scenario since withdrawn"
        );
        assert!(
            !serde_json::to_string(&v)
                .expect("json")
                .contains("Alliance")
        );
    }

    #[test]
    fn concealed_answers_are_counted_not_shown_until_revealed() {
        let mut s = session();
        let stage = Stage {
            spotlight: Some("a".into()),
            ..Stage::default()
        };
        let conceal = |concealed| Change::SetConcealed {
            exercise: "q".into(),
            concealed,
        };
        s.apply(&conceal(true)).expect("concealed");
        let v = AudienceView::build(&s, &stage);
        assert!(v.answers.is_empty() && v.spotlight.is_none());
        assert_eq!(v.withheld, 1);
        assert!(
            !serde_json::to_string(&v)
                .expect("json")
                .contains("on record")
        );
        s.apply(&conceal(false)).expect("revealed");
        let v = AudienceView::build(&s, &stage);
        assert_eq!(v.answers.len(), 1);
        assert_eq!(v.spotlight.map(|a| a.text).as_deref(), Some("on record"));
    }
}

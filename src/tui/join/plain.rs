//! `hearth join URL --plain`: the note-taker's screen as lines, for screen readers and slow
//! links. The prompt names the group and the question; a line is an answer, queued through the
//! same outbox (synced before "queued" is printed) and "saved" once the server has it; each
//! thing that happens is one printed line. Commands are typed as in `hearth run --plain`, from
//! the same command table; the line editor is the same (see `tui::plain`).

use std::collections::HashMap;

use super::action::JoinAction;
use super::layers::join_top;
use super::state::{Conn, JoinState, MineState};
use crate::net::outbox::Outbox;
use crate::tui::front::Front;
use crate::tui::keymap::plain::{Form, form, typed};
use crate::tui::keymap::{Command, Context, what};
use crate::tui::plain::describe::{indented, safe};
use crate::tui::plain::reader::{Line, Reader};
use crate::tui::text::{display_line, truncate};

#[derive(Debug, Default)]
struct Said {
    banner: Option<String>,
    conn: Option<String>,
    exercise: Option<String>,
    /// The exercise's question, picked seed and instructions as last said.
    about: Option<Vec<String>>,
    /// Each answer of this terminal as last said, with its text.
    mine: HashMap<String, (MineState, String)>,
    layer: Option<Context>,
    vote: Option<String>,
}

pub struct JoinPlain {
    reader: Reader,
    asked: bool,
    several: bool,
    said: Said,
    terminal: Option<crate::platform::TermSettings>,
}

/// The commands of the note-taker's screen at the prompt, in the order the help lists them.
const COMMANDS: [(Context, Command); 8] = [
    (Context::Anywhere, Command::NextSlot),
    (Context::Anywhere, Command::PreviousSlot),
    (Context::Anywhere, Command::NextField),
    (Context::Anywhere, Command::NextExercise),
    (Context::Anywhere, Command::PreviousExercise),
    (Context::Join, Command::VotePanel),
    (Context::Anywhere, Command::Help),
    (Context::Anywhere, Command::Quit),
];

impl JoinPlain {
    pub fn start(state: &JoinState) -> JoinPlain {
        let terminal = crate::platform::terminal_settings();
        if let Some(t) = terminal {
            // A panic leaves the terminal as it found it.
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                crate::platform::restore_terminal_settings(&t);
                previous(info);
            }));
        }
        let mut plain = JoinPlain {
            reader: Reader::start(),
            asked: false,
            several: false,
            said: Said::default(),
            terminal,
        };
        plain.reader.say(&format!(
            "hearth join, plain mode: taking notes for {}. Type an answer and press Enter to send it; /begin … /end for several lines; /help lists the commands.",
            display_line(&state.group)
        ));
        plain
    }

    /// After the loop: the terminal as it was, and what still waits in the outbox.
    pub fn finish(&mut self, state: &JoinState, outbox: &Outbox) {
        if let Some(t) = &self.terminal {
            crate::platform::restore_terminal_settings(t);
        }
        for l in self.news(state) {
            self.reader.say(&l);
        }
        if state.has_text() {
            self.reader.say(
                "Unsent text is kept in the drafts file beside the outbox: it is back when you join again.",
            );
        }
        let waiting = outbox.pending_count();
        if waiting > 0 {
            self.reader.say(&format!(
                "{waiting} answer{} still wait in the outbox on this machine: they are sent when you join again.",
                if waiting == 1 { "" } else { "s" }
            ));
        }
        self.reader.say("Goodbye.");
    }

    fn news(&mut self, state: &JoinState) -> Vec<String> {
        let mut lines = Vec::new();
        if state.banner != self.said.banner {
            self.said.banner.clone_from(&state.banner);
            lines.extend(state.banner.as_deref().map(safe));
        }
        let conn = match &state.conn {
            Conn::Connecting => "Connecting…".to_owned(),
            Conn::Connected => "Connected: answers go to the facilitator's session.".to_owned(),
            Conn::Reconnecting { reason, .. } => format!(
                "Not connected ({}): answers wait in the outbox on this machine and are sent when the server is back.",
                safe(reason)
            ),
            Conn::SignedOut(r) => format!("Signed out: {}", safe(r)),
        };
        if self.said.conn.as_ref() != Some(&conn) {
            self.said.conn = Some(conn.clone());
            lines.push(conn);
        }
        if let Some(t) = &state.target {
            if self.said.exercise.as_ref() != Some(&t.id) {
                self.said.exercise = Some(t.id.clone());
                self.said.about = None;
                lines.push(format!("Exercise: {}.", display_line(&t.title)));
            }
            // What it is about: said again when it changes (a centre picked live).
            let about: Vec<String> = [&t.question, &t.seed, &t.instructions]
                .into_iter()
                .filter(|x| !x.trim().is_empty())
                .map(|x| safe(x))
                .collect();
            if !about.is_empty() && self.said.about.as_ref() != Some(&about) {
                lines.extend(about.iter().cloned());
                self.said.about = Some(about);
            }
        }
        for m in &state.mine {
            if self.said.mine.get(&m.request.id).map(|(s, _)| s) == Some(&m.state) {
                continue;
            }
            self.said.mine.insert(
                m.request.id.clone(),
                (m.state.clone(), m.request.text.clone()),
            );
            let text = safe(&m.request.text);
            lines.push(match &m.state {
                MineState::Queued => format!("queued on this machine: {text}"),
                MineState::Saved(at) => format!("saved {at}: {text}"),
                MineState::Failed(why) => format!("refused ({}): {text}", safe(why)),
            });
        }
        // Saved and then shown from the server's list within one look: said saved all the same.
        let gone: Vec<String> = self
            .said
            .mine
            .keys()
            .filter(|id| !state.mine.iter().any(|m| m.request.id == **id))
            .cloned()
            .collect();
        for id in gone {
            if let Some((was, text)) = self.said.mine.remove(&id)
                && !matches!(was, MineState::Saved(_))
                && state.answers.iter().any(|a| a.id == id)
            {
                let at = jiff::Zoned::now().strftime("%H:%M:%S").to_string();
                lines.push(format!("saved {at}: {}", safe(&text)));
            }
        }
        if let Some(s) = &state.status {
            lines.push(safe(s.trim_start_matches("✓ ")));
        }
        let layer = join_top(state);
        if layer != self.said.layer {
            self.said.layer = layer;
            match layer {
                Some(Context::QuitQuestion) => lines.push(
                    "There is unsent text in the box. save: send it, then quit; discard: discard it and quit; back: back to typing.".into(),
                ),
                Some(ctx) => lines.push(format!(
                    "{}. Commands: {}. /help says what each does.",
                    heading(state, ctx),
                    words(state, ctx)
                )),
                None => {}
            }
        }
        let vote = vote_lines(state);
        if vote != self.said.vote {
            lines.extend(vote.clone());
            self.said.vote = vote;
        }
        lines
    }

    fn prompt(&mut self, state: &JoinState) -> (String, String) {
        match join_top(state) {
            Some(Context::QuitQuestion) => ("save, discard or back? > ".into(), String::new()),
            Some(ctx) => (format!("{} > ", heading(state, ctx)), String::new()),
            None => {
                let text = state
                    .capture
                    .get(state.capture_field)
                    .map(|b| b.text().to_owned())
                    .unwrap_or_default();
                if !self.several && text.chars().any(char::is_control) {
                    self.several = true;
                    self.reader.say(&format!(
                        "The answer being typed has several lines (or characters shown as symbols); each line you type is added to it, /end sends it:\n{}",
                        indented(&text)
                    ));
                }
                let slot = state
                    .current_slot()
                    .map_or("waiting for the facilitator's exercise".to_owned(), |s| {
                        truncate(&display_line(&s.label), 60)
                    });
                let place = format!("{} › {slot}", display_line(&state.group));
                if self.several {
                    (format!("{place} (more; /end sends) > "), String::new())
                } else {
                    (format!("{place} > "), text)
                }
            }
        }
    }
}

/// The note-taker's vote panel in words: each item, the dots or ratings given, the chosen one.
fn vote_lines(state: &JoinState) -> Option<String> {
    let panel = state.vote.as_ref()?;
    let round = state.rounds.iter().find(|r| r.id == panel.round)?;
    let mut out = Vec::new();
    for (i, item) in round.items.iter().enumerate() {
        let given = match round.kind {
            crate::model::convergence::RoundKind::Dots { .. } => {
                format!("{} dots", panel.dots.get(&item.id).copied().unwrap_or(0))
            }
            crate::model::convergence::RoundKind::Rating => {
                let m = panel.ratings.get(&item.id);
                let n = |v: Option<u8>| v.map_or("–".to_owned(), |v| v.to_string());
                format!(
                    "impact {}, uncertainty {}",
                    n(m.and_then(|m| m.impact)),
                    n(m.and_then(|m| m.uncertainty))
                )
            }
        };
        let mark = if i == panel.cursor {
            "  chosen: "
        } else {
            "  "
        };
        out.push(format!("{mark}{}. {} — {given}", i + 1, safe(&item.text)));
    }
    Some(out.join("\n"))
}

fn heading(state: &JoinState, ctx: Context) -> String {
    let h = state.keymap.heading(ctx);
    h.split(" (").next().unwrap_or(&h).trim().to_owned()
}

fn words(state: &JoinState, ctx: Context) -> String {
    state
        .keymap
        .table(ctx)
        .iter()
        .filter(|(_, k)| !k.is_empty())
        .map(|(c, _)| c.name())
        .collect::<Vec<_>>()
        .join(", ")
}

fn key_of(state: &JoinState, ctx: Context, c: Command) -> Option<JoinAction> {
    state
        .keymap
        .keys(ctx, c)
        .first()
        .map(|k| JoinAction::Key(crate::tui::plain::key_event(k)))
}

impl JoinPlain {
    fn help(&self, state: &JoinState, ctx: Option<Context>) -> Vec<String> {
        if let Some(ctx) = ctx {
            let mut out = vec![format!(
                "{}: type a command's name (with or without /).",
                heading(state, ctx)
            )];
            for (c, keys) in state.keymap.table(ctx) {
                if !keys.is_empty() {
                    out.push(format!(
                        "  {} — {}",
                        c.name(),
                        state.keymap.fill(what(ctx, *c))
                    ));
                }
            }
            return out;
        }
        let mut out = vec!["Commands (from hearth's command table):".to_owned()];
        for (ctx, c) in COMMANDS {
            out.push(format!(
                "  /{} — {}",
                c.name(),
                state.keymap.fill(what(ctx, c))
            ));
        }
        out.push("  /list — the answers of this question".into());
        out.push(format!(
            "  /edit N — {}",
            state
                .keymap
                .fill(what(Context::Selecting, Command::Edit))
                .replace("the selected answer", "answer N of /list (a refused one)")
        ));
        for c in [Command::Save, Command::NewLine, Command::Type] {
            if let Form::Line(how) = form(c) {
                out.push(format!("  {how}"));
            }
        }
        out
    }

    fn list(state: &JoinState) -> Vec<String> {
        let shown = state.slot_answers();
        let mut out = vec![format!(
            "{} answer{} here.",
            shown.len(),
            if shown.len() == 1 { "" } else { "s" }
        )];
        for (i, a) in shown.iter().enumerate() {
            let mark = match a.mine {
                Some(MineState::Queued) => " (yours, queued)",
                Some(MineState::Saved(_)) => " (yours)",
                Some(MineState::Failed(_)) => " (yours, refused)",
                None => "",
            };
            out.push(format!("{}. {}{mark}", i + 1, safe(a.text)));
        }
        out
    }

    fn line_actions(&mut self, state: &JoinState, text: String) -> (Vec<JoinAction>, Vec<String>) {
        let mut out = Vec::new();
        if let Some(ctx) = join_top(state) {
            let trimmed = text.trim();
            let word = trimmed.trim_start_matches('/').replace('-', "_");
            if word == "help" {
                return (out, self.help(state, Some(ctx)));
            }
            if word == "quit" {
                out.extend(key_of(state, Context::Anywhere, Command::Quit));
                return (out, Vec::new());
            }
            if let Some(c) = state
                .keymap
                .table(ctx)
                .iter()
                .find(|(c, k)| c.name().eq_ignore_ascii_case(&word) && !k.is_empty())
                .map(|(c, _)| *c)
            {
                out.extend(key_of(state, ctx, c));
            } else if crate::tui::plain::is_digits_and_signs(trimmed) {
                // Digits and signs as keys (a rating's 1–5, a dot's +); never words.
                out.extend(trimmed.chars().filter(|c| !c.is_whitespace()).map(|c| {
                    JoinAction::Key(ratatui::crossterm::event::KeyEvent::from(
                        ratatui::crossterm::event::KeyCode::Char(c),
                    ))
                }));
            } else {
                return (
                    out,
                    vec![format!("Not a command here: {}.", words(state, ctx))],
                );
            }
            return (out, Vec::new());
        }
        let trimmed = text.trim();
        if let Some(rest) = trimmed.strip_prefix('/')
            && !rest.starts_with('/')
        {
            let mut words = rest.split_whitespace();
            let word = words.next().unwrap_or("").to_lowercase();
            let number = words.next().and_then(|n| n.parse::<usize>().ok());
            let said = match word.as_str() {
                // Correcting a refused answer: chosen by its number in /list, through the
                // selecting keys, as on the full screen.
                "edit" => {
                    let n = state.slot_answers().len();
                    match number {
                        Some(k) if (1..=n).contains(&k) => {
                            out.extend(key_of(state, Context::Typing, Command::LeaveBox));
                            for _ in 0..n {
                                out.extend(key_of(state, Context::Selecting, Command::SelectUp));
                            }
                            for _ in 1..k {
                                out.extend(key_of(state, Context::Selecting, Command::SelectDown));
                            }
                            out.extend(key_of(state, Context::Selecting, Command::Edit));
                            Vec::new()
                        }
                        _ => vec![format!(
                            "/edit N corrects refused answer N of /list ({n} here)."
                        )],
                    }
                }
                "help" => self.help(state, None),
                "list" => JoinPlain::list(state),
                "begin" if !self.several => {
                    self.several = true;
                    vec!["Type the lines of the answer; /end sends it.".into()]
                }
                "end" if self.several => {
                    self.several = false;
                    out.extend(key_of(state, Context::Typing, Command::Save));
                    Vec::new()
                }
                "begin" | "end" => {
                    vec!["/begin starts an answer of several lines; /end sends it.".into()]
                }
                _ => match typed(&word).and_then(|c| {
                    [Context::Anywhere, Context::Typing, Context::Join]
                        .into_iter()
                        .find_map(|ctx| key_of(state, ctx, c))
                }) {
                    Some(key) => {
                        out.push(key);
                        Vec::new()
                    }
                    None => vec![format!(
                        "No command /{} here. /help lists them.",
                        safe(&word)
                    )],
                },
            };
            return (out, said);
        }
        let text = match text.trim_start().strip_prefix("//") {
            Some(rest) => format!("/{rest}"),
            None => text,
        };
        if self.several {
            let has = state.has_text();
            out.push(JoinAction::Paste(if has {
                format!("\n{text}")
            } else {
                text
            }));
            return (out, Vec::new());
        }
        if text.trim().is_empty() {
            return (
                out,
                vec!["An empty line sends nothing. /help lists the commands.".into()],
            );
        }
        out.push(JoinAction::Replace(text));
        out.extend(key_of(state, Context::Typing, Command::Save));
        (out, Vec::new())
    }
}

impl Front<JoinState, JoinAction> for JoinPlain {
    type Input = Line;

    fn show(&mut self, state: &mut JoinState) -> bool {
        for l in self.news(state) {
            self.reader.say(&l);
        }
        state.status = None;
        // The next prompt once the answer is queued and the ballot answered: it says where the
        // next line goes as things then stand.
        if !self.asked && state.queueing.is_none() && state.casting.is_none() && !state.quit {
            let (prompt, initial) = self.prompt(state);
            self.reader.ask(prompt, initial);
            self.asked = true;
        }
        true
    }

    async fn next(&mut self) -> Option<Line> {
        let line = self.reader.next().await;
        self.asked = false;
        line
    }

    fn waiting(&mut self) -> Option<Option<Line>> {
        let line = self.reader.waiting()?;
        self.asked = false;
        Some(Some(line))
    }

    fn actions(&mut self, state: &mut JoinState, line: Line) -> Vec<JoinAction> {
        // Back to the box after choosing an answer (a panel keeps the keys).
        let back = (state.focus == crate::tui::state::Focus::Select && join_top(state).is_none())
            .then(|| key_of(state, Context::Selecting, Command::Type))
            .flatten();
        let text = match line {
            Line::Text(t) => t,
            Line::Interrupted(typed) if self.reader.terminal => {
                // What was on the line goes into the box first: quitting asks about it.
                let keep = (!typed.is_empty()).then(|| {
                    if self.several {
                        JoinAction::Paste(format!("\n{typed}"))
                    } else {
                        JoinAction::Replace(typed)
                    }
                });
                return keep
                    .into_iter()
                    .chain(key_of(state, Context::Anywhere, Command::Quit))
                    .collect();
            }
            Line::Eof if self.reader.terminal => {
                return key_of(state, Context::Anywhere, Command::Quit)
                    .into_iter()
                    .collect();
            }
            Line::Interrupted(_) | Line::Eof | Line::Gone => return vec![JoinAction::Quit],
        };
        let (actions, said) = self.line_actions(state, text);
        for s in said {
            self.reader.say(&s);
        }
        back.into_iter().chain(actions).collect()
    }

    fn typing(&mut self) -> Option<JoinAction> {
        if self.several {
            // Lines of several already go into the box one by one as they are entered.
            return None;
        }
        let partial = self.reader.partial();
        (!partial.is_empty()).then_some(JoinAction::Replace(partial))
    }

    fn unsent(&mut self) -> Option<JoinAction> {
        let partial = self.reader.take_partial();
        if partial.is_empty() {
            return None;
        }
        Some(if self.several {
            JoinAction::Paste(format!("\n{partial}"))
        } else {
            JoinAction::Replace(partial)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::api::{ExerciseInfo, SessionReply, SlotInfo};
    use crate::net::client::LinkEvent;
    use crate::tui::join::{JoinEffect, update};
    use crate::tui::theme::Theme;

    fn state() -> JoinState {
        let slot = |id: &str, label: &str| SlotInfo {
            parent_slot: None,
            id: id.into(),
            label: label.into(),
            text_label: "answer".into(),
            text_optional: false,
            fields: Vec::new(),
        };
        let mut s = JoinState::new(
            "http://127.0.0.1:7878/".into(),
            "Table 1".into(),
            Theme::plain(),
        );
        s.keymap.plain = true;
        let exercise = ExerciseInfo {
            seed: String::new(),
            question: String::new(),
            id: "pathways".into(),
            title: "Pathways".into(),
            kind: "pathway_brainstorm".into(),
            instructions: String::new(),
            position: 1,
            of: 1,
            slots: vec![slot("q1", "1. Areas?"), slot("q4", "4. Your path?")],
        };
        update(
            &mut s,
            JoinAction::Link(LinkEvent::Session(Box::new(SessionReply {
                parents: Vec::new(),
                title: "Dreaming together".into(),
                group: Some("Table 1".into()),
                exercise,
                answers: Vec::new(),
                rounds: Vec::new(),
                withdrawn: Vec::new(),
            }))),
        );
        s
    }

    /// Runs a typed line as the plain mode does: its actions through the update, the effects
    /// back, and what it said.
    fn line(
        plain: &mut JoinPlain,
        s: &mut JoinState,
        text: &str,
    ) -> (Vec<JoinEffect>, Vec<String>) {
        let (actions, said) = plain.line_actions(s, text.to_owned());
        let effects = actions.into_iter().flat_map(|a| update(s, a)).collect();
        (effects, said)
    }

    /// A line the server refused is corrected in the plain mode by its number in /list: the
    /// next line is sent in its place, replacing it, and the refused one is gone from /list.
    #[test]
    fn a_refused_answer_is_corrected_by_its_number_and_the_next_line() {
        let mut s = state();
        let mut plain = JoinPlain::start(&s);
        let (effects, _) = line(&mut plain, &mut s, "Peer jobs in hospitals");
        let [JoinEffect::Queue { request, .. }] = effects.as_slice() else {
            panic!("{effects:?}")
        };
        let bad = request.id.clone();
        update(&mut s, JoinAction::Queued);
        update(
            &mut s,
            JoinAction::Link(LinkEvent::Refused {
                id: bad.clone(),
                status: 422,
                message: "no such slot".into(),
            }),
        );
        let listed = JoinPlain::list(&s).join("\n");
        assert!(
            listed.contains("1. ") && listed.contains("(yours, refused)"),
            "{listed}"
        );
        // A number that is not in the list: said so, nothing sent.
        let (effects, said) = line(&mut plain, &mut s, "/edit 5");
        assert!(effects.is_empty(), "{effects:?}");
        assert!(said.join(" ").contains("/edit N corrects"), "{said:?}");
        // /edit 1, then the corrected line: sent in the refused one's place.
        let (effects, said) = line(&mut plain, &mut s, "/edit 1");
        assert!(
            effects.is_empty() && said.is_empty(),
            "{effects:?} {said:?}"
        );
        assert_eq!(s.fixing.as_deref(), Some(bad.as_str()));
        let (effects, _) = line(&mut plain, &mut s, "Peer jobs in hospitals and clinics");
        match effects.as_slice() {
            [JoinEffect::Queue { request, replaces }] => {
                assert_eq!(request.text, "Peer jobs in hospitals and clinics");
                assert_eq!(replaces.as_deref(), Some(bad.as_str()));
            }
            other => panic!("{other:?}"),
        }
        update(&mut s, JoinAction::Queued);
        assert_eq!(s.fixing, None);
        assert!(
            !JoinPlain::list(&s).join("\n").contains("refused"),
            "{:?}",
            JoinPlain::list(&s)
        );
    }
}

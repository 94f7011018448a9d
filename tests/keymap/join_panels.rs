//! `hearth join`'s vote panels, the help and the quit question: every key of their tables runs
//! the command it names, with the panel on top of the note-taker's stack.

use super::*;
use hearth::tui::join::layers::{join_layers, join_top};
use hearth::tui::join::vote::Axis;

fn item(id: &str) -> RoundItem {
    RoundItem {
        id: id.into(),
        text: format!("item {id}"),
    }
}

/// A note-taker with a round of `kind` open over three items, its panel open.
fn voting(keymap: &Keymap, kind: RoundKind) -> JoinState {
    let mut s = JoinState::new("http://x".into(), "Table 1".into(), Theme::plain());
    s.keymap = keymap.clone();
    let e = exercise("one", 1);
    let round = RoundInfo {
        id: "r9".into(),
        exercise: e.id.clone(),
        on: VoteOn::Answers,
        kind,
        state: RoundState::Open,
        items: vec![item("a"), item("b"), item("c")],
        voters: 0,
        devices: None,
        mine: None,
        results: None,
    };
    update(
        &mut s,
        JoinAction::Link(LinkEvent::Session(Box::new(SessionReply {
            parents: Vec::new(),
            title: "Keys".into(),
            group: Some("Table 1".into()),
            exercise: e,
            answers: Vec::new(),
            rounds: vec![round],
            withdrawn: Vec::new(),
        }))),
    );
    update(&mut s, JoinAction::Link(LinkEvent::Up));
    let open = keymap.keys(Context::Join, Command::VotePanel)[0];
    update(&mut s, JoinAction::Key(open.event()));
    assert!(s.vote.is_some(), "the vote panel opens");
    s
}

fn open(keymap: &Keymap, context: Context, command: Command) -> JoinState {
    use Command as C;
    let mut s = match context {
        Context::JoinRating => voting(keymap, RoundKind::Rating),
        _ => voting(
            keymap,
            RoundKind::Dots {
                dots: 3,
                per_item: None,
            },
        ),
    };
    let p = s.vote.as_mut().unwrap();
    p.cursor = if matches!(command, C::Up | C::PageUp | C::First) {
        2
    } else {
        0
    };
    if matches!(command, C::TakeDot) {
        p.dots.insert("a".into(), 1);
    }
    if matches!(command, C::Less | C::Clear) {
        p.ratings.insert(
            "a".into(),
            hearth::tui::join::vote::Marks {
                impact: Some(3),
                uncertainty: Some(3),
            },
        );
    }
    if matches!(command, C::Send) {
        p.dots.insert("a".into(), 1);
        p.ratings.insert(
            "a".into(),
            hearth::tui::join::vote::Marks {
                impact: Some(3),
                uncertainty: Some(3),
            },
        );
    }
    if context == Context::Help {
        let k = keymap.keys(Context::Anywhere, C::Help)[0];
        update(&mut s, JoinAction::Key(k.event()));
        s.help_scroll = 20;
    }
    if context == Context::QuitQuestion {
        s.vote = None;
        for c in "typed".chars() {
            update(&mut s, JoinAction::Key(Key::char(c).event()));
        }
        let k = keymap.keys(Context::Anywhere, C::Quit)[0];
        update(&mut s, JoinAction::Key(k.event()));
    }
    assert_eq!(join_top(&s), Some(context), "[{}] on top", context.name());
    s
}

fn runs_in(keymap: &Keymap, context: Context, command: Command, key: &Key) -> Result<(), String> {
    use Command as C;
    let mut s = open(keymap, context, command);
    let before = (join_layers(&s), format!("{:?}", s.vote), s.help_scroll);
    let effects = update(&mut s, JoinAction::Key(key.event()));
    let after = (join_layers(&s), format!("{:?}", s.vote), s.help_scroll);
    let axis = s.vote.as_ref().map(|p| p.axis);
    let ok = match command {
        C::Close => after.0.len() + 1 == before.0.len() && !after.0.contains(&context),
        C::Send => effects.iter().any(|e| matches!(e, JoinEffect::Cast(_))),
        C::Impact => axis == Some(Axis::Impact),
        C::Uncertainty | C::OtherAxis => axis == Some(Axis::Uncertainty),
        C::Save => {
            effects
                .iter()
                .any(|e| matches!(e, JoinEffect::Queue { .. }))
                && s.quit_after_save
        }
        C::Discard => s.quit,
        C::Back => !s.quit && !s.quit_ask,
        _ => after != before && after.0.contains(&context),
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "[{}] {key} did not {}: status {:?}, effects {effects:?}\n{before:?}\n{after:?}",
            context.name(),
            command.name(),
            s.status
        ))
    }
}

pub fn check_join_panels(keymap: &Keymap) {
    let mut failures = Vec::new();
    let mut checked = 0;
    for context in Context::JOIN_PANELS {
        for (command, keys) in keymap.table(context) {
            for key in keys {
                checked += 1;
                if let Err(e) = runs_in(keymap, context, *command, key) {
                    failures.push(e);
                }
            }
        }
    }
    assert!(checked > 30, "only {checked} keys checked");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_key_of_the_join_panels_runs_the_command_its_bar_and_help_name() {
    check_join_panels(&Keymap::default());
}

#[test]
fn remapped_join_panel_keys_run_their_commands_and_show_on_the_bar() {
    let map = Keymap::with_file("[join_dots]\ndot = [\"+\", \"d\"]\nsend = \"Ctrl-S\"\n")
        .expect("a valid keys file");
    check_join_panels(&map);
    let s = voting(
        &map,
        RoundKind::Dots {
            dots: 3,
            per_item: None,
        },
    );
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|f| {
            hearth::tui::join::view(&s, f);
        })
        .unwrap();
    let screen = terminal.backend().to_string();
    assert!(screen.contains("^S send"), "{screen}");
}

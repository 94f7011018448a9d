//! Keys as data: for each context of the run screen and of `hearth join`, a table from keys to
//! named commands, each command with its key-bar label and its help line. The key handling, the
//! key bar and the help all read these tables, so they cannot disagree, and a key remapped in
//! the user's keys file (`hearth where` names it) shows as remapped everywhere — on the
//! facilitator's screen and the note-taker's alike, which share the anywhere, typing and
//! selecting tables. A keys file changes keys, never commands.

use std::collections::BTreeMap;
use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent};

mod join;

pub use join::on_join;
mod key;

pub use key::Key;

/// Where the keys go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Context {
    /// The run screen, whether typing or selecting (after any panel or dialog).
    Anywhere,
    /// The capture box has the focus.
    Typing,
    /// Esc left the box: the arrows choose answers, letters act on them.
    Selecting,
    /// `hearth join` only, whether typing or selecting (its vote panel).
    Join,
}

impl Context {
    pub const ALL: [Context; 4] = [
        Context::Anywhere,
        Context::Typing,
        Context::Selecting,
        Context::Join,
    ];
    /// The facilitator's run screen's contexts.
    pub const RUN: [Context; 3] = [Context::Anywhere, Context::Typing, Context::Selecting];
    /// The note-taker screen's contexts (`hearth join`).
    pub const JOIN: [Context; 4] = [
        Context::Anywhere,
        Context::Join,
        Context::Typing,
        Context::Selecting,
    ];

    /// The name of its table in the keys file.
    pub fn name(self) -> &'static str {
        match self {
            Context::Anywhere => "anywhere",
            Context::Typing => "typing",
            Context::Selecting => "selecting",
            Context::Join => "join",
        }
    }

    /// The heading of its part of the help.
    pub fn heading(self) -> &'static str {
        match self {
            Context::Anywhere => "Anywhere",
            Context::Typing => "Capturing (the box at the bottom has the focus)",
            Context::Selecting => "Selecting (after Esc)",
            Context::Join => "The note-taker's screen",
        }
    }
}

macro_rules! commands {
    ($($variant:ident = $name:literal, $label:literal, $help:literal;)*) => {
        /// What a key can do on the run screen.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Command {
            $($variant,)*
        }

        impl Command {
            pub const ALL: &[Command] = &[$(Command::$variant,)*];

            /// Its name in the keys file.
            pub fn name(self) -> &'static str {
                match self {
                    $(Command::$variant => $name,)*
                }
            }

            /// Its word on the key bar.
            pub fn label(self) -> &'static str {
                match self {
                    $(Command::$variant => $label,)*
                }
            }

            /// Its line in the help.
            pub fn help(self) -> &'static str {
                match self {
                    $(Command::$variant => $help,)*
                }
            }
        }
    };
}

commands! {
    Help = "help", "help", "this help";
    Quit = "quit", "quit", "quit — saved answers are on disk; text still in the box is asked about";
    NextSlot = "next_slot", "slot", "next slot: question, corner, column, cell; each keeps its own unsaved text";
    PreviousSlot = "previous_slot", "slot", "previous slot";
    NextField = "next_field", "field", "next field of a multi-field entry (benefits, risks, mark…); ▸ marks it";
    NextGroup = "next_group", "group", "next group (then \"no group\"): the text in the box will be saved for it";
    NextExercise = "next_exercise", "exercise", "next exercise (the text in the box waits in its slot)";
    PreviousExercise = "previous_exercise", "exercise", "previous exercise";
    Project = "project", "project", "projection on / off: the audience's view, large, typing shown in a strip";
    TextSize = "text_size", "text size", "audience text size: auto, normal, large, huge";
    ShowJoin = "show_join", "join code", "while sharing: the join address and code on the audience's screen";
    Share = "share", "share", "share with note-takers; then open / close their panel";
    Timer = "timer", "timer", "start / pause the timer";
    AddMinute = "add_minute", "+1 min", "add a minute to the timer";
    BrowseDown = "browse_down", "browse", "select five answers further down";
    BrowseUp = "browse_up", "browse", "select five answers further up";
    Save = "save", "save", "save it to the slot, group and field the box's title names";
    NewLine = "new_line", "new line", "a line break (a paste keeps its line breaks and is never saved by itself)";
    LeaveBox = "leave_box", "select", "leave the box to select answers; an edit left this way waits, unsaved, for e";
    Type = "type", "type", "back to typing in the box (Esc never types: it only leaves or closes)";
    SelectUp = "select_up", "choose", "the answer above";
    SelectDown = "select_down", "choose", "the answer below";
    Edit = "edit", "edit", "edit the selected answer in the box (every version is kept)";
    Hide = "hide", "hide", "take it off the record / back on (off the record is never exported)";
    Star = "star", "star", "star it / remove the star";
    MoveSlot = "move_slot", "move", "move it to the next slot";
    MoveSlotBack = "move_slot_back", "move", "move it to the previous slot";
    MoveGroup = "move_group", "move", "move it to another group";
    Spotlight = "spotlight", "spotlight", "spotlight it (large, alone); Esc, Space or Enter ends it";
    Withdraw = "withdraw", "withdraw", "withdraw it for good: its words are erased from the session's files (asks first)";
    Undo = "undo", "undo/redo", "take back the last saved change";
    Redo = "redo", "undo/redo", "redo what was taken back";
    Themes = "themes", "themes", "themes: gather answers under names";
    Vote = "vote", "vote", "votes and ratings";
    Axes = "axes", "axes", "choose a scenario matrix's two axes";
    NewGroup = "new_group", "new group", "add a group";
    Details = "details", "details", "the session's details (date, mode, event, introduction…)";
    Breakout = "breakout", "breakout", "draw breakout groups from a list of names";
    Conceal = "conceal", "hide answers", "hide the answers until revealed (still captured), and reveal them";
    Reference = "reference", "reference", "show / hide the reference answers";
    Shuffle = "shuffle", "shuffle", "shuffle the order of the answers / back to the order given";
    PickGroup = "pick_group", "pick group", "pick a group at random to speak next";
    PickAnswer = "pick_answer", "pick answer", "pick an answer at random and spotlight it";
    Export = "export", "export", "write the write-ups into exports/ beside the session (off the record left out)";
    VotePanel = "vote_panel", "vote", "open or close the vote panel (over the box; your typing waits)";
}

/// One context's table: each command with its keys, in the order the help lists them.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub bindings: Vec<(Command, Vec<Key>)>,
}

impl Table {
    fn keys(&self, command: Command) -> &[Key] {
        self.bindings
            .iter()
            .find(|(c, _)| *c == command)
            .map_or(&[], |(_, k)| k.as_slice())
    }
}

/// Every context's table.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    tables: BTreeMap<Context, Table>,
}

/// The key bar of a context: groups of commands sharing a label, most needed first.
const BAR: &[(Context, &[&[Command]])] = &[
    (
        Context::Typing,
        &[
            &[Command::Save],
            &[Command::NewLine],
            &[Command::NextSlot],
            &[Command::NextField],
            &[Command::NextGroup],
            &[Command::NextExercise, Command::PreviousExercise],
            &[Command::LeaveBox],
            &[Command::Project],
            &[Command::Timer],
            &[Command::Share],
        ],
    ),
    (
        Context::Selecting,
        &[
            &[Command::SelectUp, Command::SelectDown],
            &[Command::Type],
            &[Command::Edit],
            &[Command::Hide],
            &[Command::Star],
            &[Command::MoveSlot, Command::MoveGroup],
            &[Command::Undo, Command::Redo],
            &[Command::Themes],
            &[Command::Vote],
            &[Command::Axes],
            &[Command::Spotlight],
            &[Command::NewGroup],
            &[Command::Export],
        ],
    ),
];

impl Default for Keymap {
    fn default() -> Keymap {
        use Command as C;
        use KeyCode as K;
        let table = |b: Vec<(Command, Vec<Key>)>| Table { bindings: b };
        let mut tables = BTreeMap::new();
        tables.insert(
            Context::Anywhere,
            table(vec![
                (C::Help, vec![Key::plain(K::F(1))]),
                (C::Quit, vec![Key::ctrl('q'), Key::ctrl('c')]),
                (C::NextSlot, vec![Key::plain(K::Tab)]),
                (C::PreviousSlot, vec![Key::plain(K::BackTab)]),
                (C::NextField, vec![Key::ctrl('f')]),
                (C::NextGroup, vec![Key::ctrl('g')]),
                (C::NextExercise, vec![Key::ctrl('n')]),
                (C::PreviousExercise, vec![Key::ctrl('p')]),
                (C::Project, vec![Key::plain(K::F(5))]),
                (C::TextSize, vec![Key::plain(K::F(9))]),
                (C::ShowJoin, vec![Key::plain(K::F(2))]),
                (C::Share, vec![Key::plain(K::F(6))]),
                (C::Timer, vec![Key::plain(K::F(7))]),
                (C::AddMinute, vec![Key::plain(K::F(8))]),
                (C::BrowseDown, vec![Key::plain(K::PageDown)]),
                (C::BrowseUp, vec![Key::plain(K::PageUp)]),
            ]),
        );
        tables.insert(
            Context::Typing,
            table(vec![
                (C::Save, vec![Key::plain(K::Enter)]),
                (C::NewLine, vec![Key::shift(K::Enter), Key::alt(K::Enter)]),
                (C::LeaveBox, vec![Key::plain(K::Esc)]),
            ]),
        );
        tables.insert(
            Context::Selecting,
            table(vec![
                (C::Type, vec![Key::char('i')]),
                (C::SelectUp, vec![Key::plain(K::Up), Key::char('k')]),
                (C::SelectDown, vec![Key::plain(K::Down), Key::char('j')]),
                (C::Edit, vec![Key::char('e'), Key::plain(K::Enter)]),
                (C::Hide, vec![Key::char('h')]),
                (C::Star, vec![Key::char('s')]),
                (C::MoveSlot, vec![Key::char('m')]),
                (C::MoveSlotBack, vec![Key::char('M')]),
                (C::MoveGroup, vec![Key::char('o')]),
                (C::Spotlight, vec![Key::char(' ')]),
                (C::Withdraw, vec![Key::char('W')]),
                (C::Undo, vec![Key::char('u')]),
                (C::Redo, vec![Key::char('r')]),
                (C::Themes, vec![Key::char('T')]),
                (C::Vote, vec![Key::char('v')]),
                (C::Axes, vec![Key::char('A')]),
                (C::NewGroup, vec![Key::char('n')]),
                (C::Details, vec![Key::char('d')]),
                (C::Breakout, vec![Key::char('b')]),
                (C::Conceal, vec![Key::char('R')]),
                (C::Reference, vec![Key::char('a')]),
                (C::Shuffle, vec![Key::char('x')]),
                (C::PickGroup, vec![Key::char('p')]),
                (C::PickAnswer, vec![Key::char('P')]),
                (C::Export, vec![Key::char('E')]),
                (C::Timer, vec![Key::char('t')]),
                (C::AddMinute, vec![Key::char('+')]),
                (C::Share, vec![Key::char('S')]),
                (C::Help, vec![Key::char('?')]),
            ]),
        );
        tables.insert(
            Context::Join,
            table(vec![(C::VotePanel, vec![Key::plain(K::F(4))])]),
        );
        Keymap { tables }
    }
}

/// A keys file that cannot be used as it is: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeysFileError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for KeysFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl Keymap {
    /// The command `ev` runs in `context`, if any.
    pub fn command(&self, context: Context, ev: &KeyEvent) -> Option<Command> {
        let key = Key::of(ev);
        let find = |key: &Key| {
            self.tables
                .get(&context)?
                .bindings
                .iter()
                .find(|(_, keys)| keys.contains(key))
                .map(|(c, _)| *c)
        };
        // Esc then Ctrl-Q typed quickly arrives as Ctrl-Alt-Q: a Ctrl key bound without Alt
        // still runs when nothing is bound with it.
        find(&key).or_else(|| {
            (key.ctrl && key.alt)
                .then(|| find(&Key { alt: false, ..key }))
                .flatten()
        })
    }

    /// The keys that run `command` in `context`.
    pub fn keys(&self, context: Context, command: Command) -> &[Key] {
        self.tables.get(&context).map_or(&[], |t| t.keys(command))
    }

    /// The table of `context`.
    pub fn table(&self, context: Context) -> &[(Command, Vec<Key>)] {
        self.tables
            .get(&context)
            .map_or(&[], |t| t.bindings.as_slice())
    }

    /// The key bar of `context`, most needed first, ending with help and quit: each entry its
    /// keys as the bar writes them and its label. `usable` says whether a key works in this
    /// terminal (Shift-Enter does only where the terminal reports it).
    pub fn bar(&self, context: Context, usable: impl Fn(&Key) -> bool) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let groups = BAR
            .iter()
            .find(|(c, _)| *c == context)
            .map_or(&[][..], |(_, g)| *g);
        for group in groups {
            // One key of each command of the group ("^N/^P exercise").
            let keys: Vec<String> = group
                .iter()
                .filter_map(|cmd| {
                    self.keys(context, *cmd)
                        .iter()
                        .chain(self.keys(Context::Anywhere, *cmd))
                        .find(|k| usable(k))
                        .map(Key::short)
                })
                .collect();
            if let (false, Some(first)) = (keys.is_empty(), group.first()) {
                out.push((keys.join("/"), first.label().to_owned()));
            }
        }
        let help = match context {
            Context::Selecting => self.keys(Context::Selecting, Command::Help).first(),
            _ => None,
        }
        .or_else(|| self.keys(Context::Anywhere, Command::Help).first());
        if let Some(k) = help {
            out.push((k.short(), Command::Help.label().to_owned()));
        }
        if let Some(k) = self.keys(Context::Anywhere, Command::Quit).first() {
            out.push((k.short(), Command::Quit.label().to_owned()));
        }
        out
    }

    /// The help's lines for `context`: each command's keys as the help writes them, and what
    /// it does.
    pub fn help(&self, context: Context, usable: impl Fn(&Key) -> bool) -> Vec<(String, String)> {
        self.table(context)
            .iter()
            .filter(|(_, keys)| !keys.is_empty())
            .map(|(cmd, keys)| {
                let shown: Vec<String> = keys
                    .iter()
                    .filter(|k| usable(k))
                    .map(ToString::to_string)
                    .collect();
                (shown.join(", "), cmd.help().to_owned())
            })
            .filter(|(k, _)| !k.is_empty())
            .collect()
    }

    /// The default keys with a keys file's changes: for each context a table of command
    /// names, each given a key or a list of keys, which replace that command's keys there.
    ///
    /// ```toml
    /// [typing]
    /// new_line = "Ctrl-J"
    /// [anywhere]
    /// next_group = ["Ctrl-T", "F3"]
    /// ```
    pub fn with_file(text: &str) -> Result<Keymap, KeysFileError> {
        let mut map = Keymap::default();
        let at = |offset: usize, message: String| {
            let before = &text[..offset.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before
                .rfind('\n')
                .map_or(before.chars().count(), |i| before[i + 1..].chars().count())
                + 1;
            KeysFileError {
                line,
                column,
                message,
            }
        };
        let doc: toml::Table = toml::from_str(text).map_err(|e| {
            at(
                e.span().map_or(0, |s| s.start),
                e.message().trim().to_owned(),
            )
        })?;
        // Where each name and value is: the parser's spans of keys are not kept in a Table, so
        // names are found by their first place in the text after their table's header.
        let find = |from: usize, needle: &str| -> usize {
            text[from.min(text.len())..]
                .find(needle)
                .map_or(from, |i| from + i)
        };
        for (ctx_name, value) in &doc {
            let header = find(0, &format!("[{ctx_name}]"));
            let Some(context) = Context::ALL.into_iter().find(|c| c.name() == ctx_name) else {
                return Err(at(
                    header,
                    format!(
                        "no context “{ctx_name}”: the contexts are {}",
                        Context::ALL.map(Context::name).join(", ")
                    ),
                ));
            };
            let Some(table) = value.as_table() else {
                return Err(at(
                    header,
                    format!(
                        "“{ctx_name}” must be a table: [{ctx_name}] then command = \"key\" lines"
                    ),
                ));
            };
            for (cmd_name, keys) in table {
                let place = find(header, cmd_name);
                let Some(command) = map
                    .table(context)
                    .iter()
                    .map(|(c, _)| *c)
                    .find(|c| c.name() == cmd_name)
                else {
                    let names: Vec<&str> =
                        map.table(context).iter().map(|(c, _)| c.name()).collect();
                    return Err(at(
                        place,
                        format!(
                            "no command “{cmd_name}” in [{ctx_name}]: its commands are {}",
                            names.join(", ")
                        ),
                    ));
                };
                let texts: Vec<&str> = match keys {
                    toml::Value::String(s) => vec![s.as_str()],
                    toml::Value::Array(a) => a.iter().filter_map(toml::Value::as_str).collect(),
                    _ => Vec::new(),
                };
                if texts.is_empty() {
                    return Err(at(
                        place,
                        format!(
                            "{cmd_name}: give a key (\"Ctrl-G\") or a list of keys ([\"Ctrl-G\", \"F3\"])"
                        ),
                    ));
                }
                let parsed = texts
                    .iter()
                    .map(|t| Key::parse(t))
                    .collect::<Result<Vec<Key>, String>>()
                    .map_err(|e| at(place, e))?;
                if let Some(t) = map.tables.get_mut(&context)
                    && let Some((_, k)) = t.bindings.iter_mut().find(|(c, _)| *c == command)
                {
                    *k = parsed;
                }
            }
        }
        map.check().map_err(|(ctx, cmd, m)| {
            // Said where the file gives that command its key (else at the top).
            let header = text.find(&format!("[{}]", ctx.name()));
            let place = header.and_then(|h| text[h..].find(cmd.name()).map(|i| h + i));
            at(place.unwrap_or(0), m)
        })?;
        Ok(map)
    }

    /// No key runs two commands where both would be reached (on the note-taker's screen, the
    /// join table is reached from both the box and the answers), and no key that types a
    /// character is taken from the box.
    fn check(&self) -> Result<(), (Context, Command, String)> {
        for ctx in [Context::Anywhere, Context::Typing, Context::Join] {
            for (cmd, keys) in self.table(ctx) {
                if let Some(k) = keys
                    .iter()
                    .find(|k| matches!(k.code, KeyCode::Char(_)) && !k.ctrl && !k.alt)
                {
                    return Err((
                        ctx,
                        *cmd,
                        format!(
                            "{k} types a character in the box: {} in [{}] needs Ctrl, Alt or a key that does not type (F3, Esc…)",
                            cmd.name(),
                            ctx.name()
                        ),
                    ));
                }
            }
        }
        for context in [Context::Typing, Context::Selecting] {
            let mut seen: Vec<(Key, Command, Context)> = Vec::new();
            for ctx in [Context::Anywhere, Context::Join, context] {
                for (cmd, keys) in self.table(ctx) {
                    for k in keys {
                        if let Some((_, other, octx)) = seen.iter().find(|(s, _, _)| s == k) {
                            return Err((
                                ctx,
                                *cmd,
                                format!(
                                    "{k} is given to both {} ([{}]) and {} ([{}])",
                                    other.name(),
                                    octx.name(),
                                    cmd.name(),
                                    ctx.name()
                                ),
                            ));
                        }
                        seen.push((*k, *cmd, ctx));
                    }
                }
            }
        }
        Ok(())
    }

    /// The keymap of the keys file at `path`: the defaults when there is none; the defaults and
    /// what is wrong with it when it cannot be used.
    pub fn load(path: &std::path::Path) -> (Keymap, Option<String>) {
        match std::fs::read_to_string(path) {
            Ok(text) => match Keymap::with_file(&text) {
                Ok(map) => (map, None),
                Err(e) => (
                    Keymap::default(),
                    Some(format!(
                        "The keys file {} is not used ({e}); the default keys are in force.",
                        path.display()
                    )),
                ),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Keymap::default(), None),
            Err(e) => (
                Keymap::default(),
                Some(format!(
                    "The keys file {} cannot be read ({e}); the default keys are in force.",
                    path.display()
                )),
            ),
        }
    }
}

//! Keys as data: for each context of the run screen and of `hearth join`, a table from keys to
//! named commands, each command with its key-bar label and its help line. The key handling, the
//! key bar and the help all read these tables, so they cannot disagree, and a key remapped in
//! the user's keys file (`hearth where` names it) shows as remapped everywhere — on the
//! facilitator's screen and the note-taker's alike, which share the anywhere, typing and
//! selecting tables. A keys file changes keys, never commands.

use std::collections::BTreeMap;
use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent};

mod commands;
mod context;
mod editor;
mod join;
mod panels;
pub mod plain;
mod rows;

pub use commands::Command;
pub use context::Context;

pub use join::on_join;
mod key;

pub use key::Key;

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
    /// The plain line mode: messages name commands as typed there (`/hide`), not by their keys.
    pub plain: bool,
}

/// The key bar of a context: groups of commands sharing a label, most needed first. The
/// note-taker's screen shows the same bar, less what only the facilitator may do; a group
/// whose commands have no key in a screen's tables (the vote panel on the facilitator's) is
/// not shown there.
pub(super) const BAR: &[(Context, &[&[Command]])] = &[
    (
        Context::Typing,
        &[
            &[Command::Save],
            &[Command::VotePanel],
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
            &[Command::VotePanel],
            &[Command::SelectUp, Command::SelectDown],
            &[Command::Type],
            // Only where the exercise takes a seed (see `bar_without`): first, it is what
            // opens a backcast.
            &[Command::Seed],
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
                (C::NextParent, vec![Key::ctrl('o')]),
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
                (C::Seed, vec![Key::char('L')]),
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
        for p in panels::PANELS {
            tables.insert(
                p.context,
                table(
                    p.rows
                        .iter()
                        .map(|r| (r.command, r.keys.to_vec()))
                        .collect(),
                ),
            );
        }
        Keymap {
            tables,
            plain: false,
        }
    }
}

/// `command`'s word on the key bar in `context`.
pub fn label(context: Context, command: Command) -> &'static str {
    panels::row_of(context, command).map_or(command.label(), |r| r.label)
}

/// What `command` does in `context`, as the help says it.
pub fn what(context: Context, command: Command) -> &'static str {
    panels::row_of(context, command).map_or(command.help(), |r| r.help)
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

    /// The editing command `ev` runs in a text box (Ctrl-W, Alt-B…), if any.
    pub fn edit(&self, ev: &KeyEvent) -> Option<Command> {
        self.command(Context::Editing, ev)
    }

    /// The keys that run `command` in `context`.
    pub fn keys(&self, context: Context, command: Command) -> &[Key] {
        self.tables.get(&context).map_or(&[], |t| t.keys(command))
    }

    /// The first key of `command` in `context` as the help writes it ("n", "Ctrl-N", "F6"), for
    /// messages that name a key: a remapped key is named as remapped. The command's name when
    /// no key runs it.
    pub fn name_of(&self, context: Context, command: Command) -> String {
        if self.plain {
            return plain::plain_name(command);
        }
        self.keys(context, command)
            .first()
            .map_or_else(|| command.name().to_owned(), ToString::to_string)
    }

    /// How to add a group from the box, as mapped ("Esc, then n").
    pub fn to_add_a_group(&self) -> String {
        format!(
            "{}, then {}",
            self.name_of(Context::Typing, Command::LeaveBox),
            self.name_of(Context::Selecting, Command::NewGroup)
        )
    }

    /// The heading of `context`'s part of the help, naming the key that opens it as mapped
    /// ("Themes panel (T)").
    pub fn heading(&self, context: Context) -> String {
        let text = context.heading();
        match context.opened_by() {
            Some((ctx, cmd)) => text.replacen("{}", &self.name_of(ctx, cmd), 1),
            None => text.to_owned(),
        }
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
        self.bar_without(context, usable, &[])
    }

    /// [`Keymap::bar`] less the groups led by one of `skip`: commands that do nothing on the
    /// exercise on screen (the seed list where nothing seeds it).
    pub fn bar_without(
        &self,
        context: Context,
        usable: impl Fn(&Key) -> bool,
        skip: &[Command],
    ) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let groups = BAR
            .iter()
            .find(|(c, _)| *c == context)
            .map_or(&[][..], |(_, g)| *g);
        for group in groups
            .iter()
            .filter(|g| g.first().is_none_or(|c| !skip.contains(c)))
        {
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
                (shown.join(", "), self.fill(what(context, *cmd)))
            })
            .filter(|(k, _)| !k.is_empty())
            .chain(
                panels::panel(context)
                    .map_or(&[][..], |p| p.notes)
                    .iter()
                    .map(|(k, w)| ((*k).to_owned(), self.fill(w))),
            )
            .collect()
    }

    /// A help text with the keys it names as mapped: `{context.command}` is that command's first
    /// key ("{selecting.edit}" → "e"), `{context.command*}` all of them ("Esc, Space, Enter").
    /// A token that names no context or command is left as it is.
    pub fn fill(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                return out;
            };
            let token = &after[..close];
            let (token, all) = match token.strip_suffix('*') {
                Some(t) => (t, true),
                None => (token, false),
            };
            let found = token.split_once('.').and_then(|(ctx, cmd)| {
                let context = Context::ALL.iter().copied().find(|c| c.name() == ctx)?;
                let command = Command::ALL.iter().copied().find(|c| c.name() == cmd)?;
                Some((context, command))
            });
            match found {
                Some((context, command)) if all => {
                    let keys: Vec<String> = self
                        .keys(context, command)
                        .iter()
                        .map(ToString::to_string)
                        .collect();
                    out.push_str(&keys.join(", "));
                }
                Some((context, command)) => out.push_str(&self.name_of(context, command)),
                None => out.push_str(&rest[open..open + close + 2]),
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        out
    }

    /// The key bar of a panel, dialog, form or the home screen: each command's first usable
    /// key with its word, commands sharing a word side by side ("↑/↓ choose").
    pub fn hints(&self, context: Context, usable: impl Fn(&Key) -> bool) -> Vec<(String, String)> {
        let panel = panels::panel(context);
        let mut out: Vec<(String, String)> = panel
            .map_or(&[][..], |p| p.bar_notes)
            .iter()
            .map(|(k, w)| ((*k).to_owned(), (*w).to_owned()))
            .collect();
        let shown = panel.map_or(&[][..], |p| p.bar);
        let mut last: Option<&str> = None;
        for (cmd, keys) in self.table(context) {
            if !shown.is_empty() && !shown.contains(cmd) {
                continue;
            }
            let Some(k) = keys.iter().find(|k| usable(k)) else {
                continue;
            };
            let word = label(context, *cmd);
            match out.last_mut() {
                Some((ks, _)) if last == Some(word) => {
                    ks.push('/');
                    ks.push_str(&k.short());
                }
                _ => out.push((k.short(), word.to_owned())),
            }
            last = Some(word);
        }
        out
    }

    /// The same as one line: "↑/↓ choose · Enter put in · Esc close".
    pub fn hint_line(&self, context: Context, usable: impl Fn(&Key) -> bool) -> String {
        self.hints(context, usable)
            .iter()
            .map(|(k, w)| format!("{k} {w}"))
            .collect::<Vec<_>>()
            .join(" · ")
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
            // The theme (`theme = "light"`) shares the file: crate::tui::theme reads it.
            if ctx_name == "theme" && !value.is_table() {
                continue;
            }
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
        for ctx in Context::ALL.into_iter().filter(|c| c.types()) {
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
        for context in Context::ALL {
            if matches!(context, Context::Anywhere | Context::Join) {
                continue;
            }
            let mut seen: Vec<(Key, Command, Context)> = Vec::new();
            let mut with: Vec<(Context, Command, &[Key])> = Vec::new();
            for ctx in context.reached_with() {
                for (cmd, keys) in self.table(*ctx) {
                    with.push((*ctx, *cmd, keys.as_slice()));
                }
            }
            // Above the boxes, only help and quit are taken first (quit alone over the help;
            // nothing over the quit question).
            let above: &[Command] = match context {
                Context::Typing | Context::Selecting | Context::QuitQuestion => &[],
                // The plan editor is a screen of its own: its tables have their own help and
                // quit keys.
                Context::PlanEditor | Context::PlanField | Context::KindPicker => &[],
                Context::Help => &[Command::Quit],
                _ => &[Command::Help, Command::Quit],
            };
            for cmd in above {
                with.push((Context::Anywhere, *cmd, self.keys(Context::Anywhere, *cmd)));
            }
            if matches!(context, Context::JoinDots | Context::JoinRating) {
                let cmd = Command::VotePanel;
                with.push((Context::Join, cmd, self.keys(Context::Join, cmd)));
            }
            for (cmd, keys) in self.table(context) {
                with.push((context, *cmd, keys.as_slice()));
            }
            for (ctx, cmd, keys) in with {
                for k in keys {
                    if let Some((_, other, octx)) = seen
                        .iter()
                        .find(|(s, o, _)| s == k && !(*o == cmd && ctx != context))
                    {
                        return Err((
                            ctx,
                            cmd,
                            format!(
                                "{k} is given to both {} ([{}]) and {} ([{}])",
                                other.name(),
                                octx.name(),
                                cmd.name(),
                                ctx.name()
                            ),
                        ));
                    }
                    seen.push((*k, cmd, ctx));
                }
            }
        }
        Ok(())
    }

    /// The keymap of the keys file at `path`: the defaults when there is none; the defaults and
    /// what is wrong with it when it cannot be used.
    /// A `theme = "…"` line that names no theme is said too (the theme falls back to the
    /// default; see crate::tui::theme::choose).
    pub fn load(path: &std::path::Path) -> (Keymap, Option<String>) {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let theme = crate::tui::theme::choose::in_keys_file(&text)
                    .err()
                    .map(|e| {
                        format!(
                            "The theme in {} is not used ({e}); the default theme is in force.",
                            path.display()
                        )
                    });
                match Keymap::with_file(&text) {
                    Ok(map) => (map, theme),
                    Err(e) => (
                        Keymap::default(),
                        Some(format!(
                            "The keys file {} is not used ({e}); the default keys are in force.",
                            path.display()
                        )),
                    ),
                }
            }
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

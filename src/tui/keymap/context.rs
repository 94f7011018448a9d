//! The contexts of the keymap: the base modes of the run screen and `hearth join`, and every
//! panel, dialog and form stacked above them, each with its table in the keys file.

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
    /// The home screen's lists of plans and sessions.
    Home,
    /// The home screen's new-session form.
    NewSessionForm,
    /// The help, over either screen.
    Help,
    /// "Quit with unsaved text?", on either screen.
    QuitQuestion,
    /// A yes / no question (withdraw an answer, revoke a device, stop sharing).
    Confirm,
    /// An answer spotlit, large and alone.
    Spotlight,
    /// Choosing the group to move an answer to (`o`).
    MoveToGroup,
    /// Typing a new group's name (`n`).
    NewGroup,
    /// The session's details form (`d`).
    Details,
    /// Drawing breakout groups (`b`).
    Breakout,
    /// The themes panel (`T`).
    Themes,
    /// Typing a theme's name in the themes panel.
    ThemeName,
    /// Choosing the theme to merge into.
    ThemeMerge,
    /// The vote panel before a vote is open: choosing one.
    VoteSetup,
    /// The vote panel on an open (or closed) vote: entering each group's ballot.
    Vote,
    /// The axes form (`A`): picking two uncertainties.
    AxesPick,
    /// The axes form: naming the axes and their poles.
    AxesName,
    /// The seed list (`L`): picking the answer that seeds the exercise.
    SeedPick,
    /// The note-takers panel (F6 while sharing).
    NoteTakers,
    /// `hearth join`'s vote panel on a dot vote.
    JoinDots,
    /// `hearth join`'s vote panel on a rating.
    JoinRating,
    /// Editing the text in any box (the capture box, forms, names), under the box's context.
    Editing,
    /// The plan editor: its agenda and the chosen exercise's form.
    PlanEditor,
    /// The plan editor: typing in a part's box.
    PlanField,
    /// The plan editor: choosing an exercise's kind.
    KindPicker,
}

impl Context {
    pub const ALL: [Context; 29] = [
        Context::Anywhere,
        Context::Typing,
        Context::Selecting,
        Context::Join,
        Context::Home,
        Context::NewSessionForm,
        Context::Help,
        Context::QuitQuestion,
        Context::Confirm,
        Context::Spotlight,
        Context::MoveToGroup,
        Context::NewGroup,
        Context::Details,
        Context::Breakout,
        Context::Themes,
        Context::ThemeName,
        Context::ThemeMerge,
        Context::VoteSetup,
        Context::Vote,
        Context::AxesPick,
        Context::AxesName,
        Context::SeedPick,
        Context::NoteTakers,
        Context::JoinDots,
        Context::JoinRating,
        Context::Editing,
        Context::PlanEditor,
        Context::PlanField,
        Context::KindPicker,
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
    /// The panels, dialogs and forms over the run screen, in the order its help lists them.
    pub const RUN_PANELS: [Context; 17] = [
        Context::Themes,
        Context::ThemeName,
        Context::ThemeMerge,
        Context::VoteSetup,
        Context::Vote,
        Context::AxesPick,
        Context::AxesName,
        Context::SeedPick,
        Context::MoveToGroup,
        Context::NewGroup,
        Context::Details,
        Context::Breakout,
        Context::NoteTakers,
        Context::Spotlight,
        Context::Confirm,
        Context::QuitQuestion,
        Context::Help,
    ];
    /// The panels and dialogs over the note-taker's screen.
    pub const JOIN_PANELS: [Context; 4] = [
        Context::JoinDots,
        Context::JoinRating,
        Context::QuitQuestion,
        Context::Help,
    ];

    /// The name of its table in the keys file.
    pub fn name(self) -> &'static str {
        match self {
            Context::Anywhere => "anywhere",
            Context::Typing => "typing",
            Context::Selecting => "selecting",
            Context::Join => "join",
            Context::Home => "home",
            Context::NewSessionForm => "new_session_form",
            Context::Help => "help",
            Context::QuitQuestion => "quit_question",
            Context::Confirm => "confirm",
            Context::Spotlight => "spotlight",
            Context::MoveToGroup => "move_to_group",
            Context::NewGroup => "new_group",
            Context::Details => "details",
            Context::Breakout => "breakout",
            Context::Themes => "themes",
            Context::ThemeName => "theme_name",
            Context::ThemeMerge => "theme_merge",
            Context::VoteSetup => "vote_setup",
            Context::Vote => "vote",
            Context::AxesPick => "axes_pick",
            Context::AxesName => "axes_name",
            Context::SeedPick => "seed_pick",
            Context::NoteTakers => "note_takers",
            Context::JoinDots => "join_dots",
            Context::JoinRating => "join_rating",
            Context::Editing => "editing",
            Context::PlanEditor => "plan_editor",
            Context::PlanField => "plan_field",
            Context::KindPicker => "kind_picker",
        }
    }

    /// The heading of its part of the help, `{}` standing for the key that opens it (see
    /// [`Keymap::heading`](super::Keymap::heading), which names that key as mapped).
    pub fn heading(self) -> &'static str {
        match self {
            Context::Anywhere => "Anywhere",
            Context::Typing => "Capturing (the box at the bottom has the focus)",
            Context::Selecting => "Selecting (after {})",
            Context::Join => "The note-taker's screen",
            Context::Home => "Home: plans on the left, sessions on the right",
            Context::NewSessionForm => "New session form ({})",
            Context::Help => "This help",
            Context::QuitQuestion => "Quitting with text in the box",
            Context::Confirm => "A yes / no question (withdraw, revoke, stop sharing)",
            Context::Spotlight => "Spotlight ({} on an answer)",
            Context::MoveToGroup => "Move to group ({})",
            Context::NewGroup => "New group ({})",
            Context::Details => "Session details ({})",
            Context::Breakout => "Breakout groups ({})",
            Context::Themes => "Themes panel ({})",
            Context::ThemeName => "Themes panel: typing a name",
            Context::ThemeMerge => "Themes panel: merging",
            Context::VoteSetup => "Vote panel ({}): choosing a vote",
            Context::Vote => "Vote panel: entering each group's votes",
            Context::AxesPick => "Axes form ({}, on scenario building): picking",
            Context::AxesName => "Axes form: naming the axes and poles",
            Context::SeedPick => "Seed list ({}, on an exercise that takes a seed): picking",
            Context::NoteTakers => "Note-takers panel ({} while sharing)",
            Context::JoinDots => "Voting with dots (when the facilitator opens a vote)",
            Context::JoinRating => "Voting with ratings",
            Context::Editing => "Editing the text (in every box)",
            Context::PlanEditor => {
                "Plan editor ({} on a plan): the agenda and the exercise's parts"
            }
            Context::PlanField => "Plan editor: typing in a part",
            Context::KindPicker => "Plan editor: choosing a kind",
        }
    }

    /// The key that opens it, for its heading: a command of another table.
    pub fn opened_by(self) -> Option<(Context, super::Command)> {
        use super::Command as C;
        Some(match self {
            Context::NewSessionForm => (Context::Home, C::NewSession),
            Context::PlanEditor => (Context::Home, C::EditPlan),
            Context::Spotlight => (Context::Selecting, C::Spotlight),
            Context::MoveToGroup => (Context::Selecting, C::MoveGroup),
            Context::NewGroup => (Context::Selecting, C::NewGroup),
            Context::Details => (Context::Selecting, C::Details),
            Context::Breakout => (Context::Selecting, C::Breakout),
            Context::Themes => (Context::Selecting, C::Themes),
            Context::VoteSetup => (Context::Selecting, C::Vote),
            Context::AxesPick => (Context::Selecting, C::Axes),
            Context::SeedPick => (Context::Selecting, C::Seed),
            Context::NoteTakers => (Context::Anywhere, C::Share),
            Context::Selecting => (Context::Typing, C::LeaveBox),
            _ => return None,
        })
    }

    /// Whether typing goes into a text field here, so no plain character may be a key.
    pub fn types(self) -> bool {
        matches!(
            self,
            Context::Anywhere
                | Context::Typing
                | Context::Join
                | Context::NewSessionForm
                | Context::NewGroup
                | Context::Details
                | Context::Breakout
                | Context::ThemeName
                | Context::AxesName
                | Context::Editing
                | Context::PlanField
        )
    }

    /// The other tables whose keys also work here (each must keep its keys apart from them).
    pub(super) fn reached_with(self) -> &'static [Context] {
        match self {
            // The editing table is not among them: a command's key comes first in a box, so
            // a keys file may give it Ctrl-← (say) over moving a word.
            Context::Typing | Context::Selecting => &[Context::Anywhere, Context::Join],
            // Above a panel only help and quit are taken from the anywhere table (see check).
            _ => &[],
        }
    }
}

//! What a plan editor may change in an exercise of each kind: every part of its plan, each with
//! its key in files, a label, one line of help and its shape. Each kind declares its parts once,
//! in its own file ([`Described`]); the editor (`tui::plan_editor`) edits any exercise through
//! them, and a test checks that every field a kind's plan has is described.

/// One part of a plan as the editor shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    /// Its key in files (`focal_question`).
    pub key: &'static str,
    /// What a person calls it ("Focal question").
    pub label: &'static str,
    /// One line on what it is for.
    pub help: &'static str,
    pub shape: Shape,
    /// Left out of the file when empty (a required part is always written, empty or not).
    pub optional: bool,
}

/// What a part holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One line of text.
    Text,
    /// Text that may hold line breaks.
    LongText,
    /// A short id: letters, digits, `-`, `_` or `.`.
    Id,
    /// A time box in minutes (0: untimed).
    Minutes,
    /// A whole number; `new` is what a new one starts at.
    Number { new: u32 },
    /// Yes or no.
    YesNo,
    /// One of these words exactly.
    Choice(&'static [&'static str]),
    /// A list of one-line texts; each is called `item` ("value").
    TextList { item: &'static str },
    /// A list of records, each with these parts; each is called `item` ("question"). A new one
    /// gets an id `<id_prefix><n>` when its parts have an `id`.
    Records {
        item: &'static str,
        id_prefix: &'static str,
        parts: &'static [Part],
    },
    /// A block of parts (a 2×2's axis, the triangle's corner prompts).
    Group(&'static [Part]),
    /// The id of an exercise earlier in the agenda.
    Earlier,
    /// The id of one of this exercise's slots (its questions, corners, columns...).
    Slot,
}

impl Part {
    pub const fn new(
        key: &'static str,
        label: &'static str,
        help: &'static str,
        shape: Shape,
    ) -> Part {
        Part {
            key,
            label,
            help,
            shape,
            optional: false,
        }
    }

    /// The same part, left out of the file when empty.
    pub const fn optional(self) -> Part {
        Part {
            optional: true,
            ..self
        }
    }
}

/// What a kind is for and what its plan holds, declared in the kind's own file.
pub trait Described {
    /// The kind in plain words ("prompt round").
    const LABEL: &'static str;
    /// One line on what it is for, shown when picking a kind.
    const ABOUT: &'static str;
    /// Every part of the kind's own plan (beside [`EXERCISE_PARTS`]).
    const PARTS: &'static [Part];
}

/// The parts of a plan's question (prompt rounds, pathways).
pub const QUESTION_PARTS: &[Part] = &[
    Part::new(
        "id",
        "id",
        "a short name for the question in files and on the command line",
        Shape::Id,
    ),
    Part::new(
        "number",
        "number",
        "the number it has in the source (\"4.\"); empty: none",
        Shape::Number { new: 1 },
    )
    .optional(),
    Part::new(
        "text",
        "question",
        "the question as the room sees it",
        Shape::LongText,
    ),
    Part::new(
        "follow_up",
        "follow-up",
        "a line shown under the question",
        Shape::Text,
    )
    .optional(),
];

/// A list of questions.
pub const QUESTIONS: Part = Part::new(
    "questions",
    "Questions",
    "each answered in turn; an answer is filed under its question",
    Shape::Records {
        item: "question",
        id_prefix: "q",
        parts: QUESTION_PARTS,
    },
);

const VOTE_PARTS: &[Part] = &[
    Part::new(
        "on",
        "on",
        "answers, or the themes gathered from them",
        Shape::Choice(&["answers", "themes"]),
    ),
    Part::new(
        "slot",
        "slot",
        "only the answers of one slot; empty: all of them",
        Shape::Slot,
    )
    .optional(),
    Part::new(
        "dots",
        "dots",
        "dots each voter gives (not used when rating)",
        Shape::Number { new: 3 },
    ),
    Part::new(
        "per_item",
        "per item",
        "most dots one voter may put on one item; empty: no limit",
        Shape::Number { new: 1 },
    )
    .optional(),
    Part::new(
        "rate",
        "rate",
        "rate impact and uncertainty (1–5) instead of giving dots",
        Shape::YesNo,
    )
    .optional(),
];

/// The parts every exercise has, whatever its kind (its `kind` is chosen from a list).
pub const EXERCISE_PARTS: &[Part] = &[
    Part::new(
        "title",
        "Title",
        "what the agenda calls this exercise",
        Shape::Text,
    ),
    Part::new(
        "id",
        "Id",
        "a short name for it in files and on the command line",
        Shape::Id,
    ),
    Part::new(
        "minutes",
        "Time box",
        "minutes it takes; 0: untimed",
        Shape::Minutes,
    ),
    Part::new(
        "instructions",
        "Instructions",
        "what the facilitator says to the room to open it",
        Shape::LongText,
    )
    .optional(),
    Part::new(
        "votes",
        "Vote rounds",
        "dot votes or ratings offered to the facilitator after the answers",
        Shape::Records {
            item: "vote round",
            id_prefix: "",
            parts: VOTE_PARTS,
        },
    )
    .optional(),
];

/// The parts of the plan itself.
pub const PLAN_PARTS: &[Part] = &[
    Part::new("title", "Title", "the workshop's name", Shape::Text),
    Part::new(
        "id",
        "Id",
        "the plan's name on the command line (hearth new ID) and its file's",
        Shape::Id,
    ),
    Part::new(
        "summary",
        "Description",
        "what the workshop is for, shown when choosing a plan",
        Shape::LongText,
    ),
    Part::new(
        "facilitator_notes",
        "Facilitator notes",
        "notes for whoever runs it; never shown to the room",
        Shape::LongText,
    )
    .optional(),
    Part::new(
        "suggested_groups",
        "Suggested groups",
        "group names offered when a session starts",
        Shape::TextList { item: "group" },
    )
    .optional(),
    Part::new(
        "source",
        "Source",
        "where the plan comes from (a published write-up, a toolkit)",
        Shape::Text,
    )
    .optional(),
];

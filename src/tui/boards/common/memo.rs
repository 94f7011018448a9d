//! What the run screen works out from the whole session, kept between frames: the board's
//! answers sorted into its slots and the agenda's counts. Both are worked out again only when
//! the session changed (each saved change counts, and a session put in its place is another
//! session) or, for the board, when what it is gathered for changed (the exercise, its slots,
//! projection, concealment, the shuffle). A keystroke in the box changes none of these, so at
//! 100,000 answers it walks none of them.

use std::cell::{Cell, RefCell};

use crate::model::{Contribution, Session};

/// Kept by the run screen; boards reach it through `BoardView::memo`.
#[derive(Debug, Default)]
pub struct Memo {
    board: RefCell<Option<(BoardKey, Kept)>>,
    agenda: RefCell<Option<(Mark, Vec<usize>)>>,
    /// How many times the board's answers and the agenda's counts were worked out (tests count
    /// them: drawing again after a keystroke must work out neither).
    gathered: Cell<u64>,
    counted: Cell<u64>,
}

impl Clone for Memo {
    /// A copy starts empty: it is worked out again on its first frame.
    fn clone(&self) -> Memo {
        Memo::default()
    }
}

/// Which session, and how far along: a session put in the place of another has its
/// contributions elsewhere in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Mark {
    changes: u64,
    len: usize,
    at: usize,
}

impl Mark {
    fn of(session: &Session) -> Mark {
        let all = session.contributions();
        Mark {
            changes: session.changes,
            len: all.len(),
            at: all.as_ptr() as usize,
        }
    }
}

/// Everything the board's gathering reads besides the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct BoardKey {
    session: Mark,
    exercise: String,
    slots: Vec<String>,
    projection: bool,
    concealed: bool,
    order_seed: Option<u64>,
}

impl BoardKey {
    pub(super) fn of(view: &super::BoardView) -> BoardKey {
        BoardKey {
            session: Mark::of(view.session),
            exercise: view.exercise.id.clone(),
            slots: view.slots.iter().map(|s| s.id.clone()).collect(),
            projection: view.projection,
            concealed: view.concealed,
            order_seed: view.order_seed,
        }
    }
}

/// The board's answers by their place in `Session::contributions`.
#[derive(Debug)]
struct Kept {
    items: Vec<Vec<usize>>,
    counts: Vec<usize>,
    ungrouped: bool,
}

/// Where `c` is in `all`, when it is one of them.
fn position(all: &[Contribution], c: &Contribution) -> Option<usize> {
    let size = std::mem::size_of::<Contribution>().max(1);
    let offset = (c as *const Contribution as usize).checked_sub(all.as_ptr() as usize)?;
    let i = offset / size;
    (offset % size == 0 && all.get(i).is_some_and(|x| std::ptr::eq(x, c))).then_some(i)
}

impl Memo {
    /// The board's answers, counts and whether any has no group, for `key`: kept ones when
    /// `key` is the last one's, else from `work` (then kept).
    pub(super) fn board<'a>(
        &self,
        session: &'a Session,
        key: BoardKey,
        work: impl FnOnce() -> (Vec<Vec<&'a Contribution>>, Vec<usize>, bool),
    ) -> (Vec<Vec<&'a Contribution>>, Vec<usize>, bool) {
        let all = session.contributions();
        if let Some((k, kept)) = &*self.board.borrow()
            && *k == key
        {
            let items = kept
                .items
                .iter()
                .map(|list| list.iter().map(|&i| &all[i]).collect())
                .collect();
            return (items, kept.counts.clone(), kept.ungrouped);
        }
        let (items, counts, ungrouped) = work();
        self.gathered.set(self.gathered.get() + 1);
        let positions: Option<Vec<Vec<usize>>> = items
            .iter()
            .map(|list| list.iter().map(|c| position(all, c)).collect())
            .collect();
        *self.board.borrow_mut() = positions.map(|items| {
            (
                key,
                Kept {
                    items,
                    counts: counts.clone(),
                    ungrouped,
                },
            )
        });
        (items, counts, ungrouped)
    }

    /// The agenda's counts of saved answers per exercise: kept ones while the session is the
    /// same, else from `work` (then kept).
    pub fn agenda_counts(
        &self,
        session: &Session,
        work: impl FnOnce() -> Vec<usize>,
    ) -> Vec<usize> {
        let mark = Mark::of(session);
        if let Some((m, counts)) = &*self.agenda.borrow()
            && *m == mark
        {
            return counts.clone();
        }
        let counts = work();
        self.counted.set(self.counted.get() + 1);
        *self.agenda.borrow_mut() = Some((mark, counts.clone()));
        counts
    }

    /// Forgets everything kept (the session was put in the place of another).
    pub fn forget(&self) {
        self.board.borrow_mut().take();
        self.agenda.borrow_mut().take();
    }

    /// How many times the board's answers were worked out.
    pub fn gathered(&self) -> u64 {
        self.gathered.get()
    }

    /// How many times the agenda's counts were worked out.
    pub fn counted(&self) -> u64 {
        self.counted.get()
    }
}

//! The text box: editing, undo, word keys, layout, and a property test over all of them.

use super::*;
use crate::tui::keymap::Keymap;

#[test]
fn editing_moves_by_grapheme() {
    let mut b = TextBox::default();
    b.insert("e\u{301}夢👩🏽‍🦱").unwrap();
    b.backspace();
    assert_eq!(b.text(), "e\u{301}夢");
    b.left();
    b.left();
    assert_eq!(b.cursor(), 0);
    b.delete();
    assert_eq!(b.text(), "夢");
}

#[test]
fn paste_keeps_line_breaks_and_normalises_crlf_only() {
    let mut b = TextBox::default();
    b.insert("one\r\ntwo\n\tthree").unwrap();
    assert_eq!(b.text(), "one\ntwo\n\tthree");
}

#[test]
fn an_oversized_paste_is_refused_whole() {
    let mut b = TextBox::default();
    b.insert("keep").unwrap();
    let err = b.insert(&"x".repeat(MAX_FIELD_BYTES)).unwrap_err();
    assert!(err.would_be > MAX_FIELD_BYTES);
    assert_eq!(b.text(), "keep");
}

#[test]
fn up_and_down_keep_the_column() {
    let mut b = TextBox::default();
    b.insert("abcd\nef\nghij").unwrap();
    b.up();
    assert_eq!(&b.text()[..b.cursor()], "abcd\nef");
    b.up();
    assert_eq!(&b.text()[..b.cursor()], "ab");
    b.down();
    b.down();
    assert_eq!(&b.text()[..b.cursor()], "abcd\nef\ngh");
}

#[test]
fn the_view_follows_the_cursor_through_a_huge_paste() {
    let mut b = TextBox::default();
    let page: String = (0..20_000)
        .map(|i| format!("line {i} of a long pasted page\n"))
        .collect();
    b.insert(&page).unwrap();
    let (rows, (row, col)) = b.view(30, 5);
    assert_eq!(rows.len(), 5);
    assert_eq!((row, col), (4, 0));
    assert_eq!(rows[2], "line 19999 of a long pasted ");
    assert_eq!(rows[3], "page");
}

#[test]
fn the_cursor_is_placed_exactly_in_wrapped_lines() {
    let mut b = TextBox::default();
    b.insert("hello world").unwrap();
    for _ in 0..3 {
        b.left();
    }
    // Broken after the space: "hello " / "world", cursor before "r".
    assert_eq!(
        b.view(8, 3),
        (vec!["hello ".to_owned(), "world".to_owned()], (1, 2))
    );
    let mut b = TextBox::default();
    b.insert("ab夢").unwrap();
    // A wide character that does not fit goes to the next row whole.
    assert_eq!(
        b.view(3, 3),
        (vec!["ab".to_owned(), "夢".to_owned()], (1, 2))
    );
}

#[test]
fn one_huge_line_is_laid_out_around_the_cursor_only() {
    let mut b = TextBox::default();
    b.insert(&"夢".repeat(300_000)).unwrap();
    let (rows, (row, col)) = b.view(40, 4);
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().all(|r| super::super::text::width(r) <= 40));
    assert!(row < 4 && col <= 40);
}

fn typed(b: &mut TextBox, s: &str) {
    for c in s.chars() {
        b.insert(c.encode_utf8(&mut [0; 4])).unwrap();
    }
}
fn press(b: &mut TextBox, code: KeyCode, m: KeyModifiers) -> bool {
    let ev = KeyEvent::new(code, m);
    b.key(&ev, Keymap::default().edit(&ev), true)
}
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const ALT: KeyModifiers = KeyModifiers::ALT;
fn before_cursor(b: &TextBox) -> &str {
    &b.text()[..b.cursor()]
}

#[test]
fn typing_is_undone_a_word_at_a_time() {
    let mut b = TextBox::default();
    typed(&mut b, "hello wörld");
    assert!(b.undo());
    assert_eq!((b.text(), b.cursor()), ("hello", 5));
    assert!(b.undo());
    assert_eq!(b.text(), "");
    assert!(!b.undo());
    assert!(b.redo());
    assert_eq!(b.text(), "hello");
    assert!(b.redo());
    assert_eq!((b.text(), b.cursor()), ("hello wörld", "hello wörld".len()));
    assert!(!b.redo());
}

#[test]
fn moving_the_cursor_ends_a_run_of_typing() {
    let mut b = TextBox::default();
    typed(&mut b, "ab");
    b.left();
    typed(&mut b, "x");
    assert_eq!(b.text(), "axb");
    b.undo();
    assert_eq!((b.text(), b.cursor()), ("ab", 1));
    b.undo();
    assert_eq!(b.text(), "");
    // Even when the cursor comes back to where the typing stopped.
    typed(&mut b, "ab");
    b.left();
    b.right();
    typed(&mut b, "c");
    b.undo();
    assert_eq!(b.text(), "ab");
}

#[test]
fn a_paste_and_each_deletion_are_single_steps_and_undo_puts_the_cursor_back() {
    let mut b = TextBox::default();
    b.insert("one two").unwrap();
    b.backspace();
    b.backspace();
    b.home();
    b.delete();
    assert_eq!(b.text(), "ne t");
    b.undo();
    assert_eq!((b.text(), b.cursor()), ("one t", 0));
    b.undo();
    assert_eq!((b.text(), b.cursor()), ("one tw", 6));
    b.undo();
    assert_eq!(b.text(), "one two");
    b.undo();
    assert_eq!(b.text(), "");
    assert!(!b.undo());
}

#[test]
fn a_new_edit_after_undo_drops_the_redo() {
    let mut b = TextBox::default();
    typed(&mut b, "a");
    b.undo();
    typed(&mut b, "b");
    assert!(!b.redo());
    assert_eq!(b.text(), "b");
}

#[test]
fn set_and_take_start_a_fresh_history() {
    let mut b = TextBox::default();
    typed(&mut b, "draft");
    b.set("new");
    assert!(!b.undo());
    assert_eq!(b.text(), "new");
    typed(&mut b, "er");
    assert_eq!(b.take(), "newer");
    assert!(!b.undo());
    assert_eq!(b.text(), "");
}

#[test]
fn history_is_bounded() {
    let mut b = TextBox::default();
    for _ in 0..MAX_STEPS + 50 {
        b.insert("xy").unwrap();
    }
    let mut n = 0;
    while b.undo() {
        n += 1;
    }
    assert_eq!(n, MAX_STEPS);
    assert_eq!(b.text().len(), 2 * 50);
    // Big pastes are dropped sooner, by size.
    let mut b = TextBox::default();
    let page = "p".repeat(MAX_FIELD_BYTES / 4);
    for _ in 0..20 {
        b.insert(&page).unwrap();
        b.delete_to_line_start();
    }
    let kept: usize = b
        .history
        .undo
        .iter()
        .map(|e| e.removed.len() + e.inserted.len())
        .sum();
    assert!(kept <= MAX_HISTORY_BYTES, "{kept}");
}

#[test]
fn undo_and_redo_keys() {
    let mut b = TextBox::default();
    typed(&mut b, "one two");
    assert!(press(&mut b, KeyCode::Char('z'), CTRL));
    assert_eq!(b.text(), "one");
    assert!(press(&mut b, KeyCode::Char('y'), CTRL));
    assert_eq!(b.text(), "one two");
    b.undo();
    let shift = CTRL | KeyModifiers::SHIFT;
    assert!(press(&mut b, KeyCode::Char('Z'), shift));
    assert_eq!(b.text(), "one two");
    b.undo();
    assert!(press(&mut b, KeyCode::Char('z'), shift));
    assert_eq!(b.text(), "one two");
    b.undo();
    assert!(press(&mut b, KeyCode::Char('Z'), CTRL));
    assert_eq!(b.text(), "one two");
    // Other control keys are the screen's.
    assert!(!press(&mut b, KeyCode::Char('g'), CTRL));
    assert!(!press(&mut b, KeyCode::Enter, KeyModifiers::NONE));
    assert_eq!(b.text(), "one two");
}

#[test]
fn boxes_compare_by_content_not_history() {
    let mut a = TextBox::default();
    typed(&mut a, "same");
    let mut b = TextBox::default();
    b.set("same");
    b.set_width(7);
    assert_eq!(a, b);
    b.left();
    assert_ne!(a, b);
}

#[test]
fn words_are_deleted_backwards() {
    let mut b = TextBox::default();
    b.insert("say hello, wörld  ").unwrap();
    assert!(press(&mut b, KeyCode::Char('w'), CTRL));
    assert_eq!(b.text(), "say hello, ");
    assert!(press(&mut b, KeyCode::Backspace, ALT));
    assert_eq!(b.text(), "say hello");
    press(&mut b, KeyCode::Char('w'), CTRL);
    assert_eq!(b.text(), "say ");
    b.undo();
    assert_eq!((b.text(), b.cursor()), ("say hello", 9));
    let mut b = TextBox::default();
    b.insert("cafe\u{301} שלום עולם 夢想 hi 👩🏽‍🦱👩🏽‍🦱").unwrap();
    b.delete_word_before();
    assert_eq!(b.text(), "cafe\u{301} שלום עולם 夢想 hi ");
    b.delete_word_before();
    assert_eq!(b.text(), "cafe\u{301} שלום עולם 夢想 ");
    // Each ideograph is a word of its own.
    b.delete_word_before();
    assert_eq!(b.text(), "cafe\u{301} שלום עולם 夢");
    b.delete_word_before();
    assert_eq!(b.text(), "cafe\u{301} שלום עולם ");
    b.delete_word_before();
    assert_eq!(b.text(), "cafe\u{301} שלום ");
    b.delete_word_before();
    b.delete_word_before();
    assert_eq!(b.text(), "");
    b.delete_word_before();
    assert!(b.undo());
    assert_eq!(b.text(), "cafe\u{301} ");
}

#[test]
fn words_are_deleted_forwards_and_lines_killed() {
    let mut b = TextBox::default();
    b.insert("  foo-bar baz\nnext line").unwrap();
    b.cursor = 0;
    assert!(press(&mut b, KeyCode::Char('d'), ALT));
    assert_eq!(b.text(), "-bar baz\nnext line");
    press(&mut b, KeyCode::Char('d'), ALT);
    assert_eq!(b.text(), "bar baz\nnext line");
    b.right();
    assert!(press(&mut b, KeyCode::Char('k'), CTRL));
    assert_eq!(b.text(), "b\nnext line");
    // At a line's end Ctrl-K joins the next line.
    press(&mut b, KeyCode::Char('k'), CTRL);
    assert_eq!(b.text(), "bnext line");
    b.end();
    b.left();
    assert!(press(&mut b, KeyCode::Char('u'), CTRL));
    assert_eq!((b.text(), b.cursor()), ("e", 0));
    b.undo();
    b.undo();
    assert_eq!(b.text(), "b\nnext line");
    b.cursor = b.text().len();
    press(&mut b, KeyCode::Char('u'), CTRL);
    assert_eq!(b.text(), "b\n");
    // At a line's start Ctrl-U joins it to the line above.
    press(&mut b, KeyCode::Char('u'), CTRL);
    assert_eq!(b.text(), "b");
}

#[test]
fn the_cursor_moves_by_word() {
    let mut b = TextBox::default();
    b.insert("one twö, 夢 three").unwrap();
    let stops_left: Vec<&str> = vec!["one twö, 夢 ", "one twö, ", "one twö", "one ", ""];
    let keys = [
        (KeyCode::Left, CTRL),
        (KeyCode::Left, ALT),
        (KeyCode::Char('b'), ALT),
        (KeyCode::Left, CTRL),
        (KeyCode::Left, CTRL),
    ];
    for ((code, m), want) in keys.into_iter().zip(stops_left) {
        assert!(press(&mut b, code, m));
        assert_eq!(before_cursor(&b), want);
    }
    let stops_right = [
        "one",
        "one twö",
        "one twö,",
        "one twö, 夢",
        "one twö, 夢 three",
    ];
    let keys = [
        (KeyCode::Right, CTRL),
        (KeyCode::Right, ALT),
        (KeyCode::Char('f'), ALT),
        (KeyCode::Right, CTRL),
        (KeyCode::Right, CTRL),
    ];
    for ((code, m), want) in keys.into_iter().zip(stops_right) {
        assert!(press(&mut b, code, m));
        assert_eq!(before_cursor(&b), want);
    }
    assert_eq!(b.text(), "one twö, 夢 three");
}

#[test]
fn lines_wrap_at_words_and_long_words_at_the_edge() {
    let mut b = TextBox::default();
    b.insert("the quick brown fox").unwrap();
    assert_eq!(b.view(10, 5).0, ["the quick ", "brown fox"]);
    b.set("abcdefghij");
    assert_eq!(
        b.view(4, 5),
        (vec!["abcd".into(), "efgh".into(), "ij".into()], (2, 2))
    );
    b.set("夢夢夢夢夢");
    assert_eq!(b.view(5, 5).0, ["夢夢", "夢夢", "夢"]);
    b.set("go 夢夢夢");
    assert_eq!(b.view(6, 5).0, ["go 夢", "夢夢"]);
    // A wide character may start a row without taking the word before it along.
    b.set("go ab夢");
    assert_eq!(b.view(6, 5).0, ["go ab", "夢"]);
    b.set("hi 👩🏽‍🦱👩🏽‍🦱");
    assert_eq!(b.view(5, 5).0, ["hi 👩🏽‍🦱", "👩🏽‍🦱"]);
    b.set("a\tb\u{1b}c");
    assert_eq!(b.view(20, 5).0, ["a   b\u{241b}c"]);
    b.set("\tx");
    assert_eq!(b.view(2, 5).0, ["  ", "x"]);
}

#[test]
fn the_cursor_is_exact_in_word_wrapped_rows() {
    let mut b = TextBox::default();
    b.insert("the quick brown").unwrap();
    for (n, at) in [(0, (1, 5)), (5, (1, 0)), (6, (0, 9)), (15, (0, 0))] {
        b.end();
        for _ in 0..n {
            b.left();
        }
        assert_eq!(b.view(10, 5).1, at, "{n} left");
    }
    // A full last row: the cursor after it gets a row of its own.
    b.set("abcd");
    assert_eq!(b.view(4, 5), (vec!["abcd".into(), String::new()], (1, 0)));
}

#[test]
fn up_and_down_move_by_wrapped_row() {
    let mut b = TextBox::default();
    b.insert("the quick brown fox\nxy").unwrap();
    b.view(10, 5);
    b.up();
    assert_eq!(before_cursor(&b), "the quick br");
    b.up();
    assert_eq!(before_cursor(&b), "th");
    b.up();
    assert_eq!(b.cursor(), 0);
    let mut b = TextBox::default();
    b.insert("the quick brown fox\nxy").unwrap();
    b.set_width(10);
    b.cursor = 3;
    b.down();
    assert_eq!(before_cursor(&b), "the quick bro");
    b.down();
    assert_eq!(before_cursor(&b), "the quick brown fox\nxy");
    b.down();
    assert_eq!(b.cursor(), b.text().len());
    // Onto a shorter last row: to its end.
    let mut c = TextBox::default();
    c.set("aaaa bbbb cc");
    c.set_width(5);
    c.cursor = 9;
    c.down();
    assert_eq!(c.cursor(), c.text().len());
    // Keys: only in a multi-line box.
    assert!(!b.key(&KeyEvent::new(KeyCode::Up, KeyModifiers::NONE), None, false));
    assert!(press(&mut b, KeyCode::Up, KeyModifiers::NONE));
    assert_eq!(before_cursor(&b), "the quick br");
}

#[test]
fn rows_needed_counts_wrapped_rows_and_stops_early() {
    let mut b = TextBox::default();
    assert_eq!(b.rows_needed(10, 8), 1);
    b.insert("the quick brown fox\n\nxy").unwrap();
    assert_eq!(b.rows_needed(10, 8), 4);
    assert_eq!(b.rows_needed(10, 3), 3);
    assert_eq!(b.rows_needed(40, 8), 3);
    b.set("abcd");
    assert_eq!(b.rows_needed(4, 8), 2);
    b.set(&"x".repeat(MAX_FIELD_BYTES));
    let t = std::time::Instant::now();
    assert_eq!(b.rows_needed(80, 12), 12);
    assert!(t.elapsed() < std::time::Duration::from_millis(50));
}

mod prop {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Op {
        Insert(String),
        Key(KeyCode, KeyModifiers),
        Width(u16),
    }

    const PIECES: &[&str] = &[
        "a",
        "b",
        " ",
        "\n",
        "\t",
        "e\u{301}",
        "\u{301}",
        "夢",
        "👩🏽‍🦱",
        "🇫🇷",
        "ש",
        "مرحبا",
        "x\r\ny",
        "ab cd",
        ",",
        "_",
        "\u{1b}",
        "\r",
    ];

    fn op() -> impl Strategy<Value = Op> {
        let keys = [
            (KeyCode::Backspace, KeyModifiers::NONE),
            (KeyCode::Delete, KeyModifiers::NONE),
            (KeyCode::Left, KeyModifiers::NONE),
            (KeyCode::Right, KeyModifiers::NONE),
            (KeyCode::Home, KeyModifiers::NONE),
            (KeyCode::End, KeyModifiers::NONE),
            (KeyCode::Up, KeyModifiers::NONE),
            (KeyCode::Down, KeyModifiers::NONE),
            (KeyCode::Left, CTRL),
            (KeyCode::Right, ALT),
            (KeyCode::Char('w'), CTRL),
            (KeyCode::Backspace, ALT),
            (KeyCode::Char('d'), ALT),
            (KeyCode::Char('u'), CTRL),
            (KeyCode::Char('k'), CTRL),
            (KeyCode::Char('z'), CTRL),
            (KeyCode::Char('y'), CTRL),
        ];
        prop_oneof![
            4 => proptest::sample::select(PIECES).prop_map(|s| Op::Insert(s.to_owned())),
            4 => proptest::sample::select(keys.to_vec()).prop_map(|(c, m)| Op::Key(c, m)),
            1 => (0u16..12).prop_map(Op::Width),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::default())]
        #[test]
        fn edits_undo_to_empty_and_redo_back(ops in proptest::collection::vec(op(), 0..80),
                                             w in 2usize..16, h in 1usize..6) {
            let mut b = TextBox::default();
            for op in ops {
                match op {
                    Op::Insert(s) => b.insert(&s).unwrap(),
                    Op::Key(c, m) => { press(&mut b, c, m); }
                    Op::Width(w) => b.set_width(w),
                }
                prop_assert!(b.cursor() <= b.text().len());
                prop_assert!(b.text().is_char_boundary(b.cursor()));
                let (rows, (r, c)) = b.view(w, h);
                prop_assert!(rows.len() <= h && r < rows.len() && c < w, "{rows:?} {r} {c}");
                for row in &rows {
                    prop_assert!(super::super::super::text::width(row) <= w, "{row:?}");
                }
                let all = b.rows_needed(w, 1000);
                prop_assert_eq!(all, b.view(w, 1000).0.len());
            }
            while b.redo() {}
            let tip = b.text().to_owned();
            while b.undo() {
                prop_assert!(b.text().is_char_boundary(b.cursor()));
            }
            prop_assert_eq!(b.text(), "");
            while b.redo() {
                prop_assert!(b.text().is_char_boundary(b.cursor()));
            }
            prop_assert_eq!(b.text(), tip);
        }
    }
}

/// A box holding `text`, all of it selected.
fn selected(text: &str) -> TextBox {
    let mut b = TextBox::default();
    b.set(text);
    b.select_all();
    assert!(b.is_selected());
    b
}

#[test]
fn a_selected_text_is_replaced_by_the_first_key_typed_and_comes_back_with_undo() {
    let mut b = selected("Regulation or alliance?");
    typed(&mut b, "Oversight");
    assert_eq!(b.text(), "Oversight");
    assert!(!b.is_selected());
    press(&mut b, KeyCode::Char('z'), KeyModifiers::CONTROL);
    assert_eq!(b.text(), "O");
    press(&mut b, KeyCode::Char('z'), KeyModifiers::CONTROL);
    assert_eq!(b.text(), "Regulation or alliance?");
}

#[test]
fn a_paste_replaces_a_selected_text() {
    let mut b = selected("Regulation or alliance?");
    b.insert("Who oversees\r\npeer support").unwrap();
    assert_eq!(b.text(), "Who oversees\npeer support");
    // A paste as long as the limit fits: the selected text is not counted.
    let mut b = selected("old");
    b.insert(&"x".repeat(MAX_FIELD_BYTES)).unwrap();
    assert_eq!(b.text().len(), MAX_FIELD_BYTES);
}

#[test]
fn a_moving_key_keeps_a_selected_text_and_moves_the_cursor() {
    for (code, before) in [
        (KeyCode::Home, ""),
        (KeyCode::End, "abc def"),
        (KeyCode::Left, "abc de"),
        (KeyCode::Right, "abc def"),
        (KeyCode::Up, ""),
    ] {
        let mut b = selected("abc def");
        press(&mut b, code, KeyModifiers::NONE);
        assert!(!b.is_selected(), "{code:?}");
        assert_eq!(before_cursor(&b), before, "{code:?}");
        typed(&mut b, "X");
        assert_eq!(b.text().len(), "abc defX".len(), "{code:?}: {}", b.text());
    }
}

#[test]
fn backspace_or_delete_empties_a_selected_box_and_an_empty_box_is_never_selected() {
    for code in [KeyCode::Backspace, KeyCode::Delete] {
        let mut b = selected("abc");
        press(&mut b, code, KeyModifiers::NONE);
        assert_eq!(b.text(), "", "{code:?}");
    }
    let mut b = TextBox::default();
    b.select_all();
    assert!(!b.is_selected());
    // Setting new content ends a selection.
    let mut b = selected("abc");
    b.set("def");
    assert!(!b.is_selected());
    typed(&mut b, "g");
    assert_eq!(b.text(), "defg");
}

//! The page's HTML, checked as text.

use super::capture::*;
use super::*;
use crate::net::api::{Answer, ExerciseInfo, FieldInfo, SlotInfo};
use std::collections::BTreeMap;

fn slot(id: &str, label: &str, fields: Vec<FieldInfo>) -> SlotInfo {
    SlotInfo {
        parent_slot: None,
        id: id.into(),
        label: label.into(),
        text_label: "answer".into(),
        text_optional: false,
        fields,
    }
}

fn exercise(slots: Vec<SlotInfo>) -> ExerciseInfo {
    ExerciseInfo {
        seed: String::new(),
        question: String::new(),
        id: "pathways".into(),
        title: "Pathways <b>& \"more\"".into(),
        kind: "pathway_brainstorm".into(),
        instructions: "Talk it through.".into(),
        position: 2,
        of: 5,
        slots,
    }
}

fn answer(id: &str, slot: &str, text: &str) -> Answer {
    Answer {
        parent: None,
        id: id.into(),
        exercise: "pathways".into(),
        slot: slot.into(),
        group: Some("Table 1".into()),
        text: text.into(),
        fields: BTreeMap::new(),
        at: "2026-11-22T10:00:00Z".into(),
    }
}

fn page_with(
    ex: &ExerciseInfo,
    answers: &[Answer],
    slot: Option<&str>,
    draft: &str,
    fields: &BTreeMap<String, String>,
) -> String {
    capture_page(&CaptureView {
        parents: &[],
        draft_parent: None,
        session_title: "Session <i>one</i>",
        group: "Table \"1\" & <co>",
        exercise: ex,
        answers,
        slot,
        saved: None,
        error: None,
        draft_text: draft,
        draft_fields: fields,
        form_id: "f-1",
        rounds: &[],
        vote: None,
    })
}

/// Every page starts the same way and loads only the two static files.
fn assert_frame(html: &str) {
    assert!(html.starts_with("<!doctype html>\n<html lang=\"en\">"));
    assert!(
        html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
    );
    assert!(html.contains("<link rel=\"stylesheet\" href=\"/static/app.css\">"));
    assert!(html.ends_with("</html>\n"));
    // What the Content Security Policy would block: inline scripts, styles, handlers.
    assert!(!html.contains("style="));
    for (at, _) in html.match_indices(" on") {
        let name: String = html[at + 1..]
            .chars()
            .take_while(|c| c.is_ascii_lowercase())
            .collect();
        let after = html[at + 1 + name.len()..].chars().next();
        assert_ne!(after, Some('='), "an event handler attribute `{name}`");
    }
    for (at, _) in html.match_indices("<script") {
        assert!(html[at..].starts_with("<script src=\"/static/app.js\" defer></script>"));
    }
}

#[test]
fn escaping_covers_markup_quotes_ampersands_and_nul() {
    let mut s = String::new();
    esc(&mut s, "<script>alert('x')</script> & \"q\"\r\0夢");
    assert_eq!(
        s,
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;&#13;\u{2400}夢"
    );
    let mut q = String::new();
    query_value(&mut q, "a b&c=d/é");
    assert_eq!(q, "a%20b%26c%3Dd%2F%C3%A9");
}

#[test]
fn join_page_shows_nothing_of_the_session() {
    let html = join_page(None);
    assert_frame(&html);
    assert!(html.contains("name=\"code\""));
    assert!(html.contains("action=\"/join\""));
    assert!(!html.contains("<script"));
    assert!(!html.contains("role=\"alert\""));
    let with_error = join_page(Some("That code is not right <try again>"));
    assert!(with_error.contains("That code is not right &lt;try again&gt;"));
}

#[test]
fn group_page_lists_groups_as_buttons_and_keeps_the_code() {
    let groups = vec!["Table 1".to_owned(), "<b>\"Room\" & 夢</b>".to_owned()];
    let html = group_page("AB\"CD", &groups, None);
    assert_frame(&html);
    assert!(html.contains("<input type=\"hidden\" name=\"code\" value=\"AB&quot;CD\">"));
    assert!(html.contains("name=\"group\" value=\"Table 1\""));
    assert!(html.contains(
        "name=\"group\" value=\"&lt;b&gt;&quot;Room&quot; &amp; 夢&lt;/b&gt;\" dir=\"auto\">&lt;b&gt;&quot;Room&quot; &amp; 夢&lt;/b&gt;</button>"
    ));
    assert!(!html.contains("<b>"));
    assert!(html.contains("name=\"new_group\""));
    assert!(html.contains("name=\"device_name\""));
    // Enter in a text box must not pick the first listed group.
    let default_button = html.find("<button type=\"submit\"").unwrap();
    assert!(
        html[default_button..].starts_with("<button type=\"submit\" class=\"visually-hidden\"")
    );
    let empty = group_page("X", &[], Some("Give the group a name"));
    assert!(!empty.contains("name=\"group\""));
    assert!(empty.contains("Give the group a name"));
}

#[test]
fn capture_page_escapes_everything_and_keeps_the_draft() {
    let ex = exercise(vec![
        slot("q1", "1. What <exists>?", vec![]),
        slot("q4", "4. Your path?", vec![]),
    ]);
    let answers = vec![
        answer("a1", "q1", "<script>alert(1)</script>"),
        answer("a2", "q4", "x & y \"quoted\" 'single'"),
    ];
    let draft = "\nstarts with a line break & <tags>\r\nand CRLF";
    let html = page_with(&ex, &answers, Some("q1"), draft, &BTreeMap::new());
    assert_frame(&html);
    assert!(html.contains("<script src=\"/static/app.js\" defer></script>"));
    assert!(!html.contains("<script>alert"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("x &amp; y &quot;quoted&quot; &#39;single&#39;"));
    assert!(html.contains("Pathways &lt;b&gt;&amp; &quot;more&quot;"));
    assert!(html.contains("Session &lt;i&gt;one&lt;/i&gt;"));
    assert!(html.contains("data-group=\"Table &quot;1&quot; &amp; &lt;co&gt;\""));
    assert!(html.contains(
        "required>\n\nstarts with a line break &amp; &lt;tags&gt;&#13;\nand CRLF</textarea>"
    ));
    assert!(html.contains("<input type=\"hidden\" name=\"id\" value=\"f-1\">"));
    assert!(html.contains("<input type=\"hidden\" name=\"exercise\" value=\"pathways\">"));
    // Where the answer goes is chosen in the answer's own form: Send files it there.
    assert!(html.contains("<input type=\"hidden\" name=\"shown\" value=\"q1\">"));
    assert!(!html.contains("type=\"hidden\" name=\"slot\""));
    assert!(!html.contains("href=\"/?slot="));
    let q1 = "<label class=\"slot\"><input type=\"radio\" name=\"slot\" value=\"q1\" data-slot-id=\"q1\" data-label=\"1. What &lt;exists&gt;?\" data-shape=\"0\" required checked><span dir=\"auto\">1. What &lt;exists&gt;?</span></label>";
    let q4 = "<input type=\"radio\" name=\"slot\" value=\"q4\" data-slot-id=\"q4\" data-label=\"4. Your path?\" data-shape=\"0\" required>";
    let at = |needle: &str| {
        html.find(needle)
            .unwrap_or_else(|| panic!("no {needle} in {html}"))
    };
    assert!(at("<form method=\"post\" action=\"/submit\" id=\"capture\"") < at(q1));
    assert!(
        at(q1) < at(q4)
            && at(q4) < at("id=\"send\"")
            && at("id=\"send\"") < at("</form>\n<section")
    );
    assert!(html.contains("<legend>Where the answer goes</legend>"));
    assert!(html.contains(
        "<h2 class=\"slot-label\" id=\"slot-label\" dir=\"auto\">1. What &lt;exists&gt;?</h2>"
    ));
    // Enter in a text box sends; it never presses "Show".
    let first_button = at("id=\"capture\"")
        + html[at("id=\"capture\"")..]
            .find("<button type=\"submit\"")
            .unwrap();
    assert!(html[first_button..].starts_with("<button type=\"submit\" class=\"visually-hidden\" tabindex=\"-1\" aria-hidden=\"true\">Send</button>"));
    assert!(html.contains("id=\"show\" name=\"show\" value=\"1\" formnovalidate>Show</button>"));
    // The answer of the selected slot is listed here, the other one under "elsewhere".
    let here = at("id=\"answers\"");
    let other = at("id=\"other-answers\"");
    let a1 = at("data-id=\"a1\"");
    let a2 = at("data-id=\"a2\"");
    assert!(here < a1 && a1 < other && other < a2);
    assert!(html.contains("data-slot=\"q4\" data-at=\"2026-11-22T10:00:00Z\""));
    assert!(!html.contains("Saved ✓"));
}

#[test]
fn capture_page_shows_saved_and_errors() {
    let ex = exercise(vec![slot("q1", "One", vec![])]);
    let answers = vec![answer("a1", "q1", "hello")];
    let fields = BTreeMap::new();
    let mut view = CaptureView {
        parents: &[],
        draft_parent: None,
        session_title: "S",
        group: "G",
        exercise: &ex,
        answers: &answers,
        slot: None,
        saved: Some("a1"),
        error: None,
        draft_text: "",
        draft_fields: &fields,
        form_id: "f-2",
        rounds: &[],
        vote: None,
    };
    let html = capture_page(&view);
    // Where it was saved, said next to Send.
    assert!(html.contains("role=\"status\">Saved under One ✓</p>"));
    assert!(html.contains("class=\"answer just-saved\" data-id=\"a1\""));
    // One slot: no chooser, the slot goes as a hidden field.
    assert!(!html.contains("slot-select") && !html.contains("type=\"radio\""));
    assert!(html.contains("<input type=\"hidden\" name=\"slot\" value=\"q1\">"));
    // Saved, but not listed (hidden by the facilitator at once, say): said without a place.
    view.saved = Some("elsewhere");
    assert!(capture_page(&view).contains("role=\"status\">Saved ✓</p>"));
    // A slot that is not in the exercise any more: nothing is chosen for it, not even the
    // only slot there is, and the page says why.
    view.slot = Some("gone");
    view.saved = None;
    let html = capture_page(&view);
    assert!(html.contains(SLOT_GONE));
    assert!(!html.contains("name=\"slot\" value=\"q1\">"));
    assert!(html.contains(
        "<input type=\"radio\" name=\"slot\" value=\"q1\" data-slot-id=\"q1\" data-label=\"One\" data-shape=\"0\" required>"
    ));
    assert!(!html.contains(" checked"));
    assert!(html.contains("id=\"slot-label\" dir=\"auto\" hidden></h2>"));
    view.slot = None;
    view.saved = None;
    view.error = Some("the answer must not be empty <x>");
    view.draft_text = "kept";
    let html = capture_page(&view);
    assert!(html.contains("role=\"alert\">the answer must not be empty &lt;x&gt;</p>"));
    assert!(html.contains(">\nkept</textarea>"));
    assert!(!html.contains("Saved ✓"));
}

#[test]
fn fields_become_controls_with_the_draft_selected() {
    let mark = FieldInfo {
        name: "mark".into(),
        label: "Yes / No / Maybe / ??".into(),
        required: true,
        choices: vec!["Yes".into(), "No".into(), "Maybe".into(), "??".into()],
    };
    let note = FieldInfo {
        name: "year".into(),
        label: "year".into(),
        required: false,
        choices: vec![],
    };
    let mut slots = Vec::new();
    for a in ["Lead groups", "Fill in forms"] {
        for c in ["(a) paid", "(b) trained"] {
            let mut cell = slot(
                &format!("{}.{}", &a[..4], &c[1..2]),
                &format!("{a} — {c}"),
                vec![mark.clone(), note.clone()],
            );
            cell.text_optional = true;
            cell.text_label = "comment".into();
            slots.push(cell);
        }
    }
    slots.extend((0..4).map(|i| slot(&format!("s{i}"), &format!("Slot {i}"), vec![])));
    let ex = exercise(slots);
    let mut draft = BTreeMap::new();
    draft.insert("mark".to_owned(), "Maybe".to_owned());
    draft.insert("year".to_owned(), "20\"30".to_owned());
    let mut marked = answer("a1", "Lead.a", "");
    marked.fields.insert("mark".into(), "Yes".into());
    let html = page_with(&ex, &[marked], Some("Lead.b"), "", &draft);
    assert_frame(&html);
    assert!(
        html.contains("<select id=\"field-0\" name=\"field.mark\" data-field=\"mark\" required>")
    );
    assert!(html.contains("<option value=\"Maybe\" selected>Maybe</option>"));
    assert!(html.contains(
        "name=\"field.year\" data-field=\"year\" type=\"text\" dir=\"auto\" value=\"20&quot;30\">"
    ));
    // Many slots: a list to pick from, grouped by what comes before " — ".
    assert!(html.contains("<select id=\"slot-select\" name=\"slot\" required>"));
    assert!(
        !html.contains("<option value=\"\" selected>"),
        "a slot is chosen"
    );
    assert!(html.contains("<optgroup label=\"Lead groups\">"));
    // Each choice carries its full label and its form's shape: the cells share one form,
    // the plain slots another.
    assert!(html.contains(
        "<option value=\"Lead.b\" data-slot-id=\"Lead.b\" data-label=\"Lead groups — (b) trained\" data-shape=\"0\" selected>(b) trained</option>"
    ));
    assert!(html.contains("<option value=\"Fill.a\" data-slot-id=\"Fill.a\" data-label=\"Fill in forms — (a) paid\" data-shape=\"0\">(a) paid</option>"));
    assert!(html.contains(
        "<option value=\"s0\" data-slot-id=\"s0\" data-label=\"Slot 0\" data-shape=\"4\">Slot 0</option>"
    ));
    assert!(html.contains("<form method=\"post\" action=\"/submit\" id=\"capture\" class=\"stack capture-form\" data-group=\"Table &quot;1&quot; &amp; &lt;co&gt;\" data-exercise=\"pathways\" data-slot=\"Lead.b\" data-shape=\"0\">"));
    let form = html.find("id=\"capture\"").unwrap();
    assert!(form < html.find("id=\"slot-select\"").unwrap());
    // The comment is optional for this slot; the answer's mark shows with its label.
    assert!(html.contains("Comment <span class=\"opt\">(optional)</span>"));
    assert!(html.contains("rows=\"4\" dir=\"auto\">"));
    assert!(html.contains("<dt>Yes / No / Maybe / ??</dt><dd dir=\"auto\">Yes</dd>"));
}

#[test]
fn the_script_never_writes_markup() {
    for risky in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        "randomUUID",
    ] {
        assert!(!APP_JS.contains(risky), "app.js uses {risky}");
    }
    assert!(APP_JS.contains("credentials: 'same-origin'"));
    assert!(!APP_CSS.contains("@import") && !APP_CSS.contains("url("));
}

#[test]
fn odd_input_never_panics() {
    let ex = exercise(vec![]);
    let html = page_with(
        &ex,
        &[answer("a", "nowhere", "x")],
        Some("nope"),
        "",
        &BTreeMap::new(),
    );
    assert_frame(&html);
    assert!(html.contains("Nothing to record"));
    let labels = [" — ", "é — ", "é — ", "— —", "x", "— x — y", "— x — z"];
    let slots = labels
        .iter()
        .enumerate()
        .map(|(i, l)| slot(&format!("q{i}"), l, vec![]))
        .collect();
    let ex = exercise(slots);
    let html = page_with(
        &ex,
        &[answer("a", "gone", "\0")],
        Some("missing"),
        "",
        &BTreeMap::new(),
    );
    // Asked for a slot the exercise does not have: none is chosen in its place.
    assert!(html.contains("<option value=\"\" selected>Choose…</option>"));
    assert!(
        html.contains(
            "<option value=\"q0\" data-slot-id=\"q0\" data-label=\" — \" data-shape=\"0\">"
        )
    );
    assert_eq!(html.matches(" selected>").count(), 1);
    assert!(html.contains(SLOT_GONE));
    assert!(html.contains("<optgroup label=\"é\">"));
    assert!(html.contains('\u{2400}'));
}

/// Open rounds come before the answer box; closed and revealed ones after it, folded away in a
/// `<details>` (which needs no script), one just voted in unfolded.
#[test]
fn past_rounds_fold_away_under_the_answer_box() {
    use super::vote::VoteNote;
    use crate::model::convergence::{RoundKind, RoundState, VoteOn};
    use crate::net::api::{RoundInfo, RoundItem};
    let round = |id: &str, state| RoundInfo {
        id: id.into(),
        exercise: "pathways".into(),
        on: VoteOn::Answers,
        kind: RoundKind::Dots {
            dots: 3,
            per_item: None,
        },
        state,
        items: vec![RoundItem {
            id: "a1".into(),
            text: "Peer <leadership>".into(),
        }],
        voters: 0,
        devices: None,
        mine: None,
        results: Some(Vec::new()),
    };
    let rounds = [
        round("r-closed", RoundState::Closed),
        round("r-open", RoundState::Open),
        round("r-shown", RoundState::Revealed),
    ];
    let ex = exercise(vec![slot("s1", "One", vec![])]);
    let fields = BTreeMap::new();
    for note in [None, Some(VoteNote::Counted("r-closed"))] {
        let html = capture_page(&CaptureView {
            parents: &[],
            draft_parent: None,
            session_title: "S",
            group: "G",
            exercise: &ex,
            answers: &[],
            slot: None,
            saved: None,
            error: None,
            draft_text: "",
            draft_fields: &fields,
            form_id: "f-1",
            rounds: &rounds,
            vote: note,
        });
        assert_frame(&html);
        let at = |needle: &str| {
            html.find(needle)
                .unwrap_or_else(|| panic!("no {needle} in {html}"))
        };
        let form = at("<form method=\"post\" action=\"/submit\"");
        assert!(at("data-round=\"r-open\"") < form);
        for past in ["data-round=\"r-closed\"", "data-round=\"r-shown\""] {
            assert!(at(past) > form, "{past} under the box");
        }
        assert_eq!(html.matches("<details class=\"vote-past\"").count(), 2);
        assert!(html.contains("Vote on the answers — voting closed</summary>"));
        assert!(html.contains("Vote on the answers — results</summary>"));
        assert_eq!(
            html.contains("<details class=\"vote-past\" open>"),
            note.is_some()
        );
    }
}

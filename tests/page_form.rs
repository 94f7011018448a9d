//! The browser page's plain form, submitted as a browser without JavaScript submits it: the
//! served HTML is read with an HTML tokenizer, a question is chosen where the page offers it,
//! text is typed, and Send posts exactly the controls that belong to Send's own form. An answer
//! must land under the question chosen, and nowhere else; a question that is gone is refused
//! with the text kept. The JSON API (what the page's script sends) takes the slot it is given.

mod common;

use std::net::SocketAddr;

use common::serve::{InProcess, Reply, answer_body, bearer, join, request};
use hearth::net::api::SessionReply;

const CODE: &str = "TEST-2468";
/// The all-kinds plan's agenda: `pathways` asks questions 1 and 4, `scenarios` has parts whose
/// forms differ.
const PATHWAYS: usize = 3;
const SCENARIOS: usize = 2;

// ---- a form as a browser without JavaScript sees it ----

#[derive(Debug, Clone)]
struct Opt {
    value: String,
    text: String,
    selected: bool,
}

#[derive(Debug, Clone)]
struct Control {
    /// The form it belongs to: the nearest enclosing `<form>`, or the one its `form` attribute names.
    form: Option<usize>,
    form_attr: Option<String>,
    tag: String,
    kind: String,
    id: Option<String>,
    name: String,
    value: String,
    checked: bool,
    disabled: bool,
    options: Vec<Opt>,
    /// The text of the `<label>` around it.
    label: String,
}

#[derive(Debug, Clone)]
struct Form {
    id: Option<String>,
    action: String,
    method: String,
}

#[derive(Debug, Clone)]
struct Page {
    forms: Vec<Form>,
    controls: Vec<Control>,
}

fn attr(tag: &html5gum::StartTag<()>, name: &str) -> Option<String> {
    tag.attributes
        .get(name.as_bytes())
        .map(|v| String::from_utf8_lossy(v).into_owned())
}

impl Page {
    fn parse(html: &str) -> Page {
        let mut emitter = html5gum::DefaultEmitter::default();
        // Text in <textarea> and <title> is text, as a browser reads it.
        emitter.naively_switch_states(true);
        let mut forms: Vec<Form> = Vec::new();
        let mut controls: Vec<Control> = Vec::new();
        let mut form: Option<usize> = None;
        // What text goes to: the open textarea, the open option, the open label's controls.
        let mut textarea: Option<usize> = None;
        let mut option: Option<(usize, usize)> = None;
        let mut labels: Vec<(String, Vec<usize>)> = Vec::new();
        for token in html5gum::Tokenizer::new_with_emitter(html, emitter).flatten() {
            match token {
                html5gum::Token::StartTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).into_owned();
                    if name == "option" || name == "optgroup" {
                        option = None;
                    }
                    let control = |kind: String| Control {
                        form,
                        form_attr: attr(&tag, "form"),
                        tag: name.clone(),
                        kind,
                        id: attr(&tag, "id"),
                        name: attr(&tag, "name").unwrap_or_default(),
                        value: attr(&tag, "value").unwrap_or_default(),
                        checked: attr(&tag, "checked").is_some(),
                        disabled: attr(&tag, "disabled").is_some(),
                        options: Vec::new(),
                        label: String::new(),
                    };
                    match name.as_str() {
                        "form" => {
                            forms.push(Form {
                                id: attr(&tag, "id"),
                                action: attr(&tag, "action").unwrap_or_default(),
                                method: attr(&tag, "method").unwrap_or("get".into()),
                            });
                            form = Some(forms.len() - 1);
                        }
                        "input" => {
                            let kind = attr(&tag, "type").unwrap_or("text".into());
                            let mut c = control(kind.to_ascii_lowercase());
                            if c.kind == "checkbox" || c.kind == "radio" {
                                c.value = attr(&tag, "value").unwrap_or("on".into());
                            }
                            controls.push(c);
                            if let Some((_, within)) = labels.last_mut() {
                                within.push(controls.len() - 1);
                            }
                        }
                        "button" => {
                            controls.push(control(attr(&tag, "type").unwrap_or("submit".into())));
                        }
                        "select" | "textarea" => {
                            controls.push(control(name.clone()));
                            if name == "textarea" {
                                textarea = Some(controls.len() - 1);
                            }
                            if let Some((_, within)) = labels.last_mut() {
                                within.push(controls.len() - 1);
                            }
                        }
                        "option" => {
                            let select = controls.iter().rposition(|c| c.tag == "select");
                            let select = select.expect("an option inside a select");
                            let options = &mut controls[select].options;
                            options.push(Opt {
                                value: attr(&tag, "value").unwrap_or_default(),
                                text: String::new(),
                                selected: attr(&tag, "selected").is_some(),
                            });
                            let value_given = attr(&tag, "value").is_some();
                            option = Some((select, options.len() - 1));
                            if !value_given {
                                // An option without a value submits its text (set at its end).
                                options.last_mut().unwrap().value = "\u{0}text".into();
                            }
                        }
                        "label" => labels.push((String::new(), Vec::new())),
                        _ => {}
                    }
                }
                html5gum::Token::EndTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).into_owned();
                    match name.as_str() {
                        "form" => form = None,
                        "textarea" => textarea = None,
                        "option" | "select" | "optgroup" => option = None,
                        "label" => {
                            if let Some((text, within)) = labels.pop() {
                                for i in within {
                                    controls[i].label = text.trim().to_owned();
                                }
                            }
                        }
                        _ => {}
                    }
                }
                html5gum::Token::String(s) => {
                    let s = String::from_utf8_lossy(&s).into_owned();
                    if let Some(t) = textarea {
                        controls[t].value.push_str(&s);
                    }
                    if let Some((sel, o)) = option {
                        controls[sel].options[o].text.push_str(&s);
                    }
                    for (text, _) in &mut labels {
                        text.push_str(&s);
                    }
                }
                _ => {}
            }
        }
        for c in &mut controls {
            if let Some(id) = &c.form_attr {
                c.form = forms.iter().position(|f| f.id.as_deref() == Some(id));
            }
            if c.tag == "textarea" {
                // The parser drops one line break right after <textarea>.
                if let Some(rest) = c.value.strip_prefix('\n') {
                    c.value = rest.to_owned();
                }
            }
            for o in &mut c.options {
                if o.value == "\u{0}text" {
                    o.value = o.text.trim().to_owned();
                }
            }
        }
        Page { forms, controls }
    }

    fn by_id(&self, id: &str) -> usize {
        self.controls
            .iter()
            .position(|c| c.id.as_deref() == Some(id))
            .unwrap_or_else(|| panic!("no control #{id}: {:#?}", self.controls))
    }

    /// Picks the choice whose visible text starts with `prefix`, wherever the page offers it:
    /// an option of a list, or a radio button.
    fn choose(&mut self, prefix: &str) {
        let option = self.controls.iter().enumerate().find_map(|(i, c)| {
            c.options
                .iter()
                .position(|o| o.text.trim().starts_with(prefix))
                .map(|o| (i, o))
        });
        if let Some((select, chosen)) = option {
            for (i, o) in self.controls[select].options.iter_mut().enumerate() {
                o.selected = i == chosen;
            }
            return;
        }
        let radio = self
            .controls
            .iter()
            .position(|c| c.kind == "radio" && c.label.starts_with(prefix))
            .unwrap_or_else(|| panic!("nothing to choose starts with {prefix:?}"));
        let (form, name) = (self.controls[radio].form, self.controls[radio].name.clone());
        for c in &mut self.controls {
            if c.kind == "radio" && c.form == form && c.name == name {
                c.checked = false;
            }
        }
        self.controls[radio].checked = true;
    }

    /// What is chosen among the choices named `name` in the form of `#send`: the selected
    /// option's or checked radio's text, or None.
    fn chosen(&self, name: &str) -> Option<String> {
        let form = self.controls[self.by_id("send")].form;
        self.controls
            .iter()
            .filter(|c| c.form == form && c.name == name)
            .find_map(|c| match c.tag.as_str() {
                "select" => selected(c).map(|o| o.text.trim().to_owned()),
                "input" if c.kind == "radio" && c.checked => Some(c.label.clone()),
                "input" if c.kind == "hidden" => Some(format!("hidden {}", c.value)),
                _ => None,
            })
    }

    fn type_into(&mut self, id: &str, text: &str) {
        let i = self.by_id(id);
        self.controls[i].value = text.to_owned();
    }

    /// Presses the submit button `#button`: its form's action, method and form data set (the
    /// HTML standard's "constructing the entry list", for the controls this page uses).
    fn press(&self, button: &str) -> (String, String, Vec<(String, String)>) {
        let submitter = self.by_id(button);
        let form = self.controls[submitter]
            .form
            .expect("the button belongs to a form");
        let mut entries = Vec::new();
        for (i, c) in self.controls.iter().enumerate() {
            if c.form != Some(form) || c.disabled || c.name.is_empty() {
                continue;
            }
            match (c.tag.as_str(), c.kind.as_str()) {
                ("button", _) | ("input", "submit") if i != submitter => {}
                ("input", "radio" | "checkbox") if !c.checked => {}
                ("select", _) => {
                    if let Some(o) = selected(c) {
                        entries.push((c.name.clone(), o.value.clone()));
                    }
                }
                ("textarea", _) => entries.push((
                    c.name.clone(),
                    c.value.replace("\r\n", "\n").replace('\n', "\r\n"),
                )),
                _ => entries.push((c.name.clone(), c.value.clone())),
            }
        }
        let f = &self.forms[form];
        (f.action.clone(), f.method.to_ascii_lowercase(), entries)
    }
}

/// The option a list shows: the last one marked selected, else the first.
fn selected(select: &Control) -> Option<&Opt> {
    select
        .options
        .iter()
        .rev()
        .find(|o| o.selected)
        .or(select.options.first())
}

// ---- talking to the server as the page's browser ----

struct Phone {
    addr: SocketAddr,
    cookie: String,
    token: String,
}

impl Phone {
    fn join(server: &InProcess, group: &str) -> Phone {
        let device = join(server.addr, CODE, group);
        Phone {
            addr: server.addr,
            cookie: format!("hearth_device={}", device.token),
            token: device.token,
        }
    }

    fn get(&self, path: &str) -> Reply {
        request(
            self.addr,
            "GET",
            path,
            &[("Cookie", self.cookie.as_str())],
            b"",
        )
        .unwrap()
    }

    /// Presses `button` on `page` and follows a redirect, as a browser does.
    fn press(&self, page: &Page, button: &str) -> (Reply, Option<String>) {
        let (action, method, entries) = page.press(button);
        assert_eq!(method, "post", "Send posts the answer");
        let body = serde_urlencoded::to_string(&entries).unwrap();
        let origin = format!("http://{}", self.addr);
        let reply = request(
            self.addr,
            "POST",
            &action,
            &[
                ("Cookie", self.cookie.as_str()),
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Origin", origin.as_str()),
            ],
            body.as_bytes(),
        )
        .unwrap();
        if reply.status == 303 {
            let to = reply
                .header("location")
                .expect("a redirect says where")
                .to_owned();
            return (self.get(&to), Some(to));
        }
        (reply, None)
    }

    /// The group's answers as the JSON API reports them.
    fn session(&self) -> SessionReply {
        let auth = bearer(&self.token);
        let reply = request(
            self.addr,
            "GET",
            "/api/session",
            &[("Authorization", auth.as_str())],
            b"",
        )
        .unwrap();
        assert_eq!(reply.status, 200, "{}", reply.text());
        reply.json()
    }
}

fn serve(dir: &std::path::Path, exercise: usize) -> (InProcess, std::path::PathBuf) {
    let session = common::new_session(dir);
    let server = InProcess::start(&session, CODE);
    server.hub.set_exercise(exercise);
    (server, session)
}

fn saved_slot_of(session: &std::path::Path, text: &str) -> Vec<(String, String)> {
    let (saved, _) = hearth::store::read_session(session).unwrap();
    saved
        .contributions()
        .iter()
        .filter(|c| c.text == text)
        .map(|c| (c.exercise.clone(), c.slot.clone()))
        .collect()
}

#[test]
fn the_plain_form_files_the_answer_under_the_question_chosen_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let (server, session) = serve(dir.path(), PATHWAYS);
    let phone = Phone::join(&server, "Table 1");
    let first = phone.get("/");
    assert_eq!(first.status, 200);
    let mut page = Page::parse(&first.text());

    // Question 4, chosen where the page offers the choice; no other step before Send.
    page.choose("4. ");
    let typed = "Moved from a peer role into training others 🚀\nthen back";
    page.type_into("text", typed);
    let (after, location) = phone.press(&page, "send");
    assert_eq!(after.status, 200, "{}", after.text());
    assert!(location.is_some(), "a saved answer redirects");
    let answers = phone.session().answers;
    let filed: Vec<_> = answers.iter().filter(|a| a.text == typed).collect();
    assert_eq!(filed.len(), 1, "saved once: {answers:?}");
    assert_eq!(filed[0].slot, "q4", "filed under question 4");
    assert_eq!(filed[0].exercise, "pathways");

    // The page after the save says where it went and keeps question 4 chosen.
    let html = after.text();
    assert!(
        html.contains("Saved under 4. What has your career path looked like"),
        "{html}"
    );
    let mut page = Page::parse(&html);
    assert!(
        page.chosen("slot").is_some_and(|c| c.contains("4. ")),
        "question 4 stays chosen: {:?}",
        page.chosen("slot")
    );
    let next = "A second answer to the same question";
    page.type_into("text", next);
    let (after, _) = phone.press(&page, "send");
    assert_eq!(after.status, 200);
    assert!(after.text().contains("Saved under 4. "));

    // And back to question 1 the same way.
    let mut page = Page::parse(&after.text());
    page.choose("1. ");
    let third = "Peer supervisors, and a peer director";
    page.type_into("text", third);
    let (after, _) = phone.press(&page, "send");
    assert!(
        after.text().contains("Saved under 1. What areas"),
        "{}",
        after.text()
    );

    server.stop();
    let pathways = |slot: &str| vec![("pathways".to_owned(), slot.to_owned())];
    assert_eq!(saved_slot_of(&session, typed), pathways("q4"));
    assert_eq!(saved_slot_of(&session, next), pathways("q4"));
    assert_eq!(saved_slot_of(&session, third), pathways("q1"));
}

#[test]
fn a_question_no_longer_in_the_exercise_is_refused_and_the_text_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (server, session) = serve(dir.path(), PATHWAYS);
    let phone = Phone::join(&server, "Table 1");
    let mut page = Page::parse(&phone.get("/").text());
    // A page served before the plan changed: its chosen question is not in the exercise now.
    page.choose("4. ");
    for c in &mut page.controls {
        for o in &mut c.options {
            if o.value == "q4" {
                o.value = "q9".into();
            }
        }
        if c.kind == "radio" && c.value == "q4" {
            c.value = "q9".into();
        }
    }
    let typed = "Kept <b>safe</b> & sound";
    page.type_into("text", typed);
    let (after, location) = phone.press(&page, "send");
    assert_eq!(location, None, "not saved, so no redirect");
    assert_eq!(after.status, 422);
    let html = after.text();
    assert!(html.contains("role=\"alert\""), "{html}");
    assert!(html.contains("no longer"), "a clear message: {html}");
    let page = Page::parse(&html);
    assert_eq!(
        page.controls[page.by_id("text")].value,
        typed,
        "the text is kept"
    );
    // Nothing is chosen in its place: question 1 is never taken for it.
    let chosen = page.chosen("slot");
    assert!(
        chosen
            .as_deref()
            .is_none_or(|c| !c.contains("1. ") && !c.contains("4. ")),
        "{chosen:?}"
    );
    // Sent again as it stands, it is refused again, never filed under question 1.
    let (again, _) = phone.press(&page, "send");
    assert_eq!(again.status, 422, "{}", again.text());
    assert!(phone.session().answers.iter().all(|a| a.text != typed));
    server.stop();
    assert_eq!(saved_slot_of(&session, typed), vec![]);
}

#[test]
fn a_part_asking_for_other_details_shows_them_before_anything_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let (server, session) = serve(dir.path(), SCENARIOS);
    let phone = Phone::join(&server, "Room 夢");
    let mut page = Page::parse(&phone.get("/").text());
    // The timeline asks for a year the title's form does not have.
    page.choose("Timeline");
    let typed = "The first peer-run crisis house opens";
    page.type_into("text", typed);
    let (after, location) = phone.press(&page, "send");
    assert_eq!(location, None, "not saved yet");
    let html = after.text();
    let mut page = Page::parse(&html);
    assert_eq!(
        page.controls[page.by_id("text")].value,
        typed,
        "the text is kept"
    );
    assert!(page.chosen("slot").is_some_and(|c| c.contains("Timeline")));
    let year = page
        .controls
        .iter()
        .position(|c| c.name == "field.year")
        .unwrap_or_else(|| panic!("the timeline's year is asked for: {html}"));
    assert!(phone.session().answers.is_empty(), "nothing saved yet");
    page.controls[year].value = "2031".into();
    let (after, location) = phone.press(&page, "send");
    assert!(location.is_some(), "{}", after.text());
    assert!(after.text().contains("Saved under Timeline"));
    server.stop();
    assert_eq!(
        saved_slot_of(&session, typed),
        vec![("scenarios".to_owned(), "timeline".to_owned())]
    );
}

#[test]
fn the_json_api_files_under_the_slot_it_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let (server, session) = serve(dir.path(), PATHWAYS);
    let phone = Phone::join(&server, "Table 1");
    let auth = bearer(&phone.token);
    let post = |body: &[u8]| {
        request(
            server.addr,
            "POST",
            "/api/contributions",
            &[
                ("Authorization", auth.as_str()),
                ("Content-Type", "application/json"),
            ],
            body,
        )
        .unwrap()
    };
    let text = "Sent as the page's script sends it";
    let reply = post(&answer_body("js-1", "pathways", "q4", "Table 1", text));
    assert_eq!(reply.status, 201, "{}", reply.text());
    // A slot the exercise does not have is refused, and one left out is not filled in.
    let gone = post(&answer_body("js-2", "pathways", "q9", "Table 1", "gone"));
    assert_eq!(gone.status, 422, "{}", gone.text());
    let without = br#"{"id":"js-3","exercise":"pathways","group":"Table 1","text":"no slot"}"#;
    assert_eq!(post(without).status, 400);
    server.stop();
    assert_eq!(
        saved_slot_of(&session, text),
        vec![("pathways".to_owned(), "q4".to_owned())]
    );
    assert_eq!(saved_slot_of(&session, "gone"), vec![]);
    assert_eq!(saved_slot_of(&session, "no slot"), vec![]);
}

// ---- an answer under another: a Futures Wheel's consequences ----

/// `futures-wheel.json` served on its wheel.
fn serve_wheel(dir: &std::path::Path) -> (InProcess, std::path::PathBuf) {
    let session = common::new_session_of(dir, "futures-wheel.json");
    let server = InProcess::start(&session, CODE);
    server.hub.set_exercise(0);
    (server, session)
}

fn saved_parent_of(session: &std::path::Path, text: &str) -> Option<String> {
    let (saved, _) = hearth::store::read_session(session).unwrap();
    let c = saved
        .contributions()
        .iter()
        .find(|c| c.text == text)?
        .clone();
    c.parent
        .and_then(|p| saved.contribution(&p).map(|p| p.text.clone()))
}

#[test]
fn a_phone_without_javascript_adds_a_consequence_under_the_one_chosen_in_its_form() {
    let dir = tempfile::tempdir().unwrap();
    let (server, session) = serve_wheel(dir.path());
    let one = Phone::join(&server, "Table 1");
    let two = Phone::join(&server, "Table 2");
    for (phone, text) in [(&one, "More peer jobs"), (&two, "Training costs rise")] {
        let mut page = Page::parse(&phone.get("/").text());
        page.choose("1st order");
        page.type_into("text", text);
        let (after, location) = phone.press(&page, "send");
        assert!(location.is_some(), "{}", after.text());
    }
    // A 2nd-order consequence asks for its parent: Show draws the form that has the choice,
    // with every group's 1st-order consequences, the newest chosen.
    let mut page = Page::parse(&one.get("/").text());
    page.choose("2nd order");
    page.type_into("text", "Wages rise");
    let (shown, _) = one.press(&page, "show");
    let html = shown.text();
    assert!(html.contains("Under which consequence"), "{html}");
    let mut page = Page::parse(&html);
    assert_eq!(
        page.chosen("parent").as_deref(),
        Some("[Table 2] Training costs rise")
    );
    // Chosen in the form: the other table's.
    page.choose("[Table 1] More peer jobs");
    let (after, location) = one.press(&page, "send");
    assert!(location.is_some(), "{}", after.text());
    // The answer is listed under where it went; the choice stays for the next one.
    assert!(
        after
            .text()
            .contains("under ‘More peer jobs’</p>\n<p class=\"text\" dir=\"auto\">Wages rise"),
        "{}",
        after.text()
    );
    let page = Page::parse(&after.text());
    assert_eq!(
        page.chosen("parent").as_deref(),
        Some("[Table 1] More peer jobs")
    );
    server.stop();
    assert_eq!(
        saved_parent_of(&session, "Wages rise").as_deref(),
        Some("More peer jobs")
    );
    assert_eq!(saved_parent_of(&session, "More peer jobs"), None);
}

#[test]
fn the_json_api_takes_a_parent_of_the_right_slot_and_refuses_any_other_saying_why() {
    let dir = tempfile::tempdir().unwrap();
    let (server, session) = serve_wheel(dir.path());
    let phone = Phone::join(&server, "Table 1");
    let auth = bearer(&phone.token);
    let post = |body: String| {
        request(
            server.addr,
            "POST",
            "/api/contributions",
            &[
                ("Authorization", auth.as_str()),
                ("Content-Type", "application/json"),
            ],
            body.as_bytes(),
        )
        .unwrap()
    };
    let body = |id: &str, slot: &str, parent: Option<&str>, text: &str| {
        let mut v = serde_json::json!({"id": id, "exercise": "wheel", "slot": slot, "group": "Table 1", "text": text});
        if let Some(p) = parent {
            v["parent"] = p.into();
        }
        v.to_string()
    };
    assert_eq!(
        post(body("f1", "first", None, "More peer jobs")).status,
        201
    );
    assert_eq!(
        post(body("s1", "second", Some("f1"), "Wages rise")).status,
        201
    );
    let cases = [
        (
            body("x1", "third", Some("f1"), "under the wrong ring"),
            "goes under one in `second`",
        ),
        (
            body("x2", "second", Some("nope"), "under nothing"),
            "no answer `nope`",
        ),
        (
            body("x3", "first", Some("f1"), "the centre's ring"),
            "goes under no other answer",
        ),
    ];
    for (b, why) in cases {
        let reply = post(b);
        assert_eq!(reply.status, 422, "{}", reply.text());
        assert!(reply.text().contains(why), "{why}: {}", reply.text());
    }
    // The session tells the phone what it can go under.
    let s: SessionReply = phone.session();
    let third = s.exercise.slots.iter().find(|x| x.id == "third").unwrap();
    assert_eq!(third.parent_slot.as_deref(), Some("second"));
    assert!(
        s.parents
            .iter()
            .any(|p| p.id == "s1" && p.text == "Wages rise")
    );
    assert_eq!(
        post(body("t1", "third", Some("s1"), "More people apply")).status,
        201
    );
    server.stop();
    assert_eq!(
        saved_parent_of(&session, "More people apply").as_deref(),
        Some("Wages rise")
    );
    for gone in ["under the wrong ring", "under nothing", "the centre's ring"] {
        assert_eq!(saved_slot_of(&session, gone), vec![]);
    }
}

//! Where the answer goes: the exercise's slots to choose from, as controls of the answer's own
//! form, so Send files the answer under the slot chosen there, with JavaScript or without.
//! Few slots with short labels are radio buttons; more, or long ones, a list. Each choice
//! carries its full label and its form's shape (see [`shapes`]) for the script.

use super::esc;
use crate::net::api::SlotInfo;

/// Up to this many slots with short labels are radio buttons; more, or long ones, a list.
const MAX_SLOT_BUTTONS: usize = 6;
const MAX_SLOT_BUTTON_CHARS: usize = 40;

/// The choice's label.
const WHERE: &str = "Where the answer goes";

/// Whether two slots are answered with the same form: the same text rule and label, the same
/// fields. Choosing between such slots changes nothing but where the answer goes.
pub fn same_form(a: &SlotInfo, b: &SlotInfo) -> bool {
    a.text_label == b.text_label
        && a.text_optional == b.text_optional
        && a.fields == b.fields
        && a.parent_slot == b.parent_slot
}

/// For each slot, the index of the first slot answered with the same form.
pub fn shapes(slots: &[SlotInfo]) -> Vec<usize> {
    slots
        .iter()
        .map(|s| {
            slots
                .iter()
                .position(|t| same_form(s, t))
                .unwrap_or_default()
        })
        .collect()
}

/// The choice, inside the capture form. `chosen` is None when nothing may be taken for granted
/// (the slot asked for is not in the exercise): then nothing is chosen and the choice is
/// required, so Send cannot go anywhere by default.
pub(super) fn slot_chooser(out: &mut String, slots: &[SlotInfo], chosen: Option<&str>) {
    if slots.is_empty() {
        return;
    }
    if let ([only], Some(id)) = (slots, chosen)
        && only.id == id
    {
        out.push_str("<input type=\"hidden\" name=\"slot\" value=\"");
        esc(out, &only.id);
        out.push_str("\">\n");
        return;
    }
    let shapes = shapes(slots);
    let as_buttons = slots.len() <= MAX_SLOT_BUTTONS
        && slots
            .iter()
            .all(|s| s.label.chars().count() <= MAX_SLOT_BUTTON_CHARS);
    if as_buttons {
        out.push_str("<fieldset class=\"slots\" id=\"slot-choice\">\n<legend>");
        out.push_str(WHERE);
        out.push_str("</legend>\n<div class=\"slot-buttons\">\n");
        for (s, shape) in slots.iter().zip(&shapes) {
            out.push_str("<label class=\"slot\"><input type=\"radio\" name=\"slot\" value=\"");
            esc(out, &s.id);
            choice_data(out, s, *shape);
            out.push_str(" required");
            if chosen == Some(s.id.as_str()) {
                out.push_str(" checked");
            }
            out.push_str("><span dir=\"auto\">");
            esc(out, &s.label);
            out.push_str("</span></label>\n");
        }
        out.push_str("</div>\n");
        show_button(out);
        out.push_str("</fieldset>\n");
        return;
    }
    out.push_str("<div class=\"slot-pick\">\n<label for=\"slot-select\">");
    out.push_str(WHERE);
    out.push_str(
        "</label>\n<div class=\"row\"><select id=\"slot-select\" name=\"slot\" required>\n",
    );
    if chosen.is_none_or(|id| !slots.iter().any(|s| s.id == id)) {
        out.push_str("<option value=\"\" selected>Choose…</option>\n");
    }
    // Consecutive labels "A — x", "A — y" are grouped under "A" (role-clarity cells by activity).
    let mut i = 0;
    while i < slots.len() {
        let prefix = group_prefix(&slots[i].label);
        let run = prefix.map_or(1, |p| {
            slots[i..]
                .iter()
                .take_while(|s| group_prefix(&s.label) == Some(p))
                .count()
        });
        if let (Some(p), true) = (prefix, run > 1) {
            out.push_str("<optgroup label=\"");
            esc(out, p);
            out.push_str("\">\n");
            for (s, shape) in slots[i..i + run].iter().zip(&shapes[i..]) {
                let rest = s.label.get(p.len() + GROUP_SEP.len()..).unwrap_or(&s.label);
                slot_option(out, s, *shape, rest, chosen);
            }
            out.push_str("</optgroup>\n");
        } else {
            slot_option(out, &slots[i], shapes[i], &slots[i].label, chosen);
        }
        i += run.max(1);
    }
    out.push_str("</select>\n");
    show_button(out);
    out.push_str("</div>\n</div>\n");
}

/// Without JavaScript, the page shows a newly chosen slot's question in full, its fields and
/// its answers once asked to; what was typed goes along and is kept. Not needed to send.
fn show_button(out: &mut String) {
    out.push_str(
        "<button type=\"submit\" class=\"secondary\" id=\"show\" name=\"show\" value=\"1\" formnovalidate>Show</button>\n",
    );
}

/// The data the script needs of a choice: its slot, its full label, its form's shape.
fn choice_data(out: &mut String, slot: &SlotInfo, shape: usize) {
    out.push_str("\" data-slot-id=\"");
    esc(out, &slot.id);
    out.push_str("\" data-label=\"");
    esc(out, &slot.label);
    out.push_str("\" data-shape=\"");
    out.push_str(&shape.to_string());
    out.push('"');
}

const GROUP_SEP: &str = " — ";

fn group_prefix(label: &str) -> Option<&str> {
    label.find(GROUP_SEP).map(|at| &label[..at])
}

fn slot_option(out: &mut String, slot: &SlotInfo, shape: usize, text: &str, chosen: Option<&str>) {
    out.push_str("<option value=\"");
    esc(out, &slot.id);
    choice_data(out, slot, shape);
    if chosen == Some(slot.id.as_str()) {
        out.push_str(" selected");
    }
    out.push('>');
    esc(out, text);
    out.push_str("</option>\n");
}

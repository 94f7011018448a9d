//! Where the answer goes: the exercise's slots to choose from.

use super::{esc, query_value};
use crate::net::api::SlotInfo;

/// Up to this many slots with short labels are shown as links; more, or long ones, as a list to pick from.
const MAX_SLOT_LINKS: usize = 6;
const MAX_SLOT_LINK_CHARS: usize = 40;

/// Links to the other slots (few, short labels), or a list to pick one from; both work without JavaScript.
pub(super) fn slot_chooser(out: &mut String, slots: &[SlotInfo], current: &str) {
    if slots.len() < 2 {
        return;
    }
    let as_links = slots.len() <= MAX_SLOT_LINKS
        && slots
            .iter()
            .all(|s| s.label.chars().count() <= MAX_SLOT_LINK_CHARS);
    if as_links {
        out.push_str("<nav class=\"slots\" aria-label=\"Where the answer goes\">\n");
        for s in slots {
            out.push_str("<a class=\"slot\" href=\"/?slot=");
            query_value(out, &s.id);
            out.push_str("\" data-slot-id=\"");
            esc(out, &s.id);
            out.push('"');
            if s.id == current {
                out.push_str(" aria-current=\"page\"");
            }
            out.push_str(" dir=\"auto\">");
            esc(out, &s.label);
            out.push_str("</a>\n");
        }
        out.push_str("</nav>\n");
        return;
    }
    out.push_str(
        "<form method=\"get\" action=\"/\" class=\"slot-pick\" id=\"slot-pick\">\n\
         <label for=\"slot-select\">Where the answer goes</label>\n<div class=\"row\">\
         <select id=\"slot-select\" name=\"slot\">\n",
    );
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
            for s in &slots[i..i + run] {
                let rest = s.label.get(p.len() + GROUP_SEP.len()..).unwrap_or(&s.label);
                slot_option(out, s, rest, current);
            }
            out.push_str("</optgroup>\n");
        } else {
            slot_option(out, &slots[i], &slots[i].label, current);
        }
        i += run.max(1);
    }
    out.push_str(
        "</select>\n<button type=\"submit\" class=\"secondary\">Show</button></div>\n</form>\n",
    );
}

const GROUP_SEP: &str = " — ";

fn group_prefix(label: &str) -> Option<&str> {
    label.find(GROUP_SEP).map(|at| &label[..at])
}

fn slot_option(out: &mut String, slot: &SlotInfo, text: &str, current: &str) {
    out.push_str("<option value=\"");
    esc(out, &slot.id);
    out.push_str("\" data-slot-id=\"");
    esc(out, &slot.id);
    out.push('"');
    if slot.id == current {
        out.push_str(" selected");
    }
    out.push('>');
    esc(out, text);
    out.push_str("</option>\n");
}

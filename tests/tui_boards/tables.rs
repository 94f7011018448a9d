//! The boards drawn as tables and grids: value conflicts with their worked rows first, role
//! clarity's grid around the selected cell, and each group's marks on a checklist.

use super::*;

#[test]
fn value_conflicts_are_a_table_with_worked_rows_first() {
    let mut w = Workshop::of("value-conflicts.json");
    w.add("cto", "approaches", Some("Table 1"), "Invite the peer worker to talk with other peer workers / their community of practice about the conflict, seeking ideas from others on minimizing the conflict", &[("benefits", "The peer worker is less isolated in the conflict."), ("risks", "The value conflict is not resolved.")]);
    let id = w.add("cto", "approaches", Some("Table 2"), "Examine if the agencies position on the task is warranted, or if it needs to shift to be more recovery-oriented", &[("benefits", "Value conflicts are addressed and possibly minimized."), ("risks", "You may be seen as driving an alternative agenda from your organization.")]);
    w.star(&id);
    let shot = Shot::default();
    snap("value_conflict", &w.session, &shot);
}

fn role_clarity() -> Workshop {
    let mut w = Workshop::of("role-clarity.json");
    let ex = "role-clarity";
    let marks: [(&str, &str, &str, &str); 10] = [
        ("3.h", "Table 1", "Yes", ""),
        (
            "3.h",
            "Table 2",
            "Yes",
            "Yes – new perspectives on recovery, coping",
        ),
        (
            "3.e",
            "Table 1",
            "Maybe",
            "often peer groups are co-facilitated by another team member",
        ),
        (
            "11.g",
            "Table 3",
            "Yes",
            "this is a poor use of a peer worker’s time",
        ),
        (
            "11.h",
            "Table 1",
            "No",
            "it may be a task that all team members share",
        ),
        ("11.h", "Table 2", "Maybe", ""),
        ("11.h", "Table 3", "No", ""),
        ("12.h", "Table 4", "No", ""),
        ("12.g", "Table 4", "??", "a delivery service"),
        ("26.h", "Table 1", "Yes", ""),
    ];
    for (slot, group, mark, comment) in marks {
        w.add(ex, slot, Some(group), comment, &[("mark", mark)]);
    }
    w
}

#[test]
fn role_clarity_is_a_grid_around_the_selected_cell() {
    let w = role_clarity();
    let shot = Shot {
        slot: Some("11.h"),
        ..Shot::default()
    };
    snap("role_clarity", &w.session, &shot);
    let shot = Shot {
        slot: Some("11.h"),
        reference: true,
        ..Shot::default()
    };
    snap("role_clarity_reference", &w.session, &shot);
}

#[test]
fn checklists_show_each_groups_marks() {
    let mut w = Workshop::of("readiness-checklist.json");
    let ex = "readiness";
    w.add(
        ex,
        "leadership-1",
        Some("Table 1"),
        "",
        &[("checked", "yes")],
    );
    w.add(
        ex,
        "leadership-1",
        Some("Table 2"),
        "",
        &[("checked", "yes")],
    );
    w.add(ex, "leadership-3", Some("Table 1"), "Training to the board and senior leadership on the value, outcomes, and core practices of peer support", &[("checked", "no")]);
    w.add(ex, "hr-1", Some("Table 3"), "", &[("checked", "yes")]);
    w.add(
        ex,
        "hr-2",
        Some("Table 1"),
        "At minimum peer workers are paid a living wage.",
        &[("checked", "no")],
    );
    w.add(ex, "hr-2", Some("Table 2"), "", &[("checked", "yes")]);
    let id = w.add(
        ex,
        "hr-2",
        Some("Table 4"),
        "competitive with other roles that perform similar duties",
        &[("checked", "no")],
    );
    w.edit(&id, "competitive with other roles that perform similar duties and have similar responsibilities");
    let shot = Shot {
        slot: Some("hr-2"),
        ..Shot::default()
    };
    snap("checklist", &w.session, &shot);
}

//! Emerging issues: each issue with its signals, sources and questions, in the words of the
//! emerging-issues post.

use super::*;

/// Two of the post's issues with their signals, sources and questions, and the shifts it names.
#[test]
fn emerging_issues_show_each_issue_with_its_signals_and_questions() {
    let mut w = Workshop::of("emerging-issues.json");
    let ex = "issues";
    let t1 = Some("Table 1");
    for shift in [
        "loss of independence and autonomy within the peer sector",
        "professionalization of peer support",
    ] {
        w.add(ex, "shift", None, shift, &[]);
    }
    let ai = w.add(
        ex,
        "issue",
        t1,
        "Artificial Intelligence (AI)",
        &[("description", "Over the past few years, the interest and use of artificial intelligence (AI) has been rapidly expanding, including within the healthcare system.")],
    );
    w.add_under(
        ex,
        "signal",
        t1,
        &ai,
        "Studies are already beginning to emerge focused on peer support delivered via AI chatbots",
        &[(
            "source",
            "Fortuna, K.L., Venegas, M., Umucu, E., Mois, G., Walker, R., & Brooks, J.M. (2019).",
        )],
    );
    w.add_under(
        ex,
        "question",
        t1,
        &ai,
        "How will the sector be shaped by a world with an increasing reliance on AI?",
        &[],
    );
    let reg = w.add(ex, "issue", Some("Table 2"), "Regulation", &[]);
    w.add_under(
        ex,
        "question",
        Some("Table 2"),
        &reg,
        "If so, who will be responsible for our regulation?",
        &[],
    );
    let shot = Shot {
        slot: Some("question"),
        ..Shot::default()
    };
    let screen80 = screen(&w.session, &shot, 80, 24);
    assert!(
        row_with(&screen80, "Artificial Intelligence").contains("■"),
        "{screen80}"
    );
    assert!(
        row_with(&screen80, "Studies are already").contains("│ ├─~"),
        "{screen80}"
    );
    assert!(
        screen80.contains("Questions it raises under ‘Regulation’"),
        "{screen80}"
    );
    snap("emerging_issues", &w.session, &shot);
}

//! The vote and rating rounds on the capture page: a plain form per open round (number boxes
//! for dots, two lists from 1 to 5 for ratings) that works with JavaScript off; the round's
//! results once the facilitator reveals them, best first. Every text is escaped.

use std::collections::BTreeMap;

use crate::export::escape_html as esc;
use crate::model::convergence::{Choice, MAX_RATING, RoundKind, RoundState, VoteOn};
use crate::net::api::{RoundInfo, RoundItem};

/// What the last vote on this page came to, for the person who cast it.
#[derive(Debug, Clone, Copy)]
pub enum VoteNote<'a> {
    Counted(&'a str),
    Refused { round: &'a str, message: &'a str },
}

fn item_text<'a>(items: &'a [RoundItem], id: &str) -> &'a str {
    items
        .iter()
        .find(|i| i.id == id)
        .map_or("(no longer on the record)", |i| i.text.as_str())
}

fn what(round: &RoundInfo) -> &'static str {
    match (round.kind, round.on) {
        (RoundKind::Rating, _) => "Rate each for impact and uncertainty",
        (RoundKind::Dots { .. }, VoteOn::Themes) => "Vote on the themes",
        (RoundKind::Dots { .. }, VoteOn::Answers) => "Vote on the answers",
    }
}

/// The open rounds of the exercise, each a form (above the answer box: they are what the
/// room is doing now).
pub fn rounds(out: &mut String, rounds: &[RoundInfo], note: Option<VoteNote>) {
    for round in rounds.iter().filter(|r| r.state == RoundState::Open) {
        section(out, round, note);
    }
}

/// The closed and revealed rounds, below the answer box, each folded away under its title
/// (`<details>`, so it works without JavaScript): a closed round's note, a revealed one's
/// results. One this page just voted in stays unfolded, to show what came of the vote.
pub fn past_rounds(out: &mut String, rounds: &[RoundInfo], note: Option<VoteNote>) {
    for round in rounds.iter().filter(|r| r.state != RoundState::Open) {
        let noted = match note {
            Some(VoteNote::Counted(id)) | Some(VoteNote::Refused { round: id, .. }) => {
                id == round.id
            }
            None => false,
        };
        out.push_str("<details class=\"vote-past\"");
        if noted {
            out.push_str(" open");
        }
        out.push_str("><summary>");
        out.push_str(what(round));
        out.push_str(match round.state {
            RoundState::Revealed => " — results",
            _ => " — voting closed",
        });
        out.push_str("</summary>\n");
        section(out, round, note);
        out.push_str("</details>\n");
    }
}

/// One round: a form while open, a note while closed, results once revealed.
fn section(out: &mut String, round: &RoundInfo, note: Option<VoteNote>) {
    out.push_str("<section class=\"vote\" data-round=\"");
    esc(out, &round.id);
    out.push_str("\" data-state=\"");
    out.push_str(match round.state {
        RoundState::Open => "open",
        RoundState::Closed => "closed",
        RoundState::Revealed => "revealed",
    });
    out.push_str("\" aria-labelledby=\"vote-");
    esc(out, &round.id);
    out.push_str("\">\n<h2 id=\"vote-");
    esc(out, &round.id);
    out.push_str("\">");
    out.push_str(what(round));
    out.push_str("</h2>\n");
    match note {
        Some(VoteNote::Counted(id)) if id == round.id => out.push_str(
            "<p class=\"notice saved\" role=\"status\">Your vote is counted. You can change it until the vote closes.</p>\n",
        ),
        Some(VoteNote::Refused { round: id, message }) if id == round.id => {
            out.push_str("<p class=\"notice error\" role=\"alert\">Not counted: ");
            esc(out, message);
            out.push_str("</p>\n");
        }
        _ => {}
    }
    match round.state {
        RoundState::Open => form(out, round),
        RoundState::Closed => out.push_str(
            "<p class=\"notice\">Voting is closed. The results appear here when the facilitator reveals them.</p>\n",
        ),
        RoundState::Revealed => results(out, round),
    }
    out.push_str("</section>\n");
}

fn form(out: &mut String, round: &RoundInfo) {
    if round.items.is_empty() {
        out.push_str("<p class=\"notice\">Nothing to vote on yet.</p>\n");
        return;
    }
    out.push_str("<form method=\"post\" action=\"/vote\" class=\"ballot\">\n<input type=\"hidden\" name=\"round\" value=\"");
    esc(out, &round.id);
    out.push_str("\">\n");
    match round.kind {
        RoundKind::Dots { dots, per_item } => {
            out.push_str(&format!(
                "<p>You have <strong>{dots}</strong> dot{}{}. Put them on what matters most to you.</p>\n",
                if dots == 1 { "" } else { "s" },
                per_item.map_or(String::new(), |n| format!(", at most {n} on one"))
            ));
            let mine: BTreeMap<&str, u32> = match &round.mine {
                Some(Choice::Dots(items)) => items.iter().fold(BTreeMap::new(), |mut m, i| {
                    *m.entry(i.as_str()).or_default() += 1;
                    m
                }),
                _ => BTreeMap::new(),
            };
            out.push_str("<ul class=\"items\">\n");
            for item in &round.items {
                out.push_str(
                    "<li><label><input type=\"number\" inputmode=\"numeric\" min=\"0\" max=\"",
                );
                out.push_str(&per_item.unwrap_or(dots).min(dots).to_string());
                out.push_str("\" name=\"dots.");
                esc(out, &item.id);
                out.push_str("\" placeholder=\"0\" value=\"");
                if let Some(n) = mine.get(item.id.as_str()) {
                    out.push_str(&n.to_string());
                }
                out.push_str("\"> <span dir=\"auto\">");
                esc(out, &item.text);
                out.push_str("</span></label></li>\n");
            }
            out.push_str("</ul>\n<button type=\"submit\">Cast my dots</button>\n");
        }
        RoundKind::Rating => {
            out.push_str("<p>For each: how much would it change things (impact), and how unsure is it (uncertainty)? 1 is low, 5 is high.</p>\n<ul class=\"items\">\n");
            let mine = match &round.mine {
                Some(Choice::Ratings(r)) => r.clone(),
                _ => BTreeMap::new(),
            };
            for item in &round.items {
                out.push_str("<li><p dir=\"auto\">");
                esc(out, &item.text);
                out.push_str("</p>\n");
                let given = mine.get(&item.id);
                for (field, label, value) in [
                    ("impact", "Impact", given.map(|r| r.impact)),
                    ("uncertainty", "Uncertainty", given.map(|r| r.uncertainty)),
                ] {
                    out.push_str("<label>");
                    out.push_str(label);
                    out.push_str(" <select name=\"");
                    out.push_str(field);
                    out.push('.');
                    esc(out, &item.id);
                    out.push_str("\"><option value=\"\">–</option>");
                    for n in 1..=MAX_RATING {
                        out.push_str(&format!(
                            "<option{}>{n}</option>",
                            if value == Some(n) { " selected" } else { "" }
                        ));
                    }
                    out.push_str("</select></label>\n");
                }
                out.push_str("</li>\n");
            }
            out.push_str("</ul>\n<button type=\"submit\">Send my ratings</button>\n");
        }
    }
    out.push_str(&format!(
        "<p class=\"hint\">{} voted so far. Results are shown once the facilitator reveals them.</p>\n</form>\n",
        round.who_voted()
    ));
}

fn results(out: &mut String, round: &RoundInfo) {
    let Some(results) = &round.results else {
        return;
    };
    if results.is_empty() {
        out.push_str("<p class=\"notice\">No votes were cast.</p>\n");
        return;
    }
    out.push_str("<ol class=\"results\">\n");
    for r in results {
        out.push_str("<li><span dir=\"auto\">");
        esc(out, item_text(&round.items, &r.item));
        out.push_str("</span> — ");
        match (r.impact, r.uncertainty) {
            (Some(i), Some(u)) => out.push_str(&format!(
                "impact {i:.1}, uncertainty {u:.1} ({} rating{})",
                r.count,
                if r.count == 1 { "" } else { "s" }
            )),
            _ => out.push_str(&format!(
                "<strong>{}</strong> dot{}",
                r.count,
                if r.count == 1 { "" } else { "s" }
            )),
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n");
}

/// Reads the vote form: the round, then dots (`dots.<item>` = how many) or ratings
/// (`impact.<item>` and `uncertainty.<item>`, 1 to 5). The error says what to fix.
pub fn read_form(
    pairs: &[(String, String)],
) -> Result<crate::net::api::BallotRequest, (Option<String>, String)> {
    let round = pairs
        .iter()
        .find(|(k, _)| k == "round")
        .map(|(_, v)| v.clone());
    let fail = |m: &str| (round.clone(), m.to_owned());
    let Some(round_id) = round.clone() else {
        return Err(fail("the form was incomplete; reload the page"));
    };
    let mut dots: Vec<String> = Vec::new();
    let mut impact: BTreeMap<String, u8> = BTreeMap::new();
    let mut uncertainty: BTreeMap<String, u8> = BTreeMap::new();
    let mut rating_form = false;
    for (k, v) in pairs {
        let v = v.trim();
        if let Some(item) = k.strip_prefix("dots.") {
            if v.is_empty() {
                continue;
            }
            let n: u32 = v
                .parse()
                .map_err(|_| fail("give each a whole number of dots (0 or more)"))?;
            if n as usize + dots.len() > crate::model::convergence::MAX_DOTS as usize {
                return Err(fail("that is more dots than anyone has"));
            }
            dots.extend(std::iter::repeat_n(item.to_owned(), n as usize));
        } else if let Some((field, item)) = k.split_once('.')
            && (field == "impact" || field == "uncertainty")
        {
            rating_form = true;
            if v.is_empty() {
                continue;
            }
            let n: u8 = v.parse().map_err(|_| fail("ratings run from 1 to 5"))?;
            if field == "impact" {
                impact.insert(item.to_owned(), n);
            } else {
                uncertainty.insert(item.to_owned(), n);
            }
        }
    }
    if !rating_form {
        return Ok(crate::net::api::BallotRequest {
            round: round_id,
            dots: Some(dots),
            ratings: None,
        });
    }
    let mut ratings = BTreeMap::new();
    for (item, i) in &impact {
        let Some(u) = uncertainty.get(item) else {
            return Err(fail(
                "rate each one for both impact and uncertainty, or neither",
            ));
        };
        ratings.insert(
            item.clone(),
            crate::model::convergence::Rating {
                impact: *i,
                uncertainty: *u,
            },
        );
    }
    if uncertainty.keys().any(|k| !impact.contains_key(k)) {
        return Err(fail(
            "rate each one for both impact and uncertainty, or neither",
        ));
    }
    Ok(crate::net::api::BallotRequest {
        round: round_id,
        dots: None,
        ratings: Some(ratings),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_form_reads_dots_as_repeated_items_and_ratings_in_pairs() {
        let b = read_form(&pairs(&[
            ("round", "r"),
            ("dots.a", "2"),
            ("dots.b", "0"),
            ("dots.c", "1"),
        ]))
        .unwrap();
        assert_eq!(b.dots.unwrap(), ["a", "a", "c"]);
        let b = read_form(&pairs(&[
            ("round", "r"),
            ("impact.a", "4"),
            ("uncertainty.a", "2"),
            ("impact.b", ""),
            ("uncertainty.b", ""),
        ]))
        .unwrap();
        let r = b.ratings.unwrap();
        assert_eq!((r["a"].impact, r["a"].uncertainty), (4, 2));
        assert!(!r.contains_key("b"));
        let e = read_form(&pairs(&[("round", "r"), ("impact.a", "4")])).unwrap_err();
        assert!(e.1.contains("both"));
        assert!(read_form(&pairs(&[("round", "r"), ("dots.a", "-1")])).is_err());
        assert!(read_form(&pairs(&[("round", "r"), ("dots.a", "99999")])).is_err());
        assert!(read_form(&pairs(&[("dots.a", "1")])).is_err());
    }
}

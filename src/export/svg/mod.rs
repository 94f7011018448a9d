//! Figures drawn as SVG (inline in the HTML export, files with `--figures`): the Futures
//! Triangle with its items, the 2×2 scenario matrix, the pathway graph, the ratings scatter,
//! Causal Layered Analysis's stacked layers and a backcast's timeline.
//!
//! A figure summarises; the lists beside it carry every text in full. So a figure may leave out
//! items beyond a cap and shorten a long text with "…", saying so.

use std::fmt::Write;

mod layers;
mod matrix;
mod pathways;
mod scatter;
mod timeline;
mod triangle;
mod wheel;

use super::escape::html as esc;
use super::writeup::Drawing;

pub const FONT: &str =
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', Arial, sans-serif";
pub(super) const INK: &str = "#2b2623";
pub(super) const MUTED: &str = "#6f645b";
pub const PULL: &str = "#2a7383";
pub const PUSH: &str = "#9a5700";
pub const WEIGHT: &str = "#7a4d85";

// ---- text measurement ----

/// A rough advance width of `c`, in ems of a sans-serif face. Good enough to wrap lines.
fn char_em(c: char) -> f32 {
    // Ers on the wide side (DejaVu Sans, a common fallback, is wide), so lines do not overflow.
    match c {
        '\u{300}'..='\u{36f}'
        | '\u{200b}'..='\u{200f}'
        | '\u{fe00}'..='\u{fe0f}'
        | '\u{20d0}'..='\u{20ff}' => 0.0,
        'i' | 'l' | 'j' | 'I' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | '(' | ')' => 0.34,
        ' ' | '\u{a0}' => 0.33,
        'f' | 't' | 'r' => 0.43,
        'm' | 'w' | 'M' | 'W' | '@' | '—' => 0.95,
        'A'..='Z' => 0.72,
        c if is_wide(c) => 1.0,
        _ => 0.62,
    }
}

fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115f | 0x2e80..=0xa4cf | 0xac00..=0xd7a3 | 0xf900..=0xfaff | 0xfe30..=0xfe4f
        | 0xff00..=0xff60 | 0xffe0..=0xffe6 | 0x1f300..=0x1faff | 0x20000..=0x3fffd)
}

/// Lines of `text` no wider than `max_em` ems, breaking after spaces (inside a word only when the
/// word alone is too wide) and at line breaks. At most `max_lines`; when cut, the last line ends
/// with "…".
pub fn wrap(text: &str, max_em: f32, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut width = 0.0f32;
    // Byte index in `line` just after the last space, and the width up to there.
    let mut last_break: Option<(usize, f32)> = None;
    let mut cut = false;
    for c in text.chars() {
        if lines.len() >= max_lines {
            cut = true;
            break;
        }
        if c == '\n' {
            lines.push(std::mem::take(&mut line));
            width = 0.0;
            last_break = None;
            continue;
        }
        let c = if c.is_control() { '\u{fffd}' } else { c };
        let w = char_em(c);
        if width + w > max_em && !line.is_empty() && !c.is_whitespace() {
            match last_break {
                Some((at, w_at)) if at < line.len() => {
                    let rest = line.split_off(at);
                    lines.push(std::mem::replace(&mut line, rest));
                    width -= w_at;
                }
                _ => {
                    lines.push(std::mem::take(&mut line));
                    width = 0.0;
                }
            }
            last_break = None;
            if lines.len() >= max_lines {
                cut = true;
                break;
            }
        }
        line.push(c);
        width += w;
        if c.is_whitespace() {
            last_break = Some((line.len(), width));
        }
    }
    if !cut && (!line.is_empty() || lines.is_empty()) {
        lines.push(line);
    } else if !line.trim().is_empty() {
        cut = true;
    }
    for l in &mut lines {
        let trimmed = l.trim_end().len();
        l.truncate(trimmed);
    }
    if cut && let Some(last) = lines.last_mut() {
        while !last.is_empty() && line_em(last) + 1.0 > max_em {
            last.pop();
        }
        let trimmed = last.trim_end().len();
        last.truncate(trimmed);
        last.push('…');
    }
    lines
}

pub(super) fn line_em(s: &str) -> f32 {
    s.chars().map(char_em).sum()
}

/// `<text>` with one `<tspan>` per line, the first line's baseline at `y`.
pub(super) fn text_block(
    out: &mut String,
    x: f32,
    y: f32,
    lines: &[String],
    line_h: f32,
    attrs: &str,
) {
    let _ = write!(out, r#"<text x="{x:.1}" y="{y:.1}" {attrs}>"#);
    for (i, l) in lines.iter().enumerate() {
        let dy = if i == 0 { 0.0 } else { line_h };
        let _ = write!(out, r#"<tspan x="{x:.1}" dy="{dy:.1}">"#);
        esc(out, l);
        out.push_str("</tspan>");
    }
    out.push_str("</text>");
}

pub(super) fn svg_open(out: &mut String, w: f32, h: f32, label: &str) {
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.0} {h:.0}" width="{w:.0}" height="{h:.0}" role="img" aria-label=""#
    );
    esc(out, label);
    // A style attribute, not presentation attributes: a site's `svg { fill: … }` cannot win.
    let _ = write!(
        out,
        r#"" style="font-family:{FONT};fill:{INK};stroke:none;font-size:16px;font-style:normal;font-weight:400;letter-spacing:normal;word-spacing:normal;text-transform:none;text-decoration:none">"#
    );
}

/// Draws a figure; `figure` numbers it in its page, keeping its SVG ids unique there. `None`
/// when it is too large to draw ([`too_large`] says so).
pub fn draw(drawing: &Drawing, alt: &str, figure: usize) -> Option<String> {
    match drawing {
        Drawing::Triangle { topic, corners } => {
            let [pull, push, weight] = corners;
            Some(triangle::futures_triangle(
                topic,
                alt,
                [pull, push, weight],
                figure,
            ))
        }
        Drawing::Matrix { x, y, placed } => {
            Some(matrix::scenario_matrix(x, y, placed, alt, figure))
        }
        Drawing::Pathways(graph) => pathways::pathway_graph(graph, alt, figure),
        Drawing::Scatter { points } => Some(scatter::ratings(points, alt)),
        Drawing::Layers {
            issue,
            columns,
            layers,
        } => Some(layers::layers(issue, columns, layers, alt)),
        Drawing::Timeline {
            today,
            horizon,
            vision,
            steps,
        } => Some(timeline::timeline(
            today, horizon, vision, steps, alt, figure,
        )),
        Drawing::Wheel { centre, spokes } => wheel::futures_wheel(centre, spokes, alt),
    }
}

/// Why a figure is not drawn.
pub fn too_large(drawing: &Drawing) -> String {
    match drawing {
        Drawing::Pathways(g) => format!(
            "{} pathways with {} steps and {} links: too many to draw; every pathway is listed above.",
            g.pathways,
            g.nodes.len(),
            g.edges.len()
        ),
        Drawing::Wheel { spokes, .. } => format!(
            "{} consequences: too many to draw (at most {}); every one is listed above.",
            spokes.len(),
            wheel::MAX_SPOKES
        ),
        _ => "This figure is too large to draw.".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_after_spaces_and_marks_cuts() {
        assert_eq!(wrap("one two three", 3.0, 5), ["one", "two", "three"]);
        assert_eq!(wrap("a\nb", 40.0, 5), ["a", "b"]);
        let cut = wrap("word word word word word word", 6.0, 2);
        assert_eq!(cut.len(), 2);
        assert!(cut[1].ends_with('…'));
        assert_eq!(wrap("", 10.0, 3), [""]);
        assert_eq!(wrap("夢夢夢夢夢夢", 3.0, 5), ["夢夢夢", "夢夢夢"]);
    }
}

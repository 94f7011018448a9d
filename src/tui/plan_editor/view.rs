//! The plan editor drawn: the agenda on the left, the chosen exercise's parts (each with what
//! is wrong with it, in plain words) beside it, the preview beside them when the screen is
//! wide (in their place, toggled, when it is not), the part being typed at the bottom, the key
//! bar under it; the kind list, the quit question and the help over it all.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};
use serde_json::Value;

use super::preview::Preview;
use super::state::{Editor, Origin, Pane};
use super::value::{self, Row, RowIs, path_text};
use crate::model::exercise::Kind;
use crate::model::exercise::parts::Shape;
use crate::tui::keymap::{Context, Keymap};
use crate::tui::text::{display_line, truncate, wrap};
use crate::tui::theme::Theme;

/// The width from which the preview is shown beside the form.
pub const WIDE: u16 = 120;

/// The editor as a widget.
pub struct EditorView<'a> {
    pub editor: &'a Editor,
    pub keymap: &'a Keymap,
    pub theme: Theme,
}

impl Widget for EditorView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let e = self.editor;
        let t = self.theme;
        let field_height = match &e.field {
            Some(f) if f.shape == Shape::LongText => 7,
            Some(_) => 5,
            None => 0,
        };
        let [top, body, field, status, bar] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(field_height),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        self.title_line(top, buf);
        let agenda_width = (body.width / 4).clamp(24, 34);
        let [left, rest] =
            Layout::horizontal([Constraint::Length(agenda_width), Constraint::Min(10)]).areas(body);
        self.agenda(left, buf);
        let wide = area.width >= WIDE;
        if wide {
            let [form, preview] =
                Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                    .areas(rest);
            self.form(form, buf);
            self.preview(preview, buf);
        } else if e.preview {
            self.preview(rest, buf);
        } else {
            self.form(rest, buf);
        }
        if e.field.is_some() {
            self.field(field, buf);
        }
        let status_text = e.status.clone().unwrap_or_else(|| {
            let n = e.problems.len();
            if n == 0 {
                "The plan reads: nothing to fix.".into()
            } else {
                format!(
                    "{n} thing{} to fix before saving (marked ✗).",
                    if n == 1 { "" } else { "s" }
                )
            }
        });
        Paragraph::new(truncate(&display_line(&status_text), status.width as usize))
            .style(
                if e.status
                    .as_deref()
                    .is_some_and(|s| s.starts_with("NOT SAVED"))
                {
                    t.danger()
                } else {
                    t.text()
                },
            )
            .render(status, buf);
        let context = if e.field.is_some() {
            Context::PlanField
        } else if e.picker.is_some() {
            Context::KindPicker
        } else {
            Context::PlanEditor
        };
        let hints = self.keymap.hint_line(context, |_| true);
        Paragraph::new(truncate(&hints, bar.width as usize))
            .style(t.dim())
            .render(bar, buf);
        if e.picker.is_some() {
            self.picker(area, buf);
        }
        if e.quit_ask {
            self.quit_question(area, buf);
        }
        if e.help {
            self.help(area, buf);
        }
    }
}

impl EditorView<'_> {
    fn title_line(&self, area: Rect, buf: &mut Buffer) {
        let e = self.editor;
        let title = e.plan.get("title").and_then(Value::as_str).unwrap_or("");
        let whence = match &e.origin {
            Origin::New => "new plan".to_owned(),
            Origin::CopyOf(name) => format!("copy of the built-in “{name}”"),
            Origin::File(p) => p
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        };
        let changed = if e.dirty() { " · ● not saved" } else { "" };
        let text = format!("Plan editor — {} ({whence}){changed}", display_line(title));
        Paragraph::new(truncate(&text, area.width as usize))
            .style(self.theme.heading())
            .render(area, buf);
    }

    fn agenda(&self, area: Rect, buf: &mut Buffer) {
        let e = self.editor;
        let t = self.theme;
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(if e.pane == Pane::Agenda {
                t.border_focus()
            } else {
                t.border()
            })
            .title(" Agenda ");
        let inner = block.inner(area);
        block.render(area, buf);
        let w = inner.width as usize;
        let mut lines: Vec<Line> = Vec::new();
        let mark = |item: usize| {
            if e.problems_of(item) > 0 {
                "✗ "
            } else {
                "  "
            }
        };
        let plan_line = format!("{}The plan itself", mark(0));
        lines.push(self.choice_line(truncate(&plan_line, w), e.item == 0));
        for (i, ex) in e.agenda().iter().enumerate() {
            let title = ex.get("title").and_then(Value::as_str).unwrap_or("");
            let minutes = ex.get("minutes").and_then(Value::as_u64).unwrap_or(0);
            let kind = ex
                .get("kind")
                .and_then(Value::as_str)
                .and_then(Kind::named)
                .map_or("?", Kind::label);
            let time = if minutes > 0 {
                format!(", {minutes} min")
            } else {
                String::new()
            };
            let text = format!("{}{}. {}", mark(i + 1), i + 1, display_line(title));
            lines.push(self.choice_line(truncate(&text, w), e.item == i + 1));
            lines.push(Line::styled(
                truncate(&format!("     {kind}{time}"), w),
                t.dim(),
            ));
        }
        if e.agenda().is_empty() {
            lines.push(Line::styled("  No exercise yet:", t.dim()));
            lines.push(Line::styled("  a adds one.", t.dim()));
        }
        let chosen_line = if e.item == 0 { 0 } else { 1 + (e.item - 1) * 2 };
        let skip = chosen_line.saturating_sub(inner.height.saturating_sub(2) as usize);
        Paragraph::new(lines.into_iter().skip(skip).collect::<Vec<_>>()).render(inner, buf);
    }

    fn choice_line(&self, text: String, chosen: bool) -> Line<'static> {
        if chosen {
            Line::styled(text, self.theme.selected())
        } else {
            Line::styled(text, self.theme.text())
        }
    }

    fn form(&self, area: Rect, buf: &mut Buffer) {
        let e = self.editor;
        let t = self.theme;
        let title = match e.exercise() {
            None => " The plan ".to_owned(),
            Some(i) => format!(" Exercise {} ", i + 1),
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(if e.pane == Pane::Form {
                t.border_focus()
            } else {
                t.border()
            })
            .title(title);
        let inner = block.inner(area);
        block.render(area, buf);
        let w = inner.width as usize;
        let rows = e.rows();
        let mut lines: Vec<Line> = Vec::new();
        let mut chosen_at = 0;
        for (r, row) in rows.iter().enumerate() {
            let chosen = e.pane == Pane::Form && r == e.row;
            if chosen {
                chosen_at = lines.len();
            }
            let indent = "  ".repeat(row.depth);
            let text = format!("{indent}{}: {}", row.label, self.shown(row));
            lines.push(self.choice_line(truncate(&display_line(&text), w), chosen));
            for p in e.problems_at(&path_text(&row.path)) {
                for l in wrap(
                    &format!("{indent}  ✗ {}", display_line(&p.message)),
                    w.max(8),
                ) {
                    lines.push(Line::styled(l, t.danger()));
                }
            }
        }
        // Problems no row shows (two slots with one id, a plan that does not read...).
        let shown: Vec<String> = rows.iter().map(|r| path_text(&r.path)).collect();
        let mine = |p: &str| match e.exercise() {
            None => !p.starts_with("agenda["),
            Some(i) => p == format!("agenda[{i}]") || p.starts_with(&format!("agenda[{i}]")),
        };
        for p in e
            .problems
            .iter()
            .filter(|p| mine(&p.path) && !shown.contains(&p.path))
        {
            // Where, in words ("exercise 2 “…”, questions"); the agenda itself is named so.
            let place = match crate::store::plain_words::place_in(Some(&e.plan), &p.path) {
                w if !w.is_empty() => format!("{w}: "),
                _ if p.path == "agenda" => "The agenda: ".to_owned(),
                _ => String::new(),
            };
            for l in wrap(&format!("✗ {place}{}", display_line(&p.message)), w.max(8)) {
                lines.push(Line::styled(l, t.danger()));
            }
        }
        if let Some(row) = rows.get(e.row).filter(|_| e.pane == Pane::Form) {
            lines.push(Line::raw(""));
            for l in wrap(&format!("{}: {}", row.label, row.part.help), w.max(8)) {
                lines.push(Line::styled(l, t.dim()));
            }
        }
        let height = inner.height as usize;
        let skip = (chosen_at + 2).saturating_sub(height);
        Paragraph::new(lines.into_iter().skip(skip).collect::<Vec<_>>()).render(inner, buf);
    }

    /// What a row holds, in a line.
    fn shown(&self, row: &Row) -> String {
        let e = self.editor;
        let v = value::get(&e.plan, &row.path);
        match row.is {
            RowIs::Kind => {
                let kind = v.and_then(Value::as_str).and_then(Kind::named);
                kind.map_or("?".into(), |k| format!("{} — {}", k.label(), k.about()))
            }
            RowIs::List => {
                let n = v.and_then(Value::as_array).map_or(0, Vec::len);
                let item = match row.part.shape {
                    Shape::Records { item, .. } | Shape::TextList { item } => item,
                    _ => "item",
                };
                format!("{n} {} (Enter or a adds one)", plural(n, item))
            }
            RowIs::Group { present } => {
                if present {
                    String::new()
                } else if row.part.optional {
                    "none (Enter adds it)".into()
                } else {
                    String::new()
                }
            }
            RowIs::Item | RowIs::Field => match (row.part.shape, v) {
                (Shape::YesNo, v) => {
                    if v.and_then(Value::as_bool) == Some(true) {
                        "yes".into()
                    } else {
                        "no".into()
                    }
                }
                (Shape::Minutes, Some(Value::Number(n))) if n.as_u64() == Some(0) => {
                    "untimed".into()
                }
                (Shape::Minutes, Some(Value::Number(n))) => format!("{n} min"),
                (_, Some(Value::Number(n))) => n.to_string(),
                (Shape::Earlier | Shape::Slot, Some(Value::String(s))) if !s.is_empty() => {
                    s.clone()
                }
                (Shape::Earlier | Shape::Slot, _) => "none".into(),
                (_, Some(Value::String(s))) if !s.is_empty() => {
                    let first = s.lines().next().unwrap_or("");
                    if s.contains('\n') {
                        format!("{first} …")
                    } else {
                        first.to_owned()
                    }
                }
                _ => "—".into(),
            },
        }
    }

    fn preview(&self, area: Rect, buf: &mut Buffer) {
        let e = self.editor;
        let scenario = e.scenario();
        let exercise = e.exercise_read();
        Preview {
            scenario: scenario.as_ref(),
            exercise: exercise.as_ref(),
            theme: self.theme,
        }
        .render(area, buf);
    }

    fn field(&self, area: Rect, buf: &mut Buffer) {
        let Some(f) = &self.editor.field else {
            return;
        };
        let t = self.theme;
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(t.border_focus())
            .title(format!(" {} ", display_line(&f.label)));
        let inner = block.inner(area);
        block.render(area, buf);
        let [text, help] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
        f.text.set_width(text.width.max(1));
        let (lines, (row, col)) = f
            .text
            .view(text.width.max(1) as usize, text.height.max(1) as usize);
        Paragraph::new(lines.join("\n"))
            .style(t.text())
            .render(text, buf);
        if let Some(cell) = buf.cell_mut((text.x + col as u16, text.y + row as u16))
            && (col as u16) < text.width
        {
            cell.set_style(t.selected());
        }
        let (words, style) = match &f.error {
            Some(err) => (format!("✗ {err}"), t.danger()),
            None => (f.help.to_owned(), t.dim()),
        };
        Paragraph::new(truncate(&words, help.width as usize))
            .style(style)
            .render(help, buf);
    }

    fn overlay(&self, area: Rect, width: u16, height: u16, title: &str, buf: &mut Buffer) -> Rect {
        let w = width.min(area.width);
        let h = height.min(area.height);
        let r = Rect::new(
            area.x + (area.width - w) / 2,
            area.y + (area.height - h) / 2,
            w,
            h,
        );
        Clear.render(r, buf);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(self.theme.border_focus())
            .title(title.to_owned());
        let inner = block.inner(r);
        block.render(r, buf);
        inner
    }

    fn picker(&self, area: Rect, buf: &mut Buffer) {
        let Some(p) = self.editor.picker else {
            return;
        };
        let title = if p.replace.is_some() {
            " Change the kind "
        } else {
            " Add an exercise: which kind? "
        };
        let inner = self.overlay(area, 100, Kind::ALL.len() as u16 * 2 + 3, title, buf);
        let w = inner.width as usize;
        let mut lines = Vec::new();
        for (i, k) in Kind::ALL.iter().enumerate() {
            lines.push(self.choice_line(
                truncate(&format!("{:>2}. {}", i + 1, k.label()), w),
                i == p.choice,
            ));
            lines.push(Line::styled(
                truncate(&format!("    {}", k.about()), w),
                self.theme.dim(),
            ));
        }
        let skip = (p.choice * 2 + 2).saturating_sub(inner.height as usize);
        Paragraph::new(lines.into_iter().skip(skip).collect::<Vec<_>>()).render(inner, buf);
    }

    fn quit_question(&self, area: Rect, buf: &mut Buffer) {
        let inner = self.overlay(area, 60, 7, " Quit the plan editor? ", buf);
        let k = |c| self.keymap.name_of(Context::QuitQuestion, c);
        use crate::tui::keymap::Command as C;
        let text = format!(
            "The plan has changes not saved.\n{} save them, then quit\n{} discard them and quit\n{} go back to the plan",
            k(C::Save),
            k(C::Discard),
            k(C::Back)
        );
        Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .style(self.theme.text())
            .render(inner, buf);
    }

    fn help(&self, area: Rect, buf: &mut Buffer) {
        let inner = self.overlay(
            area,
            100,
            area.height,
            " Plan editor: keys (any key closes) ",
            buf,
        );
        let mut lines: Vec<Line> = Vec::new();
        for ctx in [
            Context::PlanEditor,
            Context::PlanField,
            Context::KindPicker,
            Context::Editing,
        ] {
            lines.push(Line::styled(self.keymap.heading(ctx), self.theme.heading()));
            for (keys, what) in self.keymap.help(ctx, |_| true) {
                lines.push(Line::from(vec![
                    Span::styled(format!("  {keys:<16}"), self.theme.key()),
                    Span::styled(format!(" {what}"), Style::default()),
                ]));
            }
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(inner, buf);
    }
}

/// "1 question", "2 questions", "2 activities", "2 criteria".
fn plural(n: usize, item: &str) -> String {
    if n == 1 {
        return item.to_owned();
    }
    if let Some(stem) = item.strip_suffix("ion")
        && item.ends_with("criterion")
    {
        return format!("{stem}ia");
    }
    match item.strip_suffix('y') {
        Some(stem) if !stem.ends_with(['a', 'e', 'o', 'u']) => format!("{stem}ies"),
        _ => format!("{item}s"),
    }
}

//! The note-takers panel (F6): how to join, who joined, and what the facilitator can do.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::widgets::{Block, Clear, Widget};

use super::state::{Confirm, ShareView};
use super::text::{display_line, truncate, width};
use super::theme::Theme;

/// The note-takers panel, drawn over the middle of its area.
#[derive(Debug, Clone, Copy)]
pub struct NoteTakersPanel<'a> {
    pub theme: Theme,
    pub keymap: &'a crate::tui::keymap::Keymap,
    pub share: &'a ShareView,
}

impl Widget for NoteTakersPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let NoteTakersPanel {
            theme,
            keymap,
            share: s,
        } = self;
        // The status line and the key bar stay visible below the panel.
        let w = area.width.min(110);
        let h = area.height.saturating_sub(2).clamp(area.height.min(3), 30);
        let r = Rect::new(
            area.x + (area.width - w) / 2,
            area.y + (area.height - h) / 2,
            w,
            h,
        );
        Clear.render(r, buf);
        let title = if s.stopping {
            " Note-takers — stopping… ".to_owned()
        } else {
            format!(
                " Note-takers — {} ",
                keymap.hint_line(crate::tui::keymap::Context::NoteTakers, |_| true)
            )
        };
        let block = Block::bordered()
            .title(truncate(&title, w.saturating_sub(2) as usize))
            .border_style(theme.border_focus());
        let inner = block.inner(r);
        block.render(r, buf);
        if inner.width < 10 || inner.height < 3 {
            return;
        }
        let mut y = inner.y;
        if s.url.is_empty() {
            put(buf, inner, &mut y, "Starting…", theme.dim());
            return;
        }
        if s.show_qr {
            put(
                buf,
                inner,
                &mut y,
                &format!("{}   code {}", s.url, s.code),
                theme.heading(),
            );
            let qr_w = s.qr.first().map_or(0, |l| width(l) as u16);
            let x = inner.x + inner.width.saturating_sub(qr_w) / 2;
            let style = Style::new().fg(Color::White).bg(Color::Black);
            for row in &s.qr {
                if y >= inner.bottom() {
                    break;
                }
                buf.set_stringn(x, y, row, inner.right().saturating_sub(x) as usize, style);
                y += 1;
            }
            return;
        }
        // The QR code goes on the right when there is room for it and the list.
        let qr_w = s.qr.first().map_or(0, |l| width(l) as u16);
        let qr_h = s.qr.len() as u16;
        let qr_beside = inner.width >= qr_w + 46 && inner.height >= qr_h;
        let text_w = if qr_beside {
            inner.width - qr_w - 1
        } else {
            inner.width
        };
        let text_area = Rect::new(inner.x, inner.y, text_w, inner.height);
        put(
            buf,
            text_area,
            &mut y,
            &format!("Join address  {}", s.url),
            theme.heading(),
        );
        put(
            buf,
            text_area,
            &mut y,
            &format!("Join code     {}", s.code),
            theme.heading(),
        );
        if !s.screen.is_empty() {
            put(
                buf,
                text_area,
                &mut y,
                &format!("Screen (read-only)  {}", s.screen),
                theme.text(),
            );
        }
        if s.local_only {
            put(
                buf,
                text_area,
                &mut y,
                "Only this machine can connect. For phones on the local network,",
                theme.warn(),
            );
            // The port in use, which --bind may have chosen (port 0 picks a free one).
            let port = s
                .url
                .trim_end_matches('/')
                .rsplit_once(':')
                .map_or("PORT", |(_, p)| p);
            put(
                buf,
                text_area,
                &mut y,
                &format!("start with: hearth run SESSION --bind 0.0.0.0:{port}"),
                theme.warn(),
            );
        } else {
            put(
                buf,
                text_area,
                &mut y,
                "Phones and laptops on this network: open the address, type the code.",
                theme.dim(),
            );
        }
        if !qr_beside && !s.qr.is_empty() {
            put(
                buf,
                text_area,
                &mut y,
                "v shows the QR code for phones",
                theme.dim(),
            );
        }
        y += 1;
        if s.devices.is_empty() {
            put(
                buf,
                text_area,
                &mut y,
                "No note-taker has joined yet.",
                theme.dim(),
            );
        } else {
            put(
                buf,
                text_area,
                &mut y,
                &format!(
                    "  {:<22} {:<18} {:>8} {:>7}  {}",
                    "Device", "Group", "Seen", "Answers", "Live"
                ),
                theme.dim(),
            );
            let rows = inner.bottom().saturating_sub(y) as usize;
            let first = s.selected.saturating_sub(rows.saturating_sub(1));
            for (i, d) in s.devices.iter().enumerate().skip(first).take(rows) {
                let name = d.name.clone().unwrap_or_else(|| d.id.clone());
                let seen = match d.last_seen {
                    None => "—".to_owned(),
                    Some(s) if s < 60 => format!("{s}s ago"),
                    Some(s) if s < 3600 => format!("{}m ago", s / 60),
                    Some(s) => format!("{}h ago", s / 3600),
                };
                let live = if d.revoked {
                    "revoked"
                } else if d.streams > 0 {
                    "● live"
                } else {
                    "○ away"
                };
                let marker = if i == s.selected { "▶" } else { " " };
                let row = format!(
                    "{marker} {} {} {:>8} {:>7}  {live}",
                    pad(&display_line(&name), 22),
                    pad(&display_line(&d.group), 18),
                    seen,
                    d.answers
                );
                let style = if i == s.selected {
                    theme.selected()
                } else if d.revoked {
                    theme.hidden()
                } else {
                    theme.text()
                };
                put(buf, text_area, &mut y, &row, style);
            }
        }
        match &s.confirm {
            Some(Confirm::Stop) => {
                put(
                    buf,
                    inner,
                    &mut y,
                    "Stop sharing? y: stop · any other key: keep sharing",
                    theme.danger(),
                );
            }
            Some(Confirm::Revoke(id)) => {
                let who = s
                    .devices
                    .iter()
                    .find(|d| d.id == *id)
                    .and_then(|d| d.name.clone())
                    .unwrap_or_else(|| format!("device {id}"));
                put(
                    buf,
                    inner,
                    &mut y,
                    &format!(
                        "Revoke {}? y: revoke · any other key: keep",
                        display_line(&who)
                    ),
                    theme.danger(),
                );
            }
            None => {}
        }
        if qr_beside {
            let x = inner.right() - qr_w;
            // Dark on light whatever the terminal's colours, so phone cameras read it.
            let style = Style::new().fg(Color::White).bg(Color::Black);
            for (i, row) in s.qr.iter().enumerate() {
                let yy = inner.y + i as u16;
                if yy >= inner.bottom() {
                    break;
                }
                buf.set_stringn(x, yy, row, qr_w as usize, style);
            }
        }
    }
}

/// Writes one row of text inside `area` at `y` and moves `y` down.
fn put(buf: &mut Buffer, area: Rect, y: &mut u16, text: &str, style: Style) {
    if *y < area.bottom() {
        let w = area.width.saturating_sub(2) as usize;
        buf.set_stringn(area.x + 1, *y, truncate(text, w), w, style);
        *y += 1;
    }
}

/// `text` cut or padded to exactly `columns` terminal columns (CJK and emoji count two).
fn pad(text: &str, columns: usize) -> String {
    let mut out = truncate(text, columns);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', columns.saturating_sub(w)));
    out
}

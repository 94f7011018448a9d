//! Text laid out by display width into lines, and drawn cut to fit.

use super::*;

// ---------------------------------------------------------------- text layout

/// Styled text laid out into lines no wider than `width` columns (by display width), lines
/// after the first indented by `hang`, at most `max` lines; what does not fit ends in `…`.
/// Only as much text as can show is ever made display-safe, so a 1 MiB answer costs no more
/// than a short one.
pub struct Lines {
    width: usize,
    hang: usize,
    max: usize,
    done: Vec<Line<'static>>,
    cur: Vec<Span<'static>>,
    cur_w: usize,
    /// Right after a wrap: spaces there are dropped.
    soft: bool,
    cut: bool,
}

/// `raw` made display-safe. Printable ASCII already is (`display_line` would return it as it
/// is), and is most of what is typed, so it skips the grapheme walk.
pub(super) fn safe(raw: &str) -> Cow<'_, str> {
    if raw.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        Cow::Borrowed(raw)
    } else {
        Cow::Owned(display_line(raw))
    }
}

/// At most `limit` chars of `s`, and whether anything was left out.
fn cut_chars(s: &str, limit: usize) -> (&str, bool) {
    match s.char_indices().nth(limit) {
        Some((i, _)) => (&s[..i], true),
        None => (s, false),
    }
}

/// Runs of white space and of everything else, in order.
fn runs(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = s;
    std::iter::from_fn(move || {
        let blank = rest.chars().next()?.is_whitespace();
        let end = rest
            .char_indices()
            .find(|(_, c)| c.is_whitespace() != blank)
            .map_or(rest.len(), |(i, _)| i);
        let (run, tail) = rest.split_at(end);
        rest = tail;
        Some(run)
    })
}

impl Lines {
    pub fn new(width: usize, hang: usize, max: usize) -> Lines {
        Lines {
            width,
            hang,
            max,
            done: Vec::new(),
            cur: Vec::new(),
            cur_w: 0,
            soft: false,
            cut: max == 0 || width == 0,
        }
    }

    fn cap(&self) -> usize {
        if self.done.is_empty() {
            self.width
        } else {
            self.width.saturating_sub(self.hang)
        }
    }

    /// Columns still free on this and the lines that may follow, to bound the work.
    fn room(&self) -> usize {
        self.max.saturating_sub(self.done.len()) * self.width
    }

    fn push(&mut self, s: &str, w: usize, style: Style) {
        match self.cur.last_mut() {
            Some(last) if last.style == style => last.content.to_mut().push_str(s),
            _ => self.cur.push(Span::styled(s.to_owned(), style)),
        }
        self.cur_w += w;
    }

    /// Ends the line; false (and the text is cut) when no more lines may follow.
    fn brk(&mut self, soft: bool) -> bool {
        if self.cut || self.done.len() + 1 >= self.max {
            self.cut = true;
            return false;
        }
        // A wrap happens at a space, which should not linger at the end of the line.
        if soft && let Some(last) = self.cur.last_mut() {
            let kept = last.content.trim_end().len();
            last.content.to_mut().truncate(kept);
        }
        let line = self.take_line();
        self.done.push(line);
        self.soft = soft;
        true
    }

    fn take_line(&mut self) -> Line<'static> {
        let mut spans = std::mem::take(&mut self.cur);
        if !self.done.is_empty() && self.hang > 0 {
            spans.insert(0, Span::raw(" ".repeat(self.hang)));
        }
        self.cur_w = 0;
        Line::from(spans)
    }

    /// Starts a new line (a hard break).
    pub fn newline(&mut self) {
        self.brk(false);
    }

    /// Wrapped text; line breaks in it are kept.
    pub fn text(&mut self, text: &str, style: Style) {
        for (n, raw) in text.split('\n').enumerate() {
            if self.cut || (n > 0 && !self.brk(false)) {
                return;
            }
            let (raw, more) = cut_chars(raw, self.room() * 4 + 64);
            self.words(&safe(raw), style);
            if more {
                self.cut = true;
                return;
            }
        }
    }

    /// One line of text kept together when it fits on a line of its own (a pathway step).
    pub fn atom(&mut self, text: &str, style: Style) {
        if self.cut {
            return;
        }
        let (raw, more) = cut_chars(text, self.room() * 4 + 64);
        let flat = raw.replace('\n', " ");
        let shown = safe(&flat);
        let w = width(&shown);
        let fresh = self.width.saturating_sub(self.hang);
        if self.cur_w > 0 && self.cur_w + w > self.cap() && w <= fresh && !self.brk(true) {
            return;
        }
        self.words(&shown, style);
        if more {
            self.cut = true;
        }
    }

    /// Breaks only at white space (so punctuation stays with its word), or inside a run that
    /// is wider than a line.
    fn words(&mut self, s: &str, style: Style) {
        for word in runs(s) {
            if self.cut {
                return;
            }
            let w = width(word);
            let blank = word.chars().all(char::is_whitespace);
            if blank && self.soft && self.cur_w == 0 {
                continue;
            }
            if self.cur_w + w <= self.cap() {
                self.push(word, w, style);
                self.soft &= blank;
                continue;
            }
            if blank {
                if !self.brk(true) {
                    return;
                }
                continue;
            }
            if self.cur_w > 0 && w <= self.width.saturating_sub(self.hang) {
                if !self.brk(true) {
                    return;
                }
                self.push(word, w, style);
                self.soft = false;
                continue;
            }
            for g in word.graphemes(true) {
                let gw = width(g);
                if self.cur_w > 0 && self.cur_w + gw > self.cap() && !self.brk(true) {
                    return;
                }
                self.push(g, gw, style);
            }
            self.soft = false;
        }
    }

    pub fn finish(mut self) -> Vec<Line<'static>> {
        if self.max == 0 || self.width == 0 {
            return Vec::new();
        }
        if self.cut {
            let cap = self.cap();
            let style = self.cur.last().map_or(Style::new(), |s| s.style);
            while self.cur_w + 1 > cap {
                let Some(last) = self.cur.last_mut() else {
                    break;
                };
                let s = last.content.to_mut();
                match s.grapheme_indices(true).next_back() {
                    Some((i, g)) => {
                        self.cur_w = self.cur_w.saturating_sub(width(g));
                        s.truncate(i);
                    }
                    None => self.cur_w = 0,
                }
                if s.is_empty() {
                    self.cur.pop();
                }
            }
            // "word …" reads as if something was left out on purpose; "word…" does not.
            while let Some(last) = self.cur.last_mut() {
                let s = last.content.to_mut();
                let kept = s.trim_end().len();
                self.cur_w = self.cur_w.saturating_sub(width(&s[kept..]));
                s.truncate(kept);
                if !s.is_empty() {
                    break;
                }
                self.cur.pop();
            }
            self.push("…", 1, style);
        }
        let line = self.take_line();
        self.done.push(line);
        self.done
    }
}

/// Lays out `pieces` with [`Lines`].
pub fn layout(
    pieces: &[(&str, Style)],
    width: usize,
    hang: usize,
    max: usize,
) -> Vec<Line<'static>> {
    let mut l = Lines::new(width, hang, max);
    for (text, style) in pieces {
        l.text(text, *style);
    }
    l.finish()
}

/// Draws `line` on row `y` of `area`, from `x` columns in, clipped to the area.
pub fn draw_line(buf: &mut Buffer, area: Rect, x: u16, y: u16, line: &Line) {
    if y < area.y || y >= area.bottom() || x >= area.width {
        return;
    }
    buf.set_line(area.x + x, y, line, area.width - x);
}

/// Draws `lines` from row `y`; returns the next free row.
pub fn draw_lines(buf: &mut Buffer, area: Rect, x: u16, y: u16, lines: &[Line]) -> u16 {
    let mut y = y;
    for line in lines {
        if y >= area.bottom() {
            break;
        }
        draw_line(buf, area, x, y, line);
        y += 1;
    }
    y
}

/// Writes one line, cut to fit.
pub fn put_line(buf: &mut Buffer, area: Rect, y: u16, indent: u16, text: &str, style: Style) {
    if y < area.y || y >= area.bottom() || indent >= area.width {
        return;
    }
    let width = (area.width - indent) as usize;
    if text.len() <= width && text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        // Printable ASCII that fits is already what `truncate` would return.
        buf.set_stringn(area.x + indent, y, text, width, style);
    } else {
        buf.set_stringn(area.x + indent, y, truncate(text, width), width, style);
    }
}

/// Fills a row of `area` with one symbol (a rule).
pub fn rule(buf: &mut Buffer, area: Rect, y: u16, symbol: &str, style: Style) {
    if y < area.y || y >= area.bottom() {
        return;
    }
    for x in area.left()..area.right() {
        buf.set_stringn(x, y, symbol, 1, style);
    }
}

/// Draws a vertical line of `symbol` down column `x` of `area`.
pub fn vrule(buf: &mut Buffer, area: Rect, x: u16, symbol: &str, style: Style) {
    if x < area.x || x >= area.right() {
        return;
    }
    for y in area.top()..area.bottom() {
        buf.set_stringn(x, y, symbol, 1, style);
    }
}

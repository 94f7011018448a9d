//! Finds where a JSON path (`agenda[2].questions[0].id`) sits in a file's text, so a validation
//! problem can name a line and column. Only used on files that already parsed.

use super::error::Position;

enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

fn segments(path: &str) -> Option<Vec<Segment<'_>>> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Segment::Key(key));
        }
        while let Some(stripped) = rest.strip_prefix('[') {
            let end = stripped.find(']')?;
            out.push(Segment::Index(stripped[..end].parse().ok()?));
            rest = &stripped[end + 1..];
        }
    }
    Some(out)
}

struct Scanner<'a> {
    s: &'a [u8],
    i: usize,
}

impl Scanner<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && matches!(self.s[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        self.ws();
        (self.s.get(self.i) == Some(&b)).then(|| self.i += 1)
    }

    /// Reads a string's raw contents (escapes left as they are: keys we look for have none).
    fn string(&mut self) -> Option<&[u8]> {
        self.eat(b'"')?;
        let start = self.i;
        while self.i < self.s.len() {
            match self.s[self.i] {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    return Some(&self.s[start..self.i - 1]);
                }
                _ => self.i += 1,
            }
        }
        None
    }

    fn skip_value(&mut self) -> Option<()> {
        self.ws();
        match *self.s.get(self.i)? {
            b'"' => self.string().map(|_| ()),
            b'{' | b'[' => {
                let mut depth = 0usize;
                while self.i < self.s.len() {
                    match self.s[self.i] {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.i += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.i += 1;
                }
                None
            }
            _ => {
                while self.i < self.s.len()
                    && !matches!(
                        self.s[self.i],
                        b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t'
                    )
                {
                    self.i += 1;
                }
                Some(())
            }
        }
    }

    fn find(&mut self, path: &[Segment]) -> Option<usize> {
        self.ws();
        let Some((first, rest)) = path.split_first() else {
            return Some(self.i);
        };
        match first {
            Segment::Key(key) => {
                self.eat(b'{')?;
                loop {
                    let matches = self.string()? == key.as_bytes();
                    self.eat(b':')?;
                    if matches {
                        return self.find(rest);
                    }
                    self.skip_value()?;
                    self.eat(b',')?;
                }
            }
            Segment::Index(n) => {
                self.eat(b'[')?;
                for _ in 0..*n {
                    self.skip_value()?;
                    self.eat(b',')?;
                }
                self.find(rest)
            }
        }
    }
}

/// The position of the value at `path`, or of the deepest enclosing value found.
pub fn locate(source: &[u8], path: &str) -> Option<Position> {
    let segs = segments(path)?;
    // Fall back to shorter prefixes when the exact field is absent (a missing field is reported
    // at its object).
    for len in (0..=segs.len()).rev() {
        let mut scanner = Scanner { s: source, i: 0 };
        if let Some(offset) = scanner.find(&segs[..len]) {
            return Some(position_of(source, offset));
        }
    }
    None
}

/// 1-based line and column (in characters) of a byte offset.
pub fn position_of(source: &[u8], offset: usize) -> Position {
    let before = &source[..offset.min(source.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Position { line, column }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_values() {
        let src = br#"{
  "title": "x",
  "agenda": [
    {"id": "a", "q": [1, 2]},
    {"id": "b\"c", "questions": [{"id": "q1"}, {"id": "q2"}]}
  ]
}"#;
        assert_eq!(
            locate(src, "title"),
            Some(Position {
                line: 2,
                column: 12
            })
        );
        assert_eq!(
            locate(src, "agenda[1].questions[1].id"),
            Some(Position {
                line: 5,
                column: 55
            })
        );
        // A missing field is reported at the deepest object that exists.
        assert_eq!(
            locate(src, "agenda[0].missing"),
            Some(Position { line: 4, column: 5 })
        );
    }
}

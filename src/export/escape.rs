//! Escaping shared by the HTML and SVG renderers.

/// Escapes text for HTML (and SVG) content and quoted attribute values (a NUL shows as `␀`).
pub fn html(out: &mut String, text: &str) {
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            b'\r' => "&#13;",
            b'\0' => "\u{2400}",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(rep);
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup() {
        let mut s = String::new();
        super::html(&mut s, "<script>alert(1)</script> & \"'");
        assert_eq!(s, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;&#39;");
    }
}

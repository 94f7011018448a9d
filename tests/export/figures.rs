//! Figures as files: `--figures DIR` writes each figure as SVG and as PNG (drawn by resvg, no
//! browser); the PNGs decode and are twice the SVG's size; the Markdown links them.

use hearth::export::{Options, PNG_SCALE, figure_files, png, write_up};
use hearth::store::create_session;

use crate::common::run_hearth;
use crate::confidential_session;

/// Width and height from an SVG's root `width="…" height="…"`.
fn svg_size(svg: &str) -> (u32, u32) {
    let attr = |name: &str| -> u32 {
        let at = svg.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        svg[at..].split('"').next().unwrap().parse().unwrap()
    };
    (attr("width"), attr("height"))
}

/// Decodes a PNG: its size, and whether it has more than one colour (something was drawn).
fn decode(bytes: &[u8]) -> (u32, u32, bool) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a PNG header");
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).expect("a PNG frame");
    let data = &buf[..info.buffer_size()];
    let px = info.color_type.samples();
    let first = &data[..px];
    let drawn = data.chunks(px).any(|p| p != first);
    (info.width, info.height, drawn)
}

#[test]
fn png_figures_decode_at_twice_the_svg_size() {
    let doc = write_up(&confidential_session(), &Options::default());
    let files = figure_files(&doc);
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        ["2-futures-triangle", "3-scenario-matrix", "4-pathways"]
    );
    for f in &files {
        let (w, h) = svg_size(&f.svg);
        let (pw, ph, drawn) = decode(&png(&f.svg).unwrap());
        assert_eq!((pw, ph), (w * PNG_SCALE, h * PNG_SCALE), "{}", f.name);
        assert!(drawn, "{}: the PNG is blank", f.name);
    }
}

#[test]
fn export_writes_figures_and_links_them_from_the_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let path = create_session(dir.path(), &confidential_session()).unwrap();
    let out = run_hearth(
        dir.path(),
        &[
            "export",
            path.to_str().unwrap(),
            "-o",
            "post/write-up.md",
            "--figures",
            "post/figures",
        ],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let figures = dir.path().join("post/figures");
    for name in ["2-futures-triangle", "3-scenario-matrix", "4-pathways"] {
        for ext in ["svg", "png"] {
            assert!(
                figures.join(format!("{name}.{ext}")).is_file(),
                "{name}.{ext}"
            );
        }
        let (w, h) =
            svg_size(&std::fs::read_to_string(figures.join(format!("{name}.svg"))).unwrap());
        let (pw, ph, _) = decode(&std::fs::read(figures.join(format!("{name}.png"))).unwrap());
        assert_eq!((pw, ph), (w * PNG_SCALE, h * PNG_SCALE));
    }
    let md = std::fs::read_to_string(dir.path().join("post/write-up.md")).unwrap();
    assert!(md.contains("](figures/2-futures-triangle.png)"), "{md}");
    assert!(md.contains("](figures/4-pathways.png)"), "{md}");
    // A figures path that is a file is refused.
    std::fs::write(dir.path().join("taken"), b"").unwrap();
    let out = run_hearth(
        dir.path(),
        &[
            "export",
            path.to_str().unwrap(),
            "--format",
            "md",
            "--figures",
            "taken",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(dir.path().join("taken").is_file());
}

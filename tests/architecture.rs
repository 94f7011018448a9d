//! The shape of the code, read from `src/`: the layers (`model` pure, `store` below `export`,
//! `net` and `tui`, nothing but `cli` importing `tui`) and no circles among the files of any
//! folder, so each folder's files form a tree and a change to one reaches only those above it.
//!
//! Dependencies are read from the paths the code names (`crate::…`, `super::…`, `self::…`,
//! grouped `use` lists included); comments and test modules are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Module = Vec<String>;

/// Every module of the crate: its path (`["tui", "join", "state"]`) → its file.
fn modules() -> BTreeMap<Module, PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    let mut folders = vec![root.clone()];
    while let Some(dir) = folders.pop() {
        for entry in std::fs::read_dir(&dir).expect("src is readable") {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(&root).expect("under src");
            let mut parts: Module = rel
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|p| p == "mod") {
                parts.pop();
            }
            if parts == ["lib"] || parts == ["main"] {
                parts.clear();
            }
            out.insert(parts, path);
        }
    }
    out
}

/// A test-only module, by the names this crate gives them.
fn is_test_module(m: &Module) -> bool {
    m.iter()
        .any(|p| p == "tests" || p.ends_with("_tests") || p.ends_with("_props"))
}

/// The code without comments, string contents and `#[cfg(test)]` modules written inline.
fn code_of(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut lines = source.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed == "#[cfg(test)]"
            && lines
                .peek()
                .is_some_and(|next| next.trim_start().starts_with("mod ") && next.contains('{'))
        {
            // Skip the module's block by its braces.
            let mut depth = 0i64;
            for inner in lines.by_ref() {
                depth += inner.matches('{').count() as i64 - inner.matches('}').count() as i64;
                if depth <= 0 {
                    break;
                }
            }
            continue;
        }
        let code = match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        };
        // String contents can hold paths that name nothing ("crate::…" in a message).
        let mut in_string = false;
        let mut prev = ' ';
        for c in code.chars() {
            if c == '"' && prev != '\\' {
                in_string = !in_string;
                out.push('"');
            } else if !in_string {
                out.push(c);
            }
            prev = c;
        }
        out.push('\n');
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The paths named in `code` that start with `crate`, `super` or `self`, each as its segments;
/// a grouped list (`super::{a, b::c}`) gives one path per member.
fn paths_in(code: &str) -> Vec<Vec<String>> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i == 0 || !is_ident(chars[i - 1]) && chars[i - 1] != ':';
        if !starts_word || !is_ident(chars[i]) {
            i += 1;
            continue;
        }
        let word_end = (i..chars.len())
            .find(|&j| !is_ident(chars[j]))
            .unwrap_or(chars.len());
        let word: String = chars[i..word_end].iter().collect();
        if matches!(word.as_str(), "crate" | "super" | "self") {
            let (paths, end) = path_from(&chars, i);
            out.extend(paths);
            i = end.max(i + 1);
        } else {
            i = word_end;
        }
    }
    out
}

/// The path (or grouped paths) starting at `start`, and where it ends.
fn path_from(chars: &[char], start: usize) -> (Vec<Vec<String>>, usize) {
    let mut segments = Vec::new();
    let mut i = start;
    loop {
        let end = (i..chars.len())
            .find(|&j| !is_ident(chars[j]))
            .unwrap_or(chars.len());
        if end == i {
            break;
        }
        segments.push(chars[i..end].iter().collect::<String>());
        i = end;
        if chars.get(i) == Some(&':') && chars.get(i + 1) == Some(&':') {
            i += 2;
            if chars.get(i) == Some(&'{') {
                // A grouped list: each member continues this path.
                let mut depth = 0;
                let mut close = i;
                for (j, c) in chars.iter().enumerate().skip(i) {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                close = j;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                let inner: String = chars[i + 1..close].iter().collect();
                let mut out = Vec::new();
                for member in split_top_level(&inner) {
                    let member_chars: Vec<char> = member.trim().chars().collect();
                    if member_chars.is_empty() {
                        continue;
                    }
                    let (tails, _) = path_from(&member_chars, 0);
                    for tail in tails {
                        let mut p = segments.clone();
                        p.extend(tail.into_iter().filter(|s| s != "self"));
                        out.push(p);
                    }
                }
                return (out, close + 1);
            }
            continue;
        }
        break;
    }
    (vec![segments], i)
}

/// `a, b::{c, d}, e` split at the commas outside braces.
fn split_top_level(s: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut depth = 0;
    for c in s.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(String::new());
                continue;
            }
            _ => {}
        }
        if let Some(last) = out.last_mut() {
            last.push(c);
        }
    }
    out
}

/// The module a path names, from inside module `from`: the longest prefix that is a module.
fn resolve(from: &Module, path: &[String], modules: &BTreeMap<Module, PathBuf>) -> Option<Module> {
    let (mut base, rest): (Module, &[String]) = match path.first().map(String::as_str) {
        Some("crate") => (Vec::new(), &path[1..]),
        Some("self") => (from.clone(), &path[1..]),
        Some("super") => {
            let mut base = from.clone();
            let mut rest = path;
            while rest.first().is_some_and(|s| s == "super") {
                base.pop();
                rest = &rest[1..];
            }
            (base, rest)
        }
        _ => return None,
    };
    let mut found = None;
    for segment in rest {
        base.push(segment.clone());
        if modules.contains_key(&base) {
            found = Some(base.clone());
        } else {
            break;
        }
    }
    found
}

/// Every module's dependencies on other modules of the crate (test modules left out).
fn dependencies() -> BTreeMap<Module, BTreeSet<Module>> {
    let modules = modules();
    let mut out: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (module, file) in &modules {
        if is_test_module(module) {
            continue;
        }
        let source = std::fs::read_to_string(file).expect("a source file");
        let deps = out.entry(module.clone()).or_default();
        for path in paths_in(&code_of(&source)) {
            if let Some(target) = resolve(module, &path, &modules)
                && target != *module
            {
                deps.insert(target);
            }
        }
    }
    out
}

/// For each reference between two modules, the edge it makes in the folder they share: from
/// the child of that folder holding the one to the child holding the other. References up to
/// an enclosing module, or down into one's own children, make none.
fn folder_edges(deps: &BTreeMap<Module, BTreeSet<Module>>) -> BTreeSet<(Module, Module)> {
    let mut edges = BTreeSet::new();
    for (from, targets) in deps {
        for to in targets {
            let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
            if common == from.len() || common == to.len() {
                continue; // an ancestor or a descendant
            }
            edges.insert((from[..=common].to_vec(), to[..=common].to_vec()));
        }
    }
    edges
}

/// The circles among `edges`: each strongly connected set of two or more modules.
fn circles(edges: &BTreeSet<(Module, Module)>) -> Vec<Vec<Module>> {
    let mut next: BTreeMap<&Module, Vec<&Module>> = BTreeMap::new();
    for (a, b) in edges {
        next.entry(a).or_default().push(b);
    }
    let nodes: BTreeSet<&Module> = edges.iter().flat_map(|(a, b)| [a, b]).collect();
    // Which nodes each node reaches.
    let reach = |start: &Module| -> BTreeSet<&Module> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![start];
        while let Some(n) = stack.pop() {
            for &m in next.get(n).into_iter().flatten() {
                if seen.insert(m) {
                    stack.push(m);
                }
            }
        }
        seen
    };
    let reached: BTreeMap<&Module, BTreeSet<&Module>> =
        nodes.iter().map(|&n| (n, reach(n))).collect();
    let mut out: Vec<Vec<Module>> = Vec::new();
    let mut placed = BTreeSet::new();
    for &n in &nodes {
        if placed.contains(n) || !reached[n].contains(n) {
            continue;
        }
        let set: Vec<Module> = reached[n]
            .iter()
            .filter(|m| reached[**m].contains(n))
            .map(|m| (*m).clone())
            .collect();
        placed.extend(set.iter().cloned());
        out.push(set);
    }
    out
}

fn name(m: &Module) -> String {
    if m.is_empty() {
        "crate".into()
    } else {
        m.join("::")
    }
}

#[test]
fn the_files_of_every_folder_form_a_tree() {
    let deps = dependencies();
    let found = circles(&folder_edges(&deps));
    let report: Vec<String> = found
        .iter()
        .map(|set| {
            let lines: Vec<String> = set
                .iter()
                .map(|m| {
                    let within: Vec<String> = folder_edges(&deps)
                        .iter()
                        .filter(|(a, b)| a == m && set.contains(b))
                        .map(|(_, b)| name(b))
                        .collect();
                    format!("    {} → {}", name(m), within.join(", "))
                })
                .collect();
            lines.join("\n")
        })
        .collect();
    assert!(
        found.is_empty(),
        "circles among files (each needs what the other has; move what both need into a file both use):\n{}",
        report.join("\n\n")
    );
}

#[test]
fn each_layer_imports_only_the_layers_below_it() {
    // What each top-level module may not name.
    let forbidden: [(&str, &[&str]); 6] = [
        (
            "model",
            &["store", "export", "net", "tui", "cli", "platform"],
        ),
        ("store", &["export", "net", "tui", "cli"]),
        ("export", &["net", "tui", "cli"]),
        ("net", &["tui", "cli"]),
        ("tui", &["cli"]),
        (
            "platform",
            &["model", "store", "export", "net", "tui", "cli"],
        ),
    ];
    let mut wrong = Vec::new();
    for (module, targets) in dependencies() {
        let Some(layer) = module.first() else {
            continue;
        };
        let Some((_, banned)) = forbidden.iter().find(|(l, _)| l == layer) else {
            continue;
        };
        for target in targets {
            if target.first().is_some_and(|t| banned.contains(&t.as_str())) {
                wrong.push(format!("{} → {}", name(&module), name(&target)));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_reader_finds_grouped_and_nested_paths() {
    // The check is only as good as its reading of paths: a grouped list must count.
    let code = code_of(
        "use super::{state::JoinState, vote::{self, x}};\n// crate::tui in a comment\nlet s = \"crate::net\";\nuse crate::model::session::Session;\n",
    );
    let paths = paths_in(&code);
    let strings: Vec<String> = paths.iter().map(|p| p.join("::")).collect();
    assert_eq!(
        strings,
        [
            "super::state::JoinState",
            "super::vote",
            "super::vote::x",
            "crate::model::session::Session"
        ]
    );
}

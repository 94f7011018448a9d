//! Where outboxes live and what their files are called: the default folder, and a file name
//! stem for each (server, group) that a person can read and two groups never share.

use std::path::PathBuf;

/// Where outboxes live: `$HEARTH_HOME/outbox` when it is set (see
/// [`crate::store::folders`]), else `hearth/outbox` in this user's state folder (see
/// [`crate::platform::state_dir`]).
pub fn default_dir() -> Option<PathBuf> {
    if let Some(home) = crate::store::folders::hearth_home() {
        return Some(home.join("outbox"));
    }
    Some(crate::platform::state_dir()?.join("hearth").join("outbox"))
}

/// The file name stem for a server and group: readable, and exact (a hash of the bytes) so two
/// groups never share a file.
pub fn stem(server: &str, group: &str) -> String {
    let host: String = server
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in server
        .to_ascii_lowercase()
        .bytes()
        .chain([0])
        .chain(group.bytes())
    {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{host}--{}-{:016x}", readable(group), hash)
}

/// The group's name in an outbox's file name: ASCII letters and digits, as hearth has always
/// written it, so an outbox left by an earlier hearth is found again (the hash tells groups
/// apart).
fn readable(group: &str) -> String {
    let mut slug = String::new();
    for c in group.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug.truncate(60);
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        slug.push_str("session");
    }
    slug
}

//! Who has voted in a round, counted as the voters are, and how that is said.

/// Who has voted in a round, counted as the voters are: a group whose ballot the facilitator
/// entered (`group:<name>`) is a group; a note-taker's or a phone's (`device:<id>`) is a device,
/// and two phones of one group are two devices, not two groups.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Turnout {
    /// The groups with a ballot of their own.
    pub groups: Vec<String>,
    /// The devices with a ballot.
    pub devices: Vec<String>,
}

impl Turnout {
    /// "3 groups", "2 devices", "2 devices and 1 group".
    pub fn short(&self) -> String {
        voters_phrase(self.groups.len(), self.devices.len())
    }

    /// The progress of a round among `groups` (the session's), with what is known of each
    /// device's group: "2 of 3 groups have voted"; "2 devices have voted" (their groups not
    /// known); "2 devices of Table 1 and 0 of 2 other groups have voted".
    pub fn describe<'d>(
        &self,
        groups: &[String],
        device_group: impl Fn(&str) -> Option<&'d str>,
    ) -> String {
        let known: Vec<Option<&str>> = self.devices.iter().map(|d| device_group(d)).collect();
        let mut all: Vec<&str> = groups.iter().map(String::as_str).collect();
        for g in self
            .groups
            .iter()
            .map(String::as_str)
            .chain(known.iter().flatten().copied())
        {
            if !all.contains(&g) {
                all.push(g);
            }
        }
        let voted = |g: &str| self.groups.iter().any(|x| x == g);
        let of_groups = |n: usize, among: usize, other: &str| {
            format!(
                "{n} of {among} {other}{}",
                if among == 1 { "group" } else { "groups" }
            )
        };
        if known.iter().all(Option::is_none) {
            let (g, d) = (self.groups.len(), self.devices.len());
            return match d {
                0 => format!("{} {}", of_groups(g, all.len(), ""), has(g == 1)),
                _ if g == 0 => format!("{} {}", counted(d, "device", "devices"), has(d == 1)),
                _ => format!(
                    "{} and {} have voted",
                    counted(d, "device", "devices"),
                    of_groups(g, all.len(), "")
                ),
            };
        }
        let mut parts = Vec::new();
        let mut with_devices = Vec::new();
        for g in &all {
            let k = known.iter().filter(|x| **x == Some(*g)).count();
            if k > 0 {
                with_devices.push(*g);
                let own = if voted(g) {
                    " (and its group's ballot)"
                } else {
                    ""
                };
                parts.push(format!("{} of {g}{own}", counted(k, "device", "devices")));
            }
        }
        let unknown = known.iter().filter(|x| x.is_none()).count();
        if unknown > 0 {
            parts.push(counted(unknown, "other device", "other devices"));
        }
        let rest: Vec<&str> = all
            .iter()
            .copied()
            .filter(|g| !with_devices.contains(g))
            .collect();
        if !rest.is_empty() {
            let n = rest.iter().filter(|g| voted(g)).count();
            parts.push(of_groups(n, rest.len(), "other "));
        }
        let one = self.devices.len() + self.groups.len() == 1 && parts.len() == 1;
        format!("{} {}", and_list(&parts), has(one))
    }
}

/// Voters counted as they are, for anyone who knows only the counts: "3 groups", "2 devices",
/// "2 devices and 1 group"; "0 groups" when nobody has voted.
pub fn voters_phrase(groups: usize, devices: usize) -> String {
    match (groups, devices) {
        (g, 0) => counted(g, "group", "groups"),
        (0, d) => counted(d, "device", "devices"),
        (g, d) => format!(
            "{} and {}",
            counted(d, "device", "devices"),
            counted(g, "group", "groups")
        ),
    }
}

fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn has(one: bool) -> &'static str {
    if one { "has voted" } else { "have voted" }
}

/// "a", "a and b", "a, b and c".
fn and_list(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turnout(groups: &[&str], devices: &[&str]) -> Turnout {
        Turnout {
            groups: groups.iter().map(|g| g.to_string()).collect(),
            devices: devices.iter().map(|d| d.to_string()).collect(),
        }
    }

    #[test]
    fn turnout_counts_devices_as_devices_and_groups_as_groups() {
        let tables: Vec<String> = ["Table 1", "Table 2", "Table 3"]
            .iter()
            .map(|t| t.to_string())
            .collect();
        let unknown = |_: &str| None;
        let phones = |d: &str| match d {
            "d1" | "d2" => Some("Table 1"),
            "d3" => Some("Table 2"),
            _ => None,
        };
        let say = |t: Turnout, known: bool| {
            if known {
                t.describe(&tables, phones)
            } else {
                t.describe(&tables, unknown)
            }
        };
        assert_eq!(say(turnout(&[], &[]), true), "0 of 3 groups have voted");
        assert_eq!(
            say(turnout(&["Table 2", "Table 3"], &[]), true),
            "2 of 3 groups have voted"
        );
        assert_eq!(
            say(turnout(&[], &["d1", "d2"]), true),
            "2 devices of Table 1 and 0 of 2 other groups have voted"
        );
        assert_eq!(
            say(turnout(&["Table 3"], &["d1", "d3"]), true),
            "1 device of Table 1, 1 device of Table 2 and 1 of 1 other group have voted"
        );
        assert_eq!(
            say(turnout(&["Table 1"], &["d1", "d9"]), true),
            "1 device of Table 1 (and its group's ballot), 1 other device and 0 of 2 other groups have voted"
        );
        assert_eq!(
            say(turnout(&[], &["d1", "d2"]), false),
            "2 devices have voted"
        );
        assert_eq!(say(turnout(&[], &["d1"]), false), "1 device has voted");
        assert_eq!(
            say(turnout(&["Table 2"], &["d1", "d2"]), false),
            "2 devices and 1 of 3 groups have voted"
        );
        let one: Vec<String> = vec!["Table 1".into()];
        assert_eq!(
            turnout(&[], &["d1"]).describe(&one, phones),
            "1 device of Table 1 has voted"
        );
        assert_eq!(
            turnout(&["Table 1"], &[]).describe(&one, unknown),
            "1 of 1 group has voted"
        );
        assert_eq!(
            turnout(&["Table 1"], &[]).describe(&tables, unknown),
            "1 of 3 groups has voted"
        );
        assert_eq!(
            turnout(&["a", "b"], &["d1"]).short(),
            "1 device and 2 groups"
        );
        assert_eq!(turnout(&[], &[]).short(), "0 groups");
    }
}

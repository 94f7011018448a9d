//! Workshop plans: the ones built into hearth, and the files in a plans folder. A file whose
//! name is a built-in plan's stands in for it (`scenarios/dreaming-together.json`, edited).

use std::fmt;
use std::path::{Path, PathBuf};

use super::error::Result;
use super::load::{load_scenario, scenario_from_bytes};
use crate::model::Scenario;

/// The plans compiled into hearth: `scenarios/*.json` of its repository, by name.
pub const BUILT_IN: [(&str, &str); 13] = [
    (
        "defining-tasks",
        include_str!("../../scenarios/defining-tasks.json"),
    ),
    (
        "documentation-guidelines",
        include_str!("../../scenarios/documentation-guidelines.json"),
    ),
    (
        "dreaming-together",
        include_str!("../../scenarios/dreaming-together.json"),
    ),
    (
        "emerging-issues",
        include_str!("../../scenarios/emerging-issues.json"),
    ),
    (
        "onboarding-checklist",
        include_str!("../../scenarios/onboarding-checklist.json"),
    ),
    (
        "peer-support-futures",
        include_str!("../../scenarios/peer-support-futures.json"),
    ),
    (
        "readiness-checklist",
        include_str!("../../scenarios/readiness-checklist.json"),
    ),
    (
        "role-clarity",
        include_str!("../../scenarios/role-clarity.json"),
    ),
    (
        "six-pillars",
        include_str!("../../scenarios/six-pillars.json"),
    ),
    (
        "supervision-models",
        include_str!("../../scenarios/supervision-models.json"),
    ),
    (
        "value-conflicts",
        include_str!("../../scenarios/value-conflicts.json"),
    ),
    (
        "visions-2030",
        include_str!("../../scenarios/visions-2030.json"),
    ),
    (
        "webinar-series",
        include_str!("../../scenarios/webinar-series.json"),
    ),
];

/// Where a plan comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanSource {
    /// Built into hearth, by name.
    BuiltIn(&'static str),
    /// A file.
    File(PathBuf),
}

impl PlanSource {
    /// What the plan is called on the command line: its file's stem, or its built-in name.
    pub fn name(&self) -> String {
        match self {
            PlanSource::BuiltIn(name) => (*name).to_owned(),
            PlanSource::File(path) => path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
        }
    }

    /// Reads and checks the plan.
    pub fn load(&self) -> Result<Scenario> {
        match self {
            PlanSource::BuiltIn(name) => {
                let text = BUILT_IN
                    .iter()
                    .find(|(n, _)| n == name)
                    .map_or("", |(_, t)| t);
                scenario_from_bytes(&PathBuf::from(self.to_string()), text.as_bytes())
            }
            PlanSource::File(path) => load_scenario(path),
        }
    }
}

impl fmt::Display for PlanSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanSource::BuiltIn(name) => write!(f, "{name} (built in)"),
            PlanSource::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// Every plan: the `.json` files in `dir`, then the built-in plans no file there stands in
/// for, sorted by name.
pub fn plans(dir: &Path) -> Vec<PlanSource> {
    let mut found: Vec<PlanSource> = json_files(dir).into_iter().map(PlanSource::File).collect();
    for (name, _) in BUILT_IN {
        if !found.iter().any(|p| p.name() == name) {
            found.push(PlanSource::BuiltIn(name));
        }
    }
    found.sort_by_key(PlanSource::name);
    found
}

/// The plan called `name`: `dir/<name>.json`, else the built-in plan of that name.
pub fn find_plan(dir: &Path, name: &str) -> Option<PlanSource> {
    let file = dir.join(format!("{name}.json"));
    if file.is_file() {
        return Some(PlanSource::File(file));
    }
    BUILT_IN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(n, _)| PlanSource::BuiltIn(n))
}

/// The `.json` files in `dir`, sorted, series files (`.series.json`) left out; none when it
/// cannot be read.
pub fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.extension().is_some_and(|e| e == "json")
                        && p.is_file()
                        && !super::series::is_series_file(p)
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// The session files in `dir`, sorted: its `.json` files but series files, the files beside a
/// session that are JSON too (`<slug>.devices.json`) and hidden files (`.NAME.json`, which
/// hearth never names a session). None when it cannot be read.
pub fn session_files(dir: &Path) -> Vec<PathBuf> {
    json_files(dir)
        .into_iter()
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| !n.starts_with('.') && !n.ends_with(super::DEVICES_SUFFIX))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_plan_is_valid_and_named_by_its_id() {
        for (name, _) in BUILT_IN {
            let plan = PlanSource::BuiltIn(name).load().unwrap();
            assert_eq!(plan.id, name);
        }
    }

    #[test]
    fn a_file_stands_in_for_the_built_in_plan_of_its_name() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(plans(dir.path()).len(), BUILT_IN.len());
        let mine = dir.path().join("role-clarity.json");
        let role_clarity = BUILT_IN
            .iter()
            .find(|(name, _)| *name == "role-clarity")
            .unwrap();
        std::fs::write(&mine, role_clarity.1).unwrap();
        std::fs::write(dir.path().join("extra.json"), BUILT_IN[0].1).unwrap();
        let all = plans(dir.path());
        assert_eq!(all.len(), BUILT_IN.len() + 1);
        assert!(all.contains(&PlanSource::File(mine.clone())));
        assert!(!all.contains(&PlanSource::BuiltIn("role-clarity")));
        assert_eq!(
            find_plan(dir.path(), "role-clarity"),
            Some(PlanSource::File(mine))
        );
        assert_eq!(
            find_plan(dir.path(), "visions-2030"),
            Some(PlanSource::BuiltIn("visions-2030"))
        );
        assert_eq!(find_plan(dir.path(), "nothing"), None);
    }
}

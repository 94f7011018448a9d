//! The join code, kept off the command line: `ps` shows every process's arguments to anyone
//! on the machine, and the shell history keeps them. `--code-file`, then `HEARTH_CODE`, then
//! (for `hearth join`) a prompt; `--code` still works, with a warning.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use super::CliError;

/// The variable a join code may be given in.
pub const CODE_VAR: &str = "HEARTH_CODE";

#[derive(Debug, Clone, Default, clap::Args)]
pub struct CodeArgs {
    /// Read the join code from this file (its first line). Also: the HEARTH_CODE variable.
    #[arg(long, value_name = "PATH", conflicts_with = "code")]
    pub code_file: Option<PathBuf>,
    /// The join code itself. Anyone on this machine can see it with `ps`, and the shell history
    /// keeps it: prefer --code-file or HEARTH_CODE.
    #[arg(long, value_name = "CODE")]
    pub code: Option<String>,
}

impl CodeArgs {
    /// The code from `--code-file`, `--code` (with a warning) or `HEARTH_CODE`, in that order;
    /// `None` when none of them gives one.
    pub fn given(&self) -> Result<Option<String>, CliError> {
        self.given_with(std::env::var(CODE_VAR).ok())
    }

    fn given_with(&self, variable: Option<String>) -> Result<Option<String>, CliError> {
        if let Some(path) = &self.code_file {
            return read_code_file(path).map(Some);
        }
        if let Some(code) = &self.code {
            super::warn(
                "--code puts the join code where others can see it (`ps` on this machine, the shell history); --code-file PATH or the HEARTH_CODE variable keep it private",
            );
            return Ok(Some(code.trim().to_owned()));
        }
        Ok(variable
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty()))
    }

    /// The code as [`CodeArgs::given`] finds it, else asked for on the terminal.
    pub fn given_or_asked(&self) -> Result<String, CliError> {
        match self.given()? {
            Some(code) => Ok(code),
            None => ask(),
        }
    }
}

fn read_code_file(path: &std::path::Path) -> Result<String, CliError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        CliError::input(format!(
            "{}: cannot read the join code: {e}",
            path.display()
        ))
    })?;
    let code = text.lines().next().unwrap_or("").trim().to_owned();
    if code.is_empty() {
        return Err(CliError::input(format!(
            "{}: the file is empty; put the join code on its first line",
            path.display()
        )));
    }
    if std::fs::metadata(path).is_ok_and(|m| hearth::platform::open_to_others(&m)) {
        super::warn(&format!(
            "others on this machine can read the join code in {0}; `chmod 600 {0}` keeps it yours",
            path.display()
        ));
    }
    Ok(code)
}

/// Asks for the code on the terminal. The answer is never printed back.
fn ask() -> Result<String, CliError> {
    if !std::io::stdin().is_terminal() {
        return Err(CliError::input(
            "no join code: give it with --code-file PATH or the HEARTH_CODE variable",
        ));
    }
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "Join code (as the facilitator shows it): ");
    let _ = err.flush();
    drop(err);
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::other(format!("cannot read the join code: {e}")))?;
    let code = line.trim().to_owned();
    if code.is_empty() {
        return Err(CliError::input("no join code was typed"));
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_comes_first_then_the_flag_then_the_variable() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("code");
        std::fs::write(&file, "FILECODE1\nignored\n").unwrap();
        let from_file = CodeArgs {
            code_file: Some(file),
            code: None,
        };
        assert_eq!(
            from_file.given_with(Some("VARCODE1".into())).unwrap(),
            Some("FILECODE1".into())
        );
        let from_flag = CodeArgs {
            code_file: None,
            code: Some("FLAGCODE1".into()),
        };
        assert_eq!(
            from_flag.given_with(Some("VARCODE1".into())).unwrap(),
            Some("FLAGCODE1".into())
        );
        let none = CodeArgs::default();
        assert_eq!(
            none.given_with(Some(" VARCODE1\n".into())).unwrap(),
            Some("VARCODE1".into())
        );
        assert_eq!(none.given_with(Some(String::new())).unwrap(), None);
        assert_eq!(none.given_with(None).unwrap(), None);
    }

    #[test]
    fn a_missing_or_empty_code_file_is_bad_input_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty");
        std::fs::write(&empty, "\n").unwrap();
        for path in [dir.path().join("missing"), empty] {
            let args = CodeArgs {
                code_file: Some(path.clone()),
                code: None,
            };
            let e = args.given_with(None).unwrap_err();
            assert_eq!(e.code, 2);
            assert!(e.message.contains(&path.display().to_string()), "{e}");
        }
    }
}

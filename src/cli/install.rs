//! `hearth completions` and `hearth man`: what an installation wants beside the binary.

use std::path::{Path, PathBuf};

use clap::CommandFactory;

use super::{Cli, CliError};

/// Print a shell's completion script for hearth
///
/// bash: `hearth completions bash > ~/.local/share/bash-completion/completions/hearth`;
/// zsh: `hearth completions zsh > ~/.zfunc/_hearth` (with ~/.zfunc in $fpath); fish:
/// `hearth completions fish > ~/.config/fish/completions/hearth.fish`; PowerShell:
/// `hearth completions powershell >> $PROFILE`. bash, zsh, fish and PowerShell also complete
/// session, plan and series names, asking hearth for them.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  source <(hearth completions bash)\n  hearth completions zsh > ~/.zfunc/_hearth\n  hearth completions fish > ~/.config/fish/completions/hearth.fish"
)]
pub struct CompletionArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Print hearth's manual page (roff), or write a page for it and one for each command
///
/// `hearth man | man -l -` reads it; `hearth man --dir ~/.local/share/man/man1` installs
/// hearth.1, hearth-new.1, hearth-run.1 and the rest for `man hearth`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  hearth man | man -l -\n  hearth man --dir ~/.local/share/man/man1"
)]
pub struct ManArgs {
    /// Write the pages into this folder instead of printing hearth.1.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// The commands whose first argument is a session (by its name in the sessions folder).
const SESSION_COMMANDS: [&str; 12] = [
    "run", "screen", "show", "add", "edit", "set", "export", "serve", "devices", "withdraw",
    "import", "merge",
];

/// The `series` commands whose first argument is a series (by its bare name).
const SERIES_COMMANDS: [&str; 4] = ["add", "next", "show", "export"];

/// bash: a session, plan or series name where a command takes one (`hearth list
/// --session-names`, `--plan-names`, `--series-names`), else as clap's script does.
const BASH_NAMES: &str = r#"
_hearth_names() {
    local cur=${COMP_WORDS[COMP_CWORD]} kind=
    if [[ $cur != -* ]]; then
        case $COMP_CWORD:${COMP_WORDS[1]} in
            2:new) kind=plan ;;
            3:series)
                case ${COMP_WORDS[2]} in SERIES_COMMANDS) kind=series ;; esac ;;
            4:series)
                [[ ${COMP_WORDS[2]} == add ]] && kind=session ;;
            2:*)
                case ${COMP_WORDS[1]} in SESSION_COMMANDS) kind=session ;; esac ;;
        esac
    fi
    if [[ -n $kind ]]; then
        local IFS=$'\n'
        COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" list --$kind-names 2>/dev/null)" -- "$cur"))
        if [[ ${#COMPREPLY[@]} -gt 0 ]]; then
            return 0
        fi
    fi
    _hearth "$@"
}
complete -F _hearth_names -o bashdefault -o default hearth
"#;

/// fish: the same names, beside the files clap's script offers.
fn fish_names() -> String {
    let mut out = String::from("\n# Session, plan and series names (hearth list --…-names).\n");
    let names = |kind: &str| format!("(hearth list --{kind}-names 2>/dev/null)");
    for c in SESSION_COMMANDS {
        out.push_str(&format!(
            "complete -c hearth -n \"__fish_hearth_using_subcommand {c}; and __fish_is_nth_token 2\" -a \"{}\"\n",
            names("session")
        ));
    }
    out.push_str(&format!(
        "complete -c hearth -n \"__fish_hearth_using_subcommand new; and __fish_is_nth_token 2\" -a \"{}\"\n",
        names("plan")
    ));
    for c in SERIES_COMMANDS {
        out.push_str(&format!(
            "complete -c hearth -n \"__fish_seen_subcommand_from series; and __fish_seen_subcommand_from {c}; and __fish_is_nth_token 3\" -a \"{}\"\n",
            names("series")
        ));
    }
    out.push_str(&format!(
        "complete -c hearth -n \"__fish_seen_subcommand_from series; and __fish_seen_subcommand_from add; and __fish_is_nth_token 4\" -a \"{}\"\n",
        names("session")
    ));
    out
}

/// zsh: the helper that offers a kind's names beside the files, defined before the script
/// runs `_hearth`.
const ZSH_NAMES: &str = r#"
# Session, plan and series names (hearth list --…-names), beside the files.
# _arguments calls it with compadd's options before its own last word, the kind.
_hearth_names() {
    local kind=${@[-1]}
    local -a names
    names=(${(f)"$(hearth list --$kind-names 2>/dev/null)"})
    compadd "${@[1,-2]}" -a names
    _files "${@[1,-2]}"
}

"#;

/// zsh: each positional SESSION, SCENARIO and SERIES argument completes with `_hearth_names`.
fn zsh_with_names(script: &str) -> String {
    let mut out = String::with_capacity(script.len() + ZSH_NAMES.len());
    for line in script.split_inclusive('\n') {
        let kind = [
            ("':session -- ", "session"),
            ("':scenario -- ", "plan"),
            ("':series -- ", "series"),
        ]
        .into_iter()
        .find(|(start, _)| line.starts_with(start))
        .map(|(_, kind)| kind);
        match kind {
            Some(kind) if line.contains(":_files' ") => {
                out.push_str(&line.replacen(":_files' ", &format!(":_hearth_names {kind}' "), 1));
            }
            _ => {
                if line.starts_with("if [ \"$funcstack[1]\" = \"_hearth\" ]") {
                    out.push_str(ZSH_NAMES);
                }
                out.push_str(line);
            }
        }
    }
    out
}

/// PowerShell: where a command takes a session, plan or series, its names (`hearth list
/// --…-names`) come first among clap's completions, quoted when they hold a space. clap's
/// script names the words before the cursor `$command` ('hearth;series;add'); the names go in
/// just before it filters its completions by what is typed.
const POWERSHELL_NAMES: &str = r#"
    # Session, plan and series names (hearth list --…-names), where a command takes one.
    $kind = switch -Regex ($command) {
        '^hearth;(SESSION_COMMANDS)$' { 'session'; break }
        '^hearth;new$' { 'plan'; break }
        '^hearth;series;(SERIES_COMMANDS)$' { 'series'; break }
        '^hearth;series;add;[^;]+$' { 'session'; break }
    }
    if ($kind -and -not $wordToComplete.StartsWith('-')) {
        $names = @(& $commandElements[0].Value list "--$kind-names" 2>$null)
        $completions = @($names | Where-Object { $_ } | ForEach-Object {
            $text = if ($_ -match '\s') { "'" + ($_ -replace "'", "''") + "'" } else { $_ }
            [CompletionResult]::new($text, $_, [CompletionResultType]::ParameterValue, $_)
        }) + $completions
    }
"#;

fn powershell_with_names(script: &str) -> String {
    let names = POWERSHELL_NAMES
        .replace("SESSION_COMMANDS", &SESSION_COMMANDS.join("|"))
        .replace("SERIES_COMMANDS", &SERIES_COMMANDS.join("|"));
    match script.rfind("\n    $completions.Where{") {
        Some(at) => format!("{}{names}{}", &script[..at], &script[at..]),
        // A clap that writes its script otherwise: its own completions, without names.
        None => script.to_owned(),
    }
}

pub fn completions(args: CompletionArgs) -> Result<(), CliError> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "hearth", &mut script);
    match args.shell {
        clap_complete::Shell::Bash => script.extend_from_slice(
            BASH_NAMES
                .replace("SESSION_COMMANDS", &SESSION_COMMANDS.join("|"))
                .replace("SERIES_COMMANDS", &SERIES_COMMANDS.join("|"))
                .as_bytes(),
        ),
        clap_complete::Shell::Fish => script.extend_from_slice(fish_names().as_bytes()),
        clap_complete::Shell::Zsh => {
            script = zsh_with_names(&String::from_utf8_lossy(&script)).into_bytes();
        }
        clap_complete::Shell::PowerShell => {
            script = powershell_with_names(&String::from_utf8_lossy(&script)).into_bytes();
        }
        // elvish: clap's own (commands, options and values; no names).
        _ => {}
    }
    super::print_raw(&script)
}

pub fn man(args: ManArgs) -> Result<(), CliError> {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    match args.dir {
        None => {
            let mut page = Vec::new();
            render_page(&command, &mut page)
                .map_err(|e| CliError::other(format!("cannot write the manual page: {e}")))?;
            super::print_raw(&page)
        }
        Some(dir) => {
            std::fs::create_dir_all(&dir)
                .and_then(|()| write_pages(&command, &dir))
                .map_err(|e| {
                    CliError::other(format!(
                        "{}: cannot write the manual pages: {e}",
                        dir.display()
                    ))
                })?;
            super::print_out(&format!("manual pages written to {}\n", dir.display()))
        }
    }
}

/// One page per command and subcommand (hearth.1, hearth-new.1, hearth-series-new.1...).
fn write_pages(command: &clap::Command, dir: &Path) -> std::io::Result<()> {
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(sub, dir)?;
    }
    let name = clap_mangen::Man::new(command.clone()).get_filename();
    let mut page = Vec::new();
    render_page(command, &mut page)?;
    std::fs::write(dir.join(name), page)
}

/// clap_mangen's sections, then EXAMPLES (from the help's examples), EXIT STATUS, ENVIRONMENT
/// and FILES, which every page carries.
fn render_page(command: &clap::Command, out: &mut Vec<u8>) -> std::io::Result<()> {
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    let (notes, examples) = split_after_help(command);
    for paragraph in notes.split("\n\n").filter(|p| !p.trim().is_empty()) {
        out.extend_from_slice(format!(".PP\n{}\n", roff_text(paragraph.trim())).as_bytes());
    }
    if command.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(out)?;
    }
    if command.has_subcommands() {
        man.render_subcommands_section(out)?;
    }
    if !examples.is_empty() {
        out.extend_from_slice(b".SH EXAMPLES\n.PP\n.nf\n.RS 4\n");
        for line in &examples {
            out.extend_from_slice(format!("{}\n", roff_text(line)).as_bytes());
        }
        out.extend_from_slice(b".RE\n.fi\n");
    }
    out.extend_from_slice(COMMON_SECTIONS.as_bytes());
    if command.get_version().is_some() {
        man.render_version_section(out)?;
    }
    Ok(())
}

/// The help's text after the options: what comes before "Examples:", and the example lines.
fn split_after_help(command: &clap::Command) -> (String, Vec<String>) {
    let text = command
        .get_after_long_help()
        .or_else(|| command.get_after_help())
        .map(|t| t.to_string())
        .unwrap_or_default();
    match text.split_once("Examples:\n") {
        Some((notes, examples)) => (
            notes.to_owned(),
            examples
                .lines()
                .map(|l| l.strip_prefix("  ").unwrap_or(l).to_owned())
                .collect(),
        ),
        None => (text, Vec::new()),
    }
}

/// Text as roff shows it literally: backslashes and hyphens escaped, no line taken for a
/// request.
fn roff_text(text: &str) -> String {
    text.lines()
        .map(|line| {
            let escaped = line.replace('\\', "\\e").replace('-', "\\-");
            if escaped.starts_with('.') || escaped.starts_with('\'') {
                format!("\\&{escaped}")
            } else {
                escaped
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Exit statuses as `CliError` and `main` give them; variables and files as
/// `hearth::store::folders` and the commands read them.
const COMMON_SECTIONS: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
Success.
.TP
\fB1\fR
A failure that is not the input's fault: a file could not be read or written, the session is
open for writing in another hearth, the network or the terminal failed.
.TP
\fB2\fR
Bad input or usage: an unknown option, a file that is not valid (its problems printed as
FILE:LINE:COLUMN), a session or plan not found, an unknown exercise, slot or group.
.SH ENVIRONMENT
.TP
\fBHEARTH_HOME\fR
When set and not empty, sessions go in $HEARTH_HOME/sessions, your own plans in
$HEARTH_HOME/scenarios, \fBhearth join\fR's outbox in $HEARTH_HOME/outbox and the keys file
is $HEARTH_HOME/keys.toml.
.TP
\fBHEARTH_CODE\fR
The join code for \fBhearth serve\fR, \fBhearth run\fR (sharing) and \fBhearth join\fR, kept off
the command line (see also \-\-code\-file).
.TP
\fBHEARTH_THEME\fR
The colours of the terminal screens: dark, light, high\-contrast, none or auto (ask the
terminal for its background). \-\-theme wins over it; it wins over the keys file's theme line
and NO_COLOR.
.TP
\fBNO_COLOR\fR
When set and not empty, the terminal screens use no colour (unless \-\-theme, HEARTH_THEME or
the keys file names a theme).
.TP
\fBXDG_DATA_HOME\fR
The data folder on Linux (default ~/.local/share): sessions and plans go in
$XDG_DATA_HOME/hearth unless HEARTH_HOME is set or the current folder has sessions/ or
scenarios/.
.TP
\fBXDG_STATE_HOME\fR
The state folder on Linux (default ~/.local/state): \fBhearth join\fR keeps unsent answers in
$XDG_STATE_HOME/hearth/outbox.
.TP
\fBXDG_CONFIG_HOME\fR
The config folder on Linux (default ~/.config): the keys file is $XDG_CONFIG_HOME/hearth/keys.toml.
.TP
\fBXDG_RUNTIME_DIR\fR
Where the socket between \fBhearth run\fR and \fBhearth screen\fR goes when its path beside the
session would be too long (else the temporary folder).
.TP
\fBHOME\fR
Finds the data, state and config folders.
.SH FILES
\fBhearth where\fR prints the folders in use and why. First match wins: $HEARTH_HOME; else
sessions/ and scenarios/ in the current folder when it has either; else the data folder.
.TP
\fIsessions/NAME.json\fR, \fIsessions/NAME.journal\fR
A session: its snapshot and its journal of every change. Give NAME (or the file) to the
commands that take a SESSION.
.TP
\fIsessions/NAME.series.json\fR
A series: its sessions in order.
.TP
\fIscenarios/NAME.json\fR
Your own workshop plans (hearth\-scenario/1); the plans that come with hearth are built in.
.TP
\fI~/.local/share/hearth/\fR
The data folder on Linux (~/Library/Application Support/hearth on macOS, %APPDATA%\\hearth on
Windows).
.TP
\fI~/.local/state/hearth/outbox/\fR
Answers \fBhearth join\fR has not yet delivered.
.TP
\fI~/.config/hearth/keys.toml\fR
Your own keys for the run screen.
"#;

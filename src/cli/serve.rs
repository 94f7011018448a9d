//! `hearth serve`: share an open session with note-takers.

use std::net::SocketAddr;
use std::path::PathBuf;

use hearth::net::hub::{HubEvent, JoinCode, Origin};
use hearth::net::server::Limits;
use hearth::net::share::{Sharing, qr_lines, share};
use hearth::store::SessionStore;

use super::code::CodeArgs;
use super::{CliError, session_path};

/// `--help` examples; tests/cli_examples.rs runs every one.
const EXAMPLES: &str = "Examples:
  hearth serve 2027-03-12-team-roles --bind 0.0.0.0:7878 --code-file join-code.txt
  HEARTH_CODE=maple-river-42 hearth serve 2027-03-12-team-roles --exercise role-clarity";

/// Share a session with note-takers (browsers and `hearth join`), without the terminal app
///
/// Note-takers' phones, laptops and terminals record their groups' answers straight into the
/// session. Prints the join address, the join code and a QR code, then a line for each
/// note-taker who joins and, each second, how many answers were saved. Listens on this machine
/// only (127.0.0.1) unless --bind says otherwise. Ctrl-C stops sharing.
///
/// Type a command and Enter: n / p move note-takers to the next / previous exercise, d lists the
/// devices that joined, r ID revokes one. Without a terminal (in the background, under a
/// service manager), `hearth devices SESSION [--revoke ID]` does the same from another terminal.
///
/// The join code is random unless you choose one with --code-file or the HEARTH_CODE variable.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The session file, or its name in the sessions folder (see `hearth where`).
    pub session: PathBuf,
    /// Address and port to listen on. 0.0.0.0:PORT lets the local network in; port 0 picks
    /// a free port.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:7878")]
    pub bind: String,
    // A join code of your choosing instead of a random one (at least 8 letters or digits).
    #[command(flatten)]
    pub code: CodeArgs,
    /// The exercise note-takers start on (its id; default: the first of the agenda). Type n or
    /// p, then Enter, to move them along the agenda.
    #[arg(long, value_name = "ID")]
    pub exercise: Option<String>,
}

pub fn run(args: Args) -> Result<(), CliError> {
    let bind: SocketAddr = args.bind.parse().map_err(|_| {
        CliError::input(format!(
            "--bind takes ADDR:PORT, such as 127.0.0.1:7878 or 0.0.0.0:7878; got \"{}\"",
            args.bind
        ))
    })?;
    let code = match args.code.given()? {
        Some(c) => {
            JoinCode::parse(&c).map_err(|e| CliError::input(format!("the join code: {e}")))?
        }
        None => JoinCode::random(),
    };
    let path = session_path(&args.session);
    let (store, report) = SessionStore::open(&path)?;
    for n in report.notices(&store.paths().journal) {
        super::warn(&n);
    }
    let exercise = {
        let session = store.session();
        let agenda = &session.scenario.agenda;
        match &args.exercise {
            None => 0,
            Some(id) => agenda.iter().position(|e| e.id == *id).ok_or_else(|| {
                let ids: Vec<&str> = agenda.iter().map(|e| e.id.as_str()).collect();
                CliError::input(format!(
                    "--exercise: this session has no exercise `{id}`; its exercises are {}",
                    ids.join(", ")
                ))
            })?,
        }
    };
    let runtime =
        hearth::net::server_runtime().map_err(|e| CliError::other(format!("cannot start: {e}")))?;
    runtime.block_on(serve(store, bind, code, exercise))
}

async fn serve(
    store: SessionStore,
    bind: SocketAddr,
    code: JoinCode,
    exercise: usize,
) -> Result<(), CliError> {
    let sharing = match share(store, bind, code, exercise, Limits::default()) {
        Ok(s) => s,
        Err(e) => {
            if let Some(store) = e.store {
                (*store).close()?;
            }
            return Err(CliError::other(e.message));
        }
    };
    let mut events = sharing.hub.subscribe();
    if let Err(e) = print_welcome(&sharing) {
        let store = sharing.stop().await?;
        super::close_saved(|| store.close());
        return Err(e);
    }
    let Ok(mut quit_signals) = hearth::platform::QuitSignals::new() else {
        let store = sharing.stop().await?;
        store.close()?;
        return Err(CliError::other("cannot watch for Ctrl-C"));
    };
    // Answers are counted and reported at most once a second, so a busy room stays readable.
    let mut tally = Tally::default();
    let mut second = tokio::time::interval(std::time::Duration::from_secs(1));
    let mut commands = read_commands();
    loop {
        tokio::select! {
            _ = quit_signals.recv() => break,
            _ = second.tick() => tally.report(),
            Some(line) = commands.recv() => command(&sharing, &line).await,
            event = events.recv() => match event {
                Ok(e) => tally.log(&e),
                Err(tokio::sync::broadcast::error::RecvError::Lagged(n)) => {
                    say(&format!("({n} events not shown)"));
                }
                Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
            },
        }
    }
    tally.report();
    say("stopping: saving what is in flight…");
    let store = sharing.stop().await?;
    super::close_saved(|| store.close());
    say("stopped; everything is saved.");
    Ok(())
}

/// Lines typed on a terminal (see [`command`]). Nothing is read when standard input is not a
/// terminal (scripts, tests): `hearth devices` reaches the share from another terminal.
fn read_commands() -> tokio::sync::mpsc::UnboundedReceiver<String> {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        std::thread::spawn(move || {
            let mut line = String::new();
            while std::io::stdin().read_line(&mut line).is_ok_and(|n| n > 0) {
                if tx.send(std::mem::take(&mut line)).is_err() {
                    break;
                }
            }
        });
    }
    rx
}

const COMMANDS: &str = "type n (next exercise), p (previous), d (the devices that joined) or r ID (revoke a device), then Enter";

/// One typed command: `n` / `p` move note-takers along the agenda, `d` lists the devices,
/// `r ID` revokes one.
async fn command(sharing: &Sharing, line: &str) {
    let hub = &sharing.hub;
    let line = line.trim();
    let (word, rest) = line.split_once(' ').unwrap_or((line, ""));
    let len = hub.with_session(|s| s.scenario.agenda.len()).unwrap_or(0);
    let now = hub.exercise();
    let next = match (word, rest.trim()) {
        ("n", "") => (now + 1).min(len.saturating_sub(1)),
        ("p", "") => now.saturating_sub(1),
        ("", "") => now,
        ("d", "") => {
            for l in super::devices::device_lines(&hub.devices()) {
                say(&l);
            }
            return;
        }
        ("r", id) if !id.is_empty() => {
            let revoking = std::sync::Arc::clone(hub);
            let id = id.to_owned();
            let done = tokio::task::spawn_blocking(move || revoking.revoke(&id).map(|f| (f, id)));
            match done.await {
                Ok(Ok((true, id))) => say(&format!(
                    "revoked {id}: its token no longer works and its connections are closed (it can join again with the code; restart with another code to keep it out)"
                )),
                Ok(Ok((false, id))) => say(&format!("no device {id} (d lists them)")),
                Ok(Err(e)) => say(&format!("not revoked: {e}")),
                Err(e) => say(&format!("not revoked: {e}")),
            }
            return;
        }
        _ => {
            say(&format!("\"{line}\": {COMMANDS}"));
            return;
        }
    };
    hub.set_exercise(next);
    if let Some(e) = hub.exercise_info(next) {
        say(&format!(
            "note-takers are on exercise {}/{}: {}",
            e.position, e.of, e.title
        ));
    }
}

/// The join address, code and QR code. If it cannot be printed no one could join: an error.
fn print_welcome(sharing: &Sharing) -> Result<(), CliError> {
    use std::fmt::Write as _;
    let mut out = String::new();
    let code = sharing.hub.code().display();
    let _ = writeln!(out, "Sharing \"{}\" with note-takers.", sharing.hub.title());
    let _ = writeln!(out, "Join address: {}", sharing.url);
    let _ = writeln!(out, "Join code: {code}");
    if let Some(lines) = qr_lines(&sharing.url) {
        let _ = writeln!(out);
        for line in lines {
            let _ = writeln!(out, "  {line}");
        }
        let _ = writeln!(out);
    }
    if sharing.local_only() {
        let _ = writeln!(
            out,
            "Only this machine can connect. To let phones on the local network in, use --bind 0.0.0.0:{}.",
            sharing.server.local_addr.port()
        );
    }
    let _ = writeln!(
        out,
        "Terminals: hearth join {} --group NAME (it asks for the code)",
        sharing.url
    );
    let _ = writeln!(
        out,
        "Screen (read-only, for following on a device): {}screen?code={}",
        sharing.url,
        sharing.hub.screen_code().display()
    );
    if let Some(e) = sharing.hub.exercise_info(sharing.hub.exercise()) {
        let _ = writeln!(
            out,
            "Note-takers are on exercise {}/{}: {}",
            e.position, e.of, e.title
        );
    }
    if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        let _ = writeln!(out, "Commands: {COMMANDS}.");
    }
    match &sharing.control {
        Ok(_) => {
            let _ = writeln!(
                out,
                "From another terminal: hearth devices {} [--revoke ID]",
                sharing.session.display()
            );
        }
        Err(e) => {
            let _ = writeln!(
                out,
                "Other terminals cannot reach this share ({e}); revoke devices here."
            );
        }
    }
    let _ = writeln!(out, "Press Ctrl-C to stop sharing.");
    super::print_out(&out)
}

/// One line of the log, stamped with the time. Names and messages come from note-takers'
/// devices: control characters are shown as symbols. Best effort: a log line that cannot be
/// written does not stop the sharing.
fn say(line: &str) {
    let time = jiff::Zoned::now().strftime("%H:%M:%S").to_string();
    let _ = super::print_out(&format!("{time} {line}\n"));
}

#[derive(Default)]
struct Tally {
    answers: std::collections::BTreeMap<String, usize>,
}

impl Tally {
    fn log(&mut self, event: &HubEvent) {
        match event {
            HubEvent::Notice(n) => say(n),
            HubEvent::Warning(w) => say(&format!("WARNING: {w}")),
            HubEvent::Revoked(d) => say(&format!("device {d} revoked")),
            HubEvent::Agenda(_) => {}
            HubEvent::Saved {
                origin, changes, ..
            } => {
                let answers = changes
                    .iter()
                    .filter(|s| matches!(s.change, hearth::model::Change::Add { .. }))
                    .count();
                if answers > 0 {
                    let from = match origin {
                        Origin::Device(d) => format!("device {d}"),
                        Origin::Code => "the join code".to_owned(),
                        Origin::Facilitator => "the facilitator".to_owned(),
                    };
                    *self.answers.entry(from).or_default() += answers;
                }
            }
        }
    }

    fn report(&mut self) {
        if self.answers.is_empty() {
            return;
        }
        let total: usize = self.answers.values().sum();
        let noun = if total == 1 { "answer" } else { "answers" };
        let from: Vec<String> = std::mem::take(&mut self.answers)
            .into_iter()
            .map(|(who, n)| format!("{who}: {n}"))
            .collect();
        say(&format!("{total} {noun} saved ({})", from.join(", ")));
    }
}

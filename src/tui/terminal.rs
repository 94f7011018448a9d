//! The terminal itself, the same for the facilitator's screen and `hearth join`: setting it up
//! (raw mode, the alternate screen, bracketed paste, the mouse, Shift-Enter where it can be told
//! apart), putting it back on every way out, and reading its input on a thread of its own.

use std::io::Write;

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, Event};
use ratatui::crossterm::execute;

/// Puts the terminal back as it was: raw mode off, main screen, cursor shown, mouse capture
/// and bracketed paste off. Every step is tried and its error ignored: after an ssh drop there
/// is no terminal left, and reporting that would only fail again.
pub fn restore_terminal() {
    use ratatui::crossterm::{cursor, terminal};
    let mut out = std::io::stdout();
    if KEYBOARD_ENHANCED.swap(false, std::sync::atomic::Ordering::SeqCst) {
        let _ = execute!(out, event::PopKeyboardEnhancementFlags);
    }
    let _ = execute!(
        out,
        event::DisableMouseCapture,
        event::DisableBracketedPaste
    );
    let _ = terminal::disable_raw_mode();
    let _ = execute!(out, terminal::LeaveAlternateScreen, cursor::Show);
    let _ = out.flush();
}

/// Whether keyboard enhancement flags were pushed (and so must be popped on the way out).
static KEYBOARD_ENHANCED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Asks the terminal to report Shift-Enter apart from Enter (the kitty keyboard protocol's
/// first level), where it says it can; on Windows it always is. Returns whether Shift-Enter
/// is told apart; [`restore_terminal`] turns the protocol off again.
pub fn enhance_keyboard() -> bool {
    use ratatui::crossterm::event::{KeyboardEnhancementFlags, PushKeyboardEnhancementFlags};
    // The Windows console reports modifiers with every key: Shift-Enter is told apart as it is
    // (and Alt-Enter belongs to Windows Terminal's full screen).
    if cfg!(windows) {
        return true;
    }
    if !matches!(
        ratatui::crossterm::terminal::supports_keyboard_enhancement(),
        Ok(true)
    ) {
        return false;
    }
    let pushed = execute!(
        std::io::stdout(),
        PushKeyboardEnhancementFlags(KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES)
    )
    .is_ok();
    KEYBOARD_ENHANCED.store(pushed, std::sync::atomic::Ordering::SeqCst);
    pushed
}

/// Raw mode, the alternate screen and bracketed paste (and the mouse, when asked for).
/// [`restore_terminal`] undoes all of it.
pub fn init_terminal(mouse: bool) -> std::io::Result<DefaultTerminal> {
    use ratatui::crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};
    enable_raw_mode()?;
    execute!(
        std::io::stdout(),
        EnterAlternateScreen,
        event::EnableBracketedPaste
    )?;
    if mouse {
        execute!(std::io::stdout(), event::EnableMouseCapture)?;
    }
    ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(std::io::stdout()))
}

/// Terminal input, read on a thread of its own and handed over a channel, so the event loop
/// can take everything waiting before it draws. (crossterm's event stream, polled without
/// waiting, could lose its wake-up after a burst of input: Enter then waited for another key.)
pub fn input_channel() -> tokio::sync::mpsc::UnboundedReceiver<std::io::Result<Event>> {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    std::thread::spawn(move || {
        loop {
            let ev = event::read();
            let failed = ev.is_err();
            if tx.send(ev).is_err() || failed {
                break;
            }
        }
    });
    rx
}

//! Starting and stopping sharing: the hub and its server together, for `hearth serve` and
//! the terminal app alike.

use std::net::SocketAddr;
use std::sync::Arc;

use qrcode::QrCode;
use qrcode::render::unicode::Dense1x2;

use super::control::Control;
use super::hub::{Hub, JoinCode};
use super::server::{self, Limits, Server};
use crate::store::{SessionStore, StoreError};

/// A session being shared.
#[derive(Debug)]
pub struct Sharing {
    pub hub: Arc<Hub>,
    pub server: Server,
    /// The address note-takers open (`http://HOST:PORT/`).
    pub url: String,
    /// The session's file.
    pub session: std::path::PathBuf,
    /// Where other terminals of this user reach it (`hearth devices`), or why they cannot.
    pub control: Result<Control, String>,
}

/// Why sharing did not start; the store comes back so nothing is lost.
#[derive(Debug)]
pub struct NotShared {
    pub message: String,
    pub store: Option<Box<SessionStore>>,
}

/// Shares `store` on `bind`. Must be called within a tokio runtime.
pub fn share(
    store: SessionStore,
    bind: SocketAddr,
    code: JoinCode,
    exercise: usize,
    limits: Limits,
) -> Result<Sharing, NotShared> {
    let session = store.paths().snapshot.clone();
    let hub = match Hub::start(store, code, exercise) {
        Ok(h) => h,
        Err(e) => {
            return Err(NotShared {
                message: e.to_string(),
                store: None,
            });
        }
    };
    match server::start(Arc::clone(&hub), bind, limits) {
        Ok(server) => {
            let url = server::join_url(server.local_addr);
            let control = Control::listen(&session, Arc::clone(&hub)).map_err(|e| e.to_string());
            Ok(Sharing {
                hub,
                server,
                url,
                control,
                session,
            })
        }
        Err(e) => Err(NotShared {
            message: format!("cannot listen on {bind}: {e}"),
            store: hub.stop().map(Box::new),
        }),
    }
}

impl Sharing {
    /// Stops serving, waits for answers in flight to be saved, and hands the store back.
    pub async fn stop(self) -> Result<SessionStore, StoreError> {
        drop(self.control);
        self.server.stop().await;
        self.hub.stop().ok_or_else(|| StoreError::Io {
            path: ".".into(),
            action: "the session was already closed",
            source: std::io::Error::other("no session"),
        })
    }

    /// Whether only this machine can connect.
    pub fn local_only(&self) -> bool {
        self.server.local_addr.ip().is_loopback()
    }
}

/// The join address as a QR code in text, two rows per line, drawn for a dark terminal
/// (light modules are the solid blocks). None if the address is too long for a code.
pub fn qr_lines(url: &str) -> Option<Vec<String>> {
    let code = QrCode::new(url.as_bytes()).ok()?;
    let text = code
        .render::<Dense1x2>()
        .dark_color(Dense1x2::Light)
        .light_color(Dense1x2::Dark)
        .quiet_zone(true)
        .build();
    Some(text.lines().map(str::to_owned).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_join_address_fits_a_small_qr_code() {
        let lines = qr_lines("http://192.168.100.200:7878/").expect("encodes");
        // Version 2 (25 modules) plus a quiet zone of 4 on each side, two rows per line.
        assert!(lines.len() <= 20, "{} lines", lines.len());
        assert!(
            lines
                .iter()
                .all(|l| l.chars().count() == lines[0].chars().count())
        );
    }
}

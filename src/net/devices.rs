//! The devices that joined a shared session, kept in `<slug>.devices.json` beside it (readable
//! by the user only) so that a restarted server still knows them.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::store::StoreError;

/// What the facilitator's panel (and `hearth devices`) shows of one device.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DeviceInfo {
    pub id: String,
    pub name: Option<String>,
    pub group: String,
    pub address: Option<IpAddr>,
    /// Seconds since it was last heard from (None: not since this server started).
    pub last_seen: Option<u64>,
    /// Open live streams (a connected page or terminal).
    pub streams: usize,
    /// Answers it sent since this server started.
    pub answers: usize,
    pub revoked: bool,
}

/// A note-taker's device, as kept on disk so that a restarted server still knows it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct DeviceRecord {
    pub(crate) id: String,
    pub(crate) secret: String,
    pub(crate) group: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) name: Option<String>,
    pub(crate) joined: Timestamp,
    #[serde(default)]
    pub(crate) revoked: bool,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct DevicesFile {
    pub(crate) format: String,
    pub(crate) devices: Vec<DeviceRecord>,
}

pub(crate) const DEVICES_FORMAT: &str = "hearth-devices/1";

/// `<slug>.devices.json` beside the session snapshot.
pub fn devices_path(snapshot: &Path) -> PathBuf {
    let stem = snapshot
        .file_stem()
        .map_or_else(|| "session".into(), |s| s.to_string_lossy().into_owned());
    snapshot.with_file_name(format!("{stem}{}", crate::store::DEVICES_SUFFIX))
}

pub(crate) fn read_devices(path: &Path) -> Result<Vec<DeviceRecord>, StoreError> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    let bytes = crate::store::files::read_file(path, 16 * 1024 * 1024, "a hearth devices file")?;
    let file: DevicesFile = crate::store::files::parse(path, &bytes)?;
    if file.format != DEVICES_FORMAT {
        return Err(StoreError::Io {
            path: path.to_owned(),
            action: "cannot read the devices that joined",
            source: std::io::Error::other(format!(
                "format `{}` is not `{DEVICES_FORMAT}`; move the file aside to start afresh",
                file.format
            )),
        });
    }
    Ok(file.devices)
}

pub(crate) fn write_devices(path: &Path, file: &DevicesFile) -> Result<(), StoreError> {
    let mut bytes = serde_json::to_vec_pretty(file).map_err(|e| StoreError::Io {
        path: path.to_owned(),
        action: "cannot save the devices that joined",
        source: std::io::Error::other(e),
    })?;
    bytes.push(b'\n');
    crate::store::files::write_atomic(path, &bytes)
}

/// The devices that joined the session at `snapshot`, as its devices file keeps them (for
/// `hearth devices` when no share is running: nothing is known of their connections).
pub fn devices_on_disk(snapshot: &Path) -> Result<Vec<DeviceInfo>, StoreError> {
    Ok(read_devices(&devices_path(snapshot))?
        .into_iter()
        .map(|d| DeviceInfo {
            id: d.id,
            name: d.name,
            group: d.group,
            address: None,
            last_seen: None,
            streams: 0,
            answers: 0,
            revoked: d.revoked,
        })
        .collect())
}

/// Revokes `device` in the devices file of the session at `snapshot`, when no share is
/// running: the session's writer lock is held meanwhile, so no share starts with the old
/// file. Whether a device of that id was there.
pub fn revoke_on_disk(snapshot: &Path, device: &str) -> Result<bool, StoreError> {
    let store = crate::store::SessionStore::open(snapshot)?.0;
    let path = devices_path(snapshot);
    let mut devices = read_devices(&path)?;
    let found = match devices.iter_mut().find(|d| d.id == device) {
        Some(d) => {
            d.revoked = true;
            true
        }
        None => false,
    };
    if found {
        write_devices(
            &path,
            &DevicesFile {
                format: DEVICES_FORMAT.into(),
                devices,
            },
        )?;
    }
    store.close()?;
    Ok(found)
}

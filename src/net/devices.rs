//! The devices that joined a shared session, kept in `<slug>.devices.json` beside it (readable
//! by the user only) so that a restarted server still knows them.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::store::StoreError;

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

/// Reads a devices file as `hearth serve` and `hearth run` do when sharing starts, and says how
/// many devices it lists (a missing file lists none).
pub fn count_devices(path: &Path) -> Result<usize, StoreError> {
    read_devices(path).map(|d| d.len())
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

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

/// The devices that joined, in the order they joined, found by id without a scan (every
/// request with a device token looks its device up).
#[derive(Debug, Default)]
pub(crate) struct Devices {
    list: Vec<DeviceRecord>,
    by_id: std::collections::HashMap<String, usize>,
}

impl Devices {
    pub(crate) fn new(list: Vec<DeviceRecord>) -> Devices {
        let by_id = list
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        Devices { list, by_id }
    }

    pub(crate) fn get(&self, id: &str) -> Option<&DeviceRecord> {
        self.by_id.get(id).and_then(|&i| self.list.get(i))
    }

    pub(crate) fn get_mut(&mut self, id: &str) -> Option<&mut DeviceRecord> {
        self.by_id.get(id).and_then(|&i| self.list.get_mut(i))
    }

    pub(crate) fn push(&mut self, record: DeviceRecord) {
        self.by_id.insert(record.id.clone(), self.list.len());
        self.list.push(record);
    }

    /// Takes back a device that was never handed its token (its join failed).
    pub(crate) fn remove(&mut self, id: &str) {
        if self.by_id.remove(id).is_some() {
            self.list.retain(|d| d.id != id);
            *self = Devices::new(std::mem::take(&mut self.list));
        }
    }

    pub(crate) fn iter(&self) -> std::slice::Iter<'_, DeviceRecord> {
        self.list.iter()
    }

    /// Every record, for the devices file.
    pub(crate) fn records(&self) -> Vec<DeviceRecord> {
        self.list.clone()
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str) -> DeviceRecord {
        DeviceRecord {
            id: id.into(),
            secret: "s".into(),
            group: "G".into(),
            name: None,
            joined: jiff::Timestamp::UNIX_EPOCH,
            revoked: false,
        }
    }

    #[test]
    fn devices_are_found_by_id_after_every_push_and_removal() {
        let mut d = Devices::new(vec![record("a"), record("b")]);
        d.push(record("c"));
        d.remove("a");
        d.push(record("e"));
        for id in ["b", "c", "e"] {
            assert_eq!(d.get(id).map(|r| r.id.as_str()), Some(id));
        }
        assert!(d.get("a").is_none());
        d.get_mut("c").unwrap().revoked = true;
        assert!(d.get("c").unwrap().revoked);
        let order: Vec<String> = d.iter().map(|r| r.id.clone()).collect();
        assert_eq!(order, ["b", "c", "e"]);
    }
}

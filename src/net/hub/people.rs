//! Who may speak to the hub: the join code, wrong guesses, and the devices that joined
//! (joining, revoking, what the facilitator sees of each, and their live streams).

use super::*;

impl Hub {
    pub fn code(&self) -> JoinCode {
        lock(&self.people).code.clone()
    }

    /// A new join code; devices that already joined keep working.
    pub fn rotate_code(&self) -> JoinCode {
        let code = JoinCode::random();
        lock(&self.people).code = code.clone();
        code
    }

    /// The limits on guessing (the server sets them from its own limits when it starts).
    pub fn set_guess_limits(&self, limits: GuessLimits) {
        lock(&self.people).guesses.set_limits(limits);
    }

    /// Addresses remembered for their wrong codes (bounded by
    /// [`GuessLimits::tracked_addresses`]).
    pub fn guessers_tracked(&self) -> usize {
        lock(&self.people).guesses.tracked()
    }

    /// Refuses an address that guessed wrong too often.
    pub fn check_blocked(&self, address: IpAddr, now: Instant) -> Result<(), Refusal> {
        lock(&self.people)
            .guesses
            .check_address(address, now)
            .map_err(Refusal::from)
    }

    /// Refuses a code before it is even read: from an address that guessed wrong too often,
    /// or while the server's budget of wrong codes is spent.
    pub fn check_guessing(&self, address: Option<IpAddr>, now: Instant) -> Result<(), Refusal> {
        lock(&self.people)
            .guesses
            .check(address, now)
            .map_err(Refusal::from)
    }

    /// Records a wrong code or token from `address`; tells the facilitator when it repeats.
    pub fn record_failure(&self, address: IpAddr, now: Instant) {
        let warnings = lock(&self.people).guesses.record(Some(address), now);
        self.warn_all(warnings);
    }

    /// Tells the facilitator something they must see (the serve log, the terminal app).
    pub fn warn(&self, warning: String) {
        let _ = self.events.send(HubEvent::Warning(warning));
    }

    pub(super) fn warn_all(&self, warnings: Vec<String>) {
        for w in warnings {
            self.warn(w);
        }
    }

    /// The device whose token `token` is, if that device is not revoked. Counts nothing and
    /// touches nothing: for deciding which connections to keep under a flood.
    pub fn device_of(&self, token: &str) -> Option<String> {
        let (id, secret) = token.split_once('.')?;
        lock(&self.people)
            .devices
            .get(id)
            .filter(|d| !d.revoked && bool::from(d.secret.as_bytes().ct_eq(secret.as_bytes())))
            .map(|d| d.id.clone())
    }

    /// How the facilitator's messages name a device: its name (if it gave one), its id, its
    /// group.
    pub fn describe_device(&self, device: &str) -> String {
        let people = lock(&self.people);
        match people.devices.get(device) {
            Some(d) => match &d.name {
                Some(n) => format!("{n} ({}, {})", d.id, d.group),
                None => format!("device {} ({})", d.id, d.group),
            },
            None => format!("device {device}"),
        }
    }

    /// Checks a join code or a device token (`<device>.<secret>`), in constant time. A valid
    /// device token always works, from any address and however many wrong codes there were
    /// (other devices may share its address). A join code is not looked at when it comes from
    /// an address that guessed wrong too often, or while the whole server's budget of wrong
    /// codes is spent; a wrong one counts against both.
    pub fn authorize(&self, credential: &str, address: Option<IpAddr>) -> Result<Caller, Refusal> {
        let now = Instant::now();
        let mut people = lock(&self.people);
        if let Some((id, secret)) = credential.split_once('.') {
            let found = people
                .devices
                .get(id)
                .filter(|d| bool::from(d.secret.as_bytes().ct_eq(secret.as_bytes())))
                .map(|d| (d.revoked, d.id.clone(), d.group.clone()));
            return match found {
                None => {
                    people.guesses.check(address, now)?;
                    let warnings = people.guesses.record(address, now);
                    drop(people);
                    self.warn_all(warnings);
                    Err(Refusal::Unauthorized)
                }
                Some((true, ..)) => Err(Refusal::Revoked),
                Some((false, id, group)) => {
                    let p = people.presence.entry(id.clone()).or_default();
                    p.last_seen = Some(now);
                    if address.is_some() {
                        p.address = address;
                    }
                    Ok(Caller::Device { id, group })
                }
            };
        }
        people.guesses.check(address, now)?;
        if people.code.matches(credential) {
            Ok(Caller::Code)
        } else {
            let warnings = people.guesses.record(address, now);
            drop(people);
            self.warn_all(warnings);
            Err(Refusal::Unauthorized)
        }
    }

    /// Checks the join code alone (joining): like [`Hub::authorize`] for a code.
    pub fn check_code(&self, code: &str, address: Option<IpAddr>) -> Result<(), Refusal> {
        // A device token is not a join code.
        if code.contains('.') {
            return self.authorize("", address).map(|_| ());
        }
        match self.authorize(code, address)? {
            Caller::Code => Ok(()),
            Caller::Device { .. } => Err(Refusal::Unauthorized),
        }
    }

    /// Registers a device for `group` (creating the group if it is new). Call only after the
    /// code was checked.
    pub async fn join(
        self: &Arc<Self>,
        group: &str,
        name: Option<&str>,
        address: Option<IpAddr>,
    ) -> Result<(String, String), Outcome> {
        let group = group.trim();
        if !is_valid_name(group) {
            return Err(Outcome::Refused(
                "a group name must be 1 to 200 bytes with no control characters".into(),
            ));
        }
        let name = name.map(str::trim).filter(|n| !n.is_empty());
        if let Some(n) = name
            && !is_valid_name(n)
        {
            return Err(Outcome::Refused(
                "a device name must be 1 to 200 bytes with no control characters".into(),
            ));
        }
        // The generator is not kept across an await (the future must be Send).
        let record = {
            let mut rng = rand::rng();
            let mut token_part = |n: usize| -> String {
                (0..n)
                    .map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char)
                    .collect::<String>()
                    .to_lowercase()
            };
            DeviceRecord {
                id: token_part(8),
                secret: token_part(32),
                group: group.to_owned(),
                name: name.map(str::to_owned),
                joined: Timestamp::now(),
                revoked: false,
            }
        };
        let token = format!("{}.{}", record.id, record.secret);
        let id = record.id.clone();
        // The device is recorded durably first, the group added after: a join that fails
        // leaves no group behind. (A device recorded for a group that then could not be added
        // is taken back; its token was never handed out.)
        lock(&self.people).devices.push(record);
        if let Err(e) = self.save_devices_off_loop().await {
            lock(&self.people).devices.remove(&id);
            return Err(Outcome::NotSaved(e.to_string()));
        }
        let exists = self
            .with_session(|s| s.groups.iter().any(|g| g == group))
            .unwrap_or(false);
        if !exists {
            let (reply, answer) = oneshot::channel();
            let added = match self.submit(Job::AddGroup {
                name: group.to_owned(),
                reply,
            }) {
                Err(outcome) => Err(outcome),
                Ok(()) => match answer.await {
                    Ok(Outcome::Saved | Outcome::AlreadySaved) => Ok(()),
                    Ok(other) => Err(other),
                    Err(_) => Err(Outcome::NotSaved(stopped().to_string())),
                },
            };
            if let Err(outcome) = added {
                lock(&self.people).devices.remove(&id);
                let _ = self.save_devices_off_loop().await;
                return Err(outcome);
            }
        }
        lock(&self.people).presence.insert(
            id.clone(),
            Presence {
                address,
                last_seen: Some(Instant::now()),
                ..Presence::default()
            },
        );
        let who = name.map_or_else(|| format!("device {id}"), |n| format!("{n} ({id})"));
        let _ = self
            .events
            .send(HubEvent::Notice(format!("{who} joined {group}")));
        Ok((id, token))
    }

    /// Stops a device: its token no longer works, and its live stream ends.
    pub fn revoke(&self, device: &str) -> Result<bool, StoreError> {
        {
            let mut people = lock(&self.people);
            let Some(d) = people.devices.get_mut(device) else {
                return Ok(false);
            };
            d.revoked = true;
        }
        self.save_devices()?;
        let _ = self.events.send(HubEvent::Revoked(device.to_owned()));
        Ok(true)
    }

    /// [`Hub::save_devices`] on a blocking thread: its fsync never holds up the event loop
    /// (which, in the terminal app, also draws the screen).
    async fn save_devices_off_loop(self: &Arc<Self>) -> Result<(), StoreError> {
        let hub = Arc::clone(self);
        tokio::task::spawn_blocking(move || hub.save_devices())
            .await
            .unwrap_or_else(|e| {
                Err(StoreError::Io {
                    path: self.devices_path.clone(),
                    action: "cannot write",
                    source: std::io::Error::other(e.to_string()),
                })
            })
    }

    fn save_devices(&self) -> Result<(), StoreError> {
        let _writing = lock(&self.devices_write);
        let file = DevicesFile {
            format: DEVICES_FORMAT.into(),
            devices: lock(&self.people).devices.records(),
        };
        write_devices(&self.devices_path, &file)
    }

    pub fn devices(&self) -> Vec<DeviceInfo> {
        let people = lock(&self.people);
        let now = Instant::now();
        people
            .devices
            .iter()
            .map(|d| {
                let p = people.presence.get(&d.id);
                DeviceInfo {
                    id: d.id.clone(),
                    name: d.name.clone(),
                    group: d.group.clone(),
                    address: p.and_then(|p| p.address),
                    last_seen: p
                        .and_then(|p| p.last_seen)
                        .map(|t| now.duration_since(t).as_secs()),
                    streams: p.map_or(0, |p| p.streams),
                    answers: p.map_or(0, |p| p.answers),
                    revoked: d.revoked,
                }
            })
            .collect()
    }

    /// A device's live stream opened (`true`) or closed.
    pub fn stream(&self, device: &str, open: bool) {
        let mut people = lock(&self.people);
        let p = people.presence.entry(device.to_owned()).or_default();
        if open {
            p.streams += 1;
            p.last_seen = Some(Instant::now());
        } else {
            p.streams = p.streams.saturating_sub(1);
        }
    }
}

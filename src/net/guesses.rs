//! Wrong join codes: each address gets a few before it is locked out for a while, and the
//! whole server gets a budget per window, after which no code is looked at until the window
//! has room again. Rotating addresses therefore buys an attacker nothing: at most
//! [`GuessLimits::budget`] codes are ever compared per window, whoever sends them.
//!
//! Memory is bounded: at most [`GuessLimits::tracked_addresses`] addresses are remembered.
//! When the table is full, addresses whose window is over go first, then the addresses that
//! guessed least recently; a locked-out address is never forgotten before its lockout ends.

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// Wrong codes from one address within [`FAILURE_WINDOW`] before it is made to wait (the
/// default of [`GuessLimits::per_address`]).
pub const MAX_FAILURES: u32 = 5;
pub const FAILURE_WINDOW: Duration = Duration::from_secs(60);
/// How long an address that guessed too often is refused (by default).
pub const BLOCK_TIME: Duration = Duration::from_secs(60);
/// Wrong codes the whole server looks at per [`FAILURE_WINDOW`] (by default).
pub const SERVER_BUDGET: u32 = 30;

/// How much guessing a server allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuessLimits {
    /// Wrong codes from one address within [`GuessLimits::window`] before it is locked out.
    pub per_address: u32,
    /// The window both counts are kept over.
    pub window: Duration,
    /// How long an address that guessed too often is refused.
    pub lockout: Duration,
    /// Wrong codes the whole server looks at within one window (a sliding window); after
    /// that, codes are refused unread until the oldest wrong one is a window old.
    pub budget: u32,
    /// Addresses remembered at most.
    pub tracked_addresses: usize,
}

impl Default for GuessLimits {
    fn default() -> Self {
        GuessLimits {
            per_address: MAX_FAILURES,
            window: FAILURE_WINDOW,
            lockout: BLOCK_TIME,
            budget: SERVER_BUDGET,
            tracked_addresses: 4096,
        }
    }
}

/// Why a code was not looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    /// This address guessed wrong too often; this many seconds remain.
    Address(u64),
    /// The server's budget of wrong codes is spent; this many seconds until there is room.
    Server(u64),
}

#[derive(Debug)]
struct Failures {
    count: u32,
    since: Instant,
    last: Instant,
    locked_until: Option<Instant>,
}

impl Failures {
    fn locked(&self, now: Instant) -> bool {
        self.locked_until.is_some_and(|u| u > now)
    }
}

/// The wrong codes a server has seen.
#[derive(Debug, Default)]
pub struct Guesses {
    limits: GuessLimits,
    by_address: HashMap<IpAddr, Failures>,
    /// Wrong codes within the last window, oldest first (at most `budget` of them).
    recent: VecDeque<(Instant, Option<IpAddr>)>,
    /// The facilitator was told the budget is spent; not again before this.
    warned_until: Option<Instant>,
}

fn seconds(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

impl Guesses {
    pub fn new(limits: GuessLimits) -> Guesses {
        Guesses {
            limits,
            ..Guesses::default()
        }
    }

    pub fn limits(&self) -> &GuessLimits {
        &self.limits
    }

    /// New limits; what was counted so far is kept.
    pub fn set_limits(&mut self, limits: GuessLimits) {
        self.limits = limits;
    }

    /// Whether `address` is locked out.
    pub fn check_address(&self, address: IpAddr, now: Instant) -> Result<(), Held> {
        match self.by_address.get(&address).and_then(|f| f.locked_until) {
            Some(until) if until > now => Err(Held::Address(seconds(until - now).max(1))),
            _ => Ok(()),
        }
    }

    /// Whether the server may look at one more code now.
    pub fn check_budget(&mut self, now: Instant) -> Result<(), Held> {
        self.forget_old(now);
        if self.recent.len() < self.limits.budget as usize {
            return Ok(());
        }
        let oldest = self.recent.front().map_or(now, |(t, _)| *t);
        let room_at = oldest + self.limits.window;
        Err(Held::Server(
            seconds(room_at.saturating_duration_since(now)).max(1),
        ))
    }

    /// Both checks, the address first.
    pub fn check(&mut self, address: Option<IpAddr>, now: Instant) -> Result<(), Held> {
        if let Some(a) = address {
            self.check_address(a, now)?;
        }
        self.check_budget(now)
    }

    fn forget_old(&mut self, now: Instant) {
        while let Some((t, _)) = self.recent.front() {
            if now.saturating_duration_since(*t) >= self.limits.window {
                self.recent.pop_front();
            } else {
                break;
            }
        }
    }

    /// Counts a wrong code (or token) that was looked at. Returns what the facilitator must
    /// be told: an address locked out, or the server's budget spent.
    pub fn record(&mut self, address: Option<IpAddr>, now: Instant) -> Vec<String> {
        let mut warnings = Vec::new();
        self.forget_old(now);
        self.recent.push_back((now, address));
        while self.recent.len() > self.limits.budget as usize {
            self.recent.pop_front();
        }
        if self.recent.len() >= self.limits.budget as usize
            && self.warned_until.is_none_or(|u| u <= now)
        {
            let from: HashSet<Option<IpAddr>> = self.recent.iter().map(|(_, a)| *a).collect();
            warnings.push(format!(
                "{} wrong join codes within {} s from {} address{}: join codes are refused \
                 unread for up to {} s (devices that joined keep working)",
                self.recent.len(),
                self.limits.window.as_secs(),
                from.len(),
                if from.len() == 1 { "" } else { "es" },
                seconds(self.limits.window),
            ));
            self.warned_until = Some(now + self.limits.window);
        }
        if let Some(a) = address
            && let Some(w) = self.record_address(a, now)
        {
            warnings.push(w);
        }
        warnings
    }

    fn record_address(&mut self, address: IpAddr, now: Instant) -> Option<String> {
        if !self.by_address.contains_key(&address) && !self.make_room(now) {
            // Every remembered address is locked out (possible only with a budget far above
            // the table's size): this one is not remembered, but still counts against the
            // server's budget.
            return None;
        }
        let window = self.limits.window;
        let f = self.by_address.entry(address).or_insert(Failures {
            count: 0,
            since: now,
            last: now,
            locked_until: None,
        });
        if now.saturating_duration_since(f.since) >= window && !f.locked(now) {
            *f = Failures {
                count: 0,
                since: now,
                last: now,
                locked_until: None,
            };
        }
        f.count += 1;
        f.last = now;
        if f.count >= self.limits.per_address && !f.locked(now) {
            f.locked_until = Some(now + self.limits.lockout);
            return Some(format!(
                "{} wrong join codes from {address}: it must wait {} s",
                f.count,
                seconds(self.limits.lockout)
            ));
        }
        None
    }

    /// Makes room for one more address; false if every remembered one is locked out.
    fn make_room(&mut self, now: Instant) -> bool {
        let cap = self.limits.tracked_addresses.max(1);
        if self.by_address.len() < cap {
            return true;
        }
        let window = self.limits.window;
        self.by_address
            .retain(|_, f| f.locked(now) || now.saturating_duration_since(f.since) < window);
        if self.by_address.len() < cap {
            return true;
        }
        // The least recent unlocked ones go, an eighth of the table at a time so that a
        // flood costs one sort per many addresses.
        let mut unlocked: Vec<(Instant, IpAddr)> = self
            .by_address
            .iter()
            .filter(|(_, f)| !f.locked(now))
            .map(|(a, f)| (f.last, *a))
            .collect();
        if unlocked.is_empty() {
            return false;
        }
        unlocked.sort_unstable();
        for (_, a) in unlocked.iter().take((cap / 8).max(1)) {
            self.by_address.remove(a);
        }
        true
    }

    /// Addresses remembered now.
    pub fn tracked(&self) -> usize {
        self.by_address.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(n: u32) -> IpAddr {
        IpAddr::from((0x0a00_0000 + n).to_be_bytes())
    }

    #[test]
    fn the_budget_is_for_the_whole_server() {
        let mut g = Guesses::new(GuessLimits::default());
        let t0 = Instant::now();
        for n in 0..30 {
            assert_eq!(g.check(Some(ip(n)), t0), Ok(()), "guess {n}");
            let w = g.record(Some(ip(n)), t0);
            assert_eq!(w.len(), usize::from(n == 29), "{w:?}");
        }
        assert_eq!(g.check(Some(ip(1000)), t0), Err(Held::Server(60)));
        let later = t0 + Duration::from_secs(59);
        assert_eq!(g.check(Some(ip(1000)), later), Err(Held::Server(1)));
        assert_eq!(
            g.check(Some(ip(1000)), t0 + Duration::from_secs(60)),
            Ok(())
        );
    }

    #[test]
    fn a_locked_address_outlives_any_flood() {
        let limits = GuessLimits {
            budget: u32::MAX,
            ..GuessLimits::default()
        };
        let mut g = Guesses::new(limits);
        let t0 = Instant::now();
        let locked = ip(0);
        for _ in 0..5 {
            g.record(Some(locked), t0);
        }
        assert_eq!(g.check_address(locked, t0), Err(Held::Address(60)));
        for n in 1..=10_000 {
            g.record(Some(ip(n)), t0 + Duration::from_millis(n.into()));
            assert!(g.tracked() <= 4096);
        }
        let t1 = t0 + Duration::from_secs(30);
        assert_eq!(g.check_address(locked, t1), Err(Held::Address(30)));
        assert_eq!(
            g.check_address(locked, t0 + Duration::from_secs(60)),
            Ok(())
        );
    }
}

//! Breakout groups: participants dealt into balanced groups by a seeded shuffle, so the same
//! seed and names always give the same groups — in this release and later ones. The draw is
//! named and pinned: ChaCha8 (rand_chacha, whose output stream is stable across releases)
//! keyed with the seed's eight little-endian bytes and zeros, then a Fisher–Yates shuffle from
//! the last name down, each index drawn without bias by rejection. (rand's own `StdRng` and
//! `shuffle` do not promise the same sequence across versions.)

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

/// Deals `names` into `groups` groups whose sizes differ by at most one. Blank names are skipped.
pub fn assign(names: &[String], groups: usize, seed: u64) -> Vec<Vec<String>> {
    let groups = groups.max(1);
    let mut people: Vec<String> = names
        .iter()
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty())
        .collect();
    shuffle(&mut people, seed);
    let mut out = vec![Vec::new(); groups];
    for (i, person) in people.into_iter().enumerate() {
        out[i % groups].push(person);
    }
    out
}

/// The pinned shuffle: see the module's documentation.
fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    let mut rng = ChaCha8Rng::from_seed(key);
    for i in (1..items.len()).rev() {
        let j = below(&mut rng, i as u64 + 1) as usize;
        items.swap(i, j);
    }
}

/// A number in `0..n` (n > 0) with every value equally likely.
fn below(rng: &mut ChaCha8Rng, n: u64) -> u64 {
    // The largest multiple of n that fits: draws at or above it are drawn again.
    let zone = u64::MAX - (u64::MAX % n);
    loop {
        let x = rng.next_u64();
        if x < zone {
            return x % n;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("Person {i}")).collect()
    }

    #[test]
    fn groups_are_balanced_and_complete() {
        let g = assign(&names(17), 4, 42);
        let sizes: Vec<usize> = g.iter().map(Vec::len).collect();
        assert_eq!(sizes.iter().sum::<usize>(), 17);
        assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1);
        let mut all: Vec<String> = g.concat();
        all.sort();
        let mut expected = names(17);
        expected.sort();
        assert_eq!(all, expected);
    }

    #[test]
    fn a_seed_gives_the_same_draw_in_every_release() {
        // Pinned: if this changes, a seed shown in a workshop no longer repeats its draw.
        let g = assign(&names(7), 3, 424242);
        assert_eq!(
            g,
            PINNED.map(|group| group.iter().map(|s| s.to_string()).collect::<Vec<_>>())
        );
    }

    const PINNED: [&[&str]; 3] = [
        &["Person 3", "Person 2", "Person 6"],
        &["Person 0", "Person 1"],
        &["Person 4", "Person 5"],
    ];

    #[test]
    fn the_same_seed_repeats_the_draw_and_another_differs() {
        assert_eq!(assign(&names(12), 3, 7), assign(&names(12), 3, 7));
        assert_ne!(assign(&names(12), 3, 7), assign(&names(12), 3, 8));
    }
}

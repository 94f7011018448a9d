//! Breakout groups: participants dealt into balanced groups by a seeded shuffle, so the same
//! seed and names always give the same groups.

use rand::SeedableRng;
use rand::seq::SliceRandom;

/// Deals `names` into `groups` groups whose sizes differ by at most one. Blank names are skipped.
pub fn assign(names: &[String], groups: usize, seed: u64) -> Vec<Vec<String>> {
    let groups = groups.max(1);
    let mut people: Vec<String> = names
        .iter()
        .map(|n| n.trim().to_owned())
        .filter(|n| !n.is_empty())
        .collect();
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    people.shuffle(&mut rng);
    let mut out = vec![Vec::new(); groups];
    for (i, person) in people.into_iter().enumerate() {
        out[i % groups].push(person);
    }
    out
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
    fn the_same_seed_repeats_the_draw_and_another_differs() {
        assert_eq!(assign(&names(12), 3, 7), assign(&names(12), 3, 7));
        assert_ne!(assign(&names(12), 3, 7), assign(&names(12), 3, 8));
    }
}

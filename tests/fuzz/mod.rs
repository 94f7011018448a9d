//! The mutations of `tests/fuzz_files.rs`: a seeded generator and what it does to a file.

/// splitmix64: small, fast, and the same sequence everywhere.
pub struct Rng(pub u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const BYTES: &[u8] = b"\x00\x01\x7f\x80\xff\"\\{}[],:\n\r\t 0123456789-+.eEnulltrfa";

const TOKENS: &[&[u8]] = &[
    b"\"",
    b"\\",
    b"\\u0000",
    b"\\ud800",
    b"\\udfff\\ud800",
    b"\xc3\x28",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\xff\xfe",
    b"\xe2\x80\xae",
    b"\x1b[2J",
    b"null",
    b"true",
    b"{}",
    b"[]",
    b"\"\"",
    b"0",
    b"-1",
    b"-0",
    b"1e309",
    b"-1e309",
    b"0.0000000000000000000000000000001",
    b"4294967295",
    b"4294967296",
    b"9223372036854775807",
    b"9223372036854775808",
    b"18446744073709551615",
    b"18446744073709551616",
    b"99999999999999999999999999999999999999",
    b"\n\n",
    b"\r\n",
];

const NUMBERS: &[&str] = &[
    "0",
    "1",
    "-1",
    "2",
    "255",
    "65535",
    "4294967295",
    "4294967296",
    "9223372036854775807",
    "18446744073709551614",
    "18446744073709551615",
    "18446744073709551616",
    "1e20",
    "-9223372036854775808",
    "1.5",
];

/// A long run: a deep nest, a long string, many items.
fn long_run(rng: &mut Rng) -> Vec<u8> {
    let n = [10, 100, 1000, 10_000, 100_000][rng.below(5)];
    match rng.below(5) {
        0 => b"[".repeat(n),
        1 => b"{\"a\":".repeat(n.min(20_000)),
        2 => vec![b'a'; n],
        3 => b"\"x\",".repeat(n),
        _ => "夢".repeat(n).into_bytes(),
    }
}

/// Where the numbers are in `bytes`: runs of digits.
fn numbers(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            out.push((start, i));
        } else {
            i += 1;
        }
    }
    out
}

fn lines(bytes: &[u8]) -> Vec<&[u8]> {
    bytes.split_inclusive(|&b| b == b'\n').collect()
}

/// One to four mutations of `input`; `donors` are the other seed files.
pub fn mutate(rng: &mut Rng, input: &[u8], donors: &[Vec<u8>]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(13) {
            0 => {
                for _ in 0..1 + rng.below(8) {
                    if !out.is_empty() {
                        let i = rng.below(out.len());
                        out[i] ^= 1 << rng.below(8);
                    }
                }
            }
            1 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] = *rng.pick(BYTES);
            }
            2 => out.truncate(at),
            3 => {
                let token = rng.pick(TOKENS).to_vec();
                out.splice(at..at, token);
            }
            4 => {
                let run = long_run(rng);
                out.splice(at..at, run);
            }
            5 | 6 => {
                // A number changed to one at a limit: counts, lengths, change numbers.
                let found = numbers(&out);
                if !found.is_empty() {
                    let (s, e) = *rng.pick(&found);
                    out.splice(s..e, rng.pick(NUMBERS).bytes());
                }
            }
            7 => {
                // A line dropped, doubled, or two swapped.
                let mut ls: Vec<Vec<u8>> = lines(&out).into_iter().map(<[u8]>::to_vec).collect();
                if !ls.is_empty() {
                    let i = rng.below(ls.len());
                    match rng.below(3) {
                        0 => {
                            ls.remove(i);
                        }
                        1 => {
                            let l = ls[i].clone();
                            ls.insert(i, l);
                        }
                        _ => {
                            let j = rng.below(ls.len());
                            ls.swap(i, j);
                        }
                    }
                    out = ls.concat();
                }
            }
            8 => {
                // A line of another file spliced in.
                let donor = rng.pick(donors);
                let ls = lines(donor);
                if !ls.is_empty() {
                    let l = rng.pick(&ls).to_vec();
                    let starts: Vec<usize> = std::iter::once(0)
                        .chain(
                            out.iter()
                                .enumerate()
                                .filter(|(_, b)| **b == b'\n')
                                .map(|(i, _)| i + 1),
                        )
                        .collect();
                    let s = *rng.pick(&starts);
                    out.splice(s..s, l);
                }
            }
            9 => {
                // A slice of this or another file copied in.
                let donor = if rng.below(2) == 0 {
                    out.clone()
                } else {
                    rng.pick(donors).clone()
                };
                if !donor.is_empty() {
                    let s = rng.below(donor.len());
                    let e = (s + rng.below(200)).min(donor.len());
                    out.splice(at..at, donor[s..e].iter().copied());
                }
            }
            10 if !out.is_empty() => {
                // A span cut out.
                let s = rng.below(out.len());
                let e = (s + 1 + rng.below(64)).min(out.len());
                out.drain(s..e);
            }
            11 => {
                // A string's text replaced: quotes kept, what is between them changed.
                let quotes: Vec<usize> = out
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| **b == b'"')
                    .map(|(i, _)| i)
                    .collect();
                if quotes.len() >= 2 {
                    let q = rng.below(quotes.len() - 1);
                    let (s, e) = (quotes[q] + 1, quotes[q + 1]);
                    let with: Vec<u8> = match rng.below(4) {
                        0 => Vec::new(),
                        1 => rng.pick(TOKENS).to_vec(),
                        2 => long_run(rng),
                        _ => {
                            let donor = rng.pick(donors);
                            let s2 = rng.below(donor.len().max(1));
                            donor[s2.min(donor.len())..(s2 + 20).min(donor.len())].to_vec()
                        }
                    };
                    out.splice(s..e, with);
                }
            }
            _ => {
                // A whole other seed file.
                out = rng.pick(donors).clone();
            }
        }
    }
    out
}

//! A story's words, indexed once, so that counting a keyword, a place or an
//! organisation is a lookup rather than another scan of the whole text.
//! The index is a sorted array of case-folded word hashes: no allocation
//! per word, and every hit is checked against the words themselves.

use crate::text::words;

/// The words of a text (runs of letters and digits), indexed.
pub struct Words<'a> {
    tokens: Vec<&'a str>,
    /// (hash of the lower-case word, its position), sorted.
    index: Vec<(u64, u32)>,
    /// Words already claimed by [`Words::take`].
    used: Vec<bool>,
}

impl<'a> Words<'a> {
    pub fn new(text: &'a str) -> Words<'a> {
        let tokens: Vec<&str> = words(text).collect();
        let mut index: Vec<(u64, u32)> = tokens
            .iter()
            .enumerate()
            .map(|(i, t)| (fold_hash(t), i as u32))
            .collect();
        index.sort_unstable();
        let used = vec![false; tokens.len()];
        Words {
            tokens,
            index,
            used,
        }
    }

    /// Where `phrase` occurs as whole words: in any case, or in exactly its
    /// case when `exact` (for acronyms like UN and US).
    fn matches(&self, phrase: &str, exact: bool) -> Vec<usize> {
        let Some(first) = words(phrase).next() else {
            return vec![];
        };
        let h = fold_hash(first);
        let from = self.index.partition_point(|e| e.0 < h);
        let same = |at: usize, w: &str| {
            at < self.tokens.len()
                && if exact {
                    self.tokens[at] == w
                } else {
                    eq_fold(self.tokens[at], w)
                }
        };
        self.index[from..]
            .iter()
            .take_while(|e| e.0 == h)
            .map(|e| e.1 as usize)
            .filter(|&s| words(phrase).enumerate().all(|(k, w)| same(s + k, w)))
            .collect()
    }

    pub fn count(&self, phrase: &str, exact: bool) -> usize {
        self.matches(phrase, exact).len()
    }

    /// Counts the occurrences no earlier `take` claimed, and claims them:
    /// "Amnesty" is not counted again inside "Amnesty International".
    pub fn take(&mut self, phrase: &str, exact: bool) -> usize {
        let len = words(phrase).count();
        let mut starts = self.matches(phrase, exact);
        starts.sort_unstable();
        let mut n = 0;
        for s in starts {
            if !self.used[s..s + len].iter().any(|&u| u) {
                self.used[s..s + len].iter_mut().for_each(|u| *u = true);
                n += 1;
            }
        }
        n
    }
}

fn folded(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().flat_map(char::to_lowercase)
}

/// FNV-1a over the lower-case characters.
fn fold_hash(s: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = crate::text::Fnv1a::default();
    if s.is_ascii() {
        for b in s.bytes() {
            h.write_u8(b.to_ascii_lowercase());
        }
    } else {
        let mut buf = [0; 4];
        for c in folded(s) {
            h.write(c.encode_utf8(&mut buf).as_bytes());
        }
    }
    h.finish()
}

fn eq_fold(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    folded(a).eq(folded(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_and_phrases() {
        let w = Words::new(
            "The drape of grapes; rape. Under-age girls, under age. UN's un U.N. Zürich ZÜRICH",
        );
        assert_eq!(w.count("rape", false), 1);
        assert_eq!(w.count("under-age", false), 2);
        assert_eq!(w.count("UN", true), 1);
        assert_eq!(w.count("un", false), 2);
        assert_eq!(w.count("U.N.", true), 1);
        assert_eq!(w.count("zürich", false), 2);
        assert_eq!(w.count("nowhere", false), 0);
    }

    #[test]
    fn take_claims_words() {
        let mut w = Words::new(
            "Amnesty International said; Amnesty agreed. forced prostitution and prostitution",
        );
        assert_eq!(w.take("Amnesty International", false), 1);
        assert_eq!(w.take("Amnesty", false), 1);
        assert_eq!(w.take("forced prostitution", false), 1);
        assert_eq!(w.take("prostitution", false), 1);
    }
}

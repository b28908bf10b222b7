//! The site's own sense of its sections: a naive Bayes model of the words
//! of the articles already in each section (plus its keywords), built at
//! import time, so that choices improve as the archive grows.

use rustc_hash::FxHashMap;

/// Articles a section needs before its words say anything.
const MIN_ARTICLES: u32 = 3;

#[derive(Default)]
pub struct Model {
    sections: FxHashMap<String, Counts>,
}

#[derive(Default)]
pub struct Counts {
    words: FxHashMap<String, u32>,
    total: u64,
    articles: u32,
}

impl Counts {
    /// The words of one article.
    pub fn of(text: &str) -> Counts {
        let mut c = Counts {
            articles: 1,
            ..Counts::default()
        };
        for w in words(text) {
            *c.words.entry(w).or_insert(0) += 1;
            c.total += 1;
        }
        c
    }
}

/// Lower-cased words of three letters or more, cut to their stems, the
/// first 2,000 of a text.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3 && !w.bytes().all(|b| b.is_ascii_digit()))
        .take(2000)
        .map(super::classify::family)
}

impl Model {
    pub fn add(&mut self, section: &str, counts: Counts) {
        let s = self.sections.entry(section.to_string()).or_default();
        for (w, n) in counts.words {
            *s.words.entry(w).or_insert(0) += n;
        }
        s.total += counts.total;
        s.articles += counts.articles;
    }

    /// The sections with articles enough to tell, and the number of words
    /// they use: what `best` needs, made once per import rather than per
    /// story.
    pub fn trained(self) -> Trained {
        let mut sections: Vec<(String, Counts)> = self
            .sections
            .into_iter()
            .filter(|(d, c)| c.articles >= MIN_ARTICLES && d.as_str() != super::UNSORTED)
            .collect();
        // In order, so that a tie goes the same way on every import.
        sections.sort_by(|a, b| a.0.cmp(&b.0));
        let mut vocab: rustc_hash::FxHashSet<&str> = Default::default();
        for (_, c) in &sections {
            vocab.extend(c.words.keys().map(String::as_str));
        }
        let vocab = vocab.len();
        Trained { sections, vocab }
    }
}

/// The model as imports use it.
#[derive(Default)]
pub struct Trained {
    sections: Vec<(String, Counts)>,
    vocab: usize,
}

impl Trained {
    /// The section whose articles the text resembles most, when at least
    /// two sections have articles enough to tell, and how many of the
    /// text's words those articles use (0 to 1), for the caller to judge
    /// whether the story is on the site's topics at all.
    pub fn best(&self, text: &str) -> Option<(&str, f64)> {
        let trained = &self.sections;
        if trained.len() < 2 {
            return None;
        }
        let v = self.vocab as f64;
        let articles: u32 = trained.iter().map(|(_, c)| c.articles).sum();
        let story: Vec<String> = words(text).collect();
        if story.is_empty() {
            return None;
        }
        let mut best: Option<(&str, f64, f64)> = None;
        for (dir, c) in trained {
            let mut score = (c.articles as f64 / articles as f64).ln();
            let mut known = 0usize;
            for w in &story {
                let n = c.words.get(w).copied().unwrap_or(0);
                known += (n >= 2) as usize;
                score += ((n as f64 + 1.0) / (c.total as f64 + v)).ln();
            }
            let share = known as f64 / story.len() as f64;
            if best.is_none_or(|(_, s, _)| score > s) {
                best = Some((dir.as_str(), score, share));
            }
        }
        best.map(|(d, _, share)| (d, share))
    }
}

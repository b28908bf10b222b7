//! search: an index that works on any static host, written with the site.
//! Words are folded like slugs (lower case, accents off) and grouped into
//! buckets by their first two letters, so a query (even a half-typed last
//! word) needs one small file per word; titles, links and summaries come
//! in chunks of articles. The search page's script fetches only those.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use rayon::prelude::*;

use crate::load::{Page, Site};

/// Word buckets: fixed, so the set of files does not change as articles do.
pub const BUCKETS: usize = 256;
/// Articles per chunk of titles and summaries.
pub const DOCS_PER_CHUNK: usize = 500;
/// The most articles kept for one word, best first.
const MAX_POSTINGS: usize = 1000;

/// The index as JSON files: one per bucket, one per chunk of articles.
pub struct SearchIndex {
    pub buckets: Vec<String>,
    pub docs: Vec<String>,
}

/// The bucket of a (folded, ASCII) word: its first two letters; the
/// search script computes the same.
pub fn bucket_of(term: &str) -> usize {
    let b = term.as_bytes();
    (b[0] as usize * 31 + b.get(1).copied().unwrap_or(0) as usize) % BUCKETS
}

/// Indexes every article: the headline and tags weigh 3, the publisher and
/// byline 2, each word of the text 1.
pub fn build(site: &Site) -> SearchIndex {
    let per_page: Vec<HashMap<String, u32>> = site.pages.par_iter().map(terms).collect();
    let mut buckets: Vec<BTreeMap<&str, Vec<(u32, u32)>>> = vec![BTreeMap::new(); BUCKETS];
    for (doc, terms) in per_page.iter().enumerate() {
        for (term, &score) in terms {
            buckets[bucket_of(term)]
                .entry(term)
                .or_default()
                .push((doc as u32, score));
        }
    }
    let buckets = buckets
        .into_par_iter()
        .map(|bucket| {
            let mut out = String::from("{");
            for (i, (term, mut postings)) in bucket.into_iter().enumerate() {
                postings.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                postings.truncate(MAX_POSTINGS);
                let list: Vec<String> =
                    postings.iter().map(|(d, s)| format!("[{d},{s}]")).collect();
                let _ = write!(
                    out,
                    "{}{}:[{}]",
                    if i > 0 { "," } else { "" },
                    json_string(term),
                    list.join(",")
                );
            }
            out.push('}');
            out
        })
        .collect();
    let docs = site
        .pages
        .par_chunks(DOCS_PER_CHUNK)
        .map(|chunk| {
            let rows: Vec<String> = chunk.iter().map(|p| doc_row(site, p)).collect();
            format!("[{}]", rows.join(",\n"))
        })
        .collect();
    SearchIndex { buckets, docs }
}

/// `[title, url, date, source, summary]` of an article.
fn doc_row(site: &Site, p: &Page) -> String {
    let summary =
        p.fm.summary
            .clone()
            .unwrap_or_else(|| crate::render::plain_text(&p.rendered.summary_html, 240));
    let fields = [
        p.fm.title.clone().unwrap_or_default(),
        crate::render::url(&site.config, &p.path),
        p.fm.date.map(|d| d.display()).unwrap_or_default(),
        p.fm.source.clone().unwrap_or_default(),
        summary,
    ];
    let quoted: Vec<String> = fields.iter().map(|f| json_string(f)).collect();
    format!("[{}]", quoted.join(","))
}

fn terms(p: &Page) -> HashMap<String, u32> {
    let mut out: HashMap<String, u32> = HashMap::new();
    let mut add = |text: &str, weight: u32| {
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            if word.is_empty() || word.len() > 40 {
                continue;
            }
            let folded = crate::slug::slugify(word);
            if folded.len() >= 2 {
                *out.entry(folded).or_default() += weight;
            }
        }
    };
    add(p.fm.title.as_deref().unwrap_or_default(), 3);
    for t in &p.fm.tags {
        add(t, 3);
    }
    add(p.fm.source.as_deref().unwrap_or_default(), 2);
    add(p.fm.author.as_deref().unwrap_or_default(), 2);
    add(&p.body, 1);
    out
}

/// A JSON string, safe inside an HTML `<script>` block as well.
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_are_safe_in_html() {
        assert_eq!(
            json_string("a\"b\\c\n</script>&"),
            r#""a\"b\\c\n\u003c/script\u003e\u0026""#
        );
    }

    #[test]
    fn buckets_group_by_first_two_letters() {
        assert_eq!(bucket_of("kosovo"), bucket_of("ko"));
        assert_ne!(bucket_of("kosovo"), bucket_of("nato"));
        assert!(bucket_of("zz") < BUCKETS);
    }
}

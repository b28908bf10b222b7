//! search: an index that works on any static host, written with the site.
//! Words are folded like slugs (lower case, accents off) and grouped into
//! buckets by their first two letters, so a query (even a half-typed last
//! word) needs one small file per word; titles, links and summaries come
//! in chunks of articles. The search page's script fetches only those.

use rustc_hash::FxHashMap as HashMap;

use rayon::prelude::*;

use icu_segmenter::WordSegmenter;

use crate::load::{Page, Site};
use crate::text::unspaced;

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

/// The bucket of a (folded) word: from its first two characters; the
/// search script computes the same.
pub fn bucket_of(term: &str) -> usize {
    let mut c = term.chars().map(|c| c as usize);
    (c.next().unwrap_or(0) * 31 + c.next().unwrap_or(0)) % BUCKETS
}

/// A letter of the Latin script (or a digit): folded as slugs are.
fn latin(c: char) -> bool {
    (c as u32) < 0x250 || ('\u{1e00}'..='\u{1eff}').contains(&c)
}

/// A word of a script other than Latin, as the index keeps it: in lower
/// case, and without what readers of the script leave out when they type:
/// Greek accents and breathings (and final sigma as sigma), Russian ё as е,
/// Arabic short vowels, tatweel and the hamza forms of alef (and alef
/// maqsura as ya), Hebrew points. search.js folds a query the same way.
fn fold(word: &str, out: &mut String) {
    let greek = |c: char| matches!(c, '\u{0370}'..='\u{03FF}' | '\u{1F00}'..='\u{1FFF}');
    let lower = word.chars().flat_map(char::to_lowercase);
    if word.chars().any(greek) {
        let nfd = icu_normalizer::DecomposingNormalizerBorrowed::new_nfd();
        let lowered: String = lower.collect();
        for c in nfd.normalize(&lowered).chars() {
            match c {
                '\u{0300}'..='\u{036F}' => {}
                'ς' => out.push('σ'),
                c => out.push(c),
            }
        }
        return;
    }
    let start = out.len();
    for c in lower {
        match c {
            'ё' => out.push('е'),
            c if crate::text::optional_vowel(c) => {}
            'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
            'ى' => out.push('ي'),
            // Taa marbuta is written as haa as often as not.
            'ة' => out.push('ه'),
            // Arabic-Indic and Persian digits are the digits 0-9.
            '\u{0660}'..='\u{0669}' => out.push(char::from(b'0' + (c as u32 - 0x0660) as u8)),
            '\u{06F0}'..='\u{06F9}' => out.push(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
            c => out.push(c),
        }
    }
    strip_article(out, start);
}

/// An Arabic word without its article (ال, and وال بال كال فال لل, the
/// article after a one-letter word): الاغتصاب is found by اغتصاب. What is
/// left keeps three letters at least (الله stays).
fn strip_article(out: &mut String, start: usize) {
    for prefix in ["وال", "بال", "كال", "فال", "ال", "لل"] {
        if let Some(rest) = out[start..].strip_prefix(prefix) {
            if rest.chars().count() >= 3 {
                out.replace_range(start..start + prefix.len(), "");
            }
            return;
        }
    }
}

/// A Hebrew word without the one-letter word written on its front (ו ה ב כ
/// ל מ ש, three letters left at least), an Arabic one without its
/// conjunction or preposition (و ف ب ل ك, four left).
fn without_proclitic(word: &str) -> Option<&str> {
    let mut chars = word.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    let left = rest.chars().count();
    let hebrew = "והבכלמש".contains(first)
        && left >= 3
        && rest.chars().all(|c| ('\u{05D0}'..='\u{05EA}').contains(&c));
    let arabic = "وفبلك".contains(first) && left >= 4;
    (hebrew || arabic).then_some(rest)
}

/// A word of one Chinese character or kana is a word; one Thai letter is not.
fn ideographic(word: &str) -> bool {
    word.chars().all(|c| {
        unspaced(c) && !matches!(c as u32, 0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF)
    })
}

/// Postings of a word: (article, score), in article order.
type Postings = Vec<(u32, u32)>;

/// Indexes every article: the headline and tags weigh 3, the publisher and
/// byline 2, each word of the text 1.
/// The theme's words in a language (an article's, or else the site's).
pub type Words<'a, 'w> = &'a (dyn Fn(&str) -> &'w crate::strings::Strings + Sync);

pub fn build<'w>(site: &Site, words: Words<'_, 'w>) -> SearchIndex {
    // Chunks of articles are indexed in parallel, each into its own word
    // buckets; within a chunk each word is stored once, however many of its
    // articles use it.
    let chunks: Vec<Vec<HashMap<String, Postings>>> = site
        .pages
        .par_chunks(64)
        .enumerate()
        .map(|(c, pages)| {
            let mut maps: Vec<HashMap<String, Postings>> = vec![HashMap::default(); BUCKETS];
            let mut word = String::new();
            for (k, p) in pages.iter().enumerate() {
                let doc = (c * 64 + k) as u32;
                for_each_term(p, &mut word, |term, weight| {
                    let map = &mut maps[bucket_of(term)];
                    match map.get_mut(term) {
                        Some(list) if list.last().is_some_and(|l| l.0 == doc) => {
                            list.last_mut().expect("non-empty").1 += weight
                        }
                        Some(list) => list.push((doc, weight)),
                        None => {
                            map.insert(term.to_string(), vec![(doc, weight)]);
                        }
                    }
                });
            }
            maps
        })
        .collect();
    // Then each bucket gathers its words from every chunk, in article
    // order, in parallel with the other buckets.
    let mut by_bucket: Vec<Vec<HashMap<String, Postings>>> = (0..BUCKETS)
        .map(|_| Vec::with_capacity(chunks.len()))
        .collect();
    for chunk in chunks {
        for (b, map) in chunk.into_iter().enumerate() {
            by_bucket[b].push(map);
        }
    }
    let buckets = by_bucket
        .into_par_iter()
        .map(|maps| {
            let mut merged: HashMap<String, Postings> = HashMap::default();
            for map in maps {
                for (term, postings) in map {
                    merged.entry(term).or_default().extend(postings);
                }
            }
            bucket_json(merged)
        })
        .collect();
    let docs = site
        .pages
        .par_chunks(DOCS_PER_CHUNK)
        .map(|chunk| {
            let rows: Vec<String> = chunk.iter().map(|p| doc_row(site, words, p)).collect();
            format!("[{}]", rows.join(",\n"))
        })
        .collect();
    SearchIndex { buckets, docs }
}

/// One bucket as JSON: `{"word":[[article,score],…],…}`, words sorted, each
/// word's best articles first.
fn bucket_json(bucket: HashMap<String, Postings>) -> String {
    let mut terms: Vec<(String, Postings)> = bucket.into_iter().collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut out = String::from("{");
    for (i, (term, mut postings)) in terms.into_iter().enumerate() {
        postings.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        postings.truncate(MAX_POSTINGS);
        if i > 0 {
            out.push(',');
        }
        out.push_str(&crate::text::script_json(&term));
        out.push_str(":[");
        let mut number = itoa::Buffer::new();
        for (j, (d, s)) in postings.iter().enumerate() {
            out.push_str(if j > 0 { ",[" } else { "[" });
            out.push_str(number.format(*d));
            out.push(',');
            out.push_str(number.format(*s));
            out.push(']');
        }
        out.push(']');
    }
    out.push('}');
    out
}

/// `[title, url, date, source, summary, warning, lang, dir]` of an
/// article: its date and content warning in its own language, which (with
/// its direction) is given when it is not the site's.
fn doc_row<'w>(site: &Site, words: Words<'_, 'w>, p: &Page) -> String {
    let lang = p.lang(&site.config.language);
    let strings = words(lang);
    let warning = match p.fm.warnings.is_empty() {
        true => String::new(),
        false => format!(
            "{}{}{}",
            strings.get("content_warning"),
            strings.get("label_colon"),
            strings.describe_warnings(&p.fm.warnings)
        ),
    };
    let other = lang != site.config.language;
    let summary =
        p.fm.summary
            .clone()
            .unwrap_or_else(|| crate::text::plain_text(&p.rendered.summary_html, 240));
    let fields = [
        p.fm.title.clone().unwrap_or_default(),
        site.link(&p.path),
        p.fm.date.map(|d| strings.date(&d)).unwrap_or_default(),
        p.fm.source.clone().unwrap_or_default(),
        summary,
        warning,
        if other {
            lang.to_string()
        } else {
            String::new()
        },
        if other {
            crate::text::direction(lang).to_string()
        } else {
            String::new()
        },
    ];
    crate::text::script_json(&fields)
}

/// Calls `f` with each word of an article (folded as slugs are: lower case,
/// accents off) and its weight. `buf` is reused between words.
fn for_each_term(p: &Page, buf: &mut String, mut f: impl FnMut(&str, u32)) {
    let mut add = |text: &str, weight: u32| for_each_word(text, buf, &mut |w| f(w, weight));
    add(p.fm.title.as_deref().unwrap_or_default(), 3);
    for t in &p.fm.tags {
        add(t, 3);
    }
    add(p.fm.source.as_deref().unwrap_or_default(), 2);
    add(p.fm.author.as_deref().unwrap_or_default(), 2);
    add(&p.body, 1);
}

/// How much of a run of unspaced text ICU segments at once, in bytes: its
/// dictionary segmenter takes time that grows with the square of a run's
/// length (a page of Thai without a space took minutes).
const WINDOW: usize = 3 * 1024;

/// Calls `f` with each word ICU's dictionaries find in `run`, a window at a
/// time: each window after the first starts at the last word boundary
/// found in the one before, so no word is cut (but one longer than a
/// window).
fn unspaced_words(run: &str, f: &mut impl FnMut(&str)) {
    let segmenter = WordSegmenter::new_dictionary(Default::default());
    let mut start = 0;
    while start < run.len() {
        let mut end = (start + WINDOW).min(run.len());
        while !run.is_char_boundary(end) {
            end += 1;
        }
        let window = &run[start..end];
        let bounds: Vec<usize> = segmenter.segment_str(window).collect();
        let keep = match end == run.len() {
            true => window.len(),
            // The words near a window's end are cut with too little
            // after them to be sure: the next window starts before them.
            false => bounds
                .iter()
                .rev()
                .copied()
                .find(|&b| b > 0 && b <= window.len() * 3 / 4)
                .unwrap_or(window.len()),
        };
        let mut last = 0;
        for b in bounds.into_iter().filter(|&b| b > 0 && b <= keep) {
            f(&window[last..b]);
            last = b;
        }
        start += keep;
    }
}

/// Calls `f` with each word of a text, folded.
fn for_each_word(text: &str, buf: &mut String, f: &mut impl FnMut(&str)) {
    // The same words the importer sees: runs of letters and digits.
    for word in crate::text::words(text) {
        if !word.is_ascii() && word.chars().any(unspaced) {
            // Thai, Chinese, Japanese…: the words ICU's dictionaries
            // find in the run, each as it is written (the search script
            // asks the browser's Intl.Segmenter, the same rules).
            // The run holds letters, marks and digits only, so each
            // piece is a word (ICU calls a run of one word "none").
            unspaced_words(word, &mut |piece| {
                let short = piece.chars().nth(1).is_none();
                if !short || ideographic(piece) {
                    buf.clear();
                    buf.extend(piece.chars().flat_map(char::to_lowercase));
                    f(buf);
                }
            });
            continue;
        }
        let n = match word.is_ascii() {
            true => word.len(),
            false => word.chars().count(),
        };
        if !(2..=40).contains(&n) {
            continue;
        }
        if !word
            .bytes()
            .any(|b| b.is_ascii_uppercase() || !b.is_ascii())
        {
            // Most words are folded already.
            f(word);
            continue;
        }
        buf.clear();
        if word.is_ascii() {
            buf.push_str(word);
            buf.make_ascii_lowercase();
        } else if word.chars().all(latin) {
            buf.push_str(&crate::slug::slugify(word));
        } else {
            // Another script: the word in lower case, folded the way
            // its readers type it (see `fold`), as the search script
            // folds a query.
            fold(word, buf);
        }
        if buf.len() >= 2 {
            f(buf);
            // Hebrew and Arabic write "and", "the", "from", "in" … as one
            // letter on the front of the word (ממולדובה, وكفالة): the word
            // is found without it too.
            if let Some(bare) = without_proclitic(buf) {
                f(bare);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_run_of_thai_is_cut_where_whole_text_would_be() {
        let sentence = "ผู้หญิงหลายคนถูกบังคับให้ทำงานในโรงงานโดยไม่ได้รับค่าจ้าง";
        let whole = |text: &str| {
            let seg = WordSegmenter::new_dictionary(Default::default());
            let b: Vec<usize> = seg.segment_str(text).collect();
            b.windows(2)
                .map(|w| text[w[0]..w[1]].to_string())
                .collect::<Vec<_>>()
        };
        let run = sentence.repeat(200);
        assert!(run.len() > 10 * WINDOW);
        let mut windowed = vec![];
        unspaced_words(&run, &mut |w| windowed.push(w.to_string()));
        assert!(windowed.concat() == run);
        let whole = whole(&run);
        let same = windowed.len() == whole.len() && windowed == whole;
        assert!(same, "{} pieces, {} whole", windowed.len(), whole.len());
    }

    #[test]
    fn words_of_scripts_without_spaces_are_found() {
        let mut site_words = vec![];
        let text = "การค้ามนุษย์เป็นอาชญากรรม 拐卖妇女 น้ำ";
        for_each_word(text, &mut String::new(), &mut |w| {
            site_words.push(w.to_string())
        });
        for w in ["การ", "ค้า", "มนุษย์", "อาชญากรรม", "น้ำ", "拐", "妇女"]
        {
            assert!(site_words.iter().any(|s| s == w), "{w} in {site_words:?}");
        }
        assert!(
            site_words.iter().any(|s| s.starts_with('拐')),
            "{site_words:?}"
        );
        assert!(site_words.iter().all(|w| !w.is_empty()));
    }

    #[test]
    fn words_are_folded_as_their_readers_type_them() {
        // The word as folded (the first term it gives).
        let folded = |w: &str| {
            let mut out = String::new();
            for_each_word(w, &mut String::new(), &mut |t| {
                if out.is_empty() {
                    out.push_str(t)
                }
            });
            out
        };
        assert_eq!(folded("ΜΑΡΤΥΡΊΕΣ"), "μαρτυριεσ");
        assert_eq!(folded("μαρτυρίες"), folded("μαρτυριες"));
        assert_eq!(folded("Ёлка"), "елка");
        assert_eq!(folded("أَطْفَال"), "اطفال");
        assert_eq!(folded("مستشفى"), "مستشفي");
        // Taa marbuta as haa, the article off, Arabic digits as 0-9.
        assert_eq!(folded("الكفالة"), folded("كفاله"));
        assert_eq!(folded("الاغتصاب"), "اغتصاب");
        assert_eq!(folded("والاغتصاب"), "اغتصاب");
        assert_eq!(folded("الله"), "الله");
        assert_eq!(folded("٣١٢"), "312");
        assert_eq!(folded("۳۱۲"), "312");
        // A one-letter word on the front: the word is found without it too.
        let all = |w: &str| {
            let mut out = vec![];
            for_each_word(w, &mut String::new(), &mut |t| out.push(t.to_string()));
            out
        };
        assert_eq!(all("ממולדובה"), ["ממולדובה", "מולדובה"]);
        assert_eq!(all("وكفالة"), ["وكفاله", "كفاله"]);
        assert_eq!(all("בית"), ["בית"]);
        assert_eq!(folded("שָׁלוֹם"), "שלום");
        // Letters that are letters of their own are kept apart.
        assert_ne!(folded("йод"), folded("иод"));
    }

    #[test]
    fn buckets_group_by_first_two_letters() {
        assert_eq!(bucket_of("kosovo"), bucket_of("ko"));
        assert_ne!(bucket_of("kosovo"), bucket_of("nato"));
        assert!(bucket_of("zz") < BUCKETS);
    }
}

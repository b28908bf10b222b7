//! The clipping parser: plain text in, stories out. A clipping holds one
//! story or several (each after a "Further story:" line); each has a
//! headline and labelled lines in any order, then the body.

use crate::date::Date;

/// One story of a clipping.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Story {
    pub title: String,
    pub date: Option<Date>,
    /// A date line that could not be read, for the report.
    pub unreadable_date: Option<String>,
    pub source: Option<String>,
    pub source_url: Option<String>,
    pub author: Option<String>,
    pub dateline: Option<String>,
    pub copyright: Option<String>,
    /// The story's language (ISO 639-1) when it was found or detected.
    pub lang: Option<String>,
    pub body: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(String),
    Heading(String),
    List(Vec<String>),
    Quote(String),
    /// A paragraph with links.
    Linked(Vec<Span>),
}

/// A run of a paragraph's text: plain, or a link's text and its address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    Text(String),
    Link(String, String),
}

impl Span {
    pub fn text(&self) -> &str {
        match self {
            Span::Text(t) | Span::Link(t, _) => t,
        }
    }
}

/// Why a clipping gave no story.
pub const NO_STORY: &str = "holds no story: no headline followed by text";

/// Splits a clipping into stories. A segment without a headline and body
/// is left out; no story at all is an error.
pub fn parse(text: &str) -> Result<Vec<Story>, String> {
    let mut segments: Vec<Vec<&str>> = vec![vec![]];
    for line in text.lines() {
        if is_further_story(line) {
            segments.push(vec![]);
        } else {
            segments.last_mut().expect("non-empty").push(line);
        }
    }
    // A story whose headline is only marks and spaces has none: it cannot
    // be told apart, and front matter would read it back as missing.
    let stories: Vec<Story> = segments
        .iter()
        .filter_map(|lines| story(lines))
        .filter(|s| !s.title.trim().is_empty())
        .collect();
    if stories.is_empty() {
        Err(NO_STORY.into())
    } else {
        Ok(stories)
    }
}

fn is_further_story(line: &str) -> bool {
    let l = line.trim().trim_end_matches(':').to_ascii_lowercase();
    matches!(
        l.as_str(),
        "further story" | "further stories" | "another story" | "related story" | "see also"
    )
}

/// Groups lines into blocks separated by blank lines.
fn blocks<'a>(lines: &[&'a str]) -> Vec<Vec<&'a str>> {
    let mut out: Vec<Vec<&str>> = vec![];
    let mut current = vec![];
    for line in lines {
        let l = line.trim();
        if l.is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            current.push(l);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn story(lines: &[&str]) -> Option<Story> {
    let mut s = Story::default();
    let mut headline: Option<String> = None;
    let mut body_blocks: Vec<Vec<&str>> = vec![];
    for block in blocks(lines) {
        if !body_blocks.is_empty() {
            body_blocks.push(block);
            continue;
        }
        let mut body_from = None;
        for (li, line) in block.iter().enumerate() {
            if is_menu(line) || header_line(&mut s, line) {
                continue;
            }
            // A headline stands alone, or before the labelled lines of its block.
            let mut probe = s.clone();
            let alone = block[li + 1..].iter().all(|l| header_line(&mut probe, l));
            if headline.is_none() && is_headline(line) && alone {
                headline = Some(strip_heading_marks(line).to_string());
                continue;
            }
            body_from = Some(li);
            break;
        }
        if let Some(li) = body_from {
            // Text before any headline: not a story this parser can read.
            headline.as_ref()?;
            body_blocks.push(block[li..].to_vec());
        }
    }
    s.body = body(body_blocks.into_iter(), &mut s.copyright);
    s.title = headline?;
    (!s.body.is_empty()).then_some(s)
}

/// A site-menu line copied with the page: arrows, or a long run of capitals.
fn is_menu(line: &str) -> bool {
    line.contains('►') || line.contains('»') || {
        let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
        letters.len() > 25 && letters.iter().all(|c| c.is_uppercase())
    }
}

/// Reads a labelled header line (`Source: …`, `By: …`, a bare date, a bare
/// "By Name", a copyright line) into the story; false if it is not one.
pub(super) fn header_line(s: &mut Story, line: &str) -> bool {
    if let Some((label, value)) = line.split_once(':') {
        let value = value.trim();
        let label = label.trim().to_ascii_lowercase();
        match label.as_str() {
            "publish date" | "published" | "date" | "posted" | "publication date"
            | "date published" => {
                match super::dates::parse(value) {
                    Some(d) => s.date = Some(d),
                    None => s.unreadable_date = Some(value.to_string()),
                }
                return true;
            }
            "source" | "publication" | "publisher" | "newspaper" => {
                set_source(s, value);
                return true;
            }
            "by" | "author" | "byline" | "written by" | "authors" => {
                set_byline(s, value);
                return true;
            }
            "dateline" | "place" => {
                s.dateline = Some(value.to_string()).filter(|v| !v.is_empty());
                return true;
            }
            "url" | "link" | "original" | "source url" => {
                s.source_url = Some(value.to_string()).filter(|v| v.starts_with("http"));
                return true;
            }
            "copyright" => {
                s.copyright = Some(format!("© {}", value.trim_start_matches('©').trim()));
                return true;
            }
            _ => {}
        }
    }
    if let Some(d) = super::dates::parse(line) {
        s.date = Some(d);
        return true;
    }
    if let Some(name) = line
        .strip_prefix("By ")
        .filter(|n| n.len() < 80 && n.starts_with(char::is_uppercase) && !n.ends_with('.'))
    {
        set_byline(s, name);
        return true;
    }
    if is_copyright(line) {
        s.copyright = Some(line.to_string());
        return true;
    }
    false
}

fn set_source(s: &mut Story, value: &str) {
    match value.find("http") {
        Some(i) => {
            let url = value[i..]
                .split_whitespace()
                .next()
                .unwrap_or("")
                .trim_end_matches([')', ']', '>']);
            s.source_url = Some(url.to_string());
            let name = value[..i]
                .trim()
                .trim_end_matches(['(', '[', '<', ',', '-', '–'])
                .trim();
            s.source = Some(name.to_string()).filter(|n| !n.is_empty());
        }
        None => s.source = Some(value.to_string()).filter(|v| !v.is_empty()),
    }
}

/// "Ian Traynor in Zagreb" → author Ian Traynor, dateline Zagreb. Several
/// names stay one author string.
fn set_byline(s: &mut Story, value: &str) {
    let value = value.trim();
    if let Some((who, place)) = value.rsplit_once(" in ") {
        let place_words: Vec<&str> = place.split_whitespace().collect();
        if !who.is_empty()
            && (1..=3).contains(&place_words.len())
            && place_words
                .iter()
                .all(|w| w.starts_with(char::is_uppercase))
        {
            s.author = Some(who.trim().to_string());
            s.dateline = Some(place.trim().to_string());
            return;
        }
    }
    s.author = Some(value.to_string()).filter(|v| !v.is_empty());
}

fn is_copyright(line: &str) -> bool {
    let l = line.trim();
    l.len() < 120
        && (l.starts_with('©')
            || l.starts_with("(c) ")
            || l.starts_with("(C) ")
            || l.to_ascii_lowercase().starts_with("copyright "))
}

fn is_headline(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (1..=30).contains(&words) && line.len() <= 250
}

fn strip_heading_marks(line: &str) -> &str {
    line.trim_start_matches('#').trim()
}

/// Body blocks: copyright lines set the copyright; lines of `- ` or `• `
/// are a list; a short line without end punctuation is a subheading; the
/// rest are paragraphs (hard-wrapped lines joined).
fn body<'a>(
    blocks: impl Iterator<Item = Vec<&'a str>>,
    copyright: &mut Option<String>,
) -> Vec<Block> {
    let mut out = vec![];
    for block in blocks {
        if block.len() == 1 && is_copyright(block[0]) {
            copyright.get_or_insert_with(|| block[0].to_string());
            continue;
        }
        if block.iter().all(|l| list_item(l).is_some()) {
            let items = block
                .iter()
                .filter_map(|l| list_item(l))
                .map(str::to_string);
            // Items apart (as a web page gives them) still make one list.
            match out.last_mut() {
                Some(Block::List(list)) => list.extend(items),
                _ => out.push(Block::List(items.collect())),
            }
            continue;
        }
        if block.len() == 1 && (block[0].starts_with("## ") || is_subheading(block[0])) {
            out.push(Block::Heading(strip_heading_marks(block[0]).to_string()));
            continue;
        }
        out.push(Block::Paragraph(block.join(" ")));
    }
    out
}

fn list_item(line: &str) -> Option<&str> {
    ["- ", "• ", "* ", "– "]
        .iter()
        .find_map(|m| line.strip_prefix(m))
        .map(str::trim)
}

fn is_subheading(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let first = line.chars().next().unwrap_or(' ');
    let last = line.chars().last().unwrap_or('.');
    (1..=8).contains(&words)
        && line.chars().count() <= 60
        && (first.is_uppercase() || first.is_ascii_digit())
        && !".!?:;,\"'”’…)]".contains(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_headers_in_any_order_and_splits_further_stories() {
        let text = "MENU ►One ►Two\n\nA headline here\n\nPublish Date: 07 May 2004\n\nSource: The Guardian\nBy: Ian Traynor in Zagreb\n\nFirst paragraph, long enough.\n\n© 2004 The Guardian\n\nFurther story:\n\nMay 06, 04\nSource: BBC News\n\nSecond headline\n\nBody text.\n\nTrading houses\n\n- one\n• two\n";
        let stories = parse(text).unwrap();
        assert_eq!(stories.len(), 2);
        let a = &stories[0];
        assert_eq!(a.title, "A headline here");
        assert_eq!(a.date.unwrap().iso(), "2004-05-07");
        assert_eq!(
            (
                a.source.as_deref(),
                a.author.as_deref(),
                a.dateline.as_deref()
            ),
            (Some("The Guardian"), Some("Ian Traynor"), Some("Zagreb"))
        );
        assert_eq!(a.copyright.as_deref(), Some("© 2004 The Guardian"));
        assert_eq!(
            a.body,
            [Block::Paragraph("First paragraph, long enough.".into())]
        );
        let b = &stories[1];
        assert_eq!(
            (b.title.as_str(), b.date.unwrap().iso(), b.source.as_deref()),
            ("Second headline", "2004-05-06".into(), Some("BBC News"))
        );
        assert_eq!(b.body[1], Block::Heading("Trading houses".into()));
        assert_eq!(b.body[2], Block::List(vec!["one".into(), "two".into()]));
    }

    #[test]
    fn bylines_and_sources() {
        let s = parse("Head\n\nBy Priya Natarajan and Tom Reyes\nSource: The Times (https://example.com/a)\n\nText.\n").unwrap();
        assert_eq!(
            s[0].author.as_deref(),
            Some("Priya Natarajan and Tom Reyes")
        );
        assert_eq!(s[0].dateline, None);
        assert_eq!(s[0].source.as_deref(), Some("The Times"));
        assert_eq!(s[0].source_url.as_deref(), Some("https://example.com/a"));
    }

    #[test]
    fn no_story_is_an_error() {
        assert_eq!(parse("").unwrap_err(), NO_STORY);
        assert_eq!(parse("Only a headline\n").unwrap_err(), NO_STORY);
    }

    #[test]
    fn unreadable_dates_are_kept_for_the_report() {
        let s = parse("Head\n\nDate: the other day\n\nText.\n").unwrap();
        assert_eq!(s[0].date, None);
        assert_eq!(s[0].unreadable_date.as_deref(), Some("the other day"));
    }
}

#[cfg(test)]
mod blank_headline {
    #[test]
    fn a_story_with_a_blank_headline_is_no_story() {
        // Found by fuzzing: its article read back with no `title:`.
        let page = include_bytes!("../../tests/fixtures/fuzz/clipping-blank-headline.bin");
        let text = super::super::page::page_text(&super::super::text::decode(page));
        assert!(super::parse(&text).is_err_and(|e| e.contains("no story")));
    }
}

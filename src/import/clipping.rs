//! The clipping parser: plain text in, stories out. A clipping holds one
//! story or several (each after a "Further story:" line); each has a
//! headline and labelled lines in any order, then the body.

use super::fields::front_matter;
use super::header::{dateline, header_line, is_copyright};
use super::story::Story;
use crate::convert::doc::{self, Block};

/// Why a clipping gave no story.
pub const NO_STORY: &str = "holds no story: no text besides menus and headers";

/// Splits a clipping into stories. A segment without a headline and body
/// is left out; no story at all is an error.
pub fn parse(text: &str) -> Result<Vec<Story>, String> {
    parse_with(text, &[])
}

/// As `parse`, knowing the site's section titles, so that a copied site
/// menu (a line made of them, arrows or not) is never taken for text.
pub fn parse_with(text: &str, menu: &[String]) -> Result<Vec<Story>, String> {
    if let Some((fields, rest)) = front_matter(text) {
        // An HTML fragment under the fields (a common shape of scraped
        // archives) is read by the converter, never shown as markup.
        if crate::convert::looks_like_html(rest) {
            let base = fields
                .source_url
                .as_deref()
                .and_then(|u| url::Url::parse(u).ok());
            let (blocks, notes) = super::page::converted(rest, base.as_ref(), false);
            let text = super::page::clipping_text("", &blocks);
            let mut stories = match fields.title.trim().is_empty() {
                true => parse_lines(&text, menu),
                false => vec![Story {
                    body: blocks,
                    ..Story::default()
                }],
            };
            if let Some(first) = stories.first_mut() {
                fields.fill(first);
                first.notes = notes;
            }
            return finish(stories, &text, menu);
        }
        let mut stories = parse_lines(rest, menu);
        if stories.is_empty() && !fields.title.is_empty() && !rest.trim().is_empty() {
            stories = vec![Story {
                body: body(
                    blocks(&rest.lines().collect::<Vec<_>>()).into_iter(),
                    &mut None,
                ),
                ..Story::default()
            }];
        }
        if let Some(first) = stories.first_mut() {
            fields.fill(first);
        }
        return finish(stories, rest, menu);
    }
    finish(parse_lines(text, menu), text, menu)
}

fn finish(stories: Vec<Story>, text: &str, menu: &[String]) -> Result<Vec<Story>, String> {
    // A story whose headline is only marks and spaces has none: it cannot
    // be told apart, and front matter would read it back as missing.
    let blank = |s: &Story| s.title.trim().is_empty();
    let mut stories: Vec<Story> = stories.into_iter().filter(|s| !blank(s)).collect();
    if stories.is_empty() {
        // No headline and text: whatever text there is, is still kept, as
        // a draft titled by its first sentence.
        let lines = normalise(text, menu);
        let lines: Vec<&str> = lines.iter().map(|l| l.as_ref()).collect();
        let mut s = Story {
            body: body(blocks(&lines).into_iter(), &mut None),
            title_guessed: true,
            ..Story::default()
        };
        s.title = first_sentence(&s.text());
        stories.extend(Some(s).filter(|s| !s.body.is_empty() && !blank(s)));
    }
    if stories.is_empty() {
        Err(NO_STORY.into())
    } else {
        Ok(stories)
    }
}

fn parse_lines(text: &str, menu: &[String]) -> Vec<Story> {
    let lines = normalise(text, menu);
    let mut segments: Vec<Vec<&str>> = vec![vec![]];
    for line in &lines {
        if is_further_story(line) {
            segments.push(vec![]);
        } else {
            segments.last_mut().expect("non-empty").push(line);
        }
    }
    segments
        .iter()
        .flat_map(|lines| digest(blocks(lines)))
        .filter_map(story)
        .collect()
}

/// Lines as the parser reads them: a title underlined with `===` or `---`
/// stands alone, a byline split after "By" is one line again, and a line
/// of the site's menu is gone.
fn normalise<'a>(text: &'a str, menu: &[String]) -> Vec<std::borrow::Cow<'a, str>> {
    use std::borrow::Cow;
    let raw: Vec<&str> = text.lines().collect();
    let mut out: Vec<Cow<str>> = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let line = raw[i];
        let t = line.trim();
        let next = raw.get(i + 1).map(|l| l.trim()).unwrap_or("");
        if is_rule(next) && !t.is_empty() && !is_rule(t) {
            out.push(Cow::Borrowed(line));
            out.push(Cow::Borrowed(""));
            i += 2;
            continue;
        }
        if matches!(t, "By" | "By:" | "by" | "BY" | "Written by" | "Words by") {
            if let Some(j) = (i + 1..raw.len().min(i + 3)).find(|&j| !raw[j].trim().is_empty()) {
                let name = raw[j].trim();
                if name.len() < 80 && name.starts_with(char::is_uppercase) {
                    out.push(Cow::Owned(format!("By {name}")));
                    i = j + 1;
                    continue;
                }
            }
        }
        if is_menu(t) || is_section_menu(t, menu) {
            out.push(Cow::Borrowed(""));
        } else {
            out.push(Cow::Borrowed(line));
        }
        i += 1;
    }
    out
}

/// `=====` or `-----` under a title.
fn is_rule(line: &str) -> bool {
    line.len() >= 3 && (line.bytes().all(|b| b == b'=') || line.bytes().all(|b| b == b'-'))
}

/// A line made of two or more of the site's section titles and little else.
fn is_section_menu(line: &str, menu: &[String]) -> bool {
    if menu.is_empty() || line.len() > 400 {
        return false;
    }
    // One menu item alone on its line.
    if menu.iter().any(|t| t.eq_ignore_ascii_case(line.trim())) {
        return true;
    }
    let lower = line.to_lowercase();
    let mut rest = lower.clone();
    let mut found = 0;
    for title in menu {
        let t = title.to_lowercase();
        if !t.is_empty() && rest.contains(&t) {
            found += 1;
            rest = rest.replace(&t, " ");
        }
    }
    let left = rest
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count();
    found >= 2 && left <= 2 + found / 3
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

/// Splits one segment's blocks where another story begins: a headline
/// with its own date, source or byline lines after the first story's text
/// (a digest of several clippings), or such header lines alone.
fn digest(blocks: Vec<Vec<&str>>) -> Vec<Vec<Vec<&str>>> {
    // Each block read for headers once: None when it holds text.
    let read: Vec<Option<bool>> = blocks.iter().map(|b| headers(b)).collect();
    let heads = |i: usize| read.get(i) == Some(&Some(true));
    let mut out: Vec<Vec<Vec<&str>>> = vec![vec![]];
    let mut in_body = false;
    let mut i = 0;
    while i < blocks.len() {
        let b = &blocks[i];
        // A headline only where a story can begin: at the start, or after
        // a story's text (after a story's headers, a line is its text).
        let can_begin = in_body || out.last().is_some_and(Vec::is_empty);
        let headline = can_begin && is_headline(b[0]) && headers(&b[..1]).is_none();
        let with_head = headline && b.len() > 1 && headers(&b[1..]) == Some(true);
        let head_next = headline && b.len() == 1 && heads(i + 1);
        let alone = b.len() >= 2 && heads(i);
        if in_body && (with_head || head_next || alone) {
            out.push(vec![]);
            in_body = false;
        }
        let current = out.last_mut().expect("non-empty");
        current.push(b.clone());
        if head_next {
            current.push(blocks[i + 1].clone());
            i += 1;
        }
        if !with_head && !head_next && read[i].is_none() {
            in_body = true;
        }
        i += 1;
    }
    out
}

/// Whether every line of a block is a header line (None if not) and, if
/// so, whether they give a date or a source, as a story's headers do.
fn headers(lines: &[&str]) -> Option<bool> {
    let mut probe = Story::default();
    lines
        .iter()
        .all(|l| header_line(&mut probe, l))
        .then(|| probe.date.is_some() || probe.source.is_some())
}

fn story(blocks: Vec<Vec<&str>>) -> Option<Story> {
    let mut s = Story::default();
    let mut headline: Option<String> = None;
    let mut body_blocks: Vec<Vec<&str>> = vec![];
    for block in blocks {
        if !body_blocks.is_empty() {
            body_blocks.push(block);
            continue;
        }
        let mut body_from = None;
        for (li, line) in block.iter().enumerate() {
            if header_line(&mut s, line) {
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
            body_blocks.push(block[li..].to_vec());
        }
    }
    s.body = body(body_blocks.into_iter(), &mut s.copyright);
    if s.body.is_empty() {
        // A lone line after the headers was the text, not a headline.
        let headers = s.date.is_some() || s.source.is_some() || s.author.is_some();
        s.body = vec![doc::paragraph(headline.take().filter(|_| headers)?)];
    }
    if s.dateline.is_none() {
        if let Some(p @ Block::Paragraph(_)) = s.body.first() {
            s.dateline = dateline(&doc::block_text_of(p));
        }
    }
    s.title = match headline {
        Some(h) => h,
        // Text with no headline: the first sentence stands in for one,
        // and the story waits as a draft for a person to title it.
        None => {
            s.title_guessed = true;
            first_sentence(&s.text())
        }
    };
    Some(s)
}

/// The first sentence of a text, cut at a word to at most 12 words.
fn first_sentence(text: &str) -> String {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let end = line
        .char_indices()
        .find(|&(i, c)| matches!(c, '.' | '!' | '?') && line[i + 1..].starts_with(' '))
        .map_or(line.len(), |(i, _)| i);
    let words: Vec<&str> = line[..end].split_whitespace().collect();
    if words.len() > 12 {
        format!("{}…", words[..12].join(" "))
    } else {
        words.join(" ")
    }
}

/// A site-menu line copied with the page: arrows, or a long run of capitals.
fn is_menu(line: &str) -> bool {
    line.contains('►') || line.contains('»') || {
        let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
        letters.len() > 25 && letters.iter().all(|c| c.is_uppercase())
    }
}

fn is_headline(line: &str) -> bool {
    let words = line.split_whitespace().count();
    // A long line ending as a sentence ends is a lead paragraph.
    let sentence = words > 12 && line.trim_end().ends_with(['.', '!', '?', '"', '”']);
    (1..=30).contains(&words) && line.len() <= 250 && !sentence
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
                Some(Block::List {
                    start: None,
                    items: list,
                }) => list.extend(items.map(|i| vec![doc::paragraph(i)])),
                _ => out.push(doc::list(items)),
            }
            continue;
        }
        if block.len() == 1 && (block[0].starts_with("## ") || is_subheading(block[0])) {
            out.push(doc::heading(strip_heading_marks(block[0])));
            continue;
        }
        out.push(doc::paragraph(block.join(" ")));
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
        assert_eq!(a.body, [doc::paragraph("First paragraph, long enough.")]);
        let b = &stories[1];
        assert_eq!(
            (b.title.as_str(), b.date.unwrap().iso(), b.source.as_deref()),
            ("Second headline", "2004-05-06".into(), Some("BBC News"))
        );
        assert_eq!(b.body[1], doc::heading("Trading houses"));
        assert_eq!(b.body[2], doc::list(["one".into(), "two".into()]));
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
        assert_eq!(parse("\n\nMENU ►One ►Two\n").unwrap_err(), NO_STORY);
        // A lone line is text enough to keep, as a draft to title.
        let s = parse("Only a headline\n").unwrap();
        assert!(s[0].title_guessed && s[0].title == "Only a headline");
    }

    #[test]
    fn unreadable_dates_are_kept_for_the_report() {
        let s = parse("Head\n\nDate: the other day\n\nText.\n").unwrap();
        assert_eq!(s[0].date, None);
        assert_eq!(s[0].unreadable_date.as_deref(), Some("the other day"));
    }
}

#[cfg(test)]
mod shapes {
    use super::*;

    fn one(text: &str) -> Story {
        let mut s = parse_with(
            text,
            &[
                "Prostitution".into(),
                "Sex Trafficking".into(),
                "Men Speaking Out".into(),
            ],
        )
        .unwrap();
        assert_eq!(s.len(), 1, "{s:#?}");
        s.remove(0)
    }

    #[test]
    fn front_matter_gives_the_fields() {
        let s = one(
            "---\ntitle: Women freed from a brothel\ndate: 2021-03-04T10:00:00Z\nauthor: [A. One, B. Two]\nsource: The Herald\nurl: https://example.org/a\n---\nPolice freed six women on Tuesday.\n\nThey had been held for months.\n",
        );
        assert_eq!(s.title, "Women freed from a brothel");
        assert_eq!(s.date.unwrap().iso(), "2021-03-04");
        assert_eq!(s.author.as_deref(), Some("A. One and B. Two"));
        assert_eq!(s.source.as_deref(), Some("The Herald"));
        assert_eq!(s.source_url.as_deref(), Some("https://example.org/a"));
        assert_eq!(s.body.len(), 2);
        let t = one(
            "+++\ntitle = \"Buyers fined\"\ndate = 2020-01-02\n+++\n\nThe court fined three men.\n",
        );
        assert_eq!(
            (t.title.as_str(), t.date.unwrap().iso()),
            ("Buyers fined", "2020-01-02".into())
        );
        assert_eq!(t.body, [doc::paragraph("The court fined three men.")]);
    }

    #[test]
    fn underlined_titles_split_bylines_and_piped_headers() {
        let s = one(
            "Men who buy sex\n===============\nBy\nArthur Martin\n09:48 EST, 29 October 2012\n\nLONDON - Men who pay for sex were named.\n",
        );
        assert_eq!(s.title, "Men who buy sex");
        assert_eq!(s.author.as_deref(), Some("Arthur Martin"));
        assert_eq!(s.date.unwrap().iso(), "2012-10-29");
        assert_eq!(s.dateline.as_deref(), Some("LONDON"));
        let p = one(
            "The trade in women\n\nBy Jane Doe | 12 March 2004 | Pages 4-5\n\nText of the story.\n",
        );
        assert_eq!(p.author.as_deref(), Some("Jane Doe"));
        assert_eq!(p.date.unwrap().iso(), "2004-03-12");
    }

    #[test]
    fn a_menu_without_arrows_is_not_the_headline() {
        let s = one(
            "Home Prostitution Sex Trafficking Men Speaking Out\n\nFathers speak against the trade\n\nDate: 1 May 2004\n\nText.\n",
        );
        assert_eq!(s.title, "Fathers speak against the trade");
    }

    #[test]
    fn a_lead_paragraph_first_is_salvaged_with_its_first_sentence() {
        let s = one(
            "Six women were freed from a flat in the city centre on Tuesday after a raid by police who had watched it for months. Two men were arrested.\n\nMore text.\n",
        );
        assert!(s.title_guessed);
        assert_eq!(
            s.title,
            "Six women were freed from a flat in the city centre on…"
        );
        assert_eq!(s.body.len(), 2);
    }

    #[test]
    fn digests_split_at_each_headline_with_its_date_and_source() {
        let text = "First story here\n\n12 May 2005\nSource: The Times\n\nText one.\n\nMore of one.\n\nSecond story here\n3 June 2005\nSource: BBC\n\nText two.\n\nThird story\n\nDate: 4 June 2005\n\nText three.\n";
        let s = parse(text).unwrap();
        let got: Vec<(&str, String)> = s
            .iter()
            .map(|s| (s.title.as_str(), s.date.unwrap().iso()))
            .collect();
        assert_eq!(
            got,
            [
                ("First story here", "2005-05-12".to_string()),
                ("Second story here", "2005-06-03".to_string()),
                ("Third story", "2005-06-04".to_string()),
            ]
        );
        assert_eq!(s[0].body.len(), 2);
        // Headline-less items: each date-and-source block starts one.
        let s = parse("12 May 2005\nSource: The Times\n\nWomen were freed. More.\n\n3 June 2005\nSource: BBC\n\nMen were fined. More.\n").unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(
            (s[0].title.as_str(), s[1].title.as_str()),
            ("Women were freed", "Men were fined")
        );
    }
}

#[cfg(test)]
mod blank_headline {
    #[test]
    fn a_story_with_a_blank_headline_gets_a_title() {
        // Found by fuzzing: its article read back with no `title:`.
        let page = include_bytes!("../../tests/fixtures/fuzz/clipping-blank-headline.bin");
        let text = super::super::page::page_text(&crate::convert::decode::decode(page));
        // Its text is kept as a draft, titled by its first sentence: never
        // with a blank title.
        let stories = super::parse(&text).unwrap();
        assert!(
            stories
                .iter()
                .all(|s| !s.title.trim().is_empty() && s.title_guessed)
        );
    }
}

#[cfg(test)]
mod brackets_in_headline {
    #[test]
    fn a_headline_with_a_run_of_brackets_reads_back() {
        // Found by fuzzing: the headline's 70 `[` were counted as YAML
        // nesting, and its article could not be read back.
        let page = include_bytes!("../../tests/fixtures/fuzz/clipping-brackets-in-headline.bin");
        let text = crate::convert::decode::decode(page);
        let stories = super::parse(&text).unwrap();
        assert!(!stories.is_empty());
        for story in stories {
            let meta = crate::import::draft::Meta {
                tags: &[],
                warnings: &[],
                related: &[],
                draft: false,
            };
            let md = crate::import::draft::draft(&story, &meta).to_text();
            let split = crate::frontmatter::split(&md).unwrap();
            let fm = crate::frontmatter::parse_article(&split, &mut vec![])
                .unwrap_or_else(|e| panic!("{e:?}\n{md}"));
            assert_eq!(fm.title, Some(crate::article::one_line(&story.title)));
        }
    }
}

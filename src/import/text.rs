//! Clipping files into plain text: UTF-8 (with or without BOM) or
//! Windows-1252/Latin-1, any line ends; saved web pages reduced to their
//! headline, paragraphs, subheadings and list items.

/// Decodes a clipping: UTF-8 when it is valid UTF-8, else Windows-1252
/// (which covers Latin-1). Line ends become `\n`.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    };
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\u{a0}', " ")
        .replace(unwanted_control, "")
}

/// A control character other than a tab or line break: a NUL or an escape
/// in a clipping is damage, never text, and no page may hold it.
fn unwanted_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n')
}

fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// Elements whose text is never part of the story.
const SKIP: &[&str] = &[
    "script", "style", "nav", "header", "footer", "noscript", "svg", "form", "aside", "button",
    "select", "template", "iframe",
];
/// Elements that end a block of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "section",
    "article",
    "ul",
    "ol",
    "table",
    "dd",
    "dt",
    "hr",
    "main",
    "figure",
    "figcaption",
];

/// A saved web page as clipping text: the headline (from `<h1>`, else
/// `<title>`) first, then one block per paragraph, `## ` subheadings and
/// `- ` list items, blank lines between blocks. Menus, scripts and styles
/// are dropped.
pub fn html_to_text(html: &str) -> String {
    let mut blocks: Vec<String> = vec![];
    let mut current = String::new();
    let mut prefix = "";
    let (mut title, mut h1) = (String::new(), None::<String>);
    let mut in_title = false;
    let mut skip_depth = 0usize;
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if skip_depth == 0 {
                push_text(&mut current, &mut title, in_title, rest);
            }
            break;
        };
        if skip_depth == 0 {
            push_text(&mut current, &mut title, in_title, &rest[..lt]);
        }
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |e| &rest[e + 3..]);
            continue;
        }
        // A tag runs to its `>`, or to the end of a page cut short.
        let (tag, after) = match rest.find('>') {
            Some(gt) => (&rest[1..gt], &rest[gt + 1..]),
            None => (&rest[1..], ""),
        };
        rest = after;
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if SKIP.contains(&name.as_str()) {
            if closing {
                skip_depth = skip_depth.saturating_sub(1);
            } else if !tag.ends_with('/') {
                skip_depth += 1;
            }
            continue;
        }
        if skip_depth > 0 {
            continue;
        }
        if name == "title" {
            in_title = !closing;
            continue;
        }
        if BLOCKS.contains(&name.as_str()) {
            let text = collapse(&current);
            if !text.is_empty() {
                if prefix == "# " {
                    h1.get_or_insert(text);
                } else {
                    blocks.push(format!("{prefix}{text}"));
                }
            }
            current.clear();
            prefix = match (closing, name.as_str()) {
                (false, "h1") => "# ",
                (false, "h2" | "h3" | "h4" | "h5" | "h6") => "## ",
                (false, "li") => "- ",
                _ => "",
            };
        }
    }
    let text = collapse(&current);
    if !text.is_empty() {
        blocks.push(text);
    }
    let headline = h1.unwrap_or_else(|| collapse(&title));
    let mut out = headline;
    for b in blocks {
        out.push_str("\n\n");
        out.push_str(&b);
    }
    out.push('\n');
    out
}

fn push_text(current: &mut String, title: &mut String, in_title: bool, raw: &str) {
    let text = decode_entities(raw);
    if in_title {
        title.push_str(&text);
    } else {
        current.push_str(&text);
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Decodes the character references a saved page is likely to hold.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .map(|e| e + 1);
        let decoded = end.filter(|&e| rest[e..].starts_with(';')).and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                "mdash" => '—',
                "ndash" => '–',
                "lsquo" => '‘',
                "rsquo" => '’',
                "ldquo" => '“',
                "rdquo" => '”',
                "hellip" => '…',
                "pound" => '£',
                "euro" => '€',
                "copy" => '©',
                "bull" => '•',
                "eacute" => 'é',
                "egrave" => 'è',
                "ecirc" => 'ê',
                "aacute" => 'á',
                "agrave" => 'à',
                "acirc" => 'â',
                "auml" => 'ä',
                "ccedil" => 'ç',
                "iacute" => 'í',
                "ntilde" => 'ñ',
                "oacute" => 'ó',
                "ouml" => 'ö',
                "uacute" => 'ú',
                "uuml" => 'ü',
                "szlig" => 'ß',
                _ => {
                    let n = name.strip_prefix('#')?;
                    let code = match n.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => n.parse().ok()?,
                    };
                    char::from_u32(code).filter(|&c| !unwanted_control(c))?
                }
            };
            Some((c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_bom_latin1_and_line_ends() {
        assert_eq!(decode(b"\xEF\xBB\xBFCaf\xC3\xA9\r\nx\ry"), "Café\nx\ny");
        assert_eq!(
            decode(b"Caf\xe9 \x93quoted\x94 \x80 5"),
            "Café “quoted” € 5"
        );
    }

    #[test]
    fn a_page_cut_inside_a_tag_does_not_panic() {
        // Found by fuzzing: an unclosed tag ending in a multi-byte character.
        assert_eq!(html_to_text("<p>Text</p></ 'l\u{de}"), "\n\nText\n");
        let crash = include_bytes!("../../tests/fixtures/fuzz/clipping-unclosed-tag.bin");
        let _ = html_to_text(&decode(crash));
    }

    #[test]
    fn control_characters_never_reach_the_story() {
        // Found by fuzzing: a NUL in a headline, which front matter drops,
        // so the article read back had another headline.
        let crash = include_bytes!("../../tests/fixtures/fuzz/clipping-nul-in-headline.bin");
        let text = decode(crash);
        assert!(!text.contains('\0') && text.contains("THE SEX TRDEion"));
        let page = decode(include_bytes!(
            "../../tests/fixtures/fuzz/clipping-nul-in-page.bin"
        ));
        assert!(!html_to_text(&page).contains(unwanted_control));
        assert_eq!(decode_entities("a&#0;b&#x1b;c&#9;d"), "a&#0;b&#x1b;c\td");
    }

    #[test]
    fn web_pages_keep_the_story_only() {
        let html = "<html><head><title>Site | Story</title><style>p{}</style><script>var x='<p>no</p>';</script></head>\
            <body><nav><ul><li>Menu</li></ul></nav><h1>The &amp; headline</h1><p>First  para\n graph.</p>\
            <h2>Sub</h2><ul><li>one</li><li>two</li></ul><p>Caf&eacute; &#8220;x&#x201D;</p><footer>© x</footer></body></html>";
        assert_eq!(
            html_to_text(html),
            "The & headline\n\nFirst para graph.\n\n## Sub\n\n- one\n\n- two\n\nCafé “x”\n"
        );
        assert!(
            html_to_text("<title>Only a title</title><p>Body.</p>")
                .starts_with("Only a title\n\nBody.")
        );
    }
}

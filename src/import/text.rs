//! Clipping files into text: UTF-8 (with or without BOM), else the
//! encoding a saved page declares, else Windows-1252 (which covers
//! Latin-1); any line ends.

/// Decodes a clipping: UTF-8 when it is valid UTF-8, else the `charset` a
/// web page declares in its first kilobytes, else Windows-1252. Line ends
/// become `\n`; control characters other than tabs and line ends go.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => {
            let encoding = declared_charset(bytes).unwrap_or(encoding_rs::WINDOWS_1252);
            encoding.decode_without_bom_handling(bytes).0.into_owned()
        }
    };
    strip_controls(
        &text
            .replace("\r\n", "\n")
            .replace('\r', "\n")
            .replace('\u{a0}', " "),
    )
}

/// The encoding named by `charset=` near the start of a page.
fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let label: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect();
    encoding_rs::Encoding::for_label(label.as_bytes()).filter(|e| {
        *e != encoding_rs::UTF_8 && *e != encoding_rs::UTF_16LE && *e != encoding_rs::UTF_16BE
    })
}

/// At most the first `n` bytes of a text, cut at a character's start.
pub fn prefix(s: &str, n: usize) -> &str {
    let mut end = n.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Text without control characters other than tabs and line breaks: a NUL
/// or an escape in a clipping is damage, never text, and no page may hold it.
pub fn strip_controls(s: &str) -> String {
    if !s.chars().any(unwanted_control) {
        return s.to_string();
    }
    s.replace(unwanted_control, "")
}

fn unwanted_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::page::page_text;

    #[test]
    fn decodes_utf8_bom_latin1_and_line_ends() {
        assert_eq!(decode(b"\xEF\xBB\xBFCaf\xC3\xA9\r\nx\ry"), "Café\nx\ny");
        assert_eq!(
            decode(b"Caf\xe9 \x93quoted\x94 \x80 5"),
            "Café “quoted” € 5"
        );
        // A page that says what it is written in is read in that.
        assert_eq!(
            decode(b"<meta charset=\"koi8-r\"><p>\xf0\xd2\xc9\xd7\xc5\xd4</p>"),
            "<meta charset=\"koi8-r\"><p>Привет</p>"
        );
    }

    #[test]
    fn a_page_cut_inside_a_tag_does_not_panic() {
        // Found by fuzzing: an unclosed tag ending in a multi-byte character.
        assert_eq!(page_text("<p>Text</p></ 'l\u{de}"), "\n\nText\n");
        let crash = include_bytes!("../../tests/fixtures/fuzz/clipping-unclosed-tag.bin");
        let _ = page_text(&decode(crash));
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
        assert!(!page_text(&page).contains(unwanted_control));
        assert!(!page_text("<p>a&#0;b&#x1b;c&#9;d</p>").contains(unwanted_control));
    }

    #[test]
    fn web_pages_keep_the_story_only() {
        let html = "<html><head><title>Site | Story</title><style>p{}</style><script>var x='<p>no</p>'; if (a < b) {}</script></head>\
            <body><nav><ul><li>Menu</li></ul></nav><h1>The &amp; headline</h1><p>First  para\n graph.</p>\
            <h2>Sub</h2><ul><li>one</li><li>two</li></ul><p>Caf&eacute; &#8220;x&#x201D;</p><footer>© x</footer></body></html>";
        assert_eq!(
            page_text(html),
            "The & headline\n\nFirst para graph.\n\n## Sub\n\n- one\n\n- two\n\nCafé “x”\n"
        );
        assert!(
            page_text("<title>Only a title</title><p>Body.</p>")
                .starts_with("Only a title\n\nBody.")
        );
    }
}

//! Bytes of any file that comes in (a clipping, a saved page, a post of
//! an old site) as text: UTF-8 (with or without BOM), UTF-16 with its BOM,
//! else the encoding a page declares, else Windows-1252 (which covers
//! Latin-1); any line ends. Every error names the file.

use std::path::Path;

use anyhow::{Context, Result};

/// The text of the file at `path`.
pub fn read(path: &Path) -> Result<String> {
    Ok(decode(&read_bytes(path)?))
}

/// The bytes of the file at `path`, or an error naming it.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

/// The text of `bytes`: UTF-8 when it is valid UTF-8, else the encoding
/// its BOM or a page's `charset` names in its first kilobytes, else
/// Windows-1252. Line ends become `\n`, no-break spaces spaces; control
/// characters other than tabs and line ends go.
pub fn decode(bytes: &[u8]) -> String {
    let text = decoded(bytes);
    // Most files need nothing of this: a byte scan tells.
    let odd = |b: &u8| (*b < 0x20 && !matches!(b, b'\t' | b'\n')) || *b == 0x7f || *b == 0xc2;
    if !text.as_bytes().iter().any(odd) {
        return text;
    }
    strip_controls(
        &text
            .replace("\r\n", "\n")
            .replace('\r', "\n")
            .replace('\u{a0}', " "),
    )
}

fn decoded(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => {
            let encoding = declared_charset(bytes).unwrap_or(encoding_rs::WINDOWS_1252);
            encoding.decode_without_bom_handling(bytes).0.into_owned()
        }
    }
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

    #[test]
    fn decodes_utf8_bom_latin1_utf16_and_line_ends() {
        assert_eq!(decode(b"\xEF\xBB\xBFCaf\xC3\xA9\r\nx\ry"), "Café\nx\ny");
        assert_eq!(
            decode(b"Caf\xe9 \x93quoted\x94 \x80 5"),
            "Café “quoted” € 5"
        );
        assert_eq!(decode(b"\xFF\xFEh\x00\xE9\x00"), "hé");
        // A page that says what it is written in is read in that.
        assert_eq!(
            decode(b"<meta charset=\"koi8-r\"><p>\xf0\xd2\xc9\xd7\xc5\xd4</p>"),
            "<meta charset=\"koi8-r\"><p>Привет</p>"
        );
    }

    #[test]
    fn a_file_that_cannot_be_read_is_named() {
        let err = read(Path::new("/nonexistent/post.md")).unwrap_err();
        assert!(
            format!("{err:#}").contains("/nonexistent/post.md"),
            "{err:#}"
        );
    }
}

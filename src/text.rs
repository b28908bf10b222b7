//! Text helpers every stage shares: escaping for HTML and XML, the plain
//! text of an HTML fragment, the words of a text, JSON for a `<script>`.

/// Escapes text for HTML and XML (`&`, `<`, `>`, `"`), and drops the
/// control characters XML 1.0 and HTML forbid (a clipping may carry them).
/// The characters to change are ASCII, so a byte scan finds them and the
/// text between is copied whole. Templates escape with it too.
pub fn escape(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len() + s.len() / 8);
    escape_into(s, &mut out).expect("writing to memory");
    String::from_utf8(out).expect("UTF-8 in, UTF-8 out")
}

/// [`escape`], writing into `out`: the template engine's escape function.
pub fn escape_into(s: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    const WITH: [&[u8]; 6] = [b"", b"&amp;", b"&lt;", b"&gt;", b"&quot;", b""];
    const TABLE: [u8; 256] = {
        let mut t = [0u8; 256];
        let mut b = 0;
        while b < 0x20 {
            if !matches!(b, b'\t' | b'\n' | b'\r') {
                t[b as usize] = 5;
            }
            b += 1;
        }
        t[0x7f] = 5;
        t[b'&' as usize] = 1;
        t[b'<' as usize] = 2;
        t[b'>' as usize] = 3;
        t[b'"' as usize] = 4;
        t
    };
    let bytes = s.as_bytes();
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let k = TABLE[b as usize];
        if k != 0 {
            out.write_all(&bytes[from..i])?;
            out.write_all(WITH[k as usize])?;
            from = i + 1;
        }
    }
    out.write_all(&bytes[from..])
}

/// Text of an HTML fragment, cut at a word boundary after `max` chars.
pub fn plain_text(html: &str, max: usize) -> String {
    // The text without its tags, with the entities the Markdown pass
    // writes decoded: one pass.
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if in_tag => {}
            '&' => {
                let entity = [
                    ("amp;", '&'),
                    ("lt;", '<'),
                    ("gt;", '>'),
                    ("quot;", '"'),
                    ("#39;", '\''),
                ]
                .into_iter()
                .find(|(name, _)| rest.starts_with(name));
                match entity {
                    Some((name, ch)) => {
                        rest = &rest[name.len()..];
                        text.push(ch);
                    }
                    None => text.push('&'),
                }
            }
            c => text.push(c),
        }
    }
    let mut out = String::new();
    let mut chars = 0;
    for w in text.split_whitespace() {
        let n = w.chars().count();
        if chars + n > max {
            // A run longer than what is left (Chinese, Japanese and Thai
            // write no spaces between words) is cut where the room ends,
            // after a mark of punctuation where there is one.
            if out.is_empty() || w.chars().any(unspaced) {
                let room: String = w.chars().take(max.saturating_sub(chars + 1)).collect();
                let cut = room
                    .char_indices()
                    .rev()
                    .find(|(_, c)| matches!(c, '。' | '，' | '、' | '；' | '！' | '？' | ' '))
                    .map(|(i, c)| i + c.len_utf8())
                    .filter(|&i| i > room.len() / 2)
                    .unwrap_or(room.len());
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&room[..cut]);
            }
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        out.push_str(w);
        chars += n;
    }
    out
}

/// A language as Open Graph writes a locale, `language_TERRITORY`, with the
/// territory CLDR's likely subtags give (`ar` → `ar_EG`, `pt` → `pt_BR`);
/// the code itself where none is known.
pub fn og_locale(code: &str) -> String {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static SEEN: OnceLock<Mutex<HashMap<String, String>>> = OnceLock::new();
    let seen = SEEN.get_or_init(Default::default);
    if let Some(known) = seen.lock().expect("not poisoned").get(code) {
        return known.clone();
    }
    let likely = || {
        let mut id: icu_locale_core::LanguageIdentifier = code.parse().ok()?;
        icu_locale::LocaleExpander::new_common().maximize(&mut id);
        Some(format!("{}_{}", id.language, id.region?))
    };
    let locale = likely().unwrap_or_else(|| code.replace('-', "_"));
    seen.lock()
        .expect("not poisoned")
        .insert(code.to_string(), locale.clone());
    locale
}

/// A sign its writer may put in or leave out without changing the word:
/// Arabic short vowels and tatweel, Hebrew points and cantillation.
/// Search and addresses leave them out (عِلم is علم).
pub fn optional_vowel(c: char) -> bool {
    matches!(c,
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}'
        | '\u{0591}'..='\u{05BD}' | '\u{05BF}' | '\u{05C1}' | '\u{05C2}' | '\u{05C4}'..='\u{05C7}')
}

/// A letter of a script written without spaces between words.
pub fn unspaced(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF // Thai, Lao
        | 0x1000..=0x109F // Myanmar
        | 0x1780..=0x17FF // Khmer
        | 0x3040..=0x30FF // Hiragana, Katakana
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF // Han
    )
}

use icu_properties::props::{GeneralCategory, GeneralCategoryGroup};

/// A combining mark (Unicode category M): a Thai tone mark, an Arabic
/// vowel sign, a Devanagari virama, an accent written apart.
pub fn is_mark(c: char) -> bool {
    !c.is_ascii()
        && GeneralCategoryGroup::Mark
            .contains(icu_properties::CodePointMapData::<GeneralCategory>::new().get(c))
}

/// The words of a text; ASCII text is split byte by byte.
pub fn words(text: &str) -> Box<dyn Iterator<Item = &str> + '_> {
    if !text.is_ascii() {
        // Marks (a Thai tone mark, an Arabic vowel sign, a Devanagari
        // virama) are part of the letter before them.
        return Box::new(
            text.split(|c: char| !c.is_alphanumeric() && !is_mark(c))
                .filter(|w| !w.is_empty()),
        );
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    Box::new(std::iter::from_fn(move || {
        while i < bytes.len() && !bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        (i > start).then(|| &text[start..i])
    }))
}

/// FNV-1a, 64 bits: a hash that is the same on every machine and in every
/// version (the fingerprinted names of stylesheets hold it).
pub struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Fnv1a {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv1a {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// `value` as JSON that is safe inside an HTML `<script>` block as well:
/// `<`, `>`, `&` and the two line separators JavaScript once refused are
/// written as `\\u` escapes (serde_json writes the rest).
pub fn script_json(value: &impl serde::Serialize) -> String {
    let json = serde_json::to_string(value).expect("plain data serialises");
    if !json.contains(['<', '>', '&', '\u{2028}', '\u{2029}']) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

/// The direction a language is written in: `rtl` for Arabic, Hebrew,
/// Persian, Urdu and the other languages written right to left, by the
/// language's primary subtag (`ar-EG` is Arabic), else `ltr`.
/// `en-GB`, `EN` or `en_US` → `en`.
pub fn primary(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Whether two language tags name one language (`pt-BR` and `pt`).
pub fn same_language(a: &str, b: &str) -> bool {
    primary(a) == primary(b)
}

pub fn direction(lang: &str) -> &'static str {
    let primary = lang.split(['-', '_']).next().unwrap_or(lang);
    const RTL: &[&str] = &[
        "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "ug", "ur", "yi",
    ];
    match RTL.iter().any(|r| r.eq_ignore_ascii_case(primary)) {
        true => "rtl",
        false => "ltr",
    }
}

/// At most the first `n` bytes of a text, cut at a character's start.
pub fn prefix(s: &str, n: usize) -> &str {
    let mut end = n.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_xml() {
        assert_eq!(
            escape("a<b & \"c\"\u{0}'\u{1f}\u{7f}\t>é"),
            "a&lt;b &amp; &quot;c&quot;'\t&gt;é"
        );
    }

    #[test]
    fn plain_text_drops_tags_decodes_once_and_cuts_at_a_word() {
        assert_eq!(
            plain_text(
                "<p>Tom &amp; Jerry&#39;s <em>&amp;lt;b&amp;gt;</em></p>\n<p>next</p>",
                100
            ),
            "Tom & Jerry's &lt;b&gt; next"
        );
        assert_eq!(plain_text("<p>one two three</p>", 8), "one two…");
        assert_eq!(og_locale("ar"), "ar_EG");
        assert_eq!(og_locale("en"), "en_US");
        assert_eq!(og_locale("pt-BR"), "pt_BR");
        assert_eq!(og_locale("zh"), "zh_CN");
        // Text without spaces is cut where the room ends, after its last
        // mark of punctuation in the second half.
        assert_eq!(
            plain_text(
                "<p>摩尔多瓦农村的妇女讲述，招募者如何许诺给她们国外的工作。</p>",
                16
            ),
            "摩尔多瓦农村的妇女讲述，…"
        );
        assert_eq!(
            plain_text("<p>ผู้หญิงหลายคนถูกบังคับให้ทำงาน</p>", 10)
                .chars()
                .count(),
            10
        );
        assert_eq!(plain_text("", 8), "");
    }

    #[test]
    fn words_are_runs_of_letters_and_digits() {
        assert_eq!(
            words("Ice-cream, 2 cones!").collect::<Vec<_>>(),
            ["Ice", "cream", "2", "cones"]
        );
        assert_eq!(
            words("Торговля людьми").collect::<Vec<_>>(),
            ["Торговля", "людьми"]
        );
    }

    #[test]
    fn script_json_is_safe_in_html() {
        assert_eq!(
            script_json(&"a\"b\\c\n</script>&\u{2028}"),
            r#""a\"b\\c\n\u003c/script\u003e\u0026\u2028""#
        );
    }
}

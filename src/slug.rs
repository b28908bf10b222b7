//! The one slug function of the project: titles, tags, headings and imports
//! all become URL parts through [`slugify`].

/// Turns text into a URL part of `[a-z0-9-]`: Latin letters lose their
/// accents, letters of other scripts are transliterated (deunicode),
/// everything else that is not a letter or digit becomes a hyphen.
/// Returns an empty string when nothing usable is left (the caller decides
/// whether that is an error).
pub fn slugify(text: &str) -> String {
    slugify_as(text, Slugs::Ascii)
}

/// How URL parts are spelt (`slugs:` in site.yaml).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Slugs {
    /// Other scripts transliterated: `torgovlia-liudmi`.
    #[default]
    Ascii,
    /// Other scripts' letters kept, in lower case: `торговля-людьми`.
    /// Latin letters lose their accents as with `ascii`.
    Unicode,
}

impl Slugs {
    /// The style of a language whose site names none: its letters kept
    /// where transliterating loses what tells words apart (scripts that
    /// leave out vowels, as Arabic and Hebrew do, and scripts of syllables
    /// and ideographs), transliterated elsewhere (Latin, Cyrillic, Greek).
    pub fn default_for(language: &str) -> Slugs {
        const KEPT: &[&str] = &[
            "ar", "fa", "ur", "ps", "sd", "ug", "ckb", "he", "yi", "zh", "ja", "ko", "th", "lo",
            "km", "my", "hi", "bn", "pa", "gu", "or", "ta", "te", "kn", "ml", "mr", "ne", "si",
            "am", "ti", "dv", "bo",
        ];
        let primary = language.split(['-', '_']).next().unwrap_or(language);
        match KEPT.iter().any(|k| k.eq_ignore_ascii_case(primary)) {
            true => Slugs::Unicode,
            false => Slugs::Ascii,
        }
    }
}

/// [`slugify`], with letters of other scripts kept under [`Slugs::Unicode`].
pub fn slugify_as(text: &str, style: Slugs) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.chars() {
        // Never part of an address: عِلم is علم.
        if crate::text::optional_vowel(c) {
            continue;
        }
        let folded = fold(c);
        let mark = crate::text::is_mark(c);
        if style == Slugs::Unicode && folded.is_empty() && (c.is_alphanumeric() || mark) {
            // Another script, as written: its marks (Thai tone marks,
            // Devanagari vowel signs) stay with their letters.
            if pending_hyphen && !mark {
                out.push('-');
                pending_hyphen = false;
            }
            if !(mark && out.is_empty()) {
                out.extend(c.to_lowercase());
            }
            continue;
        }
        if folded.is_empty() && c.is_alphanumeric() {
            // Another script: its letters transliterated (торговля →
            // torgovlia, Ελλάδα → ellada), each word apart.
            let spelt = deunicode::deunicode_char(c).unwrap_or("").replace('\'', "");
            if spelt.is_empty() {
                // A sign with no sound of its own (ь): part of its word.
                continue;
            }
            for part in spelt.split(|ch: char| !ch.is_ascii_alphanumeric()) {
                if part.is_empty() {
                    pending_hyphen = !out.is_empty();
                    continue;
                }
                if pending_hyphen {
                    out.push('-');
                    pending_hyphen = false;
                }
                out.push_str(&part.to_ascii_lowercase());
            }
            continue;
        }
        if folded.is_empty() {
            pending_hyphen = !out.is_empty();
            continue;
        }
        // Apostrophes join words ("men's" -> "mens"), they do not split them.
        if folded == "'" {
            continue;
        }
        if pending_hyphen {
            out.push('-');
            pending_hyphen = false;
        }
        out.push_str(folded);
    }
    out
}

/// True when `s` is already a valid slug: non-empty `[a-z0-9-]`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The ASCII spelling of one character in a slug; "" for a separator.
fn fold(c: char) -> &'static str {
    const ASCII: &str = "0123456789abcdefghijklmnopqrstuvwxyz";
    if c.is_ascii_alphanumeric() {
        let i = ASCII.find(c.to_ascii_lowercase()).unwrap_or(0);
        return &ASCII[i..i + 1];
    }
    match c {
        '\'' | '\u{2019}' => "'",
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å'
        | 'Ā' | 'Ă' | 'Ą' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => "c",
        'ď' | 'đ' | 'Ď' | 'Đ' | 'ð' | 'Ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ę' | 'Ě' => {
            "e"
        }
        'ğ' | 'Ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'İ' => "i",
        'ł' | 'Ł' | 'ľ' | 'Ľ' => "l",
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō'
        | 'Ő' => "o",
        'œ' | 'Œ' => "oe",
        'ř' | 'Ř' => "r",
        'ś' | 'š' | 'ş' | 'ș' | 'Ś' | 'Š' | 'Ş' | 'Ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' | 'Ť' | 'Ţ' | 'Ț' => "t",
        'þ' | 'Þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' => {
            "u"
        }
        'ý' | 'ÿ' | 'Ý' => "y",
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => "z",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_become_slugs() {
        assert_eq!(
            slugify("Kosovo: Nato force 'feeds Kosovo sex trade'"),
            "kosovo-nato-force-feeds-kosovo-sex-trade"
        );
        assert_eq!(
            slugify("Men's voices — Zürich, 2004"),
            "mens-voices-zurich-2004"
        );
        assert_eq!(slugify("  UN  "), "un");
        assert_eq!(slugify("Æsir Straße"), "aesir-strasse");
    }

    #[test]
    fn nothing_usable_gives_empty() {
        assert_eq!(slugify("!!!"), "");
        assert_eq!(slugify("—"), "");
    }

    #[test]
    fn every_script_gives_a_slug() {
        assert_eq!(slugify("Торговля людьми"), "torgovlia-liudmi");
        assert_eq!(slugify("Ελλάδα"), "ellada");
        assert_eq!(slugify("强奸"), "qiang-jian");
        assert!(!slugify("الاتجار بالبشر").is_empty());
        assert!(!slugify("การค้ามนุษย์").is_empty());
    }

    #[test]
    fn unicode_slugs_keep_other_scripts_and_spell_latin_as_ever() {
        let u = |t| slugify_as(t, Slugs::Unicode);
        assert_eq!(u("Торговля людьми"), "торговля-людьми");
        assert_eq!(u("Ελλάδα 2004"), "ελλάδα-2004");
        assert_eq!(u("การค้ามนุษย์"), "การค้ามนุษย์");
        assert_eq!(u("الاتجار بالبشر"), "الاتجار-بالبشر");
        // Short vowels and points are the writer's choice, not the word's.
        assert_eq!(u("عِلْم"), u("علم"));
        assert_eq!(u("عـلم"), u("علم"));
        assert_eq!(u("שָׁלוֹם"), "שלום");
        assert_eq!(slugify("عِلم"), slugify("علم"));
        assert_eq!(u("Men's voices — Zürich"), slugify("Men's voices — Zürich"));
        assert_eq!(u("!!!"), "");
    }

    #[test]
    fn slug_check() {
        assert!(is_slug("rape-and-war-2"));
        assert!(!is_slug("Rape"));
        assert!(!is_slug("a b"));
        assert!(!is_slug(""));
    }
}

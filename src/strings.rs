//! strings: the theme's own words (Exit this page, Published, Search …) in
//! the site's language. Each language has a file, `strings/LANG.yaml`, in
//! the default theme (en, fr, es, de, it, pt, pl, ro, ru, uk, ar, fa, he,
//! ur, th, zh), in a theme and in
//! the site; a later layer overrides an earlier one key by key, and a key
//! no file of the language gives comes in English. `pt-BR` reads `pt.yaml`
//! then `pt-BR.yaml`. Templates see them as `t`, the words of the page's
//! language (`{{ t.published }}`), and `site_t`, the site's, for the parts
//! every page shares (`{{ site_t.exit }}`); `{name}` in a string marks what
//! the page puts in. A counted string (`minutes`, `search_many`) may give
//! a form for each of CLDR's plural categories of its language (`zero`,
//! `one`, `two`, `few`, `many`, `other`; `other` is the one templates see
//! as `t.KEY`, all are `t.plural.KEY`). The `safety_` strings may mark words with a few
//! inline tags (`<strong>`, `<em>`, `<kbd>`, `<code>`, `<b>`, `<i>`,
//! `<br>`, none with attributes); anything else in them is text.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::date::Date;
use crate::error::{Problem, Problems};
use crate::theme::Theme;

/// One language's words, complete (English fills the gaps).
#[derive(Clone, Debug, Serialize)]
pub struct Strings {
    /// The primary subtag of the language (`pt` for `pt-BR`).
    #[serde(skip)]
    primary: String,
    #[serde(flatten)]
    words: BTreeMap<String, Word>,
    /// The counted strings given in plural forms: key → category → words.
    plural: BTreeMap<String, BTreeMap<String, String>>,
    /// The language's plural category of each number below
    /// [`KNOWN_COUNTS`], when a string has plural forms.
    #[serde(skip)]
    categories: Vec<&'static str>,
    #[serde(skip)]
    language: String,
    /// The keys no file of the language gives (they are in English).
    #[serde(skip)]
    missing: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub(crate) enum Word {
    Text(String),
    List(Vec<String>),
    /// A counted string's plural forms, by CLDR category.
    Forms(BTreeMap<String, String>),
}

/// The strings that say a number (`{count}`), and may have plural forms.
const COUNTED: &[&str] = &["minutes", "search_many"];

/// CLDR's plural categories.
const CATEGORIES: &[&str] = &["zero", "one", "two", "few", "many", "other"];

impl Strings {
    /// Whether any layer has words for `language` (else it gets English).
    pub fn has_language(theme: &Theme, language: &str) -> bool {
        let primary = language.split(['-', '_']).next().unwrap_or(language);
        theme.strings.iter().any(|(name, ..)| {
            let code = name.trim_end_matches(".yaml");
            code.eq_ignore_ascii_case(primary) || code.eq_ignore_ascii_case(language)
        })
    }

    /// The words for `language` from the theme's layers.
    pub fn load(theme: &Theme, language: &str) -> Result<Strings, Problems> {
        let primary = language.split(['-', '_']).next().unwrap_or(language);
        let mut files = vec!["en.yaml".to_string()];
        for code in [primary, language] {
            let name = format!("{code}.yaml");
            if !files.iter().any(|f| f.eq_ignore_ascii_case(&name)) {
                files.push(name);
            }
        }
        let mut problems = vec![];
        let mut parsed = vec![];
        for (name, origin, shown) in &theme.strings {
            let Some(order) = files.iter().position(|f| f.eq_ignore_ascii_case(name)) else {
                continue;
            };
            match read(origin, shown) {
                Ok(entries) => parsed.push((order, shown, entries)),
                Err(p) => problems.extend(p.0),
            }
        }
        // Keys are those English gives, in any layer (a theme may add its own).
        let known: Vec<String> = parsed
            .iter()
            .filter(|(order, ..)| *order == 0)
            .flat_map(|(_, _, e)| e.iter().map(|(k, ..)| k.clone()))
            .collect();
        let known: Vec<&str> = known.iter().map(String::as_str).collect();
        // What no file of the language itself gives: shown in English.
        let missing: Vec<String> = match primary.eq_ignore_ascii_case("en") {
            true => vec![],
            false => known
                .iter()
                .filter(|k| {
                    !parsed
                        .iter()
                        .any(|(order, _, e)| *order > 0 && e.iter().any(|(key, ..)| key == *k))
                })
                .map(|k| k.to_string())
                .collect(),
        };
        parsed.sort_by_key(|(order, ..)| *order);
        let mut words = BTreeMap::new();
        for (_, shown, entries) in parsed {
            for (key, word, line) in entries {
                if !known.contains(&key.as_str()) {
                    problems.push(Problem::new(
                        shown,
                        Some(line),
                        crate::yaml::unknown_key(&key, &known),
                    ));
                    continue;
                }
                match (&word, key.as_str()) {
                    (Word::List(l), "months" | "months_standalone") if l.len() == 12 => {}
                    (_, "months" | "months_standalone") => problems.push(Problem::new(
                        shown,
                        Some(line),
                        format!("`{key}` must be a list of the twelve month names, January first"),
                    )),
                    (Word::Text(_), _) => {}
                    (Word::Forms(f), k) if COUNTED.contains(&k) => {
                        if let Some(bad) = f.keys().find(|c| !CATEGORIES.contains(&c.as_str())) {
                            problems.push(Problem::new(shown, Some(line), format!(
                                "`{key}` has a form `{bad}`; plural forms are zero, one, two, few, many and other"
                            )));
                        } else if !f.contains_key("other") {
                            problems.push(Problem::new(shown, Some(line), format!(
                                "`{key}` needs its `other` form (the one for any number the others do not take)"
                            )));
                        }
                    }
                    (Word::Forms(_), _) => problems.push(Problem::new(
                        shown,
                        Some(line),
                        format!(
                            "`{key}` must be text (only {} may have plural forms)",
                            COUNTED.join(" and ")
                        ),
                    )),
                    (Word::List(_), _) => problems.push(Problem::new(
                        shown,
                        Some(line),
                        format!("`{key}` must be text"),
                    )),
                }
                let word = match word {
                    Word::Text(t) if is_html(&key) => Word::Text(inline_html(&t)),
                    other => other,
                };
                words.insert(key, word);
            }
        }
        Problems(problems).into_result()?;
        // Templates see a counted string as its `other` form; its forms
        // are `plural`.
        let mut plural = BTreeMap::new();
        for (key, word) in &mut words {
            if let Word::Forms(forms) = word {
                let other = forms.get("other").cloned().unwrap_or_default();
                plural.insert(key.clone(), std::mem::take(forms));
                *word = Word::Text(other);
            }
        }
        let categories = match plural.is_empty() {
            true => vec![],
            false => plural_rules(language).map_or(vec![], |r| {
                (0..KNOWN_COUNTS).map(|n| category(&r, n)).collect()
            }),
        };
        Ok(Strings {
            primary: primary.to_ascii_lowercase(),
            words,
            plural,
            categories,
            language: language.to_string(),
            missing,
        })
    }

    /// Puts the exit button's words (escaped) in the safety page's HTML
    /// strings, where they say `{exit}`.
    pub fn name_exit(&mut self, label: &str) {
        let label = crate::text::escape(label);
        for (key, word) in &mut self.words {
            if let (true, Word::Text(t)) = (key.starts_with("safety_"), word) {
                *t = t.replace("{exit}", &label);
            }
        }
    }

    /// The words for `key`; empty when no file has it.
    pub fn get(&self, key: &str) -> &str {
        match self.words.get(key) {
            Some(Word::Text(t)) => t,
            _ => "",
        }
    }

    /// The keys no file of the language gives, which pages show in English.
    pub fn missing(&self) -> &[String] {
        &self.missing
    }

    /// The language the words of `key` are in: English where the
    /// language's files leave a gap.
    pub fn lang_of(&self, key: &str) -> &str {
        match self.missing.iter().any(|k| k == key) {
            true => "en",
            false => &self.language,
        }
    }

    /// The language of the words of `key` when it is not `lang`.
    pub fn other_than(&self, key: &str, lang: &str) -> Option<&str> {
        let of = self.lang_of(key);
        (!crate::text::same_language(of, lang)).then_some(of)
    }

    /// The words as the text of a page in `page_lang` shows them: escaped
    /// (the safety page's already are), and each one that is in another
    /// language (English where the language's files leave a gap; every one
    /// where `page_lang` has no words of its own) inside a `<span>` with
    /// its `lang`, and its `dir` where that differs from the page's.
    pub fn marked(&self, page_lang: &str) -> tera::Value {
        let page_dir = crate::text::direction(page_lang);
        let mut marked = tera::Map::with_capacity(self.words.len());
        for (key, word) in &self.words {
            let Word::Text(text) = word else { continue };
            let html = match is_html(key) {
                true => text.clone(),
                false => crate::text::escape(text),
            };
            let lang = self.lang_of(key);
            let html = match crate::text::same_language(lang, page_lang) {
                true => html,
                false => {
                    let dir = crate::text::direction(lang);
                    let dir = match dir == page_dir {
                        true => String::new(),
                        false => format!(" dir=\"{dir}\""),
                    };
                    format!("<span lang=\"{lang}\"{dir}>{html}</span>")
                }
            };
            marked.insert(key.clone().into(), tera::Value::safe_string(&html));
        }
        tera::Value::from(marked)
    }

    /// Counted string `key` for `n` (`{count}` filled in), in the plural
    /// form the language takes for `n` where the string has forms.
    pub fn count(&self, key: &str, n: u64) -> String {
        let text = match self.plural.get(key) {
            Some(forms) => {
                let known = usize::try_from(n).ok().and_then(|i| self.categories.get(i));
                let category = known
                    .copied()
                    .or_else(|| plural_rules(&self.language).map(|r| category(&r, n)));
                category
                    .and_then(|c| forms.get(c))
                    .map_or(self.get(key), String::as_str)
            }
            None => self.get(key),
        };
        text.replace("{count}", itoa::Buffer::new().format(n))
    }

    /// `7 May 2004` as the language writes it.
    pub fn date(&self, d: &Date) -> String {
        let month = match self.words.get("months") {
            Some(Word::List(m)) => m[d.month as usize - 1].as_str(),
            _ => "",
        };
        self.get("date")
            .replace("{day}", itoa::Buffer::new().format(d.day))
            .replace("{month}", month)
            .replace("{year}", itoa::Buffer::new().format(d.year))
    }

    /// A month's name with its year, as a list of its articles is titled
    /// ("June 2009", "июнь 2009", "2009年6月").
    pub fn month_year(&self, year: i32, month: u8) -> String {
        let name = ["months_standalone", "months"]
            .iter()
            .find_map(|key| match self.words.get(*key) {
                Some(Word::List(m)) => m.get(month as usize - 1).map(String::as_str),
                _ => None,
            })
            .unwrap_or("");
        self.get("month_year")
            .replace("{month}", name)
            .replace("{year}", itoa::Buffer::new().format(year))
    }

    /// A content warning as a sentence: "This article describes rape,
    /// sexual violence and the abuse of children."
    pub fn describe_warnings(&self, warnings: &[String]) -> String {
        // English warnings read better as the sentence's objects.
        let english = self.primary == "en";
        let phrases: Vec<&str> = warnings
            .iter()
            .map(|w| match (english, w.trim()) {
                (true, "child abuse" | "child sexual abuse") => "the abuse of children",
                (true, "killing") => "killings",
                (_, other) => other,
            })
            .collect();
        let list = match phrases.as_slice() {
            [] => return String::new(),
            [one] => one.to_string(),
            [init @ .., last] => format!(
                "{}{}{last}",
                init.join(self.get("list_comma")),
                self.get("list_and")
            ),
        };
        self.get("describes").replace("{list}", &list)
    }
}

/// A language's name for itself, for the language switcher: `ru` →
/// `Русский`. Others are named in `languages:`, or by their code.
pub fn autonym(code: &str) -> Option<&'static str> {
    let primary = code
        .split(['-', '_'])
        .next()
        .unwrap_or(code)
        .to_ascii_lowercase();
    Some(match primary.as_str() {
        "ar" => "العربية",
        "bg" => "Български",
        "bn" => "বাংলা",
        "ca" => "Català",
        "cs" => "Čeština",
        "da" => "Dansk",
        "de" => "Deutsch",
        "el" => "Ελληνικά",
        "en" => "English",
        "es" => "Español",
        "fa" => "فارسی",
        "fi" => "Suomi",
        "fr" => "Français",
        "he" => "עברית",
        "hi" => "हिन्दी",
        "hr" => "Hrvatski",
        "hu" => "Magyar",
        "id" => "Bahasa Indonesia",
        "it" => "Italiano",
        "ja" => "日本語",
        "ko" => "한국어",
        "lt" => "Lietuvių",
        "lv" => "Latviešu",
        "ms" => "Bahasa Melayu",
        "nl" => "Nederlands",
        "no" | "nb" => "Norsk",
        "pl" => "Polski",
        "pt" => "Português",
        "ro" => "Română",
        "ru" => "Русский",
        "sk" => "Slovenčina",
        "sq" => "Shqip",
        "sr" => "Српски",
        "sv" => "Svenska",
        "sw" => "Kiswahili",
        "th" => "ไทย",
        "tl" => "Tagalog",
        "tr" => "Türkçe",
        "uk" => "Українська",
        "ur" => "اردو",
        "vi" => "Tiếng Việt",
        "zh" => "中文",
        _ => return None,
    })
}

/// How many numbers' plural categories are worked out when the strings
/// are loaded (a reading time, a count of results).
const KNOWN_COUNTS: u64 = 1000;

/// CLDR's cardinal plural rules of `language` (`ar`, `pt-BR`).
fn plural_rules(language: &str) -> Option<icu_plurals::PluralRules> {
    let locale: icu_locale_core::Locale = language.parse().ok()?;
    icu_plurals::PluralRules::try_new(locale.into(), Default::default()).ok()
}

/// The plural category of `n` by `rules`, as strings files name it.
fn category(rules: &icu_plurals::PluralRules, n: u64) -> &'static str {
    use icu_plurals::PluralCategory as C;
    match rules.category_for(n) {
        C::Zero => "zero",
        C::One => "one",
        C::Two => "two",
        C::Few => "few",
        C::Many => "many",
        C::Other => "other",
    }
}

/// The entries of one strings file: key, words, line.
fn read(
    origin: &crate::theme::Origin,
    shown: &std::path::Path,
) -> Result<Vec<(String, Word, usize)>, Problems> {
    let bytes = origin
        .read()
        .map_err(|e| Problem::new(shown, None, format!("cannot read: {e}")))?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| Problem::new(shown, None, "not UTF-8; save it as UTF-8"))?;
    entries(text, shown)
}

/// The entries of a strings file's text.
pub(crate) fn entries(
    text: &str,
    shown: &std::path::Path,
) -> Result<Vec<(String, Word, usize)>, Problems> {
    let doc = crate::yaml::Doc::parse(text, 1).map_err(|(l, m)| Problem::new(shown, Some(l), m))?;
    let mut out = vec![];
    let mut problems = vec![];
    for e in &doc.entries {
        let word = match &e.value {
            serde_yaml::Value::Sequence(_) => {
                e.get::<Vec<String>>("a list of text").map(Word::List)
            }
            serde_yaml::Value::Mapping(_) => e
                .get::<BTreeMap<String, String>>("plural forms (one: …, other: …)")
                .map(Word::Forms),
            _ => e.get::<String>("text").map(Word::Text),
        };
        match word {
            Ok(w) => out.push((e.key.clone(), w, e.line)),
            Err((l, m)) => problems.push(Problem::new(shown, Some(l), m)),
        }
    }
    Problems(problems).into_result()?;
    Ok(out)
}

/// Whether the words of `key` are HTML (the safety page's, which may
/// mark words with a few inline tags), not text.
fn is_html(key: &str) -> bool {
    key.starts_with("safety_")
}

/// `text` escaped for HTML but for the few inline tags a safety string
/// may use, written bare: a translation can mark a key, never run a script
/// or link elsewhere on the page a survivor reads about staying safe.
pub(crate) fn inline_html(text: &str) -> String {
    const TAGS: [&str; 7] = ["strong", "em", "kbd", "code", "b", "i", "br"];
    let mut out = crate::text::escape(text);
    for tag in TAGS {
        let (open, close) = (format!("&lt;{tag}&gt;"), format!("&lt;/{tag}&gt;"));
        // An element left open would run on over the page.
        if tag != "br" && out.matches(&open).count() != out.matches(&close).count() {
            continue;
        }
        out = out
            .replace(&open, &format!("<{tag}>"))
            .replace(&close, &format!("</{tag}>"));
    }
    isolated_key_combinations(&out)
}

/// Each key combination (`<kbd>Ctrl</kbd>+<kbd>H</kbd>`) in a `<bdi>`, so
/// that a right-to-left page shows it in the order it is pressed, not
/// as "H+Ctrl".
fn isolated_key_combinations(html: &str) -> String {
    let key = |s: &str| -> Option<usize> {
        let inner = s.strip_prefix("<kbd>")?;
        let end = inner.find("</kbd>")?;
        (!inner[..end].contains('<')).then_some("<kbd>".len() + end + "</kbd>".len())
    };
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<kbd>") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let (mut len, mut keys) = (0, 0);
        while let Some(k) = key(&rest[len..]) {
            len += k;
            keys += 1;
            match rest[len..].strip_prefix('+') {
                Some(next) if next.starts_with("<kbd>") => len += 1,
                _ => break,
            }
        }
        let len = len.max(1);
        match keys >= 2 {
            true => out.push_str(&format!("<bdi>{}</bdi>", &rest[..len])),
            false => out.push_str(&rest[..len]),
        }
        rest = &rest[len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_combinations_keep_their_order_on_right_to_left_pages() {
        assert_eq!(
            inline_html(
                "اضغط <kbd>Ctrl</kbd>+<kbd>H</kbd>، أو <kbd>Shift</kbd> و<kbd>Cmd</kbd>+<kbd>Alt</kbd>+<kbd>Y</kbd>"
            ),
            "اضغط <bdi><kbd>Ctrl</kbd>+<kbd>H</kbd></bdi>، أو <kbd>Shift</kbd> و<bdi><kbd>Cmd</kbd>+<kbd>Alt</kbd>+<kbd>Y</kbd></bdi>"
        );
        // An unclosed key is text, as before.
        assert_eq!(inline_html("<kbd>Ctrl+H"), "&lt;kbd&gt;Ctrl+H");
    }

    #[test]
    fn safety_strings_keep_their_inline_tags_and_nothing_else() {
        let got = inline_html(
            "Press <kbd>Shift</kbd> or <strong>Exit</strong><script>alert(1)</script> \
             <a href=\"https://x.example/\">x</a> <em>open <img src=x onerror=alert(2)>",
        );
        assert_eq!(
            got,
            "Press <kbd>Shift</kbd> or <strong>Exit</strong>&lt;script&gt;alert(1)&lt;/script&gt; \
             &lt;a href=&quot;https://x.example/&quot;&gt;x&lt;/a&gt; &lt;em&gt;open \
             &lt;img src=x onerror=alert(2)&gt;"
        );
    }

    fn theme() -> Theme {
        Theme::load(std::path::Path::new("/nonexistent"), "default").unwrap()
    }

    #[test]
    fn every_language_has_every_english_key() {
        let t = theme();
        let english = Strings::load(&t, "en").unwrap();
        for (name, ..) in &t.strings {
            let lang = name.trim_end_matches(".yaml");
            let file = read(
                &t.strings.iter().find(|s| &s.0 == name).unwrap().1,
                "x".as_ref(),
            )
            .unwrap();
            for key in english.words.keys() {
                assert!(
                    file.iter().any(|(k, ..)| k == key),
                    "strings/{lang}.yaml has no `{key}`"
                );
            }
            // What a page puts in is marked the same way in every language.
            for (key, word, _) in &file {
                if let (Word::Text(w), Some(Word::Text(en))) = (word, english.words.get(key)) {
                    for mark in [
                        "{list}",
                        "{count}",
                        "{query}",
                        "{name}",
                        "{title}",
                        "{section}",
                        "{number}",
                        "{total}",
                        "{exit}",
                        "{day}",
                        "{month}",
                        "{year}",
                    ] {
                        assert_eq!(
                            w.contains(mark),
                            en.contains(mark),
                            "{lang}: {key} and {mark}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn counted_strings_take_the_plural_form_of_their_number() {
        let t = theme();
        let counts = [1, 2, 5, 11, 21, 102];
        let said = |s: &Strings| counts.map(|n| s.count("minutes", n)).to_vec();
        assert_eq!(
            said(&Strings::load(&t, "ar").unwrap()),
            [
                "دقيقة واحدة",
                "دقيقتان",
                "5 دقائق",
                "11 دقيقة",
                "21 دقيقة",
                "102 دقيقة"
            ]
        );
        assert_eq!(
            said(&Strings::load(&t, "ru").unwrap()),
            [
                "1 минута",
                "2 минуты",
                "5 минут",
                "11 минут",
                "21 минута",
                "102 минуты"
            ]
        );
        // A site's own strings file gives Polish its forms.
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(site.path().join("strings")).unwrap();
        std::fs::write(
            site.path().join("strings/pl.yaml"),
            "minutes:\n  one: \"{count} minuta\"\n  few: \"{count} minuty\"\n  many: \"{count} minut\"\n  other: \"{count} minuty\"\n",
        )
        .unwrap();
        let with_polish = Theme::load(site.path(), "default").unwrap();
        assert_eq!(
            said(&Strings::load(&with_polish, "pl").unwrap()),
            [
                "1 minuta",
                "2 minuty",
                "5 minut",
                "11 minut",
                "21 minut",
                "102 minuty"
            ]
        );
        // Templates see the `other` form.
        assert_eq!(
            Strings::load(&t, "ru").unwrap().get("minutes"),
            "{count} минуты"
        );
        // A form CLDR does not name, or none for `other`, is an error.
        std::fs::write(
            site.path().join("strings/pl.yaml"),
            "minutes:\n  one: a\n  several: b\n",
        )
        .unwrap();
        let bad = Theme::load(site.path(), "default").unwrap();
        let err = Strings::load(&bad, "pl").unwrap_err().0;
        assert!(err[0].message.contains("form `several`"), "{err:?}");
        std::fs::write(
            site.path().join("strings/pl.yaml"),
            "exit:\n  one: a\n  other: b\n",
        )
        .unwrap();
        let bad = Theme::load(site.path(), "default").unwrap();
        assert!(Strings::load(&bad, "pl").is_err());
    }

    #[test]
    fn languages_fall_back_by_subtag_then_english() {
        let t = theme();
        let fr = Strings::load(&t, "fr-CA").unwrap();
        assert_eq!(fr.get("exit"), "Quitter cette page");
        let d = Date::parse("2004-05-07").unwrap();
        assert_eq!(fr.date(&d), "7 mai 2004");
        assert_eq!(
            Strings::load(&t, "el").unwrap().get("exit"),
            "Exit this page"
        );
        let en = Strings::load(&t, "en").unwrap();
        assert_eq!(en.date(&d), "7 May 2004");
        assert_eq!(
            en.describe_warnings(&["rape".into(), "killing".into(), "child abuse".into()]),
            "This article describes rape, killings and the abuse of children."
        );
        assert_eq!(
            Strings::load(&t, "ru")
                .unwrap()
                .describe_warnings(&["насилие".into(), "убийства".into()]),
            "В этой статье описывается: насилие и убийства."
        );
    }
}

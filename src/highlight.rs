//! Code blocks highlighted when the site is built: each token a `<span>`
//! with classes named after its scope (`hl-keyword`, `hl-string`,
//! `hl-comment`), which the theme's stylesheet colours. No inline style,
//! no script: the Content-Security-Policy stays strict.

//!
//! Highlighting is slow next to the rest of a build (a thousand articles
//! with four short blocks each took a second of two cores), so what a build
//! highlighted is kept in `.placard-cache/highlight.json` for the next, and
//! in memory for the dev server's rebuilds: a rebuild highlights only the
//! code that changed.

use std::collections::HashMap;
use std::hash::Hasher;
use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, LazyLock, RwLock};

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;

/// `keyword.control.rust` → `hl-keyword hl-control hl-rust`.
const CLASSES: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Loaded the first time a page has a code block in a known language.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The HTML of a fenced code block whose info string is `info` (```rust,
/// ```yaml title="x"): None when its language is none placard knows, and
/// it is written as it was.
pub fn code_block(info: &str, code: &str) -> Option<Arc<str>> {
    let lang = info
        .split([' ', ',', '{', '}', '.'])
        .find(|w| !w.is_empty())?
        .to_ascii_lowercase();
    let key = format!("{lang}\n{code}");
    if let Some(done) = DONE.read().expect("no panic holds it").get(&key) {
        done.round
            .store(ROUND.load(Ordering::Relaxed), Ordering::Relaxed);
        return done.html.clone();
    }
    let html: Option<Arc<str>> = highlighted(&lang, code).map(Into::into);
    let done = Done {
        html: html.clone(),
        round: AtomicU32::new(ROUND.load(Ordering::Relaxed)),
        read_in: 0,
    };
    DONE.write().expect("no panic holds it").insert(key, done);
    html
}

/// A block highlighted, or found to be in no language placard knows, the
/// last round of building that showed it, and the last round that read it
/// from a cache file (0: none did).
struct Done {
    html: Option<Arc<str>>,
    round: AtomicU32,
    read_in: u32,
}

/// Every block this process has highlighted (or read from a cache), by
/// its language and code.
static DONE: LazyLock<RwLock<HashMap<String, Done>>> = LazyLock::new(Default::default);

/// The rounds of building, counted by [`open`]; a block is stamped with
/// the latest when it is shown, and [`keep`] writes the blocks stamped
/// since its round began (builds of other sites at the same time, as in
/// tests, may add theirs, never take away).
static ROUND: AtomicU32 = AtomicU32::new(0);

/// Where a site keeps what its last build highlighted.
pub const CACHE: &str = ".placard-cache/highlight.json";

/// The first line of the cache file: the format, the placard that wrote it
/// (another placard may highlight otherwise), and a checksum of the rest
/// (a file edited by hand, or cut short, is not read).
fn header(rest: &str) -> String {
    let mut sum = crate::text::Fnv1a::default();
    sum.write(rest.as_bytes());
    format!(
        "placard-highlight 1 {} {:016x}\n",
        env!("CARGO_PKG_VERSION"),
        sum.finish()
    )
}

/// A round of building, begun by [`open`] and ended by [`keep`].
pub struct Round {
    number: u32,
    /// How many blocks its cache file held.
    read: usize,
}

/// A new round of building `root`: what its cache holds is known from now
/// on. A cache that cannot be read is as good as none.
pub fn open(root: &Path) -> Round {
    let number = ROUND.fetch_add(1, Ordering::Relaxed) + 1;
    let blocks = std::fs::read_to_string(root.join(CACHE))
        .ok()
        .and_then(|text| {
            let (first, rest) = text.split_once('\n')?;
            (format!("{first}\n") == header(rest)).then_some(())?;
            serde_json::from_str::<Vec<(String, String)>>(rest).ok()
        })
        .unwrap_or_default();
    let read = blocks.len();
    let mut done = DONE.write().expect("no panic holds it");
    for (key, html) in blocks {
        done.entry(key)
            .or_insert(Done {
                html: Some(html.into()),
                round: AtomicU32::new(0),
                read_in: 0,
            })
            .read_in = number;
    }
    Round { number, read }
}

/// Writes the blocks shown since `round` began into `root`'s cache, for the
/// next build (replacing the file whole: a build killed meanwhile leaves
/// the old one). A round that showed just what its file held leaves the
/// file as it is; a site without code keeps none.
pub fn keep(root: &Path, round: Round) -> anyhow::Result<()> {
    let mut unchanged = true;
    let mut blocks: Vec<(String, Arc<str>)> = DONE
        .read()
        .expect("no panic holds it")
        .iter()
        .filter(|(_, d)| d.round.load(Ordering::Relaxed) >= round.number)
        .filter_map(|(key, d)| {
            let html = d.html.clone()?;
            unchanged &= d.read_in == round.number;
            Some((key.clone(), html))
        })
        .collect();
    if blocks.is_empty() {
        return match std::fs::remove_file(root.join(CACHE)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        };
    }
    if unchanged && blocks.len() == round.read {
        return Ok(());
    }
    // In one order, so that an unchanged site writes the same file.
    blocks.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let pairs: Vec<(&str, &str)> = blocks.iter().map(|(k, h)| (k.as_str(), &**h)).collect();
    let rest = serde_json::to_string(&pairs).expect("strings");
    // Never half-written, never written through a link.
    let text = format!("{}{rest}", header(&rest));
    crate::article::replace(root, Path::new(CACHE), text.as_bytes())
}

/// `code` highlighted as `lang` (lower case), or None in a language
/// placard does not know.
fn highlighted(lang: &str, code: &str) -> Option<String> {
    let token = match lang {
        "shell" | "console" | "shell-session" | "zsh" => "sh",
        "yml" => "yaml",
        "javascript" => "js",
        other => other,
    };
    // Built only for a language it has: most sites have no code at all.
    if !known(token) {
        return None;
    }
    let syntaxes = &*SYNTAXES;
    let syntax = syntaxes.find_syntax_by_token(token)?;
    let mut html = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, CLASSES);
    for line in syntect::util::LinesWithEndings::from(code) {
        html.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    let lang = crate::text::escape(lang);
    Some(format!(
        "<pre class=\"highlight\"><code class=\"language-{lang}\">{}</code></pre>\n",
        html.finalize()
    ))
}

/// Whether a syntax answers to `token`, without loading the syntaxes for
/// one that none does (a plain ```text block).
fn known(token: &str) -> bool {
    !matches!(
        token,
        "text" | "plain" | "plaintext" | "txt" | "none" | "output" | ""
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cache file holding `blocks`, as `keep` writes one.
    fn cache_file(root: &Path, blocks: &[(&str, &str)]) -> String {
        let rest = serde_json::to_string(blocks).unwrap();
        let text = format!("{}{rest}", header(&rest));
        std::fs::create_dir_all(root.join(".placard-cache")).unwrap();
        std::fs::write(root.join(CACHE), &text).unwrap();
        text
    }

    #[test]
    fn a_build_keeps_what_it_highlighted_and_the_next_reads_it() {
        let site = tempfile::tempdir().unwrap();
        // Keys no other test uses: the map is the process's.
        let (a, b) = ("let kept_a = 1;\n", "let kept_b = 2;\n");
        let round = open(site.path());
        let first = code_block("rust", a).unwrap();
        code_block("rust", b).unwrap();
        code_block("klingon", "qaplah\n");
        keep(site.path(), round).unwrap();
        let text = std::fs::read_to_string(site.path().join(CACHE)).unwrap();
        assert!(text.starts_with("placard-highlight 1 "), "{text}");
        let blocks: Vec<(String, String)> =
            serde_json::from_str(text.split_once('\n').unwrap().1).unwrap();
        // Tests highlighting at the same time may add theirs (one map for
        // the process): only these keys are this test's.
        let mine: Vec<_> = blocks.iter().filter(|(k, _)| k.contains("kept_")).collect();
        assert_eq!(mine.len(), 2, "{blocks:?}");
        assert_eq!(*mine[0], (format!("rust\n{a}"), first.to_string()));

        // The next round shows only `a`: the file keeps only `a`.
        let round = open(site.path());
        code_block("rust", a).unwrap();
        keep(site.path(), round).unwrap();
        let text = std::fs::read_to_string(site.path().join(CACHE)).unwrap();
        assert!(
            text.contains("kept_a") && !text.contains("kept_b"),
            "{text}"
        );

        // What a cache holds is what the next build shows, unhighlighted
        // again; a file whose checksum does not hold is not read.
        let other = tempfile::tempdir().unwrap();
        let (c, d) = ("let read_c = 3;\n", "let read_d = 4;\n");
        cache_file(
            other.path(),
            &[(&format!("rust\n{c}"), "<pre>from the cache</pre>")],
        );
        open(other.path());
        assert_eq!(
            code_block("rust", c).as_deref(),
            Some("<pre>from the cache</pre>")
        );
        let text = cache_file(
            other.path(),
            &[(&format!("rust\n{d}"), "<pre>planted</pre>")],
        );
        std::fs::write(other.path().join(CACHE), text.replace("planted", "p1anted")).unwrap();
        open(other.path());
        let shown = code_block("rust", d).unwrap();
        assert!(
            shown.contains("hl-rust") && !shown.contains("p1anted"),
            "{shown}"
        );
    }

    #[test]
    fn code_is_classes_and_escaped_text() {
        let rust = code_block("rust", "fn main() {\n    let x = \"<b>\"; // note\n}\n").unwrap();
        assert!(
            rust.starts_with("<pre class=\"highlight\"><code class=\"language-rust\">"),
            "{rust}"
        );
        assert!(
            rust.contains("<span class=\"hl-storage hl-type hl-function hl-rust\">fn</span>"),
            "{rust}"
        );
        assert!(
            rust.contains("&lt;b&gt;") && !rust.contains("<b>"),
            "{rust}"
        );
        assert!(rust.contains("hl-comment"), "{rust}");
        assert!(!rust.contains("style="), "{rust}");
        for (info, code, class) in [
            ("yaml", "title: A\ntags: [a, b]\n", "hl-entity"),
            ("sh", "echo \"$HOME\" # home\n", "hl-comment"),
            ("shell", "ls -la\n", "hl-source"),
            ("html", "<p class=\"x\">Hi</p>\n", "hl-tag"),
            ("yml {title=x}", "a: 1\n", "hl-yaml"),
        ] {
            let html = code_block(info, code).unwrap_or_else(|| panic!("{info}"));
            assert!(html.contains(class), "{info}: {html}");
        }
        assert_eq!(code_block("text", "plain"), None);
        assert_eq!(code_block("klingon", "qaplah"), None);
        assert_eq!(code_block("", "x"), None);
    }
}

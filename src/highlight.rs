//! Code blocks highlighted when the site is built: each token a `<span>`
//! with classes named after its scope (`hl-keyword`, `hl-string`,
//! `hl-comment`), which the theme's stylesheet colours. No inline style,
//! no script: the Content-Security-Policy stays strict.

use std::sync::LazyLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;

/// `keyword.control.rust` → `hl-keyword hl-control hl-rust`.
const CLASSES: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Loaded the first time a page has a code block in a known language.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The HTML of a fenced code block whose info string is `info` (```rust,
/// ```yaml title="x"): None when its language is none placard knows, and
/// it is written as it was.
pub fn code_block(info: &str, code: &str) -> Option<String> {
    let lang = info
        .split([' ', ',', '{', '}', '.'])
        .find(|w| !w.is_empty())?
        .to_ascii_lowercase();
    let token = match lang.as_str() {
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
    let lang = crate::text::escape(&lang);
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

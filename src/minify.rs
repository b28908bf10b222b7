//! minify: the theme's templates are minified once, when they are loaded,
//! instead of every page after it is rendered. The markup the theme writes
//! comes out as minify-html makes it; what pages insert (article bodies,
//! titles) is written as rendered, so minifying costs nothing per page.
//!
//! The template tags are masked while minify-html works on the markup
//! around them and put back after. Tags among an element's attributes
//! (`<html lang="x"{% if rtl %} dir="rtl"{% endif %}>`) travel as one
//! attribute, from the opening statement to its end. A template is used as
//! written when its tags do not come back whole and in order (inside a
//! comment, say), or when minify-html would mend its markup rather than
//! only shorten it.

#[cfg(feature = "minify")]
const OPEN: char = '\u{E000}';
#[cfg(feature = "minify")]
const CLOSE: char = '\u{E001}';

/// `source` with its markup minified and its template tags untouched, or
/// None when that cannot be done safely.
#[cfg(feature = "minify")]
pub fn template(source: &str) -> Option<String> {
    let (masked, tags) = mask(source)?;
    let mut cfg = minify_html::Cfg::new();
    cfg.keep_closing_tags = true;
    cfg.keep_html_and_head_opening_tags = true;
    // The statement tags travel as comments; the template's own comments
    // were dropped by `mask`.
    cfg.keep_comments = true;
    let minified = String::from_utf8(minify_html::minify(masked.as_bytes(), &cfg)).ok()?;
    // minify-html mends markup it finds unbalanced, as a template's branches
    // often are (`{% if %}<a …>{% else %}<a>{% endif %}`): mended markup is
    // no longer the template's, so its elements must come out as they went in.
    if elements(&masked).ne(elements(&minified)) {
        return None;
    }
    unmask(&minified, &tags, source.len())
}

/// The opening and closing tags of `html`, in order, by name.
#[cfg(feature = "minify")]
fn elements(html: &str) -> impl Iterator<Item = &str> {
    html.split('<').skip(1).filter_map(|piece| {
        let name_end = piece
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '/' || c == '-'))
            .unwrap_or(piece.len());
        let name = &piece[..name_end];
        name.trim_start_matches('/')
            .starts_with(|c: char| c.is_ascii_alphabetic())
            .then_some(name)
    })
}

/// A template tag taken out of the markup, and whether its marker stands
/// as a comment (a statement between elements, which renders nothing of
/// its own: whitespace around it then goes as around a comment).
#[cfg(feature = "minify")]
struct Tag<'a> {
    text: &'a str,
    comment: bool,
    /// Stands among an element's attributes, as an attribute of its own
    /// (`\u{E000}N\u{E001}`, no space); its text keeps the whitespace
    /// that led it.
    attribute: bool,
}

/// The template with each tag replaced by a marker minify-html takes for
/// text (`\u{E000}N \u{E001}`; the space keeps an attribute value holding
/// one quoted, as what is rendered there may have spaces) or, for
/// statements between elements, for a comment. HTML comments are dropped.
#[cfg(feature = "minify")]
fn mask(source: &str) -> Option<(String, Vec<Tag<'_>>)> {
    use std::fmt::Write;
    if source.contains([OPEN, CLOSE]) {
        return None;
    }
    let mut tags = vec![];
    let mut out = String::with_capacity(source.len() + 64);
    let (mut in_tag, mut quote) = (false, None::<u8>);
    let bytes = source.as_bytes();
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        let close = match (bytes[i], bytes.get(i + 1)) {
            (b'{', Some(b'{')) => Some("}}"),
            (b'{', Some(b'%')) => Some("%}"),
            (b'{', Some(b'#')) => Some("#}"),
            _ => None,
        };
        if let (Some(_), true, None) = (close, in_tag, quote) {
            // Among attributes: the statement and what it holds, to its end.
            let start = source[..i].trim_end().len();
            let end = attribute_span(source, i)?;
            let text = &source[start..end];
            // `"x"{% if %}y=…`: nothing would part it from the attribute before.
            let mut inner = text;
            while let Some(rest) = inner.strip_prefix("{%") {
                inner = &rest[rest.find("%}")? + 2..];
            }
            if start == i && !inner.starts_with(char::is_whitespace) {
                return None;
            }
            out.push_str(&source[copied..start]);
            write!(out, " {OPEN}{}{CLOSE}", tags.len()).expect("to a String");
            tags.push(Tag {
                text,
                comment: false,
                attribute: true,
            });
            (i, copied) = (end, end);
            continue;
        }
        if let Some(close) = close {
            let end = i + 2 + source[i + 2..].find(close)? + 2;
            out.push_str(&source[copied..i]);
            let text = &source[i..end];
            // A statement between elements goes as a comment; one inside
            // text (`, {% endif %}`) as text, so that the spaces around
            // it stay as a reader sees them ("Alpha, Beta").
            let before = source[..i].trim_end().chars().next_back();
            let after = source[end..].trim_start().chars().next();
            let between =
                matches!(before, None | Some('>' | '}')) && matches!(after, None | Some('<' | '{'));
            let comment = !in_tag && !text.starts_with("{{") && between;
            let (before, after) = if comment { ("<!--", "-->") } else { ("", "") };
            write!(out, "{before}{OPEN}{} {CLOSE}{after}", tags.len()).expect("to a String");
            tags.push(Tag {
                text,
                comment,
                attribute: false,
            });
            (i, copied) = (end, end);
            continue;
        }
        match (bytes[i], in_tag, quote) {
            (b'<', false, _) if source[i..].starts_with("<!--") => {
                let end = i + source[i..].find("-->")? + 3;
                if source[i..end].contains('{') {
                    // A comment around a template tag: keep it all as written.
                    return None;
                }
                out.push_str(&source[copied..i]);
                (i, copied) = (end, end);
                continue;
            }
            (b'<', false, _)
                if bytes
                    .get(i + 1)
                    .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/') =>
            {
                in_tag = true;
            }
            (b'"' | b'\'', true, None) => quote = Some(bytes[i]),
            (q, true, Some(open)) if q == open => quote = None,
            (b'>', true, None) => in_tag = false,
            _ => {}
        }
        i += 1;
    }
    out.push_str(&source[copied..]);
    Some((out, tags))
}

/// Where a template tag at `at` among an element's attributes ends: after
/// its own `}}`, or after the `{% end… %}` closing its statement.
#[cfg(feature = "minify")]
fn attribute_span(source: &str, at: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = at;
    loop {
        let open = &source[i..i + 2];
        let close = match open {
            "{{" => "}}",
            "{%" => "%}",
            _ => "#}",
        };
        let end = i + 2 + source[i + 2..].find(close)? + 2;
        if open == "{%" {
            let word = source[i + 2..end - 2]
                .trim_matches(|c: char| c.is_whitespace() || c == '-')
                .split_whitespace()
                .next()
                .unwrap_or_default();
            match word {
                "if" | "for" | "block" | "filter" | "macro" | "raw" => depth += 1,
                w if w.starts_with("end") => depth = depth.checked_sub(1)?,
                _ => {}
            }
        }
        if depth == 0 {
            return Some(end);
        }
        // The next tag, before the element ends: markup between stays inside.
        let bytes = source.as_bytes();
        let mut j = end;
        i = loop {
            match bytes.get(j)? {
                b'>' => return None,
                b'{' if matches!(bytes.get(j + 1), Some(b'{' | b'%' | b'#')) => break j,
                _ => j += 1,
            }
        };
    }
}

/// Puts the tags back in place of their markers; None unless each marker
/// comes back whole, once, and the statements in their order.
#[cfg(feature = "minify")]
fn unmask(minified: &str, tags: &[Tag], size: usize) -> Option<String> {
    let mut out = String::with_capacity(size);
    let mut seen = vec![false; tags.len()];
    let mut last_statement = None;
    let mut rest = minified;
    while let Some(at) = rest.find(OPEN) {
        let after = &rest[at + OPEN.len_utf8()..];
        let digits = after.find(|c: char| !c.is_ascii_digit())?;
        let n: usize = after[..digits].parse().ok()?;
        let tag = tags.get(n)?;
        let tail = match tag.attribute {
            true => after[digits..].strip_prefix(CLOSE)?,
            false => after[digits..].strip_prefix(' ')?.strip_prefix(CLOSE)?,
        };
        let (head, tail) = if tag.comment {
            (rest[..at].strip_suffix("<!--")?, tail.strip_prefix("-->")?)
        } else if tag.attribute {
            // The space minify-html put before it; the tag's text has its own.
            (rest[..at].strip_suffix(' ')?, tail)
        } else {
            (&rest[..at], tail)
        };
        if std::mem::replace(&mut seen[n], true) {
            return None;
        }
        if !tag.text.trim_start().starts_with("{{") {
            if last_statement.is_some_and(|last| last > n) {
                return None;
            }
            last_statement = Some(n);
        }
        out.push_str(head);
        out.push_str(tag.text);
        rest = tail;
    }
    if rest.contains(CLOSE) || seen.contains(&false) {
        return None;
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(not(feature = "minify"))]
pub fn template(_: &str) -> Option<String> {
    None
}

#[cfg(all(test, feature = "minify"))]
mod tests {
    use super::template;

    #[test]
    fn minifies_markup_and_keeps_template_tags() {
        let src = "<ul class=\"list\">\n  {% for a in items %}\n  <li><a href=\"{{ a.url }}\">{{ a.title }}</a></li>\n  {% endfor %}\n</ul>\n<!-- a note -->\n<p>\n  Hello   {{ name }}!\n</p>\n";
        assert_eq!(
            template(src).unwrap(),
            "<ul class=list>{% for a in items %}<li><a href=\"{{ a.url }}\">{{ a.title }}</a></li>{% endfor %}</ul><p>Hello {{ name }}!</p>"
        );
    }

    #[test]
    fn spaces_beside_statements_in_text_stay() {
        // Minified, "Tags: Alpha, Beta" had become "Tags: Alpha,Beta".
        let src = "<p class=\"tags\">Tags: {% for t in ts %}<a href=\"{{ t.url }}\">{{ t.name }}</a>{% if not loop.last %}, {% endif %}{% endfor %}</p>";
        assert_eq!(
            template(src).unwrap(),
            "<p class=tags>Tags: {% for t in ts %}<a href=\"{{ t.url }}\">{{ t.name }}</a>{% if not loop.last %}, {% endif %}{% endfor %}</p>"
        );
    }

    #[test]
    fn statements_among_attributes_go_as_one_attribute() {
        let src = "<html lang=\"{{ lang }}\"{% if dir == \"rtl\" %} dir=\"rtl\"{% endif %}>\n<body>\n<header class=\"h\" {% if a %}lang=\"{{ a }}\"{% if b %} dir=\"{{ b }}\"{% endif %}{% endif %}>x</header>\n</body>\n</html>";
        assert_eq!(
            template(src).unwrap(),
            "<html lang=\"{{ lang }}\"{% if dir == \"rtl\" %} dir=\"rtl\"{% endif %}><body><header class=h {% if a %}lang=\"{{ a }}\"{% if b %} dir=\"{{ b }}\"{% endif %}{% endif %}>x</header></body></html>"
        );
        // An expression among attributes, and one not closed before the element ends.
        assert_eq!(
            template("<p {{ attrs }}>t</p>").unwrap(),
            "<p {{ attrs }}>t</p>"
        );
        assert_eq!(template("<p {% if a %}class=x>t</p>{% endif %}"), None);
    }

    #[test]
    fn keeps_templates_it_cannot_minify_safely() {
        // A statement among attributes with nothing to part it from the one before.
        assert_eq!(
            template("<a href=\"x\"{% if y %}class=\"z\"{% endif %}>t</a>"),
            None
        );
        // Markup minify-html would mend is not the template's any more.
        assert_eq!(
            template(
                "<ul><li>{% if a %}<a href=\"x\" class=\"c\">{% else %}<a href=\"x\">{% endif %}t</a>\n\
                 {% if b %}<ul><li>u</li></ul>{% endif %}</li></ul>"
            ),
            None
        );
        // A comment around a tag would take the tag away.
        assert_eq!(template("<p>a</p><!-- {{ b }} -->"), None);
        // An unclosed tag is the template parser's to report.
        assert_eq!(template("<p>{{ a </p>"), None);
        // Braces that open no template tag are plain text.
        assert_eq!(
            template("<script type=\"application/ld+json\">{\"a\": {{ j }}}</script>").unwrap(),
            "<script type=application/ld+json>{\"a\": {{ j }}}</script>"
        );
    }
}

#[cfg(all(test, feature = "minify"))]
mod default_theme {
    #[test]
    fn every_template_of_the_default_theme_minifies() {
        for (path, bytes) in crate::theme::DEFAULT {
            if path.starts_with("templates/") && path.ends_with(".html") {
                let text = std::str::from_utf8(bytes).unwrap();
                let small = super::template(text);
                assert!(small.is_some(), "{path} is not minified");
                assert!(small.unwrap().len() <= text.len(), "{path}");
            }
        }
    }
}

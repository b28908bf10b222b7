//! Hugo's shortcodes, converted where Markdown can say what they did:
//! `ref`/`relref` to `@/` links, `figure` to an image with its caption,
//! `youtube`, `vimeo`, `tweet`, `x`, `gist` and `instagram` to links,
//! `highlight` to a code block; the others removed (a paired one keeps
//! what it encloses), with a note.

use super::super::source::{Targets, resolve, split_args};

/// The body with each shortcode converted or removed.
pub fn convert(
    body: &str,
    targets: &Targets,
    notes: &mut Vec<String>,
    needs: &mut Vec<String>,
) -> String {
    let body = &indent_enclosed(body);
    let mut out = String::with_capacity(body.len());
    let mut rest: &str = body;
    loop {
        let start = match (rest.find("{{<"), rest.find("{{%")) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => break,
        };
        out.push_str(&rest[..start]);
        let close = if rest[start..].starts_with("{{<") {
            ">}}"
        } else {
            "%}}"
        };
        let Some(len) = rest[start..].find(close) else {
            out.push_str(&rest[start..]);
            return out;
        };
        let inner = rest[start + 3..start + len].trim();
        rest = &rest[start + len + 3..];
        // `{{</* x */>}}`: a shortcode shown, not run.
        if let Some(shown) = inner.strip_prefix("/*").and_then(|s| s.strip_suffix("*/")) {
            out.push_str(&format!("{{{{< {} >}}}}", shown.trim()));
            continue;
        }
        if inner.starts_with('/') {
            continue; // the end of a paired shortcode: its content was kept
        }
        let (name, args) = split_args(inner);
        let args = Args(args);
        match name.as_str() {
            "highlight" => rest = highlight(&args, rest, &mut out),
            // An inline shortcode is a template, not the post's text.
            _ if name.ends_with(".inline") => {
                rest = closing(rest, &name).map_or(rest, |(_, after)| &rest[after..]);
                notes.push(format!("the inline shortcode {name} was removed"));
            }
            _ => {
                // Removed from inside a sentence, it takes words with it:
                // a person must see to that.
                let inline = !alone(&out, rest);
                let before = notes.len();
                out.push_str(&one(&name, &args, targets, notes));
                if inline && notes.len() > before && notes[before].contains("no equivalent") {
                    let note = notes.remove(before);
                    needs.push(format!(
                        "{note}, from inside a sentence: check what it said"
                    ));
                }
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text a paired shortcode encloses, indented as its opening tag is
/// where that is alone on its line: inside a list item, Hugo's
/// `{{< info >}}` on an indented line kept its lines in the item even at
/// the margin; without the tag they would end the list.
fn indent_enclosed(body: &str) -> std::borrow::Cow<'_, str> {
    if !body.contains("{{") {
        return body.into();
    }
    // The names that have a closing tag somewhere, found in one pass.
    let closed: std::collections::HashSet<&str> = body
        .match_indices("{{")
        .filter_map(|(at, _)| {
            let tail = body[at + 2..].strip_prefix(['<', '%'])?.trim_start();
            let name = tail.strip_prefix('/')?.trim_start();
            name.split(|c: char| c.is_whitespace() || c == '>' || c == '%')
                .next()
                .filter(|n| !n.is_empty() && !n.starts_with('*'))
        })
        .collect();
    let mut out = String::with_capacity(body.len());
    let mut inside: Option<(&str, &str)> = None;
    for line in body.split_inclusive('\n') {
        let t = line.trim();
        let indent = &line[..line.len() - line.trim_start().len()];
        if let Some((name, ind)) = inside {
            if closing(t, name) == Some((0, t.len())) {
                inside = None;
            } else if !t.is_empty() && indent.len() < ind.len() {
                out.push_str(ind);
            }
            out.push_str(line);
            continue;
        }
        out.push_str(line);
        let opening = (t.starts_with("{{<") && t.ends_with(">}}"))
            || (t.starts_with("{{%") && t.ends_with("%}}"));
        if opening && !indent.is_empty() && !indent.contains('\t') {
            let name = t[3..t.len() - 3].split_whitespace().next().unwrap_or("");
            if let Some(name) = closed.get(name) {
                inside = Some((name, indent));
            }
        }
    }
    out.into()
}

/// Whether a shortcode found between `out` and `rest` stands on a line
/// of its own (only spaces beside it), not inside a sentence or a cell.
fn alone(out: &str, rest: &str) -> bool {
    let before = out.rsplit('\n').next().unwrap_or("");
    let after = rest.split('\n').next().unwrap_or("");
    before.trim().is_empty() && after.trim().is_empty()
}

/// A shortcode's arguments, named (`src="x"`) or by position.
struct Args(Vec<(Option<String>, String)>);

impl Args {
    /// The argument named `key`, else the one at `pos` of those unnamed.
    fn get(&self, key: &str, pos: usize) -> Option<String> {
        self.0
            .iter()
            .find(|(k, _)| k.as_deref() == Some(key))
            .or_else(|| self.0.iter().filter(|(k, _)| k.is_none()).nth(pos))
            .map(|(_, v)| v.clone())
    }

    fn named(&self, key: &str) -> Option<String> {
        self.get(key, usize::MAX)
    }
}

/// `{{< highlight lang >}}` and the code up to its closing tag
/// (`{{< /highlight >}}`, `{{< / highlight >}}`), as a code block, or as inline
/// code where it was one line inside a line (a table's cell); what follows
/// the closing tag.
fn highlight<'a>(args: &Args, rest: &'a str, out: &mut String) -> &'a str {
    let lang = args.get("lang", 0).unwrap_or_default();
    let (end, after) = closing(rest, "highlight").unwrap_or((rest.len(), rest.len()));
    let code = &rest[..end];
    if !code.contains('\n') && !alone(out, &rest[after..]) {
        let line = out.rsplit('\n').next().unwrap_or("");
        let in_cell = line.trim_start().starts_with('|');
        out.push_str(&crate::convert::markdown::code_span(code.trim(), in_cell));
        return &rest[after..];
    }
    if !(out.is_empty() || out.ends_with('\n')) {
        out.push('\n');
    }
    out.push_str(&format!("```{lang}"));
    if !code.starts_with(['\n', '\r']) {
        out.push('\n');
    }
    out.push_str(code);
    if !code.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("```");
    &rest[after..]
}

/// Where the closing tag of the paired shortcode `name` starts in `rest`,
/// and where it ends: `{{< /name >}}` or `{{% /name %}}`, with or without
/// spaces around the slash.
fn closing(rest: &str, name: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(i) = rest[from..].find("{{") {
        let at = from + i;
        let tail = &rest[at + 2..];
        let (delim, close) = match tail.chars().next() {
            Some('<') => ('<', ">}}"),
            Some('%') => ('%', "%}}"),
            _ => {
                from = at + 2;
                continue;
            }
        };
        let inner = tail[delim.len_utf8()..].trim_start();
        let named = inner
            .strip_prefix('/')
            .and_then(|n| n.trim_start().strip_prefix(name))
            .is_some_and(|after| after.starts_with([' ', '\t', '>', '%']));
        if let Some(j) = tail.find(close).filter(|_| named) {
            return Some((at, at + 2 + j + close.len()));
        }
        from = at + 2;
    }
    None
}

/// What one shortcode becomes.
fn one(name: &str, args: &Args, targets: &Targets, notes: &mut Vec<String>) -> String {
    let id = || args.get("id", 0).unwrap_or_default();
    let (text, note) = match name {
        "ref" | "relref" => {
            let target = args.get("path", 0).unwrap_or_default();
            return match resolve(&target, targets) {
                Some(path) => format!("@/{path}"),
                None => {
                    notes.push(format!("{{{{< {name} \"{target}\" >}}}} names no post brought across; the link was left to the site's root"));
                    "/".into()
                }
            };
        }
        "figure" => return figure(args),
        "youtube" | "youtube_simple" => (
            format!(
                "[Watch the video on YouTube](https://www.youtube.com/watch?v={})",
                id()
            ),
            "a YouTube player became a link",
        ),
        "vimeo" | "vimeo_simple" => (
            format!("[Watch the video on Vimeo](https://vimeo.com/{})", id()),
            "a Vimeo player became a link",
        ),
        "tweet" | "x" | "twitter" | "twitter_simple" => {
            let user = args.get("user", 0).unwrap_or_default();
            let id = args.get("id", 1).unwrap_or_else(|| user.clone());
            let url = match user.chars().all(|c| c.is_ascii_digit()) {
                true => format!("https://x.com/i/status/{user}"),
                false => format!("https://x.com/{user}/status/{id}"),
            };
            (
                format!("[Read the post on X (Twitter)]({url})"),
                "an embedded post became a link",
            )
        }
        "gist" => {
            let user = args.get("user", 0).unwrap_or_default();
            let id = args.get("id", 1).unwrap_or_default();
            (
                format!("[Read the code on GitHub](https://gist.github.com/{user}/{id})"),
                "an embedded gist became a link",
            )
        }
        "instagram" => (
            format!(
                "[See the post on Instagram](https://www.instagram.com/p/{}/)",
                id()
            ),
            "an embedded Instagram post became a link",
        ),
        _ => {
            // A theme's own link shortcode (`external_link url= title=`):
            // a link to its address.
            let url = ["url", "href", "link"]
                .iter()
                .find_map(|k| args.named(k))
                .filter(|u| u.starts_with("http") || u.starts_with('/'));
            if let Some(url) = url {
                let text = ["title", "text", "name", "label"]
                    .iter()
                    .find_map(|k| args.named(k))
                    .unwrap_or_else(|| url.clone());
                notes.push(format!(
                    "the shortcode {{{{< {name} >}}}} became a link to its address"
                ));
                return format!("[{}]({url})", text.replace(['[', ']'], ""));
            }
            notes.push(format!(
                "the shortcode {{{{< {name} >}}}} has no equivalent and was removed"
            ));
            return String::new();
        }
    };
    notes.push(note.into());
    text
}

/// `{{< figure src alt caption >}}` as an image, its caption below it.
fn figure(args: &Args) -> String {
    let src = args.get("src", 0).unwrap_or_default();
    let alt = args
        .named("alt")
        .or_else(|| args.named("caption"))
        .or_else(|| args.named("title"))
        .unwrap_or_default();
    let mut out = format!("![{}]({})", alt.replace(['[', ']'], ""), src);
    if let Some(caption) = args.named("caption").or_else(|| args.named("title")) {
        out.push_str(&format!("\n\n*{}*", caption.trim()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hugo_shortcodes_become_links_images_or_go() {
        let mut targets = Targets::new();
        targets.insert("post/other.md".into(), "posts/other.md".into());
        let mut notes = vec![];
        let md = convert(
            "See [it]({{< ref \"post/other.md#part\" >}}).\n{{< youtube w7Ft2ymGmfc >}}\n{{< figure src=\"/a.png\" caption=\"A chart\" >}}\n{{< tweet user=\"SanDiegoZoo\" id=\"1453110110599868418\" >}}\n{{% notice %}}Kept{{% /notice %}}\n",
            &targets,
            &mut notes,
            &mut vec![],
        );
        assert!(md.contains("[it](@/posts/other.md#part)"), "{md}");
        assert!(
            md.contains("https://www.youtube.com/watch?v=w7Ft2ymGmfc"),
            "{md}"
        );
        assert!(md.contains("![A chart](/a.png)\n\n*A chart*"), "{md}");
        assert!(
            md.contains("https://x.com/SanDiegoZoo/status/1453110110599868418"),
            "{md}"
        );
        assert!(md.contains("Kept") && !md.contains("{{"), "{md}");
        // One inside a sentence takes words with it: a person is told.
        let mut needs = vec![];
        let md = convert(
            "After months with {{< a \"0006\" \"Hugo\" >}} I believe.\n",
            &targets,
            &mut vec![],
            &mut needs,
        );
        assert_eq!(md, "After months with  I believe.\n");
        assert_eq!(needs.len(), 1, "{needs:?}");
    }

    #[test]
    fn a_link_shortcode_is_a_link_and_enclosed_text_stays_in_its_list_item() {
        let t = Targets::new();
        let md = convert(
            "Part of the {{< external_link url=\"https://qiita.com/c\" title=\"Advent Calendar\" >}}.\n",
            &t,
            &mut vec![],
            &mut vec![],
        );
        assert_eq!(md, "Part of the [Advent Calendar](https://qiita.com/c).\n");
        let mut needs = vec![];
        let md = convert(
            "- Set **rate**.\n\n    {{< info >}}\nOnly new stores.\n    {{< /info >}}\n\n    More.\n",
            &t,
            &mut vec![],
            &mut needs,
        );
        assert_eq!(
            md,
            "- Set **rate**.\n\n    \n    Only new stores.\n    \n\n    More.\n"
        );
        assert!(needs.is_empty(), "{needs:?}");
    }

    #[test]
    fn highlight_is_a_code_block_or_inline_code_in_a_table_cell() {
        let t = Targets::new();
        let md = convert(
            "| from | to |\n|:--|:--|\n|{{< highlight twig >}}{% if a %}{{< / highlight >}} |{{< highlight go >}}{{ if $a }}{{</highlight>}}|\n",
            &t,
            &mut vec![],
            &mut vec![],
        );
        assert_eq!(
            md,
            "| from | to |\n|:--|:--|\n|`{% if a %}` |`{{ if $a }}`|\n"
        );
        let md = convert(
            "Text\n{{% highlight go %}}x := 1\ny := 2\n{{% /highlight %}}\nMore\n",
            &t,
            &mut vec![],
            &mut vec![],
        );
        assert_eq!(md, "Text\n```go\nx := 1\ny := 2\n```\nMore\n");
    }
}

//! Hugo's shortcodes, converted where Markdown can say what they did:
//! `ref`/`relref` to `@/` links, `figure` to an image with its caption,
//! `youtube`, `vimeo`, `tweet`, `x`, `gist` and `instagram` to links,
//! `highlight` to a code block; the others removed (a paired one keeps
//! what it encloses), with a note.

use super::super::source::{Targets, resolve, split_args};

/// Hugo's shortcodes: `ref`/`relref` to `@/` links, `figure` to an image,
/// `youtube`, `vimeo`, `tweet`, `x`, `gist` and `instagram` to links; the
/// others removed (a paired one keeps what it encloses), with a note.
pub fn convert(body: &str, targets: &Targets, notes: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find("{{<").or_else(|| rest.find("{{%")).map(|_| {
        let a = rest.find("{{<");
        let b = rest.find("{{%");
        match (a, b) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) => a,
            (None, Some(b)) => b,
            (None, None) => unreachable!(),
        }
    }) {
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
        let arg = |key: &str, pos: usize| -> Option<String> {
            args.iter()
                .find(|(k, _)| k.as_deref() == Some(key))
                .or_else(|| args.iter().filter(|(k, _)| k.is_none()).nth(pos))
                .map(|(_, v)| v.clone())
        };
        match name.as_str() {
            "ref" | "relref" => {
                let target = arg("path", 0).unwrap_or_default();
                match resolve(&target, targets) {
                    Some(path) => out.push_str(&format!("@/{path}")),
                    None => {
                        notes.push(format!("{{{{< {name} \"{target}\" >}}}} names no post brought across; the link was left to the site's root"));
                        out.push('/');
                    }
                }
            }
            "figure" => {
                let src = arg("src", 0).unwrap_or_default();
                let alt = arg("alt", usize::MAX)
                    .or_else(|| arg("caption", usize::MAX))
                    .or_else(|| arg("title", usize::MAX))
                    .unwrap_or_default();
                out.push_str(&format!("![{}]({})", alt.replace(['[', ']'], ""), src));
                if let Some(caption) =
                    arg("caption", usize::MAX).or_else(|| arg("title", usize::MAX))
                {
                    out.push_str(&format!("\n\n*{}*", caption.trim()));
                }
            }
            "youtube" | "youtube_simple" => {
                let id = arg("id", 0).unwrap_or_default();
                out.push_str(&format!(
                    "[Watch the video on YouTube](https://www.youtube.com/watch?v={id})"
                ));
                notes.push("a YouTube player became a link".into());
            }
            "vimeo" | "vimeo_simple" => {
                let id = arg("id", 0).unwrap_or_default();
                out.push_str(&format!(
                    "[Watch the video on Vimeo](https://vimeo.com/{id})"
                ));
                notes.push("a Vimeo player became a link".into());
            }
            "tweet" | "x" | "twitter" | "twitter_simple" => {
                let user = arg("user", 0).unwrap_or_default();
                let id = arg("id", 1).unwrap_or_else(|| user.clone());
                let url = match user.chars().all(|c| c.is_ascii_digit()) {
                    true => format!("https://x.com/i/status/{user}"),
                    false => format!("https://x.com/{user}/status/{id}"),
                };
                out.push_str(&format!("[Read the post on X (Twitter)]({url})"));
                notes.push("an embedded post became a link".into());
            }
            "gist" => {
                let user = arg("user", 0).unwrap_or_default();
                let id = arg("id", 1).unwrap_or_default();
                out.push_str(&format!(
                    "[Read the code on GitHub](https://gist.github.com/{user}/{id})"
                ));
                notes.push("an embedded gist became a link".into());
            }
            "instagram" => {
                let id = arg("id", 0).unwrap_or_default();
                out.push_str(&format!(
                    "[See the post on Instagram](https://www.instagram.com/p/{id}/)"
                ));
                notes.push("an embedded Instagram post became a link".into());
            }
            "highlight" => {
                let lang = arg("lang", 0).unwrap_or_default();
                out.push_str(&format!("```{lang}"));
                // The code follows; its closing `{{< /highlight >}}` ends the fence.
                let end = rest.find("{{< /highlight").unwrap_or(rest.len());
                out.push_str(&rest[..end]);
                if !rest[..end].ends_with('\n') {
                    out.push('\n');
                }
                out.push_str("```");
                rest = rest[end..].find(">}}").map_or("", |i| &rest[end + i + 3..]);
            }
            // An inline shortcode is a template, not the post's text.
            _ if name.ends_with(".inline") => {
                let end = format!("{{{{< /{name} >}}}}");
                let alt = format!("{{{{</ {name} >}}}}");
                let cut = rest
                    .find(&end)
                    .map(|i| i + end.len())
                    .or_else(|| rest.find(&alt).map(|i| i + alt.len()));
                rest = cut.map_or(rest, |c| &rest[c..]);
                notes.push(format!("the inline shortcode {name} was removed"));
            }
            _ => notes.push(format!(
                "the shortcode {{{{< {name} >}}}} has no equivalent and was removed"
            )),
        }
    }
    out.push_str(rest);
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
    }
}

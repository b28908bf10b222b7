//! Bodies brought across: raw HTML sanitised (ammonia) and written as
//! Markdown (htmd); Hugo shortcodes, Liquid tags, kramdown attributes and
//! WordPress's block comments and shortcodes converted or removed. Embeds
//! (YouTube, Vimeo, tweets, gists, iframes) become plain links: no page may
//! load anything from another host. Each change a person should know of is
//! a note.

use std::collections::HashMap;

/// What an `@/` link can name: a source file or a post's old slug → the
/// article's path under content/ (`posts/my-post.md`).
pub type Targets = HashMap<String, String>;

/// HTML (a WordPress post, a feed item, an HTML block of Markdown) as
/// Markdown: sanitised, embeds as links, then converted.
pub fn html_to_markdown(html: &str, notes: &mut Vec<String>) -> String {
    let html = embeds_as_links(html, notes);
    let clean = ammonia::Builder::default()
        .link_rel(None)
        .clean(&html)
        .to_string();
    let md = htmd::HtmlToMarkdown::builder()
        .skip_tags(vec!["script", "style"])
        .build()
        .convert(&clean)
        .unwrap_or_default();
    tidy(&md)
}

/// `body` with the destination of each link and image (inline, `](url)`
/// or `](<url>)`, and reference definitions, `[label]: url`) replaced
/// where `f` gives another; `f` is told whether the link is an image's.
pub fn rewrite_links(body: &str, mut f: impl FnMut(&str, bool) -> Option<String>) -> String {
    let mut out = String::with_capacity(body.len());
    for line in body.split_inclusive('\n') {
        let t = line.trim_start();
        if let Some(colon) = t
            .strip_prefix('[')
            .and_then(|r| r.find("]:").map(|i| i + 3))
        {
            let url = t[colon..].split_whitespace().next().unwrap_or("");
            let url = url.trim_start_matches('<').trim_end_matches('>');
            if let Some(new) = f(url, false) {
                out.push_str(&line.replacen(url, &new, 1));
                continue;
            }
        }
        let mut rest = line;
        while let Some(i) = rest.find("](") {
            out.push_str(&rest[..i + 2]);
            rest = &rest[i + 2..];
            let (url, len, angle) = match rest.strip_prefix('<') {
                Some(r) => (
                    r.split('>').next().unwrap_or(""),
                    r.find('>').map_or(r.len() + 1, |e| e + 2),
                    true,
                ),
                None => {
                    let e = rest.find([')', ' ', '\n']).unwrap_or(rest.len());
                    (&rest[..e], e, false)
                }
            };
            let open = out[..out.len() - 2].rfind('[');
            let image = open.is_some_and(|o| o > 0 && out.as_bytes()[o - 1] == b'!');
            match f(url, image) {
                Some(new) if angle => out.push_str(&format!("<{new}>")),
                Some(new) => out.push_str(&new),
                None => out.push_str(&rest[..len]),
            }
            rest = &rest[len..];
        }
        out.push_str(rest);
    }
    out
}

/// Blank lines collapsed, trailing spaces off, one newline at the end.
fn tidy(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut blank = 0;
    for line in md.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// `<iframe>`, `<embed>`, `<object>`, `<video>` and `<audio>` elements as
/// links to what they would have loaded (html5ever reads the markup).
fn embeds_as_links(html: &str, notes: &mut Vec<String>) -> String {
    const EMBEDS: &str = "iframe, embed, object, video, audio";
    let lower = html.to_ascii_lowercase();
    if !["<iframe", "<embed", "<object", "<video", "<audio"]
        .iter()
        .any(|t| lower.contains(t))
    {
        return html.to_string();
    }
    let doc = dom_query::Document::fragment(html);
    // One at a time: an embed inside another goes with it.
    loop {
        let embed = doc.select(EMBEDS).first();
        let Some(node) = embed.nodes().first() else {
            break;
        };
        let tag = node.node_name().map(|n| n.to_string()).unwrap_or_default();
        let url = embed
            .attr("src")
            .or_else(|| embed.attr("data"))
            .or_else(|| embed.select("source").attr("src"))
            .map(|u| u.to_string())
            .filter(|u| u.starts_with("http") || u.starts_with("//"));
        match url {
            Some(url) => {
                let url = if url.starts_with("//") {
                    format!("https:{url}")
                } else {
                    url
                };
                let url = watch_url(&url);
                embed.replace_with_html(format!(
                    "<p><a href=\"{}\">{}</a></p>",
                    crate::text::escape(&url),
                    link_text(&url)
                ));
                notes.push(format!("an embedded {tag} became a link to {url}"));
            }
            None => {
                embed.replace_with_html("");
                notes.push(format!("an embedded {tag} without an address was removed"));
            }
        }
    }
    doc.html().to_string()
}

/// A player's address as the page a reader can open.
fn watch_url(url: &str) -> String {
    for prefix in [
        "https://www.youtube.com/embed/",
        "https://youtube.com/embed/",
        "https://www.youtube-nocookie.com/embed/",
    ] {
        if let Some(id) = url.strip_prefix(prefix) {
            let id = id.split(['?', '&', '/']).next().unwrap_or("");
            return format!("https://www.youtube.com/watch?v={id}");
        }
    }
    if let Some(id) = url.strip_prefix("https://player.vimeo.com/video/") {
        return format!(
            "https://vimeo.com/{}",
            id.split(['?', '/']).next().unwrap_or("")
        );
    }
    url.to_string()
}

fn link_text(url: &str) -> String {
    let host = url
        .split("://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or(url)
        .trim_start_matches("www.");
    match host {
        "youtube.com" | "youtu.be" => "Watch the video on YouTube".into(),
        "vimeo.com" => "Watch the video on Vimeo".into(),
        "twitter.com" | "x.com" => "Read the post on X (Twitter)".into(),
        "gist.github.com" => "Read the code on GitHub".into(),
        _ => format!("Open the embedded content on {host}"),
    }
}

/// A Markdown body from Hugo or Jekyll: its HTML blocks sanitised and
/// turned into Markdown, inline tags kept only as the text they hold.
pub fn markdown_html(body: &str, notes: &mut Vec<String>) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut blocks = vec![];
    let mut inline = vec![];
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Html(_) => blocks.push(range),
            Event::InlineHtml(_) => inline.push(range),
            _ => {}
        }
    }
    if blocks.is_empty() && inline.is_empty() {
        return body.to_string();
    }
    // An element with blank lines inside is several blocks to Markdown
    // (and an indented part of it, code): take it whole, to its closing
    // tag. Consecutive HTML events of one block are one range.
    let blocks: Vec<std::ops::Range<usize>> = blocks
        .into_iter()
        .map(|r| r.start..whole_element(body, r.start).unwrap_or(r.end).max(r.end))
        .collect();
    let mut merged: Vec<std::ops::Range<usize>> = vec![];
    for r in blocks {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    let mut edits: Vec<(std::ops::Range<usize>, String)> = vec![];
    for r in merged {
        let html = &body[r.clone()];
        let t = html.trim();
        if t.starts_with("<!--") && t.ends_with("-->") {
            // Hugo's and Jekyll's summary divider is placard's too.
            let more = t.trim_start_matches("<!--").trim_end_matches("-->").trim() == "more";
            edits.push((
                r,
                if more {
                    "<!-- more -->\n".into()
                } else {
                    "\n".into()
                },
            ));
            continue;
        }
        let md = html_to_markdown(html, notes);
        edits.push((r, format!("{}\n", md.trim_end())));
    }
    let mut dropped: Vec<String> = vec![];
    for r in inline {
        let tag = body[r.clone()].to_ascii_lowercase();
        let replacement = match tag.trim() {
            t if t.starts_with("<br") => "  \n",
            "<!--more-->" | "<!-- more -->" => "<!-- more -->",
            _ => "",
        };
        if !tag.starts_with("</") && !tag.starts_with("<br") && !tag.starts_with("<!--") {
            let name: String = tag[1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if !matches!(
                name.as_str(),
                "span" | "sup" | "sub" | "small" | "abbr" | "mark" | "u" | "kbd" | "ins" | "del"
            ) && !dropped.contains(&name)
            {
                dropped.push(name);
            }
        }
        edits.push((r, replacement.to_string()));
    }
    if !dropped.is_empty() {
        let names: Vec<String> = dropped.iter().map(|n| format!("<{n}>")).collect();
        notes.push(format!(
            "inline HTML removed, its text kept: {}",
            names.join(", ")
        ));
    }
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(body.len());
    let mut at = 0;
    for (r, text) in edits {
        if r.start < at {
            continue;
        }
        out.push_str(&body[at..r.start]);
        out.push_str(&text);
        at = r.end;
    }
    out.push_str(&body[at..]);
    out
}

/// Where the element opening at `start` closes (after its `>`), counting
/// the elements of its name nested in it; None for a void or unclosed one.
fn whole_element(body: &str, start: usize) -> Option<usize> {
    let lower = body[start..].to_ascii_lowercase();
    let name: String = lower
        .strip_prefix('<')?
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    if name.is_empty()
        || matches!(
            name.as_str(),
            "br" | "hr" | "img" | "input" | "meta" | "link" | "source" | "wbr"
        )
    {
        return None;
    }
    let (open, close) = (format!("<{name}"), format!("</{name}"));
    let mut depth = 0usize;
    let mut at = 0;
    while at < lower.len() {
        let next_open = lower[at..].find(&open).map(|i| at + i);
        let next_close = lower[at..].find(&close).map(|i| at + i);
        match (next_open, next_close) {
            (Some(o), Some(c)) if o < c => {
                let after = lower[o + open.len()..].chars().next();
                if after.is_some_and(|ch| ch.is_whitespace() || ch == '>' || ch == '/') {
                    depth += 1;
                }
                at = o + open.len();
            }
            (_, Some(c)) => {
                depth = depth.saturating_sub(1);
                let end = lower[c..].find('>').map(|i| c + i + 1)?;
                if depth == 0 {
                    return Some(start + end);
                }
                at = end;
            }
            _ => return None,
        }
    }
    None
}

/// Hugo's shortcodes: `ref`/`relref` to `@/` links, `figure` to an image,
/// `youtube`, `vimeo`, `tweet`, `x`, `gist` and `instagram` to links; the
/// others removed (a paired one keeps what it encloses), with a note.
pub fn hugo_shortcodes(body: &str, targets: &Targets, notes: &mut Vec<String>) -> String {
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

/// The value of `key="…"` among a WordPress shortcode's attributes.
fn shortcode_attr(attrs: &str, key: &str) -> Option<String> {
    let (_, args) = split_args(&format!("_ {attrs}"));
    args.into_iter()
        .find(|(k, _)| k.as_deref() == Some(key))
        .map(|(_, v)| v)
}

/// A shortcode's name and its arguments, named (`src="x"`) or not.
fn split_args(inner: &str) -> (String, Vec<(Option<String>, String)>) {
    let mut words = vec![];
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    for c in inner.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '"' | '`' | '\'') => quote = Some(c),
            (None, c) if c.is_whitespace() => {
                if !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                }
            }
            (None, c) => cur.push(c),
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    let mut it = words.into_iter();
    let name = it.next().unwrap_or_default();
    let args = it
        .map(|w| match w.split_once('=') {
            Some((k, v)) if k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
                (Some(k.to_string()), v.to_string())
            }
            _ => (None, w),
        })
        .collect();
    (name, args)
}

/// The article a `ref`, `{% link %}` or `{% post_url %}` names.
pub fn resolve(target: &str, targets: &Targets) -> Option<String> {
    let (path, anchor) = match target.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (target, None),
    };
    let path = path.trim_start_matches('/');
    let stem = path.trim_end_matches(".md").trim_end_matches(".markdown");
    let found = targets
        .get(path)
        .or_else(|| targets.get(stem))
        .or_else(|| targets.get(stem.rsplit('/').next().unwrap_or(stem)))?;
    Some(match anchor {
        Some(a) => format!("{found}#{a}"),
        None => found.clone(),
    })
}

/// Liquid: `{% link %}` and `{% post_url %}` to `@/` links, `{% raw %}`
/// markers dropped (what they enclose kept), `{{ site.baseurl }}` and the
/// like dropped; `{% include %}`, `{% highlight %}` and other tags removed
/// or converted, with a note. Kramdown's attribute lines (`{: .class}`)
/// and `{:toc}` go too.
pub fn liquid(
    body: &str,
    targets: &Targets,
    vars: &HashMap<String, String>,
    notes: &mut Vec<String>,
) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    let mut raw = false;
    loop {
        let next_tag = rest.find("{%");
        let next_var = if raw { None } else { rest.find("{{") };
        let (at, is_tag) = match (next_tag, next_var) {
            (Some(t), Some(v)) if v < t => (v, false),
            (Some(t), _) => (t, true),
            (None, Some(v)) => (v, false),
            (None, None) => break,
        };
        out.push_str(&rest[..at]);
        let close = if is_tag { "%}" } else { "}}" };
        let Some(len) = rest[at..].find(close) else {
            out.push_str(&rest[at..]);
            rest = "";
            break;
        };
        let inner = rest[at + 2..at + len].trim().trim_matches('-').trim();
        let whole = &rest[at..at + len + 2];
        rest = &rest[at + len + 2..];
        if !is_tag {
            let var = inner.split('|').next().unwrap_or("").trim();
            // A quoted path through `relative_url` is that path; a
            // setting is its value.
            let quoted = var
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| var.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')));
            match (quoted, vars.get(var)) {
                (Some(text), _) => out.push_str(text),
                (None, Some(value)) => out.push_str(value),
                (None, None) => {
                    if !matches!(
                        var,
                        "site.baseurl" | "site.url" | "base_path" | "site.base_url"
                    ) {
                        notes.push(format!("the Liquid value {whole} was removed"));
                    }
                }
            }
            continue;
        }
        let (name, arg) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
        let arg = arg.trim();
        match name {
            "raw" => raw = true,
            "endraw" => raw = false,
            _ if raw => out.push_str(whole),
            "link" | "post_url" => {
                let target = arg.split_whitespace().next().unwrap_or("");
                match resolve(target, targets) {
                    Some(path) => out.push_str(&format!("@/{path}")),
                    None => {
                        notes.push(format!("{whole} names no post brought across; the link was left to the site's root"));
                        out.push('/');
                    }
                }
            }
            "highlight" => {
                out.push_str(&format!(
                    "```{}",
                    arg.split_whitespace().next().unwrap_or("")
                ));
            }
            "endhighlight" => out.push_str("```"),
            "include" | "include_relative" => notes.push(format!(
                "{whole} was removed: what it included is not part of the post"
            )),
            _ => notes.push(format!("the Liquid tag {whole} was removed")),
        }
    }
    out.push_str(rest);
    // Kramdown attribute lists on their own lines: a heading's `{: #id}`
    // becomes its `{#id}`, the others go.
    let mut kept = String::with_capacity(out.len());
    let mut removed = 0;
    for line in out.split_inclusive('\n') {
        let t = line.trim();
        if t.starts_with("{:") && t.ends_with('}') {
            let id = t[2..t.len() - 1]
                .split_whitespace()
                .find_map(|a| a.strip_prefix('#'))
                .filter(|id| {
                    id.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                });
            let heading = kept
                .trim_end_matches('\n')
                .rsplit('\n')
                .next()
                .unwrap_or("");
            match id {
                Some(id) if heading.starts_with('#') && !heading.ends_with('}') => {
                    let end = kept.trim_end_matches('\n').len();
                    kept.truncate(end);
                    kept.push_str(&format!(" {{#{id}}}\n"));
                }
                _ => removed += 1,
            }
            continue;
        }
        kept.push_str(line);
    }
    if removed > 0 {
        notes.push(format!(
            "{removed} kramdown attribute line{} removed",
            if removed == 1 { "" } else { "s" }
        ));
    }
    kept
}

/// WordPress content: block comments gone, `[caption]` as an image with
/// its caption, `[embed]` and `[video]` as links, other shortcodes removed
/// (what they enclose kept), paragraphs made from blank lines as
/// WordPress does, then Markdown.
pub fn wordpress(content: &str, notes: &mut Vec<String>) -> String {
    let mut text = String::with_capacity(content.len());
    // Gutenberg's `<!-- wp:paragraph -->` comments.
    let mut rest = content;
    while let Some(i) = rest.find("<!-- wp:").or_else(|| rest.find("<!-- /wp:")) {
        text.push_str(&rest[..i]);
        rest = rest[i..].find("-->").map_or("", |e| &rest[i + e + 3..]);
    }
    text.push_str(rest);
    let text = wp_shortcodes(&text, notes);
    html_to_markdown(&autop(&text), notes)
}

/// WordPress's shortcodes: `[caption]`, `[embed]`, `[video]`, `[audio]`,
/// `[youtube]`, `[gallery]` and any other `[name …]…[/name]`.
fn wp_shortcodes(text: &str, notes: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('[') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        let known = matches!(
            name.as_str(),
            "caption"
                | "wp_caption"
                | "embed"
                | "video"
                | "audio"
                | "youtube"
                | "gallery"
                | "playlist"
                | "vimeo"
                | "soundcloud"
                | "tweet"
                | "contact-form"
                | "contact-form-7"
                | "code"
                | "sourcecode"
                | "latex"
                | "googlemaps"
                | "slideshow"
                | "polldaddy"
        );
        let Some(end) = after.find(']').filter(|_| known) else {
            out.push('[');
            rest = after;
            continue;
        };
        let attrs = &after[name.len()..end];
        let body_start = i + 1 + end + 1;
        let closing = format!("[/{name}]");
        let (inner, next) = match rest[body_start..].find(&closing) {
            Some(c) => (
                &rest[body_start..body_start + c],
                body_start + c + closing.len(),
            ),
            None => ("", body_start),
        };
        match name.as_str() {
            "caption" | "wp_caption" => {
                // `<img …> The caption`: the image, then its caption.
                let (img, caption) = match inner.rfind('>') {
                    Some(g) => (&inner[..=g], inner[g + 1..].trim()),
                    None => ("", inner.trim()),
                };
                let caption = if caption.is_empty() {
                    shortcode_attr(attrs, "caption").unwrap_or_default()
                } else {
                    caption.to_string()
                };
                out.push_str(&format!(
                    "<figure>{img}<figcaption>{caption}</figcaption></figure>"
                ));
            }
            "embed" | "video" | "audio" | "youtube" | "vimeo" | "soundcloud" | "tweet" => {
                let url = shortcode_attr(attrs, "src")
                    .or_else(|| shortcode_attr(attrs, "url"))
                    .or_else(|| shortcode_attr(attrs, "mp4"))
                    .or_else(|| Some(inner.trim().to_string()).filter(|u| u.starts_with("http")))
                    .or_else(|| {
                        Some(attrs.trim().trim_start_matches('=').trim().to_string())
                            .filter(|u| u.starts_with("http"))
                    });
                match url {
                    Some(url) => {
                        let url = watch_url(&url);
                        out.push_str(&format!(
                            "<p><a href=\"{}\">{}</a></p>",
                            crate::text::escape(&url),
                            link_text(&url)
                        ));
                        notes.push(format!("[{name}] became a link to {url}"));
                    }
                    None => notes.push(format!("[{name}] without an address was removed")),
                }
            }
            "code" | "sourcecode" => out.push_str(&format!("<pre><code>{}</code></pre>", inner)),
            _ => {
                out.push_str(inner);
                notes.push(format!(
                    "the shortcode [{name}] has no equivalent and was removed"
                ));
            }
        }
        rest = &rest[next..];
    }
    out.push_str(rest);
    out
}

/// Paragraphs from blank lines (and line breaks within them), as
/// WordPress's `wpautop` makes them for content written without `<p>`.
fn autop(text: &str) -> String {
    let blocks = [
        "<p",
        "<div",
        "<h1",
        "<h2",
        "<h3",
        "<h4",
        "<h5",
        "<h6",
        "<ul",
        "<ol",
        "<li",
        "<blockquote",
        "<pre",
        "<table",
        "<figure",
        "<hr",
        "<dl",
        "<address",
        "<form",
        "<section",
    ];
    let mut out = String::with_capacity(text.len() + 64);
    for chunk in text.replace("\r\n", "\n").split("\n\n") {
        let t = chunk.trim();
        if t.is_empty() {
            continue;
        }
        let lower = t.to_ascii_lowercase();
        if blocks.iter().any(|b| lower.starts_with(b)) {
            out.push_str(t);
        } else {
            out.push_str("<p>");
            out.push_str(&t.replace('\n', "<br>\n"));
            out.push_str("</p>");
        }
        out.push_str("\n\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_sanitised_and_written_as_markdown() {
        let mut notes = vec![];
        let md = html_to_markdown(
            "<p>Hello <strong>world</strong> <script>alert(1)</script><a href=\"https://e.org/\" onclick=\"x()\">link</a></p>\
             <iframe src=\"https://www.youtube.com/embed/abc123?rel=0\"></iframe><ul><li>one</li></ul>",
            &mut notes,
        );
        assert!(md.contains("Hello **world**"), "{md}");
        assert!(md.contains("[link](https://e.org/)"), "{md}");
        assert!(
            !md.contains("alert") && !md.contains("onclick") && !md.contains('<'),
            "{md}"
        );
        assert!(
            md.contains("(https://www.youtube.com/watch?v=abc123)"),
            "{md}"
        );
        assert!(md.contains("one"), "{md}");
        assert_eq!(notes.len(), 1, "{notes:?}");
    }

    #[test]
    fn hugo_shortcodes_become_links_images_or_go() {
        let mut targets = Targets::new();
        targets.insert("post/other.md".into(), "posts/other.md".into());
        let mut notes = vec![];
        let md = hugo_shortcodes(
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

    #[test]
    fn liquid_and_kramdown() {
        let mut targets = Targets::new();
        targets.insert("2019-05-01-hello".into(), "posts/hello.md".into());
        let mut notes = vec![];
        let vars = HashMap::from([(
            "site.repository".to_string(),
            "https://github.com/x/y".to_string(),
        )]);
        let md = liquid(
            "A [post]({% post_url 2019-05-01-hello %}) at {{ site.baseurl }}/x, [code]({{ site.repository }}/issues), [docs]({{ \"/docs/\" | relative_url }}).\n{: .note}\n{% include note.html %}\n{% raw %}{{ kept }}{% endraw %}\n",
            &targets,
            &vars,
            &mut notes,
        );
        assert_eq!(
            md,
            "A [post](@/posts/hello.md) at /x, [code](https://github.com/x/y/issues), [docs](/docs/).\n\n{{ kept }}\n"
        );
        assert_eq!(notes.len(), 2, "{notes:?}");
    }

    #[test]
    fn wordpress_blocks_captions_and_paragraphs() {
        let mut notes = vec![];
        let md = wordpress(
            "<!-- wp:paragraph -->\nFirst line\nsecond line\n\nNext [gallery ids=\"1,2\"]\n<!-- /wp:paragraph -->\n\n[caption id=\"a\" width=\"300\"]<img src=\"/wp-content/uploads/a.jpg\" alt=\"A\" /> The caption[/caption]",
            &mut notes,
        );
        assert!(
            !md.contains("wp:") && !md.contains("[gallery") && !md.contains("[caption"),
            "{md}"
        );
        assert!(md.contains("First line"), "{md}");
        assert!(md.contains("Next"), "{md}");
        assert!(md.contains("![A](/wp-content/uploads/a.jpg)"), "{md}");
        assert!(md.contains("The caption"), "{md}");
    }
}

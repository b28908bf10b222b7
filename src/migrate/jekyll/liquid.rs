//! Liquid and kramdown in a Jekyll post: `{% link %}` and `{% post_url %}`
//! to `@/` links, `{% raw %}` kept as what it encloses, settings' values
//! for `{{ site.x }}`, `{% highlight %}` a code block, the rest removed
//! with a note; kramdown's attribute lines go, a heading's id kept.

use std::collections::HashMap;

use super::super::source::{Targets, resolve};

/// Liquid: `{% link %}` and `{% post_url %}` to `@/` links, `{% raw %}`
/// markers dropped (what they enclose kept), `{{ site.baseurl }}` and the
/// like dropped; `{% include %}`, `{% highlight %}` and other tags removed
/// or converted, with a note. Kramdown's attribute lines (`{: .class}`)
/// and `{:toc}` go too.
pub fn liquid(
    body: &str,
    targets: &Targets,
    vars: &[&HashMap<String, String>],
    notes: &mut Vec<String>,
    needs: &mut Vec<String>,
) -> String {
    kramdown(&tags(body, targets, vars, notes, needs), notes)
}

/// Liquid's tags and values.
fn tags(
    body: &str,
    targets: &Targets,
    vars: &[&HashMap<String, String>],
    notes: &mut Vec<String>,
    needs: &mut Vec<String>,
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
            // The first of `vars` that has it (front matter keys are read
            // in lower case).
            let lower = var.to_ascii_lowercase();
            let value = vars
                .iter()
                .find_map(|v| v.get(var).or_else(|| v.get(&lower)));
            match (quoted, value) {
                (Some(text), _) => out.push_str(text),
                (None, Some(value)) => out.push_str(value),
                (None, None) => {
                    // A value of the site's data or a loop's is text the
                    // page showed: a person must see to it.
                    if !matches!(
                        var,
                        "site.baseurl" | "site.url" | "base_path" | "site.base_url"
                    ) {
                        needs.push(format!(
                            "the Liquid value {whole} has no value placard knows and was left out: check what it said"
                        ));
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
            // A fence on lines of its own, whatever the tags' lines held.
            "highlight" => {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str(&format!(
                    "```{}\n",
                    arg.split_whitespace().next().unwrap_or("")
                ));
                rest = rest.strip_prefix('\n').unwrap_or(rest);
            }
            "endhighlight" => {
                if !out.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str("```");
            }
            // jekyll-assets: `{% asset posts/a.png %}` is the file under
            // the site's assets/ (an image where it stands alone).
            "asset" | "asset_path" | "image" => {
                let path = arg
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .trim_matches(['"', '\'']);
                let url = format!("/assets/{}", path.trim_start_matches('/'));
                let image = crate::images::Kind::of(path).is_some();
                match out.ends_with("](") || out.ends_with('"') || out.ends_with('\'') || !image {
                    true => out.push_str(&url),
                    false => out.push_str(&format!("![]({url})")),
                }
            }
            "include" | "include_relative" => notes.push(format!(
                "{whole} was removed: what it included is not part of the post"
            )),
            _ => notes.push(format!("the Liquid tag {whole} was removed")),
        }
    }
    out.push_str(rest);
    out
}

/// Kramdown's attribute lists on their own lines: a heading's `{: #id}`
/// becomes its `{#id}`, the others go.
fn kramdown(out: &str, notes: &mut Vec<String>) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

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
            &[&vars],
            &mut notes,
            &mut vec![],
        );
        assert_eq!(
            md,
            "A [post](@/posts/hello.md) at /x, [code](https://github.com/x/y/issues), [docs](/docs/).\n\n{{ kept }}\n"
        );
        assert_eq!(notes.len(), 2, "{notes:?}");
        let vars = HashMap::from([("page.edition".to_string(), "64".to_string())]);
        let mut needs = vec![];
        let md = liquid(
            "Edition {{ page.Edition }}: ![v]({% asset posts/a.png %}) {% asset posts/b.png %} Ruby {{ release.version }}.\n",
            &targets,
            &[&vars],
            &mut vec![],
            &mut needs,
        );
        assert_eq!(
            md,
            "Edition 64: ![v](/assets/posts/a.png) ![](/assets/posts/b.png) Ruby .\n"
        );
        assert_eq!(needs.len(), 1, "{needs:?}");
    }

    #[test]
    fn a_highlight_on_one_line_is_a_code_block() {
        let md = liquid(
            "See {% highlight python %}urllib.urlopen(url){% endhighlight %} and\n{% highlight sh %}\nls\n{% endhighlight %}\n",
            &Default::default(),
            &[],
            &mut vec![],
            &mut vec![],
        );
        assert_eq!(
            md,
            "See \n```python\nurllib.urlopen(url)\n``` and\n```sh\nls\n```\n"
        );
    }

    #[test]
    fn a_kramdown_id_names_its_heading() {
        let mut notes = vec![];
        let body = liquid(
            "## 1.0.1 / 2013-05-08\n{: #v1-0-1}\n\nText\n{: .note}\n",
            &Default::default(),
            &[],
            &mut notes,
            &mut vec![],
        );
        assert_eq!(body, "## 1.0.1 / 2013-05-08 {#v1-0-1}\n\nText\n");
    }
}

//! The links of the posts brought across, made once for all sources: each
//! old address answers once, links to other posts become `@/` links (to
//! their headings as placard names them), links to what was not brought
//! across lead to the old site. Links are found by pulldown-cmark, so
//! nothing inside code is ever touched.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::post::{Post, plain_path};
use crate::convert::links::{Link, Rewrite, rewrite, rewrite_with};
use crate::slug::{Slugs, slugify_as};

/// The folders placard writes pages of its own into, in every language
/// (`/search/`, `/fr/search/`): an old page or section there gives way.
pub const OWN_FOLDERS: [&str; 3] = ["search", "tags", "safety"];

/// Each old address answers once: an alias that is another article's or a
/// section's address, or that an earlier article has already, goes.
pub fn unique_aliases(posts: &mut [Post], sections: &BTreeMap<String, String>) {
    let mut taken: HashSet<String> = posts.iter().map(Post::url).collect();
    let langs = lang_prefixes(posts);
    for dir in sections.keys() {
        for lang in &langs {
            taken.insert(format!("{lang}/{dir}/"));
            taken.insert(format!("{lang}/{dir}/index.html"));
        }
    }
    // What placard itself writes at the top of the site and of each
    // language's (`/fr/search/`).
    for own in [
        "/index.html",
        "/404.html",
        "/robots.txt",
        "/sitemap.xml",
        "/rss.xml",
        "/atom.xml",
        "/_redirects",
    ]
    .into_iter()
    .map(String::from)
    .chain(OWN_FOLDERS.iter().map(|f| format!("/{f}/")))
    {
        for lang in &langs {
            taken.insert(format!("{lang}{own}"));
        }
    }
    for p in posts {
        let mut kept = vec![];
        for a in std::mem::take(&mut p.old_urls) {
            let bare = a.trim_end_matches("index.html").to_string();
            if taken.contains(&a) || (bare != a && taken.contains(&bare)) {
                p.notes.push(format!(
                    "the old address {a} is another page's: not redirected here"
                ));
            } else {
                taken.insert(a.clone());
                kept.push(a);
            }
        }
        p.old_urls = kept;
    }
}

/// What links on the old site can lead to now.
struct Relinker<'t> {
    /// Old (and new) addresses → the article there.
    at: HashMap<String, String>,
    /// Source files (and the other names documents go by) → the article.
    files: &'t super::source::Targets,
    /// The new site's section pages (`/blog/`, `/fr/blog/`).
    sections: HashSet<String>,
    /// The static files brought across, by their path on the site.
    statics: HashSet<String>,
    /// The same, by file name: a theme that found `/posts/a.png` under
    /// `/uploads/posts/a.png` is followed where only one file fits.
    by_name: HashMap<String, Vec<String>>,
    /// The new site's tag pages (`/tags/hugo/`, `/fr/tags/hugo/`).
    tags: HashSet<String>,
    /// The old site's taxonomies besides the usual ones.
    taxonomies: &'t [String],
    /// The address prefixes of the languages (`""`, `/fr`).
    langs: HashSet<String>,
    /// How the new site spells its tags' addresses.
    style: Slugs,
    /// The old site's address, without its last `/`.
    base: Option<String>,
    old_host: Option<String>,
}

/// Links to places on the old site: to a post brought across, an `@/`
/// link; to a static file brought across, as they are; to anything else,
/// a link to the old site (or, with no address known, the home page).
pub fn relink(
    posts: &mut [Post],
    statics: &[(std::path::PathBuf, String)],
    files: &super::source::Targets,
    sections: &BTreeMap<String, String>,
    base: Option<&str>,
    taxonomies: &[String],
    style: Slugs,
) {
    let langs = lang_prefixes(posts);
    // Each language's home page and sections are on the new site too.
    let section_pages = sections
        .keys()
        .flat_map(|d| langs.iter().map(move |l| format!("{l}/{d}/")))
        .chain(langs.iter().map(|l| format!("{l}/")))
        .collect();
    let tags = posts
        .iter()
        .filter(|p| !p.draft)
        .flat_map(|p| {
            let l = p.lang.as_ref().map_or(String::new(), |l| format!("/{l}"));
            p.tags
                .iter()
                .map(move |t| format!("{l}/tags/{}/", slugify_as(t, style)))
        })
        .collect();
    let statics_at: HashSet<String> = statics.iter().map(|(_, rel)| format!("/{rel}")).collect();
    let mut by_name: HashMap<String, Vec<String>> = HashMap::new();
    for s in &statics_at {
        let name = s.rsplit('/').next().unwrap_or(s);
        by_name.entry(name.to_string()).or_default().push(s.clone());
    }
    let mut at: HashMap<String, String> = HashMap::new();
    for p in posts.iter() {
        at.insert(p.url(), p.article());
        // Where the old site had the post first, then its other addresses;
        // the first post to claim an address keeps it.
        for old in p.home.iter().chain(&p.old_urls) {
            at.entry(old.clone()).or_insert_with(|| p.article());
        }
    }
    let base = base.map(|b| b.trim_end_matches('/').to_string());
    let r = Relinker {
        at,
        files,
        sections: section_pages,
        statics: statics_at,
        by_name,
        tags,
        taxonomies,
        langs,
        style,
        old_host: base.as_deref().map(|b| host(b).to_string()),
        base,
    };
    for p in posts {
        let (mut needs, mut notes) = (vec![], vec![]);
        let own: Vec<String> = p.files.iter().map(|(_, n)| n.clone()).collect();
        let home = p.home.clone();
        let file = p.file.clone();
        let mut remote = 0;
        p.body = rewrite_with(&p.body, |l| {
            let done = match mended(l, &mut notes) {
                Some(m) => Some(m),
                None => r
                    .by_file(l.url, file.as_deref())
                    .or_else(|| r.fix(l.url, home.as_deref(), &own, &mut needs)),
            };
            let url = match &done {
                Some(Rewrite::Url(u)) => u.as_str(),
                Some(Rewrite::Text) => "",
                None => l.url,
            };
            remote += usize::from(l.image && (url.starts_with("http") || url.starts_with("//")));
            done
        });
        // Never lost without a word: an image left on another host is a
        // link to it on the page.
        if remote > 0 && !p.needs.iter().any(|n| n.contains("image")) {
            needs.push(format!(
                "{remote} image{} on another host, shown as links to {}: save the files beside the article to show them",
                if remote == 1 { " is" } else { "s are" },
                if remote == 1 { "it" } else { "them" }
            ));
        }
        p.needs.extend(needs);
        p.notes.extend(notes);
    }
}

/// A link or image the old site had wrong, mended where it can be: an
/// image of no file (`![](/)`) is its alt text; an address with a slash
/// before its scheme (`/https://…`) loses the slash.
fn mended(l: &Link, notes: &mut Vec<String>) -> Option<Rewrite> {
    let url = l.url.trim();
    if l.image && (url.is_empty() || url == "/" || url == "#") {
        notes.push(format!(
            "an image of no file ({url:?}) was removed, its alt text kept"
        ));
        return Some(Rewrite::Text);
    }
    let stray = url
        .strip_prefix('/')
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))?;
    notes.push(format!(
        "the address {url} lost the slash before its scheme"
    ));
    Some(Rewrite::Url(stray.to_string()))
}

/// `x` with `#fragment` after it, when there is one.
fn with_fragment(x: String, fragment: Option<&str>) -> String {
    match fragment {
        Some(f) => format!("{x}#{f}"),
        None => x,
    }
}

/// An address on the old site as the same path on this one
/// (`https://old.example/a/?q` → `/a/?q`); a path as it is.
fn on_this_site(url: &str) -> String {
    url.split_once("://").map_or(url.to_string(), |(_, r)| {
        r[r.find('/').unwrap_or(r.len())..].to_string()
    })
}

/// The address prefix of each language the posts are in: `""` for the
/// site's own, `/fr` for French.
fn lang_prefixes(posts: &[Post]) -> HashSet<String> {
    posts
        .iter()
        .map(|p| p.lang.as_ref().map_or(String::new(), |l| format!("/{l}")))
        .collect()
}

fn host(url: &str) -> &str {
    url.split("://")
        .nth(1)
        .unwrap_or(url)
        .split('/')
        .next()
        .unwrap_or("")
}

impl Relinker<'_> {
    /// A link to another source file by its path (`../b.md`,
    /// `/docs/b.md#part`, as Hugo's render hooks and GitHub read them),
    /// from the file at `from`.
    fn by_file(&self, url: &str, from: Option<&str>) -> Option<Rewrite> {
        let (path, fragment) = match url.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (url, None),
        };
        let named = [".md", ".markdown", ".html"]
            .iter()
            .any(|e| path.ends_with(e));
        if !named || url.contains("://") {
            return None;
        }
        let file = match path.strip_prefix('/') {
            Some(rooted) => rooted.to_string(),
            None => join(from?, path).trim_start_matches('/').to_string(),
        };
        let target = self
            .files
            .get(&file)
            .or_else(|| self.files.get(file.trim_end_matches(".md")))?;
        Some(Rewrite::Url(with_fragment(format!("@/{target}"), fragment)))
    }

    fn fix(
        &self,
        url: &str,
        home: Option<&str>,
        own: &[String],
        needs: &mut Vec<String>,
    ) -> Option<Rewrite> {
        let joined;
        let url = if relative(url) {
            let file = url.split(['#', '?']).next().unwrap_or("");
            if own.iter().any(|f| f == file) {
                return None;
            }
            joined = join(home?, url);
            joined.as_str()
        } else {
            url
        };
        let on_old_host = self.old_host.as_deref().is_some_and(|h| {
            !h.is_empty()
                && (url.starts_with(&format!("https://{h}/"))
                    || url.starts_with(&format!("http://{h}/")))
        });
        let root_relative = url.starts_with('/') && !url.starts_with("//");
        if !root_relative && !on_old_host {
            return None;
        }
        // The home page and the sections are there on the new site too.
        // (A place on the old page is the old page's.)
        let path_only = plain_path(url).unwrap_or_default();
        if !url.contains('#') && (path_only == "/" || self.sections.contains(&path_only)) {
            let here = on_this_site(url);
            return (here != url).then_some(Rewrite::Url(here));
        }
        let (path_part, fragment) = match url.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (url, None),
        };
        let path = plain_path(path_part).unwrap_or_default();
        let bare = path.trim_end_matches('/').to_string();
        // Hugo and most servers give URLs in lower case.
        let target = self
            .at
            .get(&path)
            .or_else(|| self.at.get(&bare))
            .or_else(|| self.at.get(&format!("{bare}.html")))
            .or_else(|| self.at.get(&path.to_lowercase()));
        let here = match target {
            Some(t) => format!("@/{t}"),
            None if self.statics.contains(&bare) || self.statics.contains(&path) => {
                return Some(Rewrite::Url(on_this_site(url)));
            }
            None => match self.moved(&path).or_else(|| self.tag_page(&path)) {
                Some(here) => here,
                None => return Some(self.elsewhere(url, needs)),
            },
        };
        Some(Rewrite::Url(with_fragment(here, fragment)))
    }

    /// The one static file whose path ends with `path` (`/posts/a.png`
    /// found at `/uploads/posts/a.png`, where a theme's shortcode or a
    /// module mount put it).
    fn moved(&self, path: &str) -> Option<String> {
        let name = path.rsplit('/').next().filter(|n| n.contains('.'))?;
        match self.by_name.get(name)?.as_slice() {
            [one] if one.ends_with(path) => Some(one.clone()),
            _ => None,
        }
    }

    /// A link to the old site's page of a tag or category the new site
    /// has (`/tags/hugo`, `/category/news/`, `/fr/tags/x/`): its tag page.
    fn tag_page(&self, path: &str) -> Option<String> {
        let (lang, rest) = match path.trim_start_matches('/').split_once('/') {
            Some((l, r)) if !l.is_empty() && self.langs.contains(&format!("/{l}")) => {
                (format!("/{l}"), format!("/{r}"))
            }
            _ => (String::new(), path.to_string()),
        };
        let mut parts = rest.trim_matches('/').split('/');
        let (kind, term) = (parts.next()?, parts.next()?);
        let taxonomy = matches!(
            kind,
            "tags" | "tag" | "categories" | "category" | "series" | "topics"
        ) || self.taxonomies.iter().any(|t| t == kind);
        if !taxonomy || parts.next().is_some() {
            return None;
        }
        let term = percent_encoding::percent_decode_str(term).decode_utf8_lossy();
        let page = format!("{lang}/tags/{}/", slugify_as(&term, self.style));
        self.tags.contains(&page).then_some(page)
    }

    /// A link to what was not brought across: to the old site, when its
    /// address is known; else its text.
    fn elsewhere(&self, url: &str, needs: &mut Vec<String>) -> Rewrite {
        match &self.base {
            Some(b) => {
                let abs = match url.contains("://") {
                    true => url.to_string(),
                    false => format!("{b}{url}"),
                };
                needs.push(format!(
                    "a link to {url} leads to the old site now ({abs}): it was not brought across"
                ));
                Rewrite::Url(abs)
            }
            None => {
                needs.push(format!(
                    "a link to {url} is its text now: it was not brought across, and the old site's address is not known"
                ));
                Rewrite::Text
            }
        }
    }
}

/// A link relative to the page it is on (`../other/`, `x.html`, even
/// `@someone@social.example`, which is a path too), not one of placard's
/// own (`@/news/x.md`).
fn relative(url: &str) -> bool {
    let scheme = url
        .split(['/', '?', '#'])
        .next()
        .is_some_and(|f| f.contains(':'));
    !url.is_empty() && !scheme && !url.starts_with(['/', '#']) && !url.starts_with("@/")
}

/// A relative link from the page at `home`, as a path from the site's root.
fn join(home: &str, url: &str) -> String {
    let dir = match home.ends_with('/') {
        true => home,
        false => home.rsplit_once('/').map_or("/", |(d, _)| d),
    };
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in url.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." => {}
            s => parts.push(s),
        }
    }
    format!("/{}", parts.join("/"))
}

/// `@/` links to a heading of another article: the heading as placard
/// names it (the old site's generator named some differently), or the
/// article alone when it has no such heading.
pub fn anchors(posts: &mut [Post]) {
    // Only articles some link names a heading of need their headings.
    let named: HashSet<&str> = posts
        .iter()
        .flat_map(|p| p.body.match_indices("@/").map(|(i, _)| &p.body[i + 2..]))
        .filter_map(|rest| {
            let link = &rest[..rest.find([')', ' ', '>', '\n']).unwrap_or(rest.len())];
            link.split_once('#').map(|(file, _)| file)
        })
        .collect();
    // A translation's headings are read when its original's are named:
    // placard leads a translation's link to the translation.
    let base = |p: &Post| format!("{}/{}.md", p.section, p.slug);
    let ids: HashMap<String, Vec<String>> = posts
        .iter()
        .filter(|p| named.contains(p.article().as_str()) || named.contains(base(p).as_str()))
        .map(|p| {
            let toc = crate::markdown::render(&p.body, false, "/").toc;
            (p.article(), toc.into_iter().map(|h| h.id).collect())
        })
        .collect();
    if ids.is_empty() {
        return;
    }
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_lowercase()
    };
    for p in posts.iter_mut().filter(|p| p.body.contains("@/")) {
        let mut notes = vec![];
        let lang = p.lang.clone();
        p.body = rewrite(&p.body, |l| {
            let (file, anchor) = l.url.strip_prefix("@/")?.split_once('#')?;
            let translated = lang.as_ref().and_then(|lang| {
                let t = format!("{}.{lang}.md", file.strip_suffix(".md")?);
                ids.get(&t)
            });
            let known = translated.or_else(|| ids.get(file))?;
            if known.iter().any(|k| k == anchor) {
                return None;
            }
            Some(match known.iter().find(|k| squash(k) == squash(anchor)) {
                Some(k) => format!("@/{file}#{k}"),
                None => {
                    notes.push(format!(
                        "the link to {} leads to the article: it has no such heading",
                        l.url
                    ));
                    format!("@/{file}")
                }
            })
        });
        p.notes.extend(notes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(section: &str, slug: &str, old: &str, body: &str) -> Post {
        Post {
            origin: slug.into(),
            section: section.into(),
            slug: slug.into(),
            title: slug.into(),
            date: Some("2020-01-01".into()),
            old_urls: vec![old.into()],
            body: body.into(),
            ..Post::default()
        }
    }

    #[test]
    fn links_between_posts_follow_them_and_others_lead_to_the_old_site() {
        let mut posts = vec![
            post(
                "docs",
                "a",
                "/docs/guide/a/",
                "See [b](../b/#two-words), [B](/Docs/Guide/B/), [c](https://old.example/c.html), [gone](/gone/), [out](https://else.example/), [home](https://old.example/), [news](/news/), [fri](/categories/frontend-friday/), [gone tag](/tags/none/), ![m](/posts/m.png), [toot](@someone@social.example) and `[code](/gone/)`.\n\n<me@example.org>\n\n[ref]: /docs/guide/b/\n",
            ),
            post("docs", "b", "/docs/guide/b/", "## Two words\n\nText.\n"),
            post("news", "c", "/c.html", "Alias taken: [a](/docs/guide/a/)"),
        ];
        posts[2].old_urls.push("/docs/guide/b/".into());
        posts[1].tags.push("Frontend Friday".into());
        super::super::post::name(posts.iter_mut(), crate::slug::Slugs::Ascii);
        let sections = super::super::post::sections(posts.iter(), BTreeMap::new());
        unique_aliases(&mut posts, &sections);
        relink(
            &mut posts,
            &[("m.png".into(), "uploads/posts/m.png".into())],
            &Default::default(),
            &sections,
            Some("https://old.example/"),
            &[],
            crate::slug::Slugs::Ascii,
        );
        anchors(&mut posts);
        let a = &posts[0];
        for want in [
            "[b](@/docs/b.md#two-words)",
            "[c](@/news/c.md)",
            "[B](@/docs/b.md)",
            "[gone](https://old.example/gone/)",
            "[out](https://else.example/)",
            "[home](/)",
            "[fri](/tags/frontend-friday/)",
            "[gone tag](https://old.example/tags/none/)",
            // A path on the old site (broken there too), not an `@/` link.
            "[toot](https://old.example/docs/guide/a/@someone@social.example)",
            "![m](/uploads/posts/m.png)",
            "[news](/news/)",
            "`[code](/gone/)`",
            "<me@example.org>",
            "[ref]: @/docs/b.md",
        ] {
            assert!(a.body.contains(want), "{want}: {}", a.body);
        }
        assert_eq!(a.needs.len(), 3, "{:?}", a.needs);
        // An old address two posts claim answers for the first.
        assert_eq!(posts[2].old_urls, ["/c.html"]);
        assert!(sections.contains_key("docs") && sections.contains_key("news"));
    }

    #[test]
    fn anchors_find_the_heading_as_placard_names_it() {
        let mut posts = vec![
            post(
                "docs",
                "history",
                "/docs/history/",
                "## 1.0.1 / 2013-05-08 {#v1-0-1}\n\n## Text Missing Not\n",
            ),
            post(
                "docs",
                "x",
                "/x/",
                "[a](@/docs/history.md#v1-0-1) [b](@/docs/history.md#Text-Missing) [c](@/docs/history.md#textmissingnot)",
            ),
        ];
        anchors(&mut posts);
        assert_eq!(
            posts[1].body,
            "[a](@/docs/history.md#v1-0-1) [b](@/docs/history.md) [c](@/docs/history.md#text-missing-not)"
        );
    }

    #[test]
    fn old_addresses_become_plain_paths() {
        assert_eq!(
            plain_path("https://old.example/2019/05/x").as_deref(),
            Some("/2019/05/x/")
        );
        assert_eq!(plain_path("/a b/é.html").as_deref(), Some("/a%20b/é.html"));
        assert_eq!(plain_path("https://old.example/?p=12"), None);
        assert_eq!(plain_path("/a/../b/"), None);
    }
}

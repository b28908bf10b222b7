//! Jekyll's permalinks: the styles (`date`, `pretty`, `ordinal` …) and
//! patterns that gave posts and pages their addresses.

use super::super::Post;
use crate::slug::slugify;

/// A permalink style's pattern (`date`, `pretty` …), or the pattern.
pub fn style(permalink: &str) -> String {
    match permalink {
        "date" => "/:categories/:year/:month/:day/:title:output_ext".into(),
        "pretty" => "/:categories/:year/:month/:day/:title/".into(),
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext".into(),
        "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext".into(),
        "none" => "/:categories/:title:output_ext".into(),
        p => p.to_string(),
    }
}

/// `jekyll-1-0-0-released` → `Jekyll 1 0 0 Released`, as Jekyll titles a
/// post without a title.
pub fn title_from(slug: &str) -> String {
    slug.split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The pattern's first segment when it is a plain word (`/news/:year/…`
/// → `news`): the old site's own name for its posts.
pub fn literal_prefix(pattern: &str) -> Option<String> {
    let first = pattern.trim_start_matches('/').split('/').next()?;
    (!first.is_empty() && !first.contains(':'))
        .then(|| slugify(first))
        .filter(|s| !s.is_empty())
}

/// A Jekyll permalink pattern for this document.
pub fn expand(
    pattern: &str,
    p: &Post,
    cats: &[String],
    collection: &str,
    path: &str,
    title: &str,
) -> String {
    let date = p.date.as_deref().unwrap_or("");
    let part = |a: usize, b: usize| date.get(a..b).unwrap_or("").to_string();
    let trim0 = |s: String| s.trim_start_matches('0').to_string();
    // Jekyll's `:title`: the front matter's slug, or the file's title part.
    let slug = match p.slug.is_empty() {
        true => title.to_string(),
        false => p.slug.clone(),
    };
    let categories: Vec<String> = cats
        .iter()
        .map(|c| c.to_lowercase().replace(' ', "-"))
        .collect();
    let mut out = pattern.to_string();
    for (key, value) in [
        (":categories", categories.join("/")),
        (":collection", collection.to_string()),
        (":output_ext", ".html".to_string()),
        (":short_year", part(2, 4)),
        (":year", part(0, 4)),
        (":i_month", trim0(part(5, 7))),
        (":month", part(5, 7)),
        (":i_day", trim0(part(8, 10))),
        (":day", part(8, 10)),
        (":hour", part(11, 13)),
        (":minute", part(14, 16)),
        (":second", part(17, 19)),
        (":title", slug.clone()),
        (":slug", slug),
        (":name", title.to_string()),
        (":path", path.to_string()),
    ] {
        out = out.replace(key, &value);
    }
    if !out.starts_with('/') {
        out.insert(0, '/');
    }
    while out.contains("//") {
        out = out.replace("//", "/");
    }
    out
}

//! Each year's and each month's articles (`/2009/`, `/2009/06/`), with
//! `archives: true`: how readers of a news archive look for what happened
//! that year, and what old WordPress and Jekyll addresses point at.

use serde::Serialize;

use crate::load::Site;

/// One year's or one month's dated articles, newest first.
pub struct Archive {
    pub year: i32,
    /// 1–12; None for the whole year.
    pub month: Option<u8>,
    /// Articles, by index, newest first.
    pub pages: Vec<usize>,
    /// `/2009/`, `/ru/2009/06/`.
    pub path: String,
}

/// The archives of a site's dated articles: each year, then its months,
/// newest first. A year or month whose address the site already gives to
/// a section, an article or an alias is left to it (a section `2019/`
/// keeps `/2019/`, and that year has no archive).
pub fn archives(site: &Site) -> Vec<Archive> {
    if !site.config.archives {
        return vec![];
    }
    let taken: std::collections::HashSet<&str> = site
        .sections
        .iter()
        .map(|s| s.path.as_str())
        .chain(site.pages.iter().map(|p| p.path.as_str()))
        .chain(
            site.pages
                .iter()
                .flat_map(|p| p.aliases.iter().map(String::as_str)),
        )
        .collect();
    let mut out: Vec<Archive> = vec![];
    // Pages are newest first, so each year and month comes in order.
    for (i, p) in site.pages.iter().enumerate() {
        let Some(d) = p.fm.date else { continue };
        let (year, month) = (d.year, d.month);
        match out
            .iter()
            .rposition(|a| a.year == year && a.month.is_none())
        {
            Some(y) => out[y].pages.push(i),
            None => out.push(Archive {
                year,
                month: None,
                pages: vec![i],
                path: format!("{}/{year}/", site.prefix),
            }),
        }
        match out
            .iter()
            .rposition(|a| a.year == year && a.month == Some(month))
        {
            Some(m) => out[m].pages.push(i),
            None => out.push(Archive {
                year,
                month: Some(month),
                pages: vec![i],
                path: format!("{}/{year}/{month:02}/", site.prefix),
            }),
        }
    }
    let free_years: Vec<i32> = out
        .iter()
        .filter(|a| a.month.is_none() && !taken.contains(a.path.as_str()))
        .map(|a| a.year)
        .collect();
    out.retain(|a| free_years.contains(&a.year) && !taken.contains(a.path.as_str()));
    out
}

/// What `archive.html` gets as `archive`.
#[derive(Serialize)]
pub struct ArchiveView {
    /// "2009", "June 2009" in the page's language.
    pub title: String,
    pub year: i32,
    pub month: Option<u8>,
    pub url: String,
    pub count: usize,
    /// The year's page, from a month's.
    pub year_url: Option<String>,
    pub year_title: String,
    /// A year's months, newest first.
    pub months: Vec<MonthLink>,
}

#[derive(Serialize)]
pub struct MonthLink {
    pub title: String,
    pub url: String,
    pub count: usize,
}

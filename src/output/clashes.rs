//! Two outputs written at one place: an alias over the safety page, a file
//! in content/ named like a feed, a section called `search`. Each would
//! silently replace the other; every such clash is an error naming both.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::Renderer;
use super::jobs::Job;
use crate::error::Problem;
use crate::theme::Theme;

/// Where an output comes from: the file to point at, its line, and what to
/// call it.
struct Origin {
    file: PathBuf,
    line: Option<usize>,
    what: String,
    /// Written by the site's author (an article, alias, section or file in
    /// content/), rather than made by placard or its theme.
    authored: bool,
}

/// The longest file or folder name, in bytes, that file systems hold.
const MAX_NAME: usize = 255;

/// Every place in the output that two outputs would be written to, the
/// site's languages together (an English alias `/uk/news/` over the
/// Ukrainian section page); `renderers` hold the site's own language first.
pub fn clashes(renderers: &[Renderer], theme: &Theme) -> Vec<Problem> {
    let mut at: HashMap<String, Origin> = HashMap::new();
    let mut problems = vec![];
    let mut too_long = std::collections::HashSet::new();
    let mut add = |rel: String, origin: Origin| {
        if let Some(part) = rel.split('/').find(|part| part.len() > MAX_NAME) {
            if !too_long.insert(part.to_string()) {
                return;
            }
            // No file system holds a name this long: the write would
            // fail half-way through the build, after check said yes.
            let shown: String = part.chars().take(40).collect();
            problems.push(Problem::new(
                &origin.file,
                origin.line,
                format!(
                    "{} would be written at an address with a part {} bytes long \
                         ({shown}…), more than a file system can hold ({MAX_NAME}); shorten it",
                    origin.what,
                    part.len()
                ),
            ));
            return;
        }
        let Some(first) = at.get(&rel) else {
            at.insert(rel, origin);
            return;
        };
        // Point at the author's side: that is what can be renamed.
        let (mine, other) = if origin.authored || !first.authored {
            (&origin, first)
        } else {
            (first, &origin)
        };
        problems.push(Problem::new(
            &mine.file,
            mine.line,
            format!(
                "{} would be written at /{rel}, where {} is; rename or remove one",
                mine.what, other.what
            ),
        ));
    };
    // The site's own `_redirects` is written into placard's, first.
    let statics = theme
        .statics
        .keys()
        .filter(|r| *r != crate::write::copy::REDIRECTS);
    for rel in statics.chain(theme.fingerprints.values()) {
        add(
            rel.clone(),
            Origin {
                file: Path::new("static").join(rel),
                line: None,
                what: format!("the theme's static file {rel}"),
                authored: false,
            },
        );
    }
    for r in renderers {
        for job in r.jobs() {
            add(r.file_of(job), r.origin(job));
        }
    }
    // Every language has the content's files; they are written once.
    let assets = renderers.first().map_or(&[][..], |r| &r.site.assets[..]);
    for asset in assets {
        let file = Path::new(crate::load::CONTENT).join(asset);
        add(
            crate::theme::slash_path(asset),
            Origin {
                what: format!("the file {}", file.display()),
                file,
                line: None,
                authored: true,
            },
        );
    }
    problems
}

impl Renderer<'_> {
    fn origin(&self, job: Job) -> Origin {
        let site = self.site;
        let authored = |file: &Path, line: usize, what: String| Origin {
            file: file.to_path_buf(),
            line: Some(line.max(1)),
            what,
            authored: true,
        };
        match job {
            Job::Page(i) => {
                let p = &site.pages[i];
                authored(
                    &p.file,
                    p.fm.lines.slug,
                    format!("the article {}", p.file.display()),
                )
            }
            Job::Alias(i, k) => {
                let p = &site.pages[i];
                authored(
                    &p.file,
                    p.fm.lines.aliases,
                    format!("the alias {} of {}", p.aliases[k], p.file.display()),
                )
            }
            Job::Section(0, n) => made(format!("page {n} of the home page's list")),
            Job::Section(i, _) => {
                let s = &site.sections[i];
                let dir = Path::new(crate::load::CONTENT).join(&s.dir);
                let file = s.file.clone().unwrap_or_else(|| dir.clone());
                authored(&file, 1, format!("the section {}/", dir.display()))
            }
            Job::Tag(i, _) => made(format!("the page of the tag \"{}\"", site.tags[i].name)),
            Job::Home => made("the home page".into()),
            Job::Tags(_) => made("the tag index".into()),
            Job::NotFound => made("the 404 page".into()),
            Job::Feed(_) | Job::Atom(_) => made("a feed".into()),
            Job::Sitemap => made("the sitemap".into()),
            Job::Robots => made("robots.txt".into()),
            Job::Redirects => made("the redirects file".into()),
            Job::Search => made("the search page".into()),
            Job::Safety => made("the safety page".into()),
            Job::SearchWords(_) | Job::SearchDocs(_) => made("the search index".into()),
            Job::Archive(..) => made("a year's or a month's list of articles".into()),
            Job::Terms(k, _) => made(format!("the list of {}", site.taxonomies[k].name)),
            Job::Term(k, i, _) => made(format!(
                "the page of the {} term \"{}\"",
                site.taxonomies[k].name, site.taxonomies[k].terms[i].name
            )),
        }
    }
}

/// An output placard or its theme makes.
fn made(what: String) -> Origin {
    Origin {
        file: PathBuf::from("site.yaml"),
        line: None,
        what,
        authored: false,
    }
}

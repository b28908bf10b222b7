//! check: the pipeline with nothing written (see [`crate::pipeline`]):
//! front matter, dates, URLs, tags, related articles, links, images,
//! templates (every page is rendered and thrown away), drafts and
//! future-dated articles included; warnings for articles without a
//! source or an author, and the articles whose source has no archived
//! copy.

use std::path::Path;

use crate::error::{Problem, Problems};
use crate::output::CardCache;
use crate::pipeline::{self, Plan, Prepared};
use crate::write::Discard;

/// What a check found.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub articles: usize,
    /// The pages rendered; none are counted when a problem stopped it.
    pub pages: Option<usize>,
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
    /// Articles whose source has no archived copy (`archive_url`), sorted.
    pub unarchived: Vec<std::path::PathBuf>,
}

/// Checks everything in the site at `root`, drafts and future-dated
/// articles included.
pub fn check(root: &Path) -> CheckReport {
    let mut report = CheckReport::default();
    let plan = Plan {
        root: root.to_path_buf(),
        base_url: None,
        drafts: true,
        future: true,
        encode: false,
        fingerprint: false,
        one_address: false,
    };
    let Prepared {
        mut site,
        theme,
        problems,
        ..
    } = match pipeline::prepare(&plan) {
        Ok(prepared) => prepared,
        Err(Problems(errors)) => {
            report.errors = errors;
            return report;
        }
    };
    let rendered = pipeline::render(
        &site,
        &theme,
        problems,
        false,
        &mut CardCache::default(),
        || Ok(Discard),
    );
    match rendered {
        Ok((_, _, pages)) => report.pages = Some(pages),
        Err(Problems(errors)) => report.errors = errors,
    }
    report.warnings = std::mem::take(&mut site.warnings);
    let every = || {
        std::iter::once(&site)
            .chain(&site.translations)
            .flat_map(|s| &s.pages)
    };
    report.warnings.extend(crate::checks::unsourced(&site));
    report.unarchived = crate::checks::unarchived(&site);
    report.unarchived.sort();
    report.articles = every().count();
    let sort = |v: &mut Vec<Problem>| {
        v.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        v.dedup();
    };
    sort(&mut report.errors);
    sort(&mut report.warnings);
    report
}

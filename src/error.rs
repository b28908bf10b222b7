//! Problems with a site's input, each tied to a file and line, collected so
//! that a build reports all of them at once.

use std::fmt;
use std::path::{Path, PathBuf};

/// One thing wrong with the input: `content/x.md:3: what; what to do`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Path as the user knows it (relative to the site root when possible).
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
    /// What a warning is about, for counting warnings by kind.
    pub kind: Kind,
}

/// The kinds of warning, counted apart (`warnings: 23 images on other
/// hosts`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    #[default]
    Other,
    UnknownKey,
    RemoteImage,
    NoAltText,
    LargeImage,
    Unsourced,
    UnpublishedLink,
    UnreadableImage,
    Undated,
    Untranslated,
}

impl Kind {
    /// What warnings of the kind are about, in the plural.
    pub fn plural(self) -> &'static str {
        match self {
            Kind::Other => "other",
            Kind::UnknownKey => "unknown front-matter keys",
            Kind::RemoteImage => "images on other hosts",
            Kind::NoAltText => "images without alt text",
            Kind::LargeImage => "large images",
            Kind::Unsourced => "articles without a source or author",
            Kind::UnpublishedLink => "links to drafts or articles not yet published",
            Kind::UnreadableImage => "static images that cannot be read",
            Kind::Undated => "undated articles among dated ones",
            Kind::Untranslated => "languages that still show words of another",
        }
    }
}

impl Problem {
    pub fn new(path: impl AsRef<Path>, line: Option<usize>, message: impl Into<String>) -> Self {
        Problem {
            path: path.as_ref().to_path_buf(),
            line,
            message: message.into(),
            kind: Kind::Other,
        }
    }

    /// The problem, of the named kind.
    pub fn of_kind(self, kind: Kind) -> Self {
        Problem { kind, ..self }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// Every problem found; the error a build returns when the input is wrong.
#[derive(Debug, Default)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    /// `Ok(())` when empty, else the sorted list as an error.
    pub fn into_result(mut self) -> Result<(), Problems> {
        if self.0.is_empty() {
            return Ok(());
        }
        self.0
            .sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        self.0.dedup();
        Err(self)
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in &self.0 {
            writeln!(f, "{p}")?;
        }
        let n = self.0.len();
        write!(f, "{n} error{}", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Problems {}

impl From<Problem> for Problems {
    fn from(p: Problem) -> Self {
        Problems(vec![p])
    }
}

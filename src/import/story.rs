//! A story as the importer reads it: what a clipping or a saved page says
//! about it (headline, date, source, byline) and its body, as blocks of
//! the one converter ([`crate::convert::doc`]).

use crate::convert::doc::Block;
use crate::date::Date;

/// One story of a clipping.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Story {
    pub title: String,
    pub date: Option<Date>,
    /// A date line that could not be read, for the report.
    pub unreadable_date: Option<String>,
    pub source: Option<String>,
    pub source_url: Option<String>,
    /// A web archive's snapshot of the source.
    pub archive_url: Option<String>,
    pub author: Option<String>,
    pub dateline: Option<String>,
    pub copyright: Option<String>,
    /// The story's language (ISO 639-1) when it was found or detected.
    pub lang: Option<String>,
    /// No headline was found: the title is the text's first sentence.
    pub title_guessed: bool,
    pub body: Vec<Block>,
    /// What the converter left out or changed, for the report.
    pub notes: Vec<String>,
}

impl Story {
    /// The text of its body, a line a block.
    pub fn text(&self) -> String {
        crate::convert::doc::text_of(&self.body)
    }
}

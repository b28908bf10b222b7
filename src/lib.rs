//! placard: a static site generator for advocacy sites. The [`pipeline`]
//! reads like its description: [`load`] the site, clean its [`images`],
//! render its [`markdown`], render every [`output`] through the [`theme`],
//! and [`write`] it all into a fresh output folder swapped in at the end.

pub mod archive;
pub mod article;
pub mod check;
pub mod checks;
pub mod config;
pub mod convert;
pub mod data;
pub mod date;
pub mod error;
pub mod frontmatter;
#[doc(hidden)]
pub mod fuzzing;
pub mod highlight;
pub mod images;
pub mod import;
pub mod init;
pub mod load;
pub mod markdown;
pub mod migrate;
pub mod minify;
pub mod new;
pub mod output;
pub mod paths;
pub mod pipeline;
pub mod progress;
pub mod serve;
pub mod slug;
pub mod strings;
pub mod text;
pub mod theme;
pub mod write;
pub mod yaml;

pub use pipeline::{BuildOptions, BuildReport, build};

//! Whole-site tests: the `placard` binary run on fixture sites and the
//! output checked the way a reader, a validator or a feed reader sees it.

mod authoring;
mod browser;
mod common;
mod convert;
mod errors;
mod features;
mod golden;
mod hardening;
mod hardening2;
mod hardening3;
mod images;
mod import;
mod import_shapes;
mod languages;
mod migrate;
mod modules;
mod newcomer;
mod output;
mod outputs;
mod pipeline;
mod publish;
mod scripts;
mod serve;
mod snapshots;
mod validate;

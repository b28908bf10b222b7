//! The parsers of what migrate and build read besides Markdown and HTML,
//! on any bytes (the first byte picks one): XML (a WordPress export, a
//! feed), a whole migration from an export, a feed, a Hugo or a Jekyll
//! site's settings, an SVG to clean, a strings file. None may panic; a
//! cleaned SVG holds no script, a safety string no tag but the inline ones.
#![no_main]

use libfuzzer_sys::fuzz_target;
use placard::fuzzing;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    match which % 7 {
        0..=3 => fuzzing::migrate(which % 7, rest),
        4 => fuzzing::xml(&text),
        5 => fuzzing::svg(rest),
        _ => fuzzing::strings(&text),
    }
});

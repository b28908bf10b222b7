//! Front-matter splitting and parsing on any text: errors, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(split) = placard::frontmatter::split(text) {
        let _ = placard::frontmatter::parse_article(&split, &mut vec![]);
        let _ = placard::frontmatter::parse_section(&split, &mut vec![]);
    }
    let _ = placard::config::Config::parse(text);
});

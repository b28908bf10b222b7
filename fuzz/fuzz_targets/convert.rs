//! The converter on any bytes: reading them as HTML must never panic, and
//! the Markdown written must read back as the very blocks it was written
//! from (nothing shown as markup, nothing said otherwise).
#![no_main]

use libfuzzer_sys::fuzz_target;
use placard::convert::{decode, html, markdown};

fuzz_target!(|data: &[u8]| {
    let text = decode::decode(data);
    for page in [false, true] {
        let got = html::read(
            &text,
            &html::Options {
                page,
                keep_relative: true,
                ..Default::default()
            },
        );
        let md = markdown::write(&got.blocks);
        assert_eq!(
            markdown::read(&md),
            markdown::read(&markdown::write(&markdown::read(&md))),
            "{md}"
        );
    }
    // Markdown with HTML in it, as an old site's posts have.
    let (md, _) = placard::convert::mixed::markdown_with_html(&text);
    let _ = placard::markdown::render(&md, false, "/");
});

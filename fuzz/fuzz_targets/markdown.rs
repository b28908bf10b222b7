//! The Markdown pass (heading ids, summary, link rebasing) on any text:
//! never panics, and with raw HTML off never lets a tag through.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let r = placard::markdown::render(text, false, "/campaign/");
    assert!(
        !r.html.contains("<script"),
        "raw HTML got through: {}",
        r.html
    );
    let _ = placard::markdown::render(text, true, "/");
});

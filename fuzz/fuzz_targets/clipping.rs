//! The clipping parser on any bytes: decoding, web-page reduction, parsing,
//! and writing each story out must never panic, and what is written must
//! read back as front matter with the same headline (on one line).
#![no_main]

use libfuzzer_sys::fuzz_target;
use placard::convert::decode;
use placard::import::{clipping, draft};

fuzz_target!(|data: &[u8]| {
    let decoded = decode::decode(data);
    let page = placard::import::page::read(&decoded);
    for input in [decoded.clone(), placard::import::page::page_text(&decoded)] {
        let Ok(mut stories) = clipping::parse(&input) else {
            continue;
        };
        stories.extend(page.clone());
        for story in stories {
            let meta = draft::Meta {
                tags: &[],
                warnings: &[],
                related: &[],
                draft: false,
            };
            let md = draft::draft(&story, &meta).to_text();
            let split = placard::frontmatter::split(&md).expect("written front matter splits");
            let fm = placard::frontmatter::parse_article(&split, &mut vec![])
                .expect("written front matter parses");
            // The title as the writer writes a field: on one line.
            assert_eq!(fm.title, Some(placard::article::one_line(&story.title)));
        }
    }
});

//! Ways into parsers the library keeps to itself, for the fuzz targets
//! (fuzz/) and for the tests that run the same checks on real inputs.
//! Each function panics when what it checks does not hold; an error for
//! bad input is fine.

use std::path::{Path, PathBuf};

/// An XML document (a WordPress export, a feed) read into its tree.
pub fn xml(text: &str) {
    let _ = crate::migrate::xml::parse(text);
}

/// An SVG cleaned: what comes out holds no script, no handler and no
/// foreign element, and cleaning it again changes nothing more.
pub fn svg(bytes: &[u8]) {
    let Ok(clean) = crate::images::svg::clean(bytes) else {
        return;
    };
    let text = String::from_utf8_lossy(&clean).to_ascii_lowercase();
    for tag in text.split('<').skip(1) {
        let name = tag
            .split([' ', '\t', '\n', '\r', '>', '/'])
            .next()
            .unwrap_or("");
        let local = name.rsplit(':').next().unwrap_or(name);
        assert!(
            !["script", "foreignobject", "iframe", "object", "embed"].contains(&local),
            "<{name}> kept in {text}"
        );
    }
    let again = crate::images::svg::clean(&clean).expect("a cleaned SVG reads");
    assert_eq!(
        crate::images::svg::clean(&again).expect("a cleaned SVG reads"),
        again,
        "cleaning twice differs"
    );
}

/// A strings file: each text as a safety page shows it keeps no tag but
/// the few inline ones.
pub fn strings(text: &str) {
    let Ok(entries) = crate::strings::entries(text, Path::new("fuzz.yaml")) else {
        return;
    };
    for (_, word, _) in entries {
        let crate::strings::Word::Text(t) = word else {
            continue;
        };
        let html = crate::strings::inline_html(&t);
        let mut rest = html.as_str();
        while let Some(at) = rest.find('<') {
            rest = &rest[at + 1..];
            let tag = rest.trim_start_matches('/');
            let name: String = tag
                .chars()
                .take_while(|c| c.is_ascii_alphabetic())
                .collect();
            let allowed = ["strong", "em", "kbd", "code", "b", "i", "br", "bdi"];
            assert!(
                allowed.contains(&name.as_str()) && tag[name.len()..].starts_with('>'),
                "a tag other than the inline ones in {html}"
            );
        }
    }
}

/// What `migrate` makes of a source whose one file is `bytes`: a WordPress
/// export, a feed, a Hugo site's settings, a Jekyll site's settings (by
/// `kind`, 0 to 3). Read without writing anything (a dry run); an error is
/// fine, a panic is not.
pub fn migrate(kind: u8, bytes: &[u8]) {
    let dir = scratch();
    let (source, from, file) = match kind % 4 {
        0 => (
            dir.join("export.xml"),
            crate::migrate::Kind::Wordpress,
            None,
        ),
        1 => (dir.join("feed.xml"), crate::migrate::Kind::Feed, None),
        2 => (
            dir.join("hugo"),
            crate::migrate::Kind::Hugo,
            Some("hugo.toml"),
        ),
        _ => (
            dir.join("jekyll"),
            crate::migrate::Kind::Jekyll,
            Some("_config.yml"),
        ),
    };
    let written = match file {
        None => std::fs::write(&source, bytes),
        Some(name) => std::fs::write(source.join(name), bytes),
    };
    written.expect("the scratch folder takes a file");
    let _ = crate::migrate::migrate(&crate::migrate::MigrateOptions {
        source,
        root: dir.join("site"),
        from: Some(from),
        dry_run: true,
    });
}

/// A folder of this process's own, with a small Hugo and Jekyll site in it
/// whose settings `migrate` replaces.
fn scratch() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("placard-fuzz-{}", std::process::id()));
        let posts = [
            (
                "hugo/content/posts/a.md",
                "---\ntitle: A\ndate: 2020-01-01\n---\nText [x](/posts/b/).\n",
            ),
            (
                "jekyll/_posts/2020-01-01-a.md",
                "---\ntitle: A\n---\nText {{ site.title }}.\n",
            ),
        ];
        for (path, text) in posts {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("scratch folder");
            std::fs::write(path, text).expect("scratch post");
        }
        dir
    })
    .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(path: &str) -> Vec<u8> {
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).expect(path)
    }

    #[test]
    fn the_fuzz_checks_hold_on_real_inputs() {
        for name in ["ar", "en", "fr", "ru", "th", "uk"] {
            let text = read(&format!("themes/default/strings/{name}.yaml"));
            strings(std::str::from_utf8(&text).expect("UTF-8"));
        }
        for path in [
            "tests/fixtures/sites/small/content/news/images/chart.svg",
            "tests/fixtures/migrate/hugo/content/post/a-page-bundle/diagram.svg",
        ] {
            svg(&read(path));
        }
        let wxr = read("tests/fixtures/migrate/wordpress/theme-unit-test.xml");
        xml(std::str::from_utf8(&wxr).expect("UTF-8"));
        migrate(0, &wxr);
        migrate(2, &read("tests/fixtures/migrate/hugo/config.toml"));
        migrate(3, &read("tests/fixtures/migrate/jekyll/_config.yml"));
    }

    #[test]
    fn the_fuzz_checks_hold_on_hostile_inputs() {
        svg(br#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:svg="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml"><svg:script>alert(1)</svg:script><h:script>alert(2)</h:script><svg:foreignObject><h:iframe src="javascript:alert(3)"/></svg:foreignObject><foreignobject/></svg>"#);
        strings(
            "safety_intro: \"<script>alert(1)</script><strong>x</strong><br><b onclick=x>y</b>\"\n",
        );
        migrate(1, b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>x</title><content type=\"xhtml\"><div>");
        migrate(
            2,
            b"title = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        );
        migrate(
            3,
            b"a: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]",
        );
        xml(&"<a>".repeat(100_000));
    }

    #[test]
    fn an_xml_error_inside_a_character_does_not_panic() {
        // Found by fuzzing: the error's position fell inside a character.
        let bytes = read("tests/fixtures/fuzz/sources-xml-error-inside-a-character.bin");
        // Its first byte picks a migration from a feed (fuzz/fuzz_targets/sources.rs).
        migrate(bytes[0] % 7, &bytes[1..]);
    }
}

//! An imported story as an article: the one [`Draft`] of every way in,
//! its body written by the one Markdown writer, so that whatever a
//! clipping holds (`<script>`, `{{ }}`, `*`, `#`, `[`) shows on the page as
//! the same text.

use super::story::Story;
use crate::article::{Draft, list, text};

/// What the importer decided about a story, beyond the story itself.
pub struct Meta<'a> {
    pub tags: &'a [String],
    pub warnings: &'a [String],
    pub related: &'a [String],
    /// Written as a draft even with a date (its section is not known).
    pub draft: bool,
}

/// The article of a story.
pub fn draft(story: &Story, meta: &Meta) -> Draft {
    Draft {
        title: story.title.clone(),
        date: story.date.map(|d| d.iso()),
        author: text(story.author.clone()),
        source: text(story.source.clone()),
        source_url: text(story.source_url.clone()),
        archive_url: text(story.archive_url.clone()),
        dateline: text(story.dateline.clone()),
        copyright: text(story.copyright.clone()),
        tags: list(meta.tags.to_vec()),
        warnings: list(meta.warnings.to_vec()),
        related: meta.related.to_vec(),
        draft: story.date.is_none() || meta.draft,
        lang: text(story.lang.clone()),
        body: crate::convert::markdown::write(&story.body),
        ..Draft::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::doc;

    #[test]
    fn escaped_text_renders_as_the_same_text() {
        for text in [
            "<script>alert(1)</script> and {{ site.title }} {% if x %}",
            "# not a heading",
            "- not a list",
            "1. not a list either",
            "*stars* _under_ [link](x) `code` a|b ~~s~~ &amp; \\ $x$ ^y !",
            "> not a quote",
        ] {
            let md = crate::convert::markdown::write(&[doc::paragraph(text)]);
            let html = crate::markdown::render(&md, false, "/").html;
            let shown = html
                .trim()
                .trim_start_matches("<p>")
                .trim_end_matches("</p>");
            let shown = shown
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
            assert_eq!(shown, text, "{md}");
        }
    }

    #[test]
    fn a_story_is_written_as_front_matter_and_body() {
        let story = Story {
            title: "Kosovo: \"quoted\" {{ x }}".into(),
            body: vec![
                doc::paragraph("Text."),
                doc::heading("Sub"),
                doc::list(["a".to_string()]),
            ],
            ..Story::default()
        };
        let text = draft(
            &story,
            &Meta {
                tags: &["UN".into()],
                warnings: &[],
                related: &[],
                draft: false,
            },
        )
        .to_text();
        assert_eq!(
            text,
            "---\ntitle: 'Kosovo: \"quoted\" {{ x }}'\ntags:\n- UN\ndraft: true\n---\nText.\n\n## Sub\n\n- a\n"
        );
        let split = crate::frontmatter::split(&text).unwrap();
        let fm = crate::frontmatter::parse_article(&split, &mut vec![]).unwrap();
        assert_eq!(fm.title.as_deref(), Some("Kosovo: \"quoted\" {{ x }}"));
    }
}

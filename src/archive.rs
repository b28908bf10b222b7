//! Web-archive snapshots of an article's source (`archive_url`): an
//! address of a snapshot told from the address of the page it keeps, and
//! the pages a browser saved from an archive read for both.
//!
//! The archives that run the Wayback software (the Internet Archive,
//! Archive-It, the UK Government Web Archive, arquivo.pt, most national
//! libraries' archives) name a snapshot `…/TIMESTAMP[modifier_]/ORIGINAL`;
//! archive.today names its long form `archive.ph/YYYY.MM.DD-hhmmss/ORIGINAL`.

/// The page a snapshot address keeps, when `url` is one:
/// `https://web.archive.org/web/20130412000000/http://example.com/a` →
/// `http://example.com/a`.
pub fn original_of(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let (_host, path) = rest.split_once('/')?;
    let mut at = 0;
    for part in path.split('/') {
        at += part.len() + 1;
        // Archive-It's collection number (`/1234/2020…/`) looks like a
        // year: the stamp is the part an address follows.
        if is_stamp(part) {
            if let Some(original) = with_scheme(&path[at.min(path.len())..]) {
                return Some(original);
            }
        }
        // No archive keeps the timestamp that deep.
        if at > 200 {
            break;
        }
    }
    None
}

/// `20130412000000`, `20130412000000id_`, `2013` (a Wayback
/// timestamp, whole or cut, with its modifier) or archive.today's
/// `2013.04.12-000000`.
fn is_stamp(part: &str) -> bool {
    let digits = part.trim_end_matches(|c: char| c.is_ascii_lowercase() || c == '_');
    let wayback = (4..=14).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    let today = digits.len() == 17
        && digits.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'.',
            10 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    (wayback || today) && (digits.len() == part.len() || part.ends_with('_'))
}

/// `http://x`, `https://x`, and the `http:/x` an archive's path may have
/// made of `http://x`.
fn with_scheme(original: &str) -> Option<String> {
    for scheme in ["https:", "http:"] {
        if let Some(rest) = original.strip_prefix(scheme) {
            let rest = rest.trim_start_matches('/');
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            if host.contains('.') || host.starts_with("localhost") {
                return Some(format!("{scheme}//{rest}"));
            }
            return None;
        }
    }
    None
}

/// The source's address and its snapshot's, from whatever address was
/// found: a snapshot's is told apart, any other is the source's own.
pub fn split(url: Option<String>) -> (Option<String>, Option<String>) {
    match url {
        Some(u) => match original_of(&u) {
            Some(original) => (Some(original), Some(u)),
            None => (Some(u), None),
        },
        None => (None, None),
    }
}

/// The snapshot a page was saved from, as the archive or the browser wrote
/// it into the page: a browser's `<!-- saved from url=(0066)… -->`,
/// SingleFile's `url: …` comment, a canonical or `og:url` address the
/// archive rewrote, the Wayback toolbar's own script
/// (`__wm.wombat("http://example.com/a","20130412000000",…)`) or the old
/// toolbar's `wbCurrentUrl` with its date.
pub fn snapshot_in(html: &str) -> Option<String> {
    let head = &html[..floor(html, 400_000)];
    let candidates = saved_from(head)
        .into_iter()
        .chain(addresses_after(head, "rel=\"canonical\""))
        .chain(addresses_after(head, "property=\"og:url\""));
    for c in candidates {
        if original_of(&c).is_some() {
            return Some(c);
        }
    }
    wayback_script(html)
}

/// The largest char boundary at or below `at`.
fn floor(s: &str, mut at: usize) -> usize {
    at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// What a browser or SingleFile wrote of where the page came from.
fn saved_from(head: &str) -> Vec<String> {
    let mut out = vec![];
    if let Some(i) = head.find("<!-- saved from url=(") {
        let rest = &head[i + "<!-- saved from url=(".len()..];
        if let Some((_, url)) = rest.split_once(')') {
            out.push(first_address(url));
        }
    }
    if let Some(i) = head.find("Page saved with SingleFile") {
        let rest = &head[i..floor(head, i + 2000)];
        if let Some(j) = rest.find("url: ") {
            out.push(first_address(&rest[j + 5..]));
        }
    }
    out
}

/// The address values of the tags that hold `marker` (`rel="canonical"`),
/// in `href` or `content`.
fn addresses_after(head: &str, marker: &str) -> Vec<String> {
    let mut out = vec![];
    for (i, _) in head.match_indices(marker).take(4) {
        let start = head[..i].rfind('<').unwrap_or(i);
        let end = head[i..].find('>').map_or(head.len(), |e| i + e);
        let tag = &head[start..end];
        for attr in ["href=\"", "content=\""] {
            if let Some(j) = tag.find(attr) {
                let value = &tag[j + attr.len()..];
                let value = value.split('"').next().unwrap_or("");
                out.push(value.replace("&amp;", "&"));
            }
        }
    }
    out
}

/// The Wayback toolbar's script: the page's address and the snapshot's
/// time, made into the snapshot's address.
fn wayback_script(html: &str) -> Option<String> {
    let (original, stamp) = if let Some(i) = html.find("__wm.wombat(") {
        let args = &html[i + "__wm.wombat(".len()..floor(html, i + 4000)];
        let mut quoted = args.split('"').skip(1).step_by(2);
        (quoted.next()?.to_string(), quoted.next()?.to_string())
    } else {
        let i = html.find("var wbCurrentUrl = \"")?;
        let rest = &html[i + "var wbCurrentUrl = \"".len()..];
        let original = rest.split('"').next()?.to_string();
        let j = html.find("name=\"date\" value=\"")?;
        let stamp = html[j + "name=\"date\" value=\"".len()..]
            .split('"')
            .next()?
            .to_string();
        (original, stamp)
    };
    let url = format!("https://web.archive.org/web/{stamp}/{original}");
    original_of(&url).map(|_| url)
}

/// The address at the start of `s`, up to a space, quote or `-->`.
fn first_address(s: &str) -> String {
    s.split([' ', '\n', '\r', '"', '\''])
        .next()
        .unwrap_or("")
        .trim_end_matches("-->")
        .to_string()
}

/// A page saved from the Wayback Machine without its toolbar and the
/// archive's notice, which are no part of the page: `<!-- BEGIN WAYBACK
/// TOOLBAR INSERT -->` … `<!-- END WAYBACK TOOLBAR INSERT -->`.
pub fn without_toolbar(html: &str) -> std::borrow::Cow<'_, str> {
    const BEGIN: &str = "<!-- BEGIN WAYBACK TOOLBAR INSERT -->";
    const END: &str = "<!-- END WAYBACK TOOLBAR INSERT -->";
    match (html.find(BEGIN), html.find(END)) {
        (Some(b), Some(e)) if b < e => {
            std::borrow::Cow::Owned(format!("{}{}", &html[..b], &html[e + END.len()..]))
        }
        _ => std::borrow::Cow::Borrowed(html),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot_addresses_are_told_from_their_pages() {
        for (snapshot, page) in [
            (
                "https://web.archive.org/web/20130412000000/http://www.bbc.co.uk/news/x-1",
                "http://www.bbc.co.uk/news/x-1",
            ),
            (
                "http://web.archive.org/web/20130412000000id_/https://example.org/a?b=1",
                "https://example.org/a?b=1",
            ),
            (
                "https://web.archive.org/web/2013/http:/example.org/a",
                "http://example.org/a",
            ),
            (
                "https://wayback.archive-it.org/1234/20200101120000/https://example.org/report.pdf",
                "https://example.org/report.pdf",
            ),
            (
                "https://webarchive.nationalarchives.gov.uk/ukgwa/20140101000000/https://www.gov.uk/x",
                "https://www.gov.uk/x",
            ),
            (
                "https://arquivo.pt/wayback/20091010102010/http://www.publico.pt/a",
                "http://www.publico.pt/a",
            ),
            (
                "https://archive.ph/2019.01.01-000000/https://example.org/story",
                "https://example.org/story",
            ),
        ] {
            assert_eq!(original_of(snapshot).as_deref(), Some(page), "{snapshot}");
        }
        for not in [
            "https://www.bbc.co.uk/news/world-2013",
            "https://example.org/2013/06/12/story/",
            "https://example.org/archive/20130412/http-explained",
            "https://archive.ph/AbCdE",
            "https://example.org/",
        ] {
            assert_eq!(original_of(not), None, "{not}");
        }
    }

    #[test]
    fn a_saved_snapshot_says_where_it_was_saved_from() {
        let chrome = "<!DOCTYPE html>\n<!-- saved from url=(0068)https://web.archive.org/web/20130412000000/http://example.org/a.html -->\n<html><head><title>A</title></head></html>";
        assert_eq!(
            snapshot_in(chrome).as_deref(),
            Some("https://web.archive.org/web/20130412000000/http://example.org/a.html")
        );
        let wombat = "<html><head><script>__wm.init(\"https://web.archive.org/web\");\n  __wm.wombat(\"https://example.org/b\",\"20200101000000\",\"https://web.archive.org/\",\"web\",\"/_static/\",\n\t      \"1577836800\");</script></head></html>";
        assert_eq!(
            snapshot_in(wombat).as_deref(),
            Some("https://web.archive.org/web/20200101000000/https://example.org/b")
        );
        let canonical = "<html><head><link rel=\"canonical\" href=\"https://web.archive.org/web/20160101000000/https://example.org/c\"></head></html>";
        assert_eq!(
            snapshot_in(canonical).as_deref(),
            Some("https://web.archive.org/web/20160101000000/https://example.org/c")
        );
        let own =
            "<html><head><link rel=\"canonical\" href=\"https://example.org/c\"></head></html>";
        assert_eq!(snapshot_in(own), None);
    }

    #[test]
    fn the_toolbar_goes() {
        let page = "<body>\n<!-- BEGIN WAYBACK TOOLBAR INSERT -->\n<div id=\"wm-ipp\">Close Help 11 captures</div>\n<!-- END WAYBACK TOOLBAR INSERT -->\n<p>Story</p></body>";
        assert_eq!(without_toolbar(page), "<body>\n\n<p>Story</p></body>");
    }
}

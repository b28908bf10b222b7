//! The labelled lines at the top of a story (`Source: …`, `By …`, a date,
//! a copyright line, a dateline opening the text), read into its fields:
//! what text clippings and saved pages' leading lines share.

use super::story::Story;

/// The place a story opens with: `LONDON (Reuters) - …`, `KYIV, Ukraine
/// — …`.
pub fn dateline(p: &str) -> Option<String> {
    let head = crate::text::prefix(p, 60);
    let cut = [" - ", " — ", " – "]
        .iter()
        .filter_map(|d| head.find(d))
        .min()?;
    let place = head[..cut].trim();
    let place = place
        .split(" (")
        .next()
        .unwrap_or(place)
        .trim_end_matches(',')
        .trim();
    let first = place.split([',', ' ']).next().unwrap_or("");
    let caps = first.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && first
            .chars()
            .all(|c| !c.is_alphabetic() || c.is_uppercase());
    let words = place.split_whitespace().count();
    (caps && (1..=4).contains(&words)).then(|| place.to_string())
}

/// Reads a labelled header line (`Source: …`, `By: …`, a bare date, a bare
/// "By Name", a copyright line) into the story; false if it is not one.
pub fn header_line(s: &mut Story, line: &str) -> bool {
    if let Some((label, value)) = line.split_once(':') {
        let value = value.trim();
        let label = label.trim().to_ascii_lowercase();
        match label.as_str() {
            "publish date" | "published" | "date" | "posted" | "publication date"
            | "date published" => {
                match super::dates::parse(value) {
                    Some(d) => s.date = Some(d),
                    None => s.unreadable_date = Some(value.to_string()),
                }
                return true;
            }
            "source" | "publication" | "publisher" | "newspaper" => {
                set_source(s, value);
                return true;
            }
            "by" | "author" | "byline" | "written by" | "authors" => {
                set_byline(s, value);
                return true;
            }
            "dateline" | "place" => {
                s.dateline = Some(value.to_string()).filter(|v| !v.is_empty());
                return true;
            }
            "url" | "link" | "original" | "source url" => {
                s.source_url = Some(value.to_string()).filter(|v| v.starts_with("http"));
                return true;
            }
            "archived" | "archive" | "archived at" | "archive url" | "archived copy"
            | "snapshot" => {
                s.archive_url = Some(value.to_string()).filter(|v| v.starts_with("http"));
                return true;
            }
            "copyright" => {
                s.copyright = Some(format!("© {}", value.trim_start_matches('©').trim()));
                return true;
            }
            _ => {}
        }
    }
    if let Some(d) = super::dates::parse(line) {
        s.date = Some(d);
        return true;
    }
    // `By Name | 12 March 2004 | Pages 4-5`: a byline, a date, a page.
    if line.contains(" | ") && line.len() < 200 {
        let mut probe = s.clone();
        let all = line.split(" | ").map(str::trim).all(|part| {
            let l = part.to_ascii_lowercase();
            l.starts_with("page") && part.bytes().any(|b| b.is_ascii_digit())
                || !part.contains(" | ") && header_line(&mut probe, part)
        });
        if all {
            *s = probe;
            return true;
        }
    }
    if let Some(name) = line
        .strip_prefix("By ")
        .filter(|n| n.len() < 80 && n.starts_with(char::is_uppercase) && !n.ends_with('.'))
    {
        set_byline(s, name);
        return true;
    }
    if is_copyright(line) {
        s.copyright = Some(line.to_string());
        return true;
    }
    false
}

pub fn set_source(s: &mut Story, value: &str) {
    match value.find("http") {
        Some(i) => {
            let url = value[i..]
                .split_whitespace()
                .next()
                .unwrap_or("")
                .trim_end_matches([')', ']', '>']);
            s.source_url = Some(url.to_string());
            let name = value[..i]
                .trim()
                .trim_end_matches(['(', '[', '<', ',', '-', '–'])
                .trim();
            s.source = Some(name.to_string()).filter(|n| !n.is_empty());
        }
        None => s.source = Some(value.to_string()).filter(|v| !v.is_empty()),
    }
}

/// "Ian Traynor in Zagreb" → author Ian Traynor, dateline Zagreb. Several
/// names stay one author string.
pub fn set_byline(s: &mut Story, value: &str) {
    let value = value.trim();
    if let Some((who, place)) = value.rsplit_once(" in ") {
        let place_words: Vec<&str> = place.split_whitespace().collect();
        if !who.is_empty()
            && (1..=3).contains(&place_words.len())
            && place_words
                .iter()
                .all(|w| w.starts_with(char::is_uppercase))
        {
            s.author = Some(who.trim().to_string());
            s.dateline = Some(place.trim().to_string());
            return;
        }
    }
    s.author = Some(value.to_string()).filter(|v| !v.is_empty());
}

pub fn is_copyright(line: &str) -> bool {
    let l = line.trim();
    l.len() < 120
        && (l.starts_with('©')
            || l.starts_with("(c) ")
            || l.starts_with("(C) ")
            || l.to_ascii_lowercase().starts_with("copyright "))
}

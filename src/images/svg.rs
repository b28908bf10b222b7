//! SVG files written anew without what could run or reach another host
//! (scripts, event handlers, links and styles that load from elsewhere,
//! embedded documents) or tell who made them (metadata, an editor's notes
//! with its file paths, comments). The drawing itself is kept as it was.

use anyhow::{Result, anyhow};
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, Writer};

/// Elements dropped with everything in them.
const DROPPED: &[&[u8]] = &[
    b"script",
    b"foreignObject",
    b"iframe",
    b"embed",
    b"object",
    b"audio",
    b"video",
    b"handler",
    b"listener",
    b"metadata",
    b"sodipodi:namedview",
];

pub fn clean(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut reader = Reader::from_reader(bytes);
    let mut writer = Writer::new(Vec::with_capacity(bytes.len()));
    let mut buf = vec![];
    // Inside a dropped element: how deep.
    let mut skipping = 0usize;
    let bad = |e: quick_xml::Error| anyhow!("cannot read this SVG: {e}");
    loop {
        let event = reader.read_event_into(&mut buf).map_err(bad)?;
        if skipping > 0 {
            match event {
                Event::Start(_) => skipping += 1,
                Event::End(_) => skipping -= 1,
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
            continue;
        }
        let kept = match event {
            Event::Eof => break,
            Event::Start(e) if dropped(&e) => {
                skipping = 1;
                None
            }
            Event::Empty(e) if dropped(&e) => None,
            Event::Start(e) => Some(Event::Start(cleaned(&e)?)),
            Event::Empty(e) => Some(Event::Empty(cleaned(&e)?)),
            Event::Text(t) => {
                let text = t
                    .decode()
                    .map_err(|e| anyhow!("cannot read this SVG: {e}"))?;
                (!outside_url(&text)).then_some(Event::Text(t))
            }
            Event::CData(c) => {
                (!outside_url(&String::from_utf8_lossy(&c))).then_some(Event::CData(c))
            }
            // No DOCTYPE (its entities can expand without end), no
            // processing instruction (a stylesheet from elsewhere), no
            // comment (an author's notes).
            Event::DocType(_) | Event::PI(_) | Event::Comment(_) => None,
            other => Some(other),
        };
        if let Some(event) = kept {
            writer
                .write_event(event)
                .map_err(|e| anyhow!("cannot write the cleaned SVG: {e}"))?;
        }
        buf.clear();
    }
    Ok(writer.into_inner())
}

fn dropped(e: &BytesStart) -> bool {
    let name = e.name();
    let name = name.as_ref();
    if DROPPED.contains(&name) {
        return true;
    }
    // An animation that sets a link (`<set attributeName="href" to="javascript:…">`).
    matches!(name, b"set" | b"animate")
        && e.attributes().flatten().any(|a| {
            a.key.as_ref() == b"attributeName"
                && String::from_utf8_lossy(&a.value)
                    .to_ascii_lowercase()
                    .contains("href")
        })
}

/// The element with only the attributes that neither run nor load anything.
fn cleaned(e: &BytesStart) -> Result<BytesStart<'static>> {
    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
    let mut out = BytesStart::new(name);
    for a in e.attributes() {
        let a = a.map_err(|err| anyhow!("cannot read this SVG: {err}"))?;
        let key = String::from_utf8_lossy(a.key.as_ref()).to_ascii_lowercase();
        let value = a
            .unescape_value()
            .map_err(|err| anyhow!("cannot read this SVG: {err}"))?;
        let editor = key.starts_with("inkscape:") || key.starts_with("sodipodi:");
        let handler = key.starts_with("on");
        let link =
            (key == "href" || key.ends_with(":href")) && !value.trim_start().starts_with('#');
        if editor || handler || link || outside_url(&value) {
            continue;
        }
        out.push_attribute((a.key.as_ref(), value.as_bytes()));
    }
    Ok(out)
}

/// CSS or an attribute that loads something: `url(…)` to anything but a
/// fragment of this file, or `@import`.
fn outside_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    if lower.contains("@import") {
        return true;
    }
    lower.match_indices("url(").any(|(i, _)| {
        let rest = lower[i + 4..].trim_start_matches([' ', '"', '\'']);
        !rest.starts_with('#')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_links_and_metadata_go_the_drawing_stays() {
        let svg = br##"<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY a "aaaa">]>
<?xml-stylesheet href="https://evil.example/s.css"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:inkscape="x" onload="alert(1)" inkscape:export-filename="/home/sam/secret.png" viewBox="0 0 10 10">
<!-- made by Sam -->
<metadata><rdf:RDF><dc:creator>Sam Smith</dc:creator></rdf:RDF></metadata>
<script>alert(2)</script>
<style>@import url(https://evil.example/x.css); rect { fill: red }</style>
<a href="javascript:alert(3)"><rect width="5" height="5" onclick="alert(4)"/></a>
<image href="https://tracker.example/p.png" width="1" height="1"/>
<use xlink:href="#dot"/>
<circle id="dot" r="2" fill="url(#grad)" style="fill:url(https://x.example/f)"/>
<set attributeName="href" to="javascript:alert(5)"/>
<foreignObject><iframe src="https://evil.example/"/></foreignObject>
</svg>"##;
        let out = String::from_utf8(clean(svg).unwrap()).unwrap();
        for gone in [
            "onload",
            "onclick",
            "alert",
            "evil.example",
            "tracker.example",
            "x.example",
            "Sam",
            "secret",
            "DOCTYPE",
            "<!--",
            "metadata",
        ] {
            assert!(!out.contains(gone), "{gone} is left in {out}");
        }
        for kept in [
            "viewBox=\"0 0 10 10\"",
            "<rect width=\"5\" height=\"5\"/>",
            "xlink:href=\"#dot\"",
            "fill=\"url(#grad)\"",
        ] {
            assert!(out.contains(kept), "{kept} is gone from {out}");
        }
    }
}

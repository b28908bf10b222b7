//! SVG files written anew by allow-list: only elements of the SVG
//! namespace that draw (prefixes resolved, so `<svg:script>` and an XHTML
//! `<h:script>` are what they are), only attributes that neither run nor
//! load anything, links only to this file's own parts, and CSS only where
//! it can load nothing. Everything else goes with what it holds: scripts,
//! handlers, embedded documents (`foreignObject`), animations that could
//! set a link, metadata that tells who made the file (XMP, `dc:creator`,
//! an editor's data such as Illustrator's `i:pgf`), comments. Embedded
//! photos are cleaned as any photo. The drawing itself is kept.

use anyhow::{Result, anyhow, bail};
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::{NsReader, Writer};

const SVG: &[u8] = b"http://www.w3.org/2000/svg";
const XLINK: &[u8] = b"http://www.w3.org/1999/xlink";
const XML: &[u8] = b"http://www.w3.org/XML/1998/namespace";

/// The elements kept: shapes, text, structure, paint servers, filters.
/// No `script`, `foreignObject`, `feImage`, `animate`, `set`, `iframe`...
const ELEMENTS: &[&str] = &[
    "svg",
    "g",
    "defs",
    "symbol",
    "use",
    "title",
    "desc",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "textPath",
    "a",
    "clipPath",
    "mask",
    "pattern",
    "marker",
    "linearGradient",
    "radialGradient",
    "stop",
    "filter",
    "switch",
    "view",
    "style",
    "image",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feConvolveMatrix",
    "feDiffuseLighting",
    "feDisplacementMap",
    "feDistantLight",
    "feDropShadow",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
    "fePointLight",
    "feSpecularLighting",
    "feSpotLight",
    "feTile",
    "feTurbulence",
];

/// The attributes kept (of no namespace): geometry, presentation, text,
/// paint servers, filters, accessibility. No `on…`, no `data-…`.
const ATTRIBUTES: &[&str] = &[
    "id",
    "class",
    "style",
    "transform",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "fx",
    "fy",
    "fr",
    "width",
    "height",
    "d",
    "points",
    "viewBox",
    "preserveAspectRatio",
    "version",
    "baseProfile",
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-width",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-opacity",
    "opacity",
    "clip-path",
    "clip-rule",
    "clipPathUnits",
    "mask",
    "maskUnits",
    "maskContentUnits",
    "filter",
    "filterUnits",
    "primitiveUnits",
    "color",
    "display",
    "visibility",
    "overflow",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "font-variant",
    "font-stretch",
    "text-anchor",
    "dominant-baseline",
    "alignment-baseline",
    "baseline-shift",
    "letter-spacing",
    "word-spacing",
    "text-decoration",
    "writing-mode",
    "direction",
    "unicode-bidi",
    "dx",
    "dy",
    "rotate",
    "textLength",
    "lengthAdjust",
    "startOffset",
    "method",
    "spacing",
    "side",
    "offset",
    "stop-color",
    "stop-opacity",
    "gradientUnits",
    "gradientTransform",
    "spreadMethod",
    "patternUnits",
    "patternContentUnits",
    "patternTransform",
    "in",
    "in2",
    "result",
    "stdDeviation",
    "mode",
    "operator",
    "k1",
    "k2",
    "k3",
    "k4",
    "values",
    "type",
    "tableValues",
    "slope",
    "intercept",
    "amplitude",
    "exponent",
    "flood-color",
    "flood-opacity",
    "lighting-color",
    "surfaceScale",
    "diffuseConstant",
    "specularConstant",
    "specularExponent",
    "kernelUnitLength",
    "azimuth",
    "elevation",
    "pointsAtX",
    "pointsAtY",
    "pointsAtZ",
    "limitingConeAngle",
    "baseFrequency",
    "numOctaves",
    "seed",
    "stitchTiles",
    "scale",
    "xChannelSelector",
    "yChannelSelector",
    "order",
    "kernelMatrix",
    "divisor",
    "bias",
    "targetX",
    "targetY",
    "edgeMode",
    "preserveAlpha",
    "radius",
    "markerWidth",
    "markerHeight",
    "markerUnits",
    "refX",
    "refY",
    "orient",
    "marker-start",
    "marker-mid",
    "marker-end",
    "paint-order",
    "vector-effect",
    "shape-rendering",
    "text-rendering",
    "image-rendering",
    "color-interpolation",
    "color-interpolation-filters",
    "mix-blend-mode",
    "isolation",
    "pathLength",
    "systemLanguage",
    "lang",
    "role",
    "aria-label",
    "aria-hidden",
    "aria-labelledby",
    "aria-describedby",
    "focusable",
    "enable-background",
    "href",
];

pub fn clean(bytes: &[u8]) -> Result<Vec<u8>> {
    let bad = |e: quick_xml::Error| anyhow!("cannot read this SVG: {e}");
    let text = with_entities(bytes)?;
    let mut reader = NsReader::from_reader(text.as_slice());
    let mut writer = Writer::new(Vec::with_capacity(bytes.len()));
    let mut buf = vec![];
    // Inside a dropped element: how deep.
    let mut skipping = 0usize;
    // The kept elements open, by name; the CSS of a `<style>` being read.
    let mut open: Vec<&'static str> = vec![];
    let mut css: Option<String> = None;
    let mut seen_root = false;
    loop {
        let (ns, event) = reader.read_resolved_event_into(&mut buf).map_err(bad)?;
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
        match event {
            Event::Eof => break,
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = element(&ns, e.local_name().as_ref());
                if !seen_root && name != Some("svg") {
                    bail!("this is not an SVG drawing: its first element is not <svg>");
                }
                let Some(name) = name else {
                    skipping = usize::from(!empty);
                    buf.clear();
                    continue;
                };
                let Some(kept) = attributes(&reader, e, name, !seen_root)? else {
                    // An image that could not be kept: gone, as if dropped.
                    skipping = usize::from(!empty);
                    buf.clear();
                    continue;
                };
                seen_root = true;
                if empty {
                    write(&mut writer, Event::Empty(kept))?;
                } else {
                    write(&mut writer, Event::Start(kept))?;
                    open.push(name);
                    if name == "style" {
                        css = Some(String::new());
                    }
                }
            }
            Event::End(_) => {
                let name = open.pop().ok_or_else(|| anyhow!("cannot read this SVG"))?;
                if let Some(style) = css.take().filter(|s| safe_css(s)) {
                    write(&mut writer, Event::Text(BytesText::new(&style)))?;
                }
                write(&mut writer, Event::End(BytesEnd::new(name)))?;
            }
            // Text, a CDATA section or a character reference: the CSS of
            // the `<style>` being read, or text of the drawing.
            Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) => {
                let piece = match &event {
                    Event::Text(t) => t
                        .decode()
                        .map_err(|e| anyhow!("cannot read this SVG: {e}"))?,
                    Event::CData(c) => String::from_utf8_lossy(c),
                    Event::GeneralRef(r) => match r.resolve_char_ref().map_err(bad)? {
                        Some(c) => c.to_string().into(),
                        None => quick_xml::escape::resolve_predefined_entity(
                            &r.decode().unwrap_or_default(),
                        )
                        .unwrap_or_default()
                        .into(),
                    },
                    _ => unreachable!("matched above"),
                };
                match css.as_mut() {
                    Some(style) => style.push_str(&piece),
                    None if open.is_empty() => {}
                    None => write(&mut writer, Event::Text(BytesText::new(&piece)))?,
                }
            }
            Event::Decl(d) => write(&mut writer, Event::Decl(d))?,
            // No DOCTYPE (read above), no processing instruction (a
            // stylesheet from elsewhere), no comment (an author's notes).
            Event::DocType(_) | Event::PI(_) | Event::Comment(_) => {}
        }
        buf.clear();
    }
    if !seen_root {
        bail!("this SVG holds no drawing");
    }
    Ok(writer.into_inner())
}

fn write(w: &mut Writer<Vec<u8>>, e: Event) -> Result<()> {
    w.write_event(e)
        .map_err(|e| anyhow!("cannot write the cleaned SVG: {e}"))
}

/// The element's name when it is kept: an SVG element of the list, in
/// the SVG namespace (or in none, in a file that declares none).
fn element(ns: &ResolveResult, local: &[u8]) -> Option<&'static str> {
    match ns {
        ResolveResult::Bound(Namespace(n)) if *n == SVG => {}
        ResolveResult::Unbound => {}
        _ => return None,
    }
    ELEMENTS.iter().copied().find(|e| e.as_bytes() == local)
}

/// The element as written: no prefix, the SVG namespace on the root, the
/// attributes that are kept. None for an image that cannot be kept.
fn attributes<R>(
    reader: &NsReader<R>,
    e: &BytesStart,
    name: &'static str,
    root: bool,
) -> Result<Option<BytesStart<'static>>> {
    let mut out = BytesStart::new(name);
    if root {
        out.push_attribute(("xmlns", "http://www.w3.org/2000/svg"));
    }
    let mut href = None;
    for a in e.attributes() {
        let a = a.map_err(|err| anyhow!("cannot read this SVG: {err}"))?;
        let (ns, local) = reader.resolve_attribute(a.key);
        let local = String::from_utf8_lossy(local.as_ref()).into_owned();
        let key = match ns {
            ResolveResult::Unbound => match ATTRIBUTES.contains(&local.as_str()) {
                true => local,
                false => continue,
            },
            ResolveResult::Bound(Namespace(n)) if n == XLINK && local == "href" => local,
            ResolveResult::Bound(Namespace(n))
                if n == XML && matches!(local.as_str(), "space" | "lang") =>
            {
                format!("xml:{local}")
            }
            _ => continue,
        };
        let value = a
            .unescape_value()
            .map_err(|err| anyhow!("cannot read this SVG: {err}"))?;
        if key == "href" {
            href = Some(value.trim().to_string());
            continue;
        }
        if !safe_value(&value) || (key == "style" && !safe_css(&value)) {
            continue;
        }
        out.push_attribute((key.as_str(), value.as_ref()));
    }
    match (name, href) {
        // An embedded photo, cleaned as any photo; any other image goes.
        ("image", Some(h)) => match embedded_photo(&h) {
            Some(data) => out.push_attribute(("href", data.as_str())),
            None => return Ok(None),
        },
        ("image", None) => return Ok(None),
        // A link to a part of this file; no other.
        (_, Some(h)) if h.starts_with('#') && safe_value(&h) => {
            out.push_attribute(("href", h.as_str()))
        }
        _ => {}
    }
    Ok(Some(out))
}

/// A value that neither runs nor loads: no script or data URL, and any
/// `url(…)` only to a part of this file.
fn safe_value(value: &str) -> bool {
    let lower: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect();
    !["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| lower.contains(s))
        && safe_css(value)
}

/// CSS that can load nothing: no escapes (`\75 rl(`), no `@import` or
/// `@font-face`, no image functions, every `url(…)` to a part of this
/// file. Comments are read through (`ur/**/l(` is no way round).
fn safe_css(css: &str) -> bool {
    let mut plain = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(i) = rest.find("/*") {
        plain.push_str(&rest[..i]);
        rest = rest[i + 2..].split_once("*/").map_or("", |(_, r)| r);
    }
    plain.push_str(rest);
    if plain.contains('\\') {
        return false;
    }
    let lower: String = plain
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    let loads = [
        "@import",
        "@font-face",
        "image-set(",
        "image(",
        "cross-fade(",
        "element(",
        "src(",
        "expression(",
        "-moz-binding",
        "behavior:",
    ];
    if loads.iter().any(|l| lower.contains(l)) {
        return false;
    }
    lower.match_indices("url(").all(|(i, _)| {
        lower[i + 4..]
            .trim_start_matches(['"', '\''])
            .starts_with('#')
    })
}

/// A photo embedded as a `data:` URL, decoded, cleaned of its metadata
/// and embedded anew; None for anything else.
fn embedded_photo(href: &str) -> Option<String> {
    let (mime, data) = href.strip_prefix("data:")?.split_once(";base64,")?;
    let kind = super::Kind::of_mime(mime)?;
    let made = super::process(&base64_decode(data)?, kind, false).ok()?;
    Some(format!(
        "data:{};base64,{}",
        kind.mime(),
        base64_encode(&made.full)
    ))
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in text.bytes() {
        let v = match b {
            b'=' => break,
            b if b.is_ascii_whitespace() => continue,
            b => ALPHABET.iter().position(|&a| a == b)? as u32,
        };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (b as u32) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The file with the entities its DOCTYPE declares put in place (as
/// Illustrator writes `xmlns="&ns_svg;"`), and the DOCTYPE gone. Only
/// plain text entities, a few and short, so that nothing can expand
/// without end; anything else is refused.
fn with_entities(bytes: &[u8]) -> Result<Vec<u8>> {
    if memchr::memmem::find(bytes, b"<!DOCTYPE").is_none() {
        return Ok(bytes.to_vec());
    }
    let text = String::from_utf8_lossy(bytes);
    let start = text.find("<!DOCTYPE").unwrap_or(0);
    let head = &text[start..];
    // The internal subset runs to `]>`; a DOCTYPE without one to `>`.
    let (subset, end) = match (head.find('['), head.find('>')) {
        (Some(open), Some(close)) if open < close => {
            let close = head[open..]
                .find("]>")
                .ok_or_else(|| anyhow!("cannot read this SVG: its DOCTYPE does not end"))?;
            (&head[open + 1..open + close], start + open + close + 2)
        }
        (_, Some(close)) => ("", start + close + 1),
        _ => bail!("cannot read this SVG: its DOCTYPE does not end"),
    };
    let mut entities: Vec<(String, String)> = vec![];
    for decl in subset.split("<!ENTITY").skip(1) {
        let decl = decl.trim_start();
        let (name, rest) = decl
            .split_once(char::is_whitespace)
            .ok_or_else(|| anyhow!("cannot read this SVG: an entity without a value"))?;
        let rest = rest.trim_start();
        let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'');
        let value = quote.and_then(|q| rest[1..].split_once(q)).map(|(v, _)| v);
        match value {
            Some(v) if name != "%" && v.len() <= 4096 && !v.contains(['&', '<', '%']) => {
                entities.push((format!("&{name};"), v.replace('"', "&quot;")));
            }
            _ => bail!(
                "this SVG declares an entity placard does not read (`{}`): save it without a DOCTYPE",
                name
            ),
        }
        if entities.len() > 64 {
            bail!("this SVG declares too many entities: save it without a DOCTYPE");
        }
    }
    let mut body = format!("{}{}", &text[..start], &text[end..]);
    for (name, value) in &entities {
        body = body.replace(name, value);
        if body.len() > bytes.len() * 4 + (1 << 20) {
            bail!("this SVG's entities expand it too far: save it without a DOCTYPE");
        }
    }
    Ok(body.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(svg: &str) -> String {
        String::from_utf8(clean(svg.as_bytes()).unwrap()).unwrap()
    }

    #[test]
    fn scripts_links_and_metadata_go_the_drawing_stays() {
        let svg = r##"<?xml version="1.0"?>
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
<text>&a; &#65;&lt;</text>
</svg>"##;
        let out = cleaned(svg);
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
            "<use href=\"#dot\"/>",
            "fill=\"url(#grad)\"",
            "<text>aaaa A&lt;</text>",
        ] {
            assert!(out.contains(kept), "{kept} is gone from {out}");
        }
    }

    #[test]
    fn prefixes_are_resolved_and_no_css_can_load() {
        let svg = r##"<svg:svg xmlns:svg="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml" xmlns:x="adobe:ns:meta/" xmlns:i="http://ns.adobe.com/AdobeIllustrator/10.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<svg:script>alert(1)</svg:script>
<h:script>alert(2)</h:script>
<svg:foreignObject><h:iframe src="javascript:alert(3)"/></svg:foreignObject>
<foreignobject><h:img src="https://evil.example/a.png"/></foreignobject>
<h:img src="https://evil.example/b.png"/>
<svg:style>rect { fill: ur<!-- -->l(https://evil.example/c) }</svg:style>
<svg:style>@im&#x70;ort "https://evil.example/d.css";</svg:style>
<svg:style>rect { background: \75 rl(https://evil.example/e) }</svg:style>
<svg:style>rect { fill: image-set("https://evil.example/f.png" 1x) }</svg:style>
<svg:style>circle { fill: red }</svg:style>
<svg:rect style="fill: u&#114;l(https://evil.example/g)" width="3" height="3"/>
<svg:rect fill="&#x75;rl(https://evil.example/h)" stroke="blue"/>
<x:xmpmeta><dc:creator>Sam Smith</dc:creator></x:xmpmeta>
<i:pgf>SecretIllustratorData</i:pgf>
<svg:circle r="4" fill="red"/>
</svg:svg>"##;
        let out = cleaned(svg);
        for gone in [
            "alert",
            "evil.example",
            "script",
            "iframe",
            "img",
            "Sam",
            "SecretIllustratorData",
            "xmpmeta",
            "svg:",
            "xmlns:h",
        ] {
            assert!(!out.contains(gone), "{gone} is left in {out}");
        }
        for kept in [
            "<svg xmlns=\"http://www.w3.org/2000/svg\">",
            "circle { fill: red }",
            "<circle r=\"4\" fill=\"red\"/>",
            "<rect width=\"3\" height=\"3\"/>",
            "<rect stroke=\"blue\"/>",
        ] {
            assert!(out.contains(kept), "{kept} is gone from {out}");
        }
    }

    #[test]
    fn an_illustrator_file_with_entities_is_read() {
        let svg = r##"<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [
	<!ENTITY ns_svg "http://www.w3.org/2000/svg">
	<!ENTITY ns_xlink "http://www.w3.org/1999/xlink">
]>
<svg version="1.1" xmlns="&ns_svg;" xmlns:xlink="&ns_xlink;" width="20" height="20"><path d="M0 0h20v20z" fill="#C00"/></svg>"##;
        let out = cleaned(svg);
        assert!(
            out.contains("<path d=\"M0 0h20v20z\" fill=\"#C00\"/>"),
            "{out}"
        );
        let bomb = "<!DOCTYPE svg [<!ENTITY a \"x\"><!ENTITY b \"&a;&a;&a;\">]><svg/>";
        assert!(clean(bomb.as_bytes()).is_err());
    }

    #[test]
    fn embedded_photos_are_cleaned_and_other_images_go() {
        let img = image::RgbImage::from_pixel(4, 4, image::Rgb([200, 0, 0]));
        let mut png = std::io::Cursor::new(vec![]);
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut png, image::ImageFormat::Png)
            .unwrap();
        let data = base64_encode(&png.into_inner());
        assert_eq!(
            base64_decode(&data).map(|b| base64_encode(&b)),
            Some(data.clone())
        );
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"data:image/png;base64,{data}\" width=\"4\" height=\"4\"/><image href=\"data:image/svg+xml;base64,PHN2Zz4=\"/><image href=\"photo.jpg\"/></svg>"
        );
        let out = cleaned(&svg);
        assert_eq!(out.matches("<image").count(), 1, "{out}");
        assert!(out.contains("href=\"data:image/png;base64,"), "{out}");
    }
}

//! A small element tree of an XML document (a WordPress export, a feed),
//! read with quick-xml: names as written (`wp:post_type`), attributes, and
//! each element's text with entities and CDATA sections resolved.

use quick_xml::Reader;
use quick_xml::events::Event;

#[derive(Debug, Default)]
pub struct Node {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Node>,
    /// What an element marked `type="xhtml"` (Atom's content of markup)
    /// holds, as written.
    pub markup: Option<String>,
    /// Where that markup begins in the document.
    markup_from: Option<usize>,
}

impl Node {
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The text of the first child `name`, trimmed; empty when there is none.
    pub fn text_of(&self, name: &str) -> &str {
        self.child(name).map_or("", |c| c.text.trim())
    }

    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// How deep elements may nest.
pub const MAX_DEPTH: usize = 1000;

/// The document's root element, or what is wrong and on which line.
pub fn parse(xml: &str) -> Result<Node, String> {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Node> = vec![Node::default()];
    // Counted in bytes: the reader's position may fall inside a character.
    let line = |at: u64| {
        memchr::memchr_iter(b'\n', &xml.as_bytes()[..(at as usize).min(xml.len())]).count() + 1
    };
    loop {
        let at = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| format!("line {}: not well-formed XML: {e}", line(at)))?;
        match event {
            Event::Start(e) => {
                // No real export nests this deep; a crafted one would take
                // the stack (reading it, and freeing it).
                if stack.len() > MAX_DEPTH {
                    return Err(format!(
                        "line {}: elements nested more than {MAX_DEPTH} deep",
                        line(at)
                    ));
                }
                let mut node = element(&e)?;
                if node.attr("type") == Some("xhtml") {
                    node.markup_from = Some(reader.buffer_position() as usize);
                }
                stack.push(node)
            }
            Event::Empty(e) => {
                let node = element(&e)?;
                stack.last_mut().expect("root").children.push(node);
            }
            Event::End(_) => {
                let mut node = stack.pop().expect("balanced");
                if let Some(from) = node.markup_from {
                    node.markup = xml.get(from..at as usize).map(str::to_string);
                }
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => return Err(format!("line {}: a closing tag too many", line(at))),
                }
            }
            Event::Text(t) => {
                let text = t.decode().map_err(|e| format!("line {}: {e}", line(at)))?;
                stack.last_mut().expect("root").text.push_str(&text);
            }
            Event::CData(c) => {
                let text = String::from_utf8_lossy(&c);
                stack.last_mut().expect("root").text.push_str(&text);
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name = r.decode().unwrap_or_default();
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .map_or_else(|| format!("&{name};"), str::to_string)
                    }
                };
                stack.last_mut().expect("root").text.push_str(&resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        return Err(format!(
            "{} is never closed",
            stack.last().expect("open").name
        ));
    }
    let mut top = stack.pop().expect("root");
    match top.children.len() {
        0 => Err("no element at all".into()),
        _ => Ok(top.children.swap_remove(0)),
    }
}

fn element(e: &quick_xml::events::BytesStart) -> Result<Node, String> {
    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
    let mut attrs = vec![];
    for a in e.attributes().with_checks(false).flatten() {
        let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
        let value = a
            .unescape_value()
            .map(|v| v.into_owned())
            .unwrap_or_else(|_| String::from_utf8_lossy(&a.value).into_owned());
        attrs.push((key, value));
    }
    Ok(Node {
        name,
        attrs,
        ..Node::default()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_cdata_and_entities() {
        let root = super::parse(
            "<?xml version=\"1.0\"?><rss><item a=\"x &amp; y\"><t>A &amp; B &#233;</t><c><![CDATA[<p>hi</p>]]></c><e/></item></rss>",
        )
        .unwrap();
        let item = root.child("item").unwrap();
        assert_eq!(item.attr("a"), Some("x & y"));
        assert_eq!(item.text_of("t"), "A & B é");
        assert_eq!(item.text_of("c"), "<p>hi</p>");
        assert!(item.child("e").is_some());
        assert!(super::parse("<a><b></a>").is_err());
        let atom = super::parse(
            "<entry><content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>One <b>two</b> &amp; three</p></div></content></entry>",
        )
        .unwrap();
        assert_eq!(
            atom.child("content").unwrap().markup.as_deref(),
            Some(
                "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>One <b>two</b> &amp; three</p></div>"
            )
        );
    }
}

//! Blocks written as Markdown, and Markdown read back as blocks. Text is
//! escaped so that what a page or clipping says (`<script>`, `{{ }}`, `*`,
//! `#`) shows as written; every block written is read back with
//! pulldown-cmark and, should it not come back the same, written again
//! more plainly, so that no article ever shows markup as text or says
//! other than what the page said.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use super::doc::{Block, Inline};

/// The article body for `blocks`: blocks apart by blank lines, one line
/// end at the end (none when there are no blocks).
pub fn write(blocks: &[Block]) -> String {
    let blocks = canonical(blocks.to_vec());
    let mut out = String::new();
    let mut markers = Markers::default();
    for b in &blocks {
        let text = verified(b, markers.next(b));
        if text.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&text);
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// A block as Markdown that reads back as the same block: as it is, else
/// without emphasis, else as its plain text.
fn verified(b: &Block, alt: bool) -> String {
    let text = block(b, alt);
    // Plain text is escaped whole (the unit tests and the converter's fuzz
    // target hold the escaping to it): only markup needs reading back.
    if plain_text(b) || read_alone(&text, b) == [b.clone()] {
        return text;
    }
    let plainer = canonical(vec![without_emphasis(b.clone())]);
    if let Some(p) = plainer.first() {
        let text = block(p, alt);
        if read_alone(&text, p) == plainer {
            return text;
        }
    }
    let mut out = String::new();
    escape(
        super::doc::text_of(std::slice::from_ref(b)).trim(),
        &mut out,
    );
    out.replace('\n', " ")
}

/// A block written alone, read back: a footnote reference is one only
/// where its note is defined, so each gets a note to read it against.
fn read_alone(text: &str, b: &Block) -> Vec<Block> {
    let mut labels = vec![];
    note_refs(std::slice::from_ref(b), &mut labels);
    if labels.is_empty() {
        return read(text);
    }
    let mut with_notes = text.to_string();
    for l in &labels {
        with_notes.push_str(&format!("\n\n[^{l}]: a note"));
    }
    let mut got = read(&with_notes);
    got.truncate(got.len().saturating_sub(labels.len()));
    got
}

/// The labels of the footnotes that blocks refer to, once each.
fn note_refs(blocks: &[Block], labels: &mut Vec<String>) {
    fn runs(rs: &[Inline], labels: &mut Vec<String>) {
        for r in rs {
            match r {
                Inline::NoteRef(l) if !labels.contains(l) => labels.push(l.clone()),
                Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strike(c) => runs(c, labels),
                Inline::Link { content, .. } => runs(content, labels),
                _ => {}
            }
        }
    }
    for b in blocks {
        match b {
            Block::Paragraph(c) | Block::Heading { content: c, .. } => runs(c, labels),
            Block::List { items, .. } => items.iter().for_each(|i| note_refs(i, labels)),
            Block::Quote(inner) | Block::Note { blocks: inner, .. } => note_refs(inner, labels),
            Block::Table { head, rows } => {
                for cell in head.iter().chain(rows.iter().flatten()) {
                    runs(cell, labels);
                }
            }
            Block::Code { .. } | Block::Image { .. } | Block::Rule => {}
        }
    }
}

/// A block of plain text runs only: a paragraph, a heading, or a list of
/// such paragraphs.
fn plain_text(b: &Block) -> bool {
    let runs_plain = |runs: &[Inline]| {
        runs.iter()
            .all(|r| matches!(r, Inline::Text(_) | Inline::Break))
    };
    match b {
        Block::Paragraph(runs) | Block::Heading { content: runs, .. } => runs_plain(runs),
        Block::List { items, .. } => items
            .iter()
            .all(|item| matches!(item.as_slice(), [Block::Paragraph(runs)] if runs_plain(runs))),
        _ => false,
    }
}

/// Which marker each list gets: a list right after another of its kind
/// takes the other one (`*` after `-`, `)` after `.`), so that Markdown
/// does not read the two as one.
#[derive(Default)]
struct Markers {
    /// The kind of the list just written (numbered or not) and whether it
    /// took the other marker.
    last: Option<(bool, bool)>,
}

impl Markers {
    fn next(&mut self, b: &Block) -> bool {
        let Block::List { start, .. } = b else {
            self.last = None;
            return false;
        };
        let alt = matches!(self.last, Some((numbered, alt)) if numbered == start.is_some() && !alt);
        self.last = Some((start.is_some(), alt));
        alt
    }
}

fn block(b: &Block, alt: bool) -> String {
    let mut out = String::new();
    match b {
        Block::Paragraph(runs) => inlines(runs, &mut out, Ctx::Paragraph),
        Block::Heading { level, id, content } => {
            out.push_str(&"#".repeat(usize::from((*level).clamp(1, 6))));
            out.push(' ');
            inlines(content, &mut out, Ctx::Line);
            // A closing run of `#` would be taken off.
            if out.ends_with('#') {
                out.insert(out.len() - 1, '\\');
            }
            if let Some(id) = id {
                out.push_str(&format!(" {{#{id}}}"));
            }
        }
        Block::List { start, items } => list(*start, items, alt, &mut out),
        Block::Quote(inner) => {
            let text = blocks_text(inner);
            for (i, line) in text.lines().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                out.push('>');
                if !line.is_empty() {
                    out.push(' ');
                    out.push_str(line);
                }
            }
        }
        Block::Code { lang, text } => {
            let fence = "`".repeat(longest_run(text, '`').max(2) + 1);
            out.push_str(&fence);
            out.push_str(lang.as_deref().unwrap_or(""));
            out.push('\n');
            out.push_str(text);
            out.push_str(&fence);
        }
        Block::Table { head, rows } => table(head, rows, &mut out),
        Block::Image { src, alt } => image(src, alt, &mut out),
        Block::Rule => out.push_str("---"),
        Block::Note { label, blocks } => {
            out.push_str(&format!("[^{label}]:"));
            // What follows its first line is the note's while indented.
            for (i, line) in blocks_text(blocks).lines().enumerate() {
                match (i, line.is_empty()) {
                    (0, _) => out.push(' '),
                    (_, true) => out.push('\n'),
                    (_, false) => out.push_str("\n    "),
                }
                out.push_str(line);
            }
        }
    }
    out
}

/// Blocks inside a container, apart by blank lines.
fn blocks_text(blocks: &[Block]) -> String {
    let mut parts = vec![];
    let mut markers = Markers::default();
    for b in blocks {
        parts.push(block(b, markers.next(b)));
    }
    parts.retain(|p| !p.is_empty());
    parts.join("\n\n")
}

fn list(start: Option<u64>, items: &[Vec<Block>], alt: bool, out: &mut String) {
    // Tight when each item is a paragraph, perhaps with a list under it
    // that may follow a paragraph line directly.
    let tight = items.iter().all(|item| match item.as_slice() {
        [] | [Block::Paragraph(_)] => true,
        [Block::Paragraph(_), Block::List { start, items }] => {
            start.is_none_or(|s| s == 1) && items.first().is_some_and(|i| !i.is_empty())
        }
        _ => false,
    });
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(if tight { "\n" } else { "\n\n" });
        }
        let marker = match start {
            None if alt => "*".to_string(),
            None => "-".to_string(),
            Some(n) => format!("{}{}", n + i as u64, if alt { ')' } else { '.' }),
        };
        let text = match (tight, item.as_slice()) {
            (true, [p, l]) => format!("{}\n{}", block(p, false), block(l, false)),
            _ => blocks_text(item),
        };
        let indent = " ".repeat(marker.len() + 1);
        out.push_str(&marker);
        for (j, line) in text.lines().enumerate() {
            match (j, line.is_empty()) {
                (0, _) => {
                    out.push(' ');
                    out.push_str(line);
                }
                (_, true) => out.push('\n'),
                _ => {
                    out.push('\n');
                    out.push_str(&indent);
                    out.push_str(line);
                }
            }
        }
    }
}

/// A canonical table (every row as wide as its head).
fn table(head: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>], out: &mut String) {
    let width = head.len();
    let row = |cells: &[Vec<Inline>], out: &mut String| {
        out.push('|');
        for i in 0..width {
            out.push(' ');
            if let Some(cell) = cells.get(i) {
                inlines(cell, out, Ctx::Cell);
            }
            out.push_str(" |");
        }
    };
    row(head, out);
    out.push('\n');
    out.push('|');
    for _ in 0..width {
        out.push_str(" --- |");
    }
    for r in rows {
        out.push('\n');
        row(r, out);
    }
}

fn image(src: &str, alt: &str, out: &mut String) {
    out.push_str("![");
    escape_into(alt, out, false);
    out.push_str("](");
    destination(src, out);
    out.push(')');
}

/// Where inline text goes: a paragraph may break lines; a heading, a link's
/// text and a table cell may not (a cell escapes `|` in code too).
#[derive(Clone, Copy, PartialEq)]
enum Ctx {
    Paragraph,
    Line,
    Cell,
}

fn inlines(runs: &[Inline], out: &mut String, ctx: Ctx) {
    for r in runs {
        match r {
            Inline::Text(t) => {
                let start = out.is_empty() || out.ends_with('\n');
                escape_into(t, out, start);
            }
            Inline::Emphasis(c) => delimited("*", c, out, ctx),
            Inline::Strong(c) => delimited("**", c, out, ctx),
            Inline::Strike(c) => delimited("~~", c, out, ctx),
            Inline::Code(code) => out.push_str(&code_span(code, ctx == Ctx::Cell)),
            Inline::Link { href, content } => {
                // `!` before a link would make it an image.
                if out.ends_with('!') {
                    out.insert(out.len() - 1, '\\');
                }
                // A link whose text is its address is written as one:
                // `<https://…>`, not the address twice.
                if let [Inline::Text(t)] = content.as_slice() {
                    if t == href && autolinkable(href) {
                        out.push('<');
                        out.push_str(href);
                        out.push('>');
                        continue;
                    }
                }
                out.push('[');
                inlines(content, out, if ctx == Ctx::Cell { ctx } else { Ctx::Line });
                out.push_str("](");
                destination(href, out);
                out.push(')');
            }
            Inline::Image { src, alt } => image(src, alt, out),
            Inline::Break if ctx == Ctx::Paragraph => out.push_str("\\\n"),
            Inline::Break => out.push(' '),
            Inline::NoteRef(label) => out.push_str(&format!("[^{label}]")),
        }
    }
}

/// Inline code as Markdown writes it: between enough backticks, padded
/// where it starts or ends with one; in a table's cell, `|` escaped.
pub fn code_span(code: &str, in_cell: bool) -> String {
    let code = match in_cell {
        true => code.replace('|', "\\|"),
        false => code.to_string(),
    };
    let fence = "`".repeat(longest_run(&code, '`') + 1);
    let pad = code.starts_with('`')
        || code.ends_with('`')
        || (code.starts_with(' ') && code.ends_with(' '));
    let sp = if pad { " " } else { "" };
    format!("{fence}{sp}{code}{sp}{fence}")
}

fn delimited(mark: &str, content: &[Inline], out: &mut String, ctx: Ctx) {
    out.push_str(mark);
    inlines(content, out, ctx);
    out.push_str(mark);
}

/// An address CommonMark reads between `<` and `>` as itself.
fn autolinkable(href: &str) -> bool {
    (href.starts_with("https://") || href.starts_with("http://"))
        && !href.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '&' | '|' | '\\')
        })
}

/// A link's or image's address: as it is when Markdown reads it so, else
/// between `<` and `>`.
fn destination(href: &str, out: &mut String) {
    let plain = !href.is_empty()
        && !href
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '\\'))
        && balanced(href);
    if !plain {
        out.push('<');
    }
    // An entity in an address would be read as its character.
    let mut done = 0;
    for (i, _) in href.match_indices('&') {
        if entity_at(&href[i..]) {
            out.push_str(&href[done..i]);
            out.push('\\');
            done = i;
        }
    }
    out.push_str(&href[done..]);
    if !plain {
        out.push('>');
    }
}

fn balanced(s: &str) -> bool {
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return false;
        }
    }
    depth == 0
}

fn longest_run(text: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for ch in text.chars() {
        run = if ch == c { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

/// Text escaped so that Markdown shows it as written.
pub fn escape(text: &str, out: &mut String) {
    escape_into(text, out, true)
}

/// Escapes `text` into `out`: every character that could start markup gets
/// a backslash, `&` where it would start an entity, and at the start of a
/// line whatever Markdown would read as a block (`#`, `-`, `+`, `=`, `1.`).
fn escape_into(text: &str, out: &mut String, line_start: bool) {
    const MARKUP: [bool; 256] = {
        let mut t = [false; 256];
        let special = b"\\`*_[]<>|~{}";
        let mut i = 0;
        while i < special.len() {
            t[special[i] as usize] = true;
            i += 1;
        }
        t
    };
    let from = out.len();
    let bytes = text.as_bytes();
    let mut done = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let entity = b == b'&' && entity_at(&text[i..]);
        if MARKUP[b as usize] || entity {
            out.push_str(&text[done..i]);
            out.push('\\');
            done = i;
        }
    }
    out.push_str(&text[done..]);
    if !line_start {
        return;
    }
    let written = &out[from..];
    let digits = written.bytes().take_while(u8::is_ascii_digit).count();
    let numbered = digits > 0 && matches!(written.as_bytes().get(digits), Some(b'.' | b')'));
    if numbered || written.starts_with(['#', '-', '+', '=']) {
        out.insert(from + digits, '\\');
    }
}

/// Whether text at `&` reads as an entity (`&amp;`, `&#38;`).
fn entity_at(s: &str) -> bool {
    let rest = &s[1..];
    let len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
        .count();
    len > 0 && rest.as_bytes().get(len) == Some(&b';')
}

/// Blocks made canonical, as [`read`] gives them: text runs joined and
/// trimmed at the edges of their block, empty runs and blocks gone, a
/// paragraph of one image an image, addresses spelt as Markdown keeps them.
pub fn canonical(blocks: Vec<Block>) -> Vec<Block> {
    blocks.into_iter().filter_map(canonical_block).collect()
}

/// One block made canonical; None when nothing of it is left.
fn canonical_block(b: Block) -> Option<Block> {
    Some(match b {
        Block::Paragraph(runs) => {
            let runs = edge_trimmed(canonical_inlines(runs, false));
            match runs.as_slice() {
                [] => return None,
                [Inline::Image { src, alt }] => Block::Image {
                    src: src.clone(),
                    alt: alt.clone(),
                },
                _ => Block::Paragraph(runs),
            }
        }
        Block::Heading { level, id, content } => {
            let content = edge_trimmed(canonical_inlines(content, true));
            if content.is_empty() {
                return None;
            }
            Block::Heading {
                level: level.clamp(1, 6),
                id: id.filter(|i| crate::markdown::safe_name(i)),
                content,
            }
        }
        Block::List { start, items } => {
            let items: Vec<Vec<Block>> = items.into_iter().map(canonical).collect();
            if items.is_empty() {
                return None;
            }
            Block::List {
                start: start.map(|s| s.min(999_999_999)),
                items,
            }
        }
        Block::Quote(inner) => match canonical(inner) {
            inner if inner.is_empty() => return None,
            inner => Block::Quote(inner),
        },
        Block::Code { lang, text } => {
            let mut text = text.replace("\r\n", "\n");
            if !text.ends_with('\n') {
                text.push('\n');
            }
            let lang = lang
                .map(|l| {
                    l.chars()
                        .filter(|c| c.is_alphanumeric() || "+-_.#".contains(*c))
                        .collect::<String>()
                })
                .filter(|l| !l.is_empty());
            Block::Code { lang, text }
        }
        Block::Table { head, rows } => canonical_table(head, rows)?,
        Block::Image { src, alt } => Block::Image {
            src: canonical_href(&src),
            alt: one_line(&alt).trim().to_string(),
        },
        Block::Rule => Block::Rule,
        Block::Note { label, blocks } => {
            let blocks = canonical(blocks);
            match note_label(&label) {
                Some(label) if !blocks.is_empty() => Block::Note { label, blocks },
                _ => return None,
            }
        }
    })
}

/// A footnote's label as Markdown reads it back the same: letters, digits,
/// `-` and `_`; None when nothing is left.
fn note_label(label: &str) -> Option<String> {
    let l: String = label
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
        .take(40)
        .collect();
    (!l.is_empty()).then_some(l)
}

/// A table with every row as wide as the widest (the head included).
fn canonical_table(head: Vec<Vec<Inline>>, rows: Vec<Vec<Vec<Inline>>>) -> Option<Block> {
    let cell = |c: Vec<Inline>| edge_trimmed(canonical_inlines(c, true));
    let mut head: Vec<Vec<Inline>> = head.into_iter().map(cell).collect();
    let mut rows: Vec<Vec<Vec<Inline>>> = rows
        .into_iter()
        .map(|r| r.into_iter().map(cell).collect())
        .collect();
    let width = rows
        .iter()
        .map(Vec::len)
        .chain([head.len()])
        .max()
        .unwrap_or(0);
    if width == 0 {
        return None;
    }
    head.resize(width, vec![]);
    for r in &mut rows {
        r.resize(width, vec![]);
    }
    Some(Block::Table { head, rows })
}

fn one_line(s: &str) -> String {
    one_line_owned(s.to_string())
}

/// `s` on one line: line ends and tabs become spaces (no copy when there
/// are none).
fn one_line_owned(s: String) -> String {
    if memchr::memchr3(b'\n', b'\r', b'\t', s.as_bytes()).is_none() {
        return s;
    }
    s.replace(['\n', '\r', '\t'], " ")
}

/// An address as Markdown keeps it: spaces, angle brackets, backslashes
/// and control characters percent-encoded.
fn canonical_href(href: &str) -> String {
    let mut out = String::with_capacity(href.len());
    for c in href.trim().chars() {
        match c {
            ' ' => out.push_str("%20"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            c if c.is_whitespace() || c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn canonical_inlines(runs: Vec<Inline>, one_line_only: bool) -> Vec<Inline> {
    canonical_runs(runs, one_line_only, false)
}

fn canonical_runs(runs: Vec<Inline>, one_line_only: bool, in_link: bool) -> Vec<Inline> {
    let mut out: Vec<Inline> = vec![];
    for r in runs {
        match r {
            Inline::Text(t) => {
                // A line after a break starts with its first letter.
                let t = match out.last() {
                    Some(Inline::Break) => t.trim_start().to_string(),
                    _ => t,
                };
                push_text(&mut out, one_line_owned(t))
            }
            Inline::Break if one_line_only => push_text(&mut out, " ".into()),
            Inline::Break => {
                if let Some(Inline::Text(last)) = out.last_mut() {
                    take_edge(last, false);
                    if last.is_empty() {
                        out.pop();
                    }
                }
                // Never first, last or twice: a break there is no break.
                if !out.is_empty() && !matches!(out.last(), Some(Inline::Break)) {
                    out.push(Inline::Break);
                }
            }
            Inline::Code(c) => {
                let c = one_line_owned(c);
                if c.trim().is_empty() {
                    push_text(&mut out, c);
                } else {
                    out.push(Inline::Code(c));
                }
            }
            Inline::Emphasis(_) | Inline::Strong(_) | Inline::Strike(_) => {
                emphasis(&mut out, r, one_line_only, in_link)
            }
            Inline::Link { content, .. } if in_link => {
                for i in canonical_runs(content, true, true) {
                    match i {
                        Inline::Text(t) => push_text(&mut out, t),
                        other => out.push(other),
                    }
                }
            }
            Inline::Link { href, content } => {
                let content = edge_trimmed(canonical_runs(content, true, true));
                let href = canonical_href(&href);
                match (content.is_empty(), href.is_empty()) {
                    (true, _) => {}
                    (false, true) => out.extend(content),
                    (false, false) => out.push(Inline::Link { href, content }),
                }
            }
            Inline::Image { src, alt } => out.push(Inline::Image {
                src: canonical_href(&src),
                alt: one_line(&alt).trim().to_string(),
            }),
            // A link's text cannot hold a reference to a note.
            Inline::NoteRef(_) if in_link => {}
            Inline::NoteRef(label) => {
                if let Some(label) = note_label(&label) {
                    out.push(Inline::NoteRef(label));
                }
            }
        }
    }
    while matches!(out.last(), Some(Inline::Break)) {
        out.pop();
    }
    unflanked(merged(out, one_line_only, in_link))
}

fn push_text(out: &mut Vec<Inline>, t: String) {
    if t.is_empty() {
        return;
    }
    match out.last_mut() {
        Some(Inline::Text(last)) => last.push_str(&t),
        _ => out.push(Inline::Text(t)),
    }
}

/// Emphasis, strong or strike-through, made canonical into `out`.
fn emphasis(out: &mut Vec<Inline>, r: Inline, one_line_only: bool, in_link: bool) {
    let (Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strike(c)) = &r else {
        unreachable!("emphasis")
    };
    // Around nothing but spaces, it is only the spaces.
    if c.iter()
        .all(|i| matches!(i, Inline::Text(t) if t.trim().is_empty()))
    {
        for i in c {
            if let Inline::Text(t) = i {
                push_text(out, one_line(t));
            }
        }
        return;
    }
    match r {
        Inline::Emphasis(c) => {
            let c = strip(c, Mark::Emphasis);
            wrap(out, c, one_line_only, in_link, Inline::Emphasis)
        }
        // `***a***` reads as emphasis around strong, never the other way.
        Inline::Strong(c) if matches!(c.as_slice(), [Inline::Emphasis(_)]) => {
            let Some(Inline::Emphasis(inner)) = c.into_iter().next() else {
                unreachable!("one emphasis")
            };
            let strong = vec![Inline::Strong(strip(inner, Mark::Emphasis))];
            wrap(out, strong, one_line_only, in_link, Inline::Emphasis)
        }
        Inline::Strong(c) => {
            let c = strip(c, Mark::Strong);
            wrap(out, c, one_line_only, in_link, Inline::Strong)
        }
        Inline::Strike(c) => {
            let c = strip(c, Mark::Strike);
            wrap(out, c, one_line_only, in_link, Inline::Strike)
        }
        _ => unreachable!("emphasis"),
    }
}

/// Runs of a kind side by side made one (`**a****b**` is no emphasis).
fn merged(runs: Vec<Inline>, one_line_only: bool, in_link: bool) -> Vec<Inline> {
    let mut merged: Vec<Inline> = vec![];
    for r in runs {
        match (merged.last_mut(), r) {
            (Some(Inline::Text(a)), Inline::Text(b)) => a.push_str(&b),
            (Some(Inline::Strong(a)), Inline::Strong(b))
            | (Some(Inline::Emphasis(a)), Inline::Emphasis(b))
            | (Some(Inline::Strike(a)), Inline::Strike(b)) => {
                a.extend(b);
                let joined = canonical_runs(std::mem::take(a), one_line_only, in_link);
                *a = joined;
            }
            (_, r) => merged.push(r),
        }
    }
    merged
}

/// Emphasis whose marks Markdown would not read as marks (`*(CNN)*said`:
/// a closing mark after punctuation and before a letter) keeps its text only.
fn unflanked(runs: Vec<Inline>) -> Vec<Inline> {
    let edge = |r: Option<&Inline>, first: bool| -> Option<char> {
        match r? {
            Inline::Text(t) if first => t.chars().next(),
            Inline::Text(t) => t.chars().last(),
            Inline::Link { .. } | Inline::Image { .. } => Some(if first { '[' } else { ')' }),
            Inline::NoteRef(_) => Some(if first { '[' } else { ']' }),
            Inline::Code(_) => Some('`'),
            Inline::Emphasis(_) | Inline::Strong(_) | Inline::Strike(_) => Some('*'),
            Inline::Break => Some('\n'),
        }
    };
    let loose = |c: Option<char>| {
        c.is_none_or(|c| c.is_whitespace() || c.is_ascii_punctuation() || is_punct(c))
    };
    let mut out: Vec<Inline> = Vec::with_capacity(runs.len());
    let n = runs.len();
    let mut runs = runs.into_iter().peekable();
    for _ in 0..n {
        let r = runs.next().expect("n runs");
        let content = match &r {
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strike(c) => c,
            _ => {
                out.push(r);
                continue;
            }
        };
        let before = edge(out.last(), false);
        let after = edge(runs.peek(), true);
        let first = edge(content.first(), true);
        let last = edge(content.last(), false);
        let opens = !first.is_some_and(is_punct_or_ascii) || loose(before);
        let closes = !last.is_some_and(is_punct_or_ascii) || loose(after);
        if opens && closes {
            out.push(r);
            continue;
        }
        let (Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strike(c)) = r else {
            unreachable!("emphasis")
        };
        for i in c {
            match (out.last_mut(), i) {
                (Some(Inline::Text(a)), Inline::Text(b)) => a.push_str(&b),
                (_, i) => out.push(i),
            }
        }
    }
    out
}

fn is_punct_or_ascii(c: char) -> bool {
    c.is_ascii_punctuation() || is_punct(c)
}

/// Punctuation beyond ASCII (quotes, dashes), as Markdown's flanking rules
/// count it.
fn is_punct(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace() && !c.is_control()
}

#[derive(Clone, Copy, PartialEq)]
enum Mark {
    Emphasis,
    Strong,
    Strike,
}

/// Runs inside emphasis of a kind lose that kind of emphasis of their own
/// (emphasis inside emphasis is no more emphatic, and Markdown cannot say it).
fn strip(runs: Vec<Inline>, mark: Mark) -> Vec<Inline> {
    let mut out = Vec::with_capacity(runs.len());
    for r in runs {
        match r {
            Inline::Emphasis(c) if mark == Mark::Emphasis => out.extend(strip(c, mark)),
            Inline::Strong(c) if mark == Mark::Strong => out.extend(strip(c, mark)),
            Inline::Strike(c) if mark == Mark::Strike => out.extend(strip(c, mark)),
            Inline::Emphasis(c) => out.push(Inline::Emphasis(strip(c, mark))),
            Inline::Strong(c) => out.push(Inline::Strong(strip(c, mark))),
            Inline::Strike(c) => out.push(Inline::Strike(strip(c, mark))),
            Inline::Link { href, content } => out.push(Inline::Link {
                href,
                content: strip(content, mark),
            }),
            other => out.push(other),
        }
    }
    out
}

/// Emphasis around `content`, with the spaces at its edges put outside
/// it (Markdown reads `* a*` as no emphasis).
fn wrap(
    out: &mut Vec<Inline>,
    content: Vec<Inline>,
    one_line_only: bool,
    in_link: bool,
    make: fn(Vec<Inline>) -> Inline,
) {
    let mut c = canonical_runs(content, one_line_only, in_link);
    while matches!(c.first(), Some(Inline::Break)) {
        c.remove(0);
    }
    let lead = match c.first_mut() {
        Some(Inline::Text(t)) => take_edge(t, true),
        _ => String::new(),
    };
    let trail = match c.last_mut() {
        Some(Inline::Text(t)) => take_edge(t, false),
        _ => String::new(),
    };
    c.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
    push_text(out, lead);
    if !c.is_empty() {
        out.push(make(c));
    }
    push_text(out, trail);
}

/// Takes the whitespace off one edge of `t` and returns it.
fn take_edge(t: &mut String, front: bool) -> String {
    if front {
        let kept = t.trim_start().len();
        let cut = t.len() - kept;
        t.drain(..cut).collect()
    } else {
        let kept = t.trim_end().len();
        t.split_off(kept)
    }
}

/// Runs with the whitespace at the two ends of their block gone.
fn edge_trimmed(mut runs: Vec<Inline>) -> Vec<Inline> {
    if let Some(Inline::Text(t)) = runs.first_mut() {
        take_edge(t, true);
    }
    if let Some(Inline::Text(t)) = runs.last_mut() {
        take_edge(t, false);
    }
    runs.retain(|i| !matches!(i, Inline::Text(t) if t.is_empty()));
    runs
}

/// The block with its emphasis and strike-through gone, their text kept.
fn without_emphasis(b: Block) -> Block {
    fn runs(rs: Vec<Inline>) -> Vec<Inline> {
        let mut out = vec![];
        for r in rs {
            match r {
                Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strike(c) => out.extend(runs(c)),
                Inline::Link { href, content } => out.push(Inline::Link {
                    href,
                    content: runs(content),
                }),
                other => out.push(other),
            }
        }
        out
    }
    match b {
        Block::Paragraph(c) => Block::Paragraph(runs(c)),
        Block::Heading { level, id, content } => Block::Heading {
            level,
            id,
            content: runs(content),
        },
        Block::List { start, items } => Block::List {
            start,
            items: items
                .into_iter()
                .map(|i| i.into_iter().map(without_emphasis).collect())
                .collect(),
        },
        Block::Quote(inner) => Block::Quote(inner.into_iter().map(without_emphasis).collect()),
        Block::Table { head, rows } => Block::Table {
            head: head.into_iter().map(runs).collect(),
            rows: rows
                .into_iter()
                .map(|r| r.into_iter().map(runs).collect())
                .collect(),
        },
        other => other,
    }
}

/// Markdown read as blocks (what [`write`] wrote comes back as its blocks,
/// made [`canonical`]). Raw HTML and what blocks cannot hold are text.
pub fn read(md: &str) -> Vec<Block> {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_FOOTNOTES;
    let mut r = Reader::default();
    for ev in Parser::new_ext(md, opts) {
        r.event(ev);
    }
    canonical(r.finish())
}

/// Builds blocks from pulldown-cmark's events.
#[derive(Default)]
struct Reader {
    /// Open containers, innermost last.
    stack: Vec<Open>,
    done: Vec<Block>,
}

enum Open {
    Blocks(Container, Vec<Block>),
    Runs(Runs, Vec<Inline>),
    Code(Option<String>, String),
    Table(Vec<Vec<Inline>>, Vec<Vec<Vec<Inline>>>, bool),
    Row(Vec<Vec<Inline>>),
}

enum Container {
    Quote,
    Item,
    List(Option<u64>, Vec<Vec<Block>>),
    Note(String),
}

enum Runs {
    Paragraph,
    Heading(u8, Option<String>),
    Emphasis,
    Strong,
    Strike,
    Link(String),
    Image(String),
    Cell,
}

impl Reader {
    fn push_block(&mut self, b: Block) {
        match self.stack.last_mut() {
            Some(Open::Blocks(Container::List(_, items), _)) => items.push(vec![b]),
            Some(Open::Blocks(_, blocks)) => blocks.push(b),
            _ => self.done.push(b),
        }
    }

    fn push_inline(&mut self, i: Inline) {
        match self.stack.last_mut() {
            Some(Open::Runs(_, runs)) => runs.push(i),
            Some(Open::Code(_, text)) => {
                if let Inline::Text(t) = i {
                    text.push_str(&t);
                }
            }
            // A tight list item's text comes without its paragraph.
            Some(Open::Blocks(Container::Item, blocks)) => match blocks.last_mut() {
                Some(Block::Paragraph(runs)) => runs.push(i),
                _ => blocks.push(Block::Paragraph(vec![i])),
            },
            _ => self.push_block(Block::Paragraph(vec![i])),
        }
    }

    fn event(&mut self, ev: Event) {
        match ev {
            Event::Start(tag) => self.start(tag),
            Event::End(end) => self.end(end),
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                self.push_inline(Inline::Text(t.to_string()))
            }
            Event::Code(c) => self.push_inline(Inline::Code(c.to_string())),
            Event::SoftBreak => self.push_inline(Inline::text(" ")),
            Event::HardBreak => self.push_inline(Inline::Break),
            Event::Rule => self.push_block(Block::Rule),
            Event::FootnoteReference(n) => self.push_inline(Inline::NoteRef(n.to_string())),
            Event::TaskListMarker(done) => {
                self.push_inline(Inline::text(if done { "[x] " } else { "[ ] " }))
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.push_inline(Inline::Text(t.to_string()))
            }
        }
    }

    fn start(&mut self, tag: Tag) {
        let open = match tag {
            Tag::Paragraph => Open::Runs(Runs::Paragraph, vec![]),
            Tag::Heading { level, id, .. } => Open::Runs(
                Runs::Heading(level as u8, id.map(|i| i.to_string())),
                vec![],
            ),
            Tag::BlockQuote(_) => Open::Blocks(Container::Quote, vec![]),
            Tag::FootnoteDefinition(l) => Open::Blocks(Container::Note(l.to_string()), vec![]),
            Tag::List(start) => Open::Blocks(Container::List(start, vec![]), vec![]),
            Tag::Item => Open::Blocks(Container::Item, vec![]),
            Tag::CodeBlock(kind) => Open::Code(
                match kind {
                    CodeBlockKind::Fenced(l) => Some(l.to_string()).filter(|l| !l.is_empty()),
                    CodeBlockKind::Indented => None,
                },
                String::new(),
            ),
            Tag::Emphasis => Open::Runs(Runs::Emphasis, vec![]),
            Tag::Strong => Open::Runs(Runs::Strong, vec![]),
            Tag::Strikethrough => Open::Runs(Runs::Strike, vec![]),
            Tag::Link { dest_url, .. } => Open::Runs(Runs::Link(dest_url.to_string()), vec![]),
            Tag::Image { dest_url, .. } => Open::Runs(Runs::Image(dest_url.to_string()), vec![]),
            Tag::Table(_) => Open::Table(vec![], vec![], false),
            Tag::TableHead => Open::Row(vec![]),
            Tag::TableRow => Open::Row(vec![]),
            Tag::TableCell => Open::Runs(Runs::Cell, vec![]),
            // What blocks do not hold is read as its text.
            _ => return,
        };
        self.stack.push(open);
    }

    fn end(&mut self, end: TagEnd) {
        let closes = matches!(
            end,
            TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image
                | TagEnd::Table
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::TableCell
        );
        if !closes {
            return;
        }
        let Some(open) = self.stack.pop() else { return };
        match open {
            Open::Runs(kind, runs) => match kind {
                Runs::Paragraph => self.push_block(Block::Paragraph(runs)),
                Runs::Heading(level, id) => self.push_block(Block::Heading {
                    level,
                    id,
                    content: runs,
                }),
                Runs::Emphasis => self.push_inline(Inline::Emphasis(runs)),
                Runs::Strong => self.push_inline(Inline::Strong(runs)),
                Runs::Strike => self.push_inline(Inline::Strike(runs)),
                Runs::Link(href) => self.push_inline(Inline::Link {
                    href,
                    content: runs,
                }),
                Runs::Image(src) => self.push_inline(Inline::Image {
                    src,
                    alt: super::doc::plain(&runs),
                }),
                Runs::Cell => {
                    if let Some(Open::Row(cells)) = self.stack.last_mut() {
                        cells.push(runs);
                    }
                }
            },
            Open::Blocks(Container::Quote, blocks) => self.push_block(Block::Quote(blocks)),
            Open::Blocks(Container::Note(label), blocks) => {
                self.push_block(Block::Note { label, blocks })
            }
            Open::Blocks(Container::Item, blocks) => {
                if let Some(Open::Blocks(Container::List(_, items), _)) = self.stack.last_mut() {
                    items.push(blocks);
                }
            }
            Open::Blocks(Container::List(start, items), _) => {
                self.push_block(Block::List { start, items })
            }
            Open::Code(lang, text) => self.push_block(Block::Code { lang, text }),
            Open::Row(cells) => {
                if let Some(Open::Table(head, rows, seen_head)) = self.stack.last_mut() {
                    if *seen_head {
                        rows.push(cells);
                    } else {
                        *head = cells;
                        *seen_head = true;
                    }
                }
            }
            Open::Table(head, rows, _) => self.push_block(Block::Table { head, rows }),
        }
    }

    fn finish(mut self) -> Vec<Block> {
        while !self.stack.is_empty() {
            let end = match self.stack.last() {
                Some(Open::Runs(Runs::Paragraph, _)) => TagEnd::Paragraph,
                _ => TagEnd::Item,
            };
            let before = self.stack.len();
            self.end(end);
            if self.stack.len() == before {
                self.stack.pop();
            }
        }
        self.done
    }
}

#[cfg(test)]
mod tests {
    use super::super::doc::{heading, list, paragraph};
    use super::*;

    fn link(href: &str, text: &str) -> Inline {
        Inline::Link {
            href: href.into(),
            content: vec![Inline::text(text)],
        }
    }

    #[test]
    fn every_block_reads_back_as_itself() {
        let blocks = vec![
            heading("Trading houses #1"),
            Block::Paragraph(vec![
                Inline::text("The "),
                Inline::Strong(vec![Inline::text("report")]),
                Inline::text(" says "),
                Inline::Emphasis(vec![Inline::text("so")]),
                Inline::text(": "),
                link("https://example.org/a (b)", "read it"),
                Inline::Break,
                Inline::text("# not a heading, *stars*, <b>, {{ x }} & &amp; 1. two"),
            ]),
            list(["one".into(), "- two".into()]),
            list(["a separate list".into()]),
            Block::List {
                start: Some(3),
                items: vec![
                    vec![paragraph("three"), list(["nested".into()])],
                    vec![paragraph("four"), paragraph("with a second paragraph")],
                ],
            },
            Block::Quote(vec![paragraph("Said."), paragraph("Twice.")]),
            Block::Code {
                lang: Some("rust".into()),
                text: "# not a heading\nlet a = `b`;\n```\n".into(),
            },
            Block::Table {
                head: vec![
                    vec![Inline::text("Year")],
                    vec![Inline::text("Cases | all")],
                ],
                rows: vec![vec![
                    vec![Inline::text("2004")],
                    vec![Inline::Code("a|b".into())],
                ]],
            },
            Block::Image {
                src: "/a b.png".into(),
                alt: "A [chart]".into(),
            },
            Block::Rule,
        ];
        let md = write(&blocks);
        assert_eq!(read(&md), canonical(blocks), "{md}");
    }

    #[test]
    fn plain_text_of_any_shape_reads_back_as_itself() {
        // What the writer does not read back, it must escape exactly.
        let parts = [
            "#",
            "##",
            "-",
            "+",
            "=",
            "1.",
            "1)",
            "12345.",
            ">",
            "*",
            "_",
            "`",
            "```",
            "~~~",
            "<",
            "<p>",
            "<!--",
            "&amp;",
            "&#65;",
            "&#x41;",
            "&copy",
            "[x]: y",
            "[^1]",
            "!",
            "![a](b)",
            "\\",
            "|",
            "a|b",
            "***",
            "---",
            "===",
            "{#id}",
            "}",
            "$x$",
            "^",
            " ",
            "word",
            "é",
            "*a*",
            "__b__",
            "~~s~~",
            "http://x.org/",
            "<http://x.org/>",
            "\\*",
        ];
        let mut texts = vec![];
        for a in parts {
            for b in parts {
                texts.push(format!("{a}{b}"));
                texts.push(format!("{a} {b}"));
                texts.push(format!("x {a}{b} y"));
            }
        }
        for t in &texts {
            for blocks in [
                vec![paragraph(t.clone())],
                vec![Block::Paragraph(vec![
                    Inline::text("first"),
                    Inline::Break,
                    Inline::Text(t.clone()),
                ])],
                vec![heading(t.clone())],
                vec![list([t.clone(), "b".into()])],
            ] {
                let want = canonical(blocks.clone());
                if want.is_empty() {
                    continue;
                }
                let md = block(&want[0], false);
                assert_eq!(read(&md), want, "{t:?} written {md:?}");
            }
        }
    }

    #[test]
    fn what_markdown_cannot_say_is_written_more_plainly() {
        // `***x***` reads back the other way round: the text is kept.
        let b = vec![Block::Paragraph(vec![
            Inline::text("a"),
            Inline::Strong(vec![Inline::text("\"quoted\"")]),
            Inline::text("b"),
        ])];
        let md = write(&b);
        assert_eq!(
            super::super::doc::text_of(&read(&md)),
            "a\"quoted\"b\n",
            "{md}"
        );
        // Spaces at the edges of emphasis go outside it.
        let md = write(&[Block::Paragraph(vec![
            Inline::text("a"),
            Inline::Strong(vec![Inline::text(" bold ")]),
            Inline::text("b"),
        ])]);
        assert_eq!(md, "a **bold** b\n");
    }
}

//! The source has no module that imports one importing it back: not
//! between the top-level modules, and not between the files of one folder
//! (`super::` paths as much as `crate::` ones).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::common::*;

/// Each folder of src/ (the top level as "") and, between the modules in
/// it (a file, or a folder with all it holds), which names which: a
/// module's files that name a path (`crate::a::b`, `super::b`) under
/// another module of the folder. A folder's own `mod.rs` naming its
/// modules is not a loop, nor a module naming its folder's `mod.rs`.
fn module_graphs(src: &Path) -> BTreeMap<String, BTreeMap<String, BTreeSet<String>>> {
    let mut graphs: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for file in files_ending(src, ".rs") {
        let rel = file
            .strip_prefix(src)
            .unwrap()
            .to_str()
            .unwrap()
            .replace('\\', "/");
        if rel == "lib.rs" || rel == "main.rs" {
            continue;
        }
        let module: Vec<String> = rel
            .trim_end_matches(".rs")
            .trim_end_matches("/mod")
            .split('/')
            .map(str::to_string)
            .collect();
        let text = std::fs::read_to_string(&file).unwrap();
        for named in paths_named(&text, &module) {
            let shared = module
                .iter()
                .zip(&named)
                .take_while(|(a, b)| a == b)
                .count();
            if shared < module.len() && shared < named.len() {
                graphs
                    .entry(module[..shared].join("/"))
                    .or_default()
                    .entry(module[shared].clone())
                    .or_default()
                    .insert(named[shared].clone());
            }
        }
    }
    // Only modules that exist: `crate::x` of a function, not a module,
    // names nothing of a folder.
    for (folder, graph) in &mut graphs {
        let dir = src.join(folder);
        let exists = |m: &str| dir.join(format!("{m}.rs")).is_file() || dir.join(m).is_dir();
        graph.retain(|m, _| exists(m));
        for uses in graph.values_mut() {
            uses.retain(|m| exists(m));
        }
    }
    graphs
}

/// The module paths a file names, made absolute: `crate::a::b` is
/// `[a, b]`, `super::b` in module `[x, y]` is `[x, b]`; `use` lists
/// (`crate::{a, b::c}`) name each of theirs.
fn paths_named(text: &str, module: &[String]) -> Vec<Vec<String>> {
    let mut out = vec![];
    for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
        for (at, _) in line.match_indices(['c', 's']) {
            let rest = &line[at..];
            let before = line[..at].chars().last();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let (mut base, mut tail): (Vec<String>, &str) =
                if let Some(t) = rest.strip_prefix("crate::") {
                    (vec![], t)
                } else if rest.starts_with("super::") {
                    let mut base = module.to_vec();
                    let mut t = rest;
                    while let Some(r) = t.strip_prefix("super::") {
                        base.pop();
                        t = r;
                    }
                    (base, t)
                } else {
                    continue;
                };
            if let Some(list) = tail.strip_prefix('{') {
                for item in list.split('}').next().unwrap().split(',') {
                    let mut p = base.clone();
                    p.extend(segments(item.trim()));
                    out.push(p);
                }
                continue;
            }
            base.extend(segments(std::mem::take(&mut tail)));
            out.push(base);
        }
    }
    out
}

/// `a::b::C` → `[a, b, C]`, up to what is no path.
fn segments(path: &str) -> Vec<String> {
    let end = path
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .unwrap_or(path.len());
    path[..end]
        .split("::")
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A cycle in `graph`, as the modules around it, if there is one.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        m: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == m) {
            let mut around = path[at..].to_vec();
            around.push(m.to_string());
            return Some(around);
        }
        if done.contains(m) {
            return None;
        }
        path.push(m.to_string());
        for next in graph.get(m).into_iter().flatten() {
            if let Some(c) = visit(next, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(m.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|m| visit(m, graph, &mut vec![], &mut done))
}

fn loops(src: &Path) -> Vec<String> {
    module_graphs(src)
        .iter()
        .filter_map(|(folder, g)| cycle(g).map(|c| format!("src/{folder}: {}", c.join(" -> "))))
        .collect()
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let src = repo().join("src");
    let graphs = module_graphs(&src);
    // The graphs are read: the modules that hold the pipeline are in them,
    // and so are the files of folders.
    assert!(graphs[""]["pipeline"].contains("output"), "{graphs:?}");
    assert!(graphs[""]["output"].contains("load"), "{graphs:?}");
    assert!(graphs["import"]["clipping"].contains("story"), "{graphs:?}");
    assert!(graphs["migrate"]["hugo"].contains("source"), "{graphs:?}");
    assert_eq!(loops(&src), Vec::<String>::new());
}

#[test]
fn the_loop_test_sees_a_loop_inside_a_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path();
    let write = |rel: &str, text: &str| {
        let p = src.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write("lib.rs", "pub mod a;\npub mod b;\n");
    write("b.rs", "pub fn f() {}\n");
    write("a/mod.rs", "mod x;\nmod y;\nuse crate::b::f;\n");
    write("a/x.rs", "use super::y::Y;\npub struct X;\n");
    write("a/y.rs", "pub struct Y;\n");
    assert!(loops(src).is_empty());
    // y names x back, by a `use` list and by a deeper `super::super`.
    write("a/y.rs", "use crate::{b, a::x::X};\npub struct Y;\n");
    assert_eq!(loops(src), ["src/a: x -> y -> x"]);
    write("a/y/mod.rs", "mod z;\n");
    write("a/y/z.rs", "fn g() -> super::super::x::X { todo!() }\n");
    std::fs::remove_file(src.join("a/y.rs")).unwrap();
    assert_eq!(loops(src), ["src/a: x -> y -> x"]);
}

//! One pipeline: build, check and serve find the same problems in the same
//! site; and the source has no module that imports one importing it back.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use placard::serve::Live;

use crate::common::*;

/// The problems of a report, one `file:line: message` per line.
fn problem_lines(report: &str) -> BTreeSet<String> {
    report
        .lines()
        .map(|l| l.trim_start_matches("error: "))
        .filter(|l| l.starts_with("content/"))
        .map(str::to_string)
        .collect()
}

fn break_site(site: &Path) {
    let file = site.join("content/news/first-report.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let text = text
        .replace("related: [second-report]", "related: [no-such-report]")
        .replace(
            "Text with a footnote.",
            "Text with ![a photo](photo.jpg), a [link](../essays/nowhere/) and a footnote.",
        );
    std::fs::write(&file, text).unwrap();
}

#[test]
fn build_check_and_serve_give_the_same_verdict_on_a_broken_site() {
    let (_tmp, site) = site_copy("small");
    break_site(&site);
    let root = site.to_str().unwrap();

    let built = placard(&["build", "--root", root]);
    assert_eq!(built.status.code(), Some(1));
    assert!(
        !site.join("public").exists(),
        "a failed build wrote public/"
    );
    let build = problem_lines(&String::from_utf8_lossy(&built.stderr));

    let checked = placard(&["check", "--root", root]);
    assert_eq!(checked.status.code(), Some(1));
    let check = problem_lines(&String::from_utf8_lossy(&checked.stderr));

    let mut live = Live::new(
        site.clone(),
        "http://127.0.0.1:1111/".into(),
        true,
        String::new(),
    )
    .unwrap();
    let served = live.full_build().unwrap_err().to_string();
    let serve = problem_lines(&served);

    for (what, needle) in [
        (
            "bad related",
            "content/news/first-report.md:11: related \"no-such-report\"",
        ),
        ("missing image", "image /news/photo.jpg not found"),
        (
            "broken relative link",
            "link to ../essays/nowhere/: there is nothing at /essays/nowhere/",
        ),
    ] {
        assert!(
            build.iter().any(|l| l.contains(needle)),
            "build misses the {what}: {build:?}"
        );
    }
    assert_eq!(build.len(), 3, "{build:?}");
    assert_eq!(check, build, "check and build disagree");
    assert_eq!(serve, build, "serve and build disagree");
}

#[test]
fn serve_finds_the_same_problems_when_an_edit_brings_them() {
    let (_tmp, site) = site_copy("small");
    let mut live = Live::new(
        site.clone(),
        "https://example.org/".into(),
        true,
        String::new(),
    )
    .unwrap();
    live.full_build().unwrap();
    break_site(&site);
    let updated = live
        .update(&[site.join("content/news/first-report.md")])
        .unwrap_err()
        .to_string();
    let built = placard(&["build", "--root", site.to_str().unwrap()]);
    assert_eq!(
        problem_lines(&updated),
        problem_lines(&String::from_utf8_lossy(&built.stderr))
    );
}

/// Each module of src/ (a file, or a folder with its mod.rs) and the
/// modules it names with `crate::`: folders' own files are one module.
fn module_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let tops: BTreeSet<String> = std::fs::read_dir(src)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter_map(|p| Some(p.file_stem()?.to_str()?.to_string()))
        .filter(|m| m != "lib" && m != "main")
        .collect();
    for file in files_ending(src, ".rs") {
        let rel = file.strip_prefix(src).unwrap();
        let module = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_str()
            .unwrap()
            .trim_end_matches(".rs")
            .to_string();
        if !tops.contains(&module) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let uses = graph.entry(module.clone()).or_default();
        for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
            // `crate::a::b`, and `crate::{a, b::c}` in a `use`.
            for (at, _) in line.match_indices("crate::") {
                let rest = &line[at + "crate::".len()..];
                let names: Vec<&str> = match rest.strip_prefix('{') {
                    Some(list) => list
                        .split('}')
                        .next()
                        .unwrap()
                        .split(',')
                        .map(|n| n.trim().split("::").next().unwrap())
                        .collect(),
                    None => vec![
                        rest.split(|c: char| !c.is_alphanumeric() && c != '_')
                            .next()
                            .unwrap(),
                    ],
                };
                for name in names {
                    if tops.contains(name) && name != module {
                        uses.insert(name.to_string());
                    }
                }
            }
        }
    }
    graph
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

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let graph = module_graph(&repo().join("src"));
    // The graph is read: the modules that hold the pipeline are in it.
    assert!(graph["pipeline"].contains("output"), "{graph:?}");
    assert!(graph["output"].contains("load"), "{graph:?}");
    if let Some(c) = cycle(&graph) {
        panic!("module loop: {}", c.join(" -> "));
    }
    // And the test sees a loop where there is one.
    let mut looped = graph.clone();
    looped.get_mut("load").unwrap().insert("pipeline".into());
    assert!(cycle(&looped).is_some());
}

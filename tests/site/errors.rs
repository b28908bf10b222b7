//! Bad input: every error exits 1, names the file and line, and leaves the
//! previous output byte for byte as it was, with nothing written elsewhere.

use crate::common::*;

struct Case {
    name: &'static str,
    file: &'static str,
    bytes: &'static [u8],
    /// What stderr must contain: `file:line: …` and a hint.
    expect: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        name: "TOML front matter",
        file: "content/news/toml.md",
        bytes: b"+++\ntitle = \"A\"\ndate = 2004-05-07\n+++\nBody\n",
        expect: &["content/news/toml.md:1: this is TOML front matter (`+++`); placard reads YAML"],
    },
    Case {
        name: "broken YAML",
        file: "content/news/broken.md",
        bytes: b"---\ntitle: A\ntags: [one, two\ndate: 2004-05-07\n---\nBody\n",
                expect: &["content/news/broken.md:4: YAML: did not find expected ',' or ']'; a list opened with [ above is not closed with ]\n    date: 2004-05-07\n        ^"],
    },
    Case {
        name: "missing title",
        file: "content/news/untitled.md",
        bytes: b"---\ndate: 2004-05-07\n---\nBody\n",
        expect: &["content/news/untitled.md:2: missing `title:`"],
    },
    Case {
        name: "impossible date",
        file: "content/news/bad-date.md",
        bytes: b"---\ntitle: A\ndate: 2020-31-31\n---\nBody\n",
        expect: &["content/news/bad-date.md:3: date \"2020-31-31\" does not exist", "YYYY-MM-DD"],
    },
    Case {
        name: "not UTF-8",
        file: "content/news/latin1.md",
        bytes: b"---\ntitle: A\ndate: 2004-05-07\n---\nCaf\xe9 society\n",
        expect: &["content/news/latin1.md:5: not UTF-8", "save the file as UTF-8"],
    },
    Case {
        name: "two articles with one URL",
        file: "content/news/copy.md",
        bytes: b"---\ntitle: Copy\ndate: 2004-05-07\nslug: second-report\n---\nBody\n",
        expect: &["/news/second-report/ is already taken by content/news/", "slug"],
    },
    Case {
        name: "slug with other characters",
        file: "content/news/bad-slug.md",
        bytes: b"---\ntitle: A\ndate: 2004-05-07\nslug: Bad_Slug\n---\nBody\n",
        expect: &["content/news/bad-slug.md:4: slug \"Bad_Slug\" may hold only lower-case letters, digits and -", "bad-slug"],
    },
    Case {
        name: "tag that slugs to nothing",
        file: "content/news/bad-tag.md",
        bytes: b"---\ntitle: A\ndate: 2004-05-07\ntags: [UN, \"!!!\"]\n---\nBody\n",
        expect: &["content/news/bad-tag.md:4: tag \"!!!\" has no letters or digits"],
    },
    Case {
        name: "template error",
        file: "templates/page.html",
        bytes: b"{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title }}</h1>\n{{ page.no_such_field }}\n{% endblock main %}\n",
                expect: &["templates/page.html:4:", "no_such_field"],
    },
    Case {
        name: "template syntax error",
        file: "templates/tags.html",
        bytes: b"{% extends \"base.html\" %}\n{% block main %}\n{% for t in tags %}\n{% endblock main %}\n",
        expect: &["templates/tags.html:"],
    },
];

#[test]
fn each_error_exits_1_names_file_and_line_and_keeps_the_previous_output() {
    for case in CASES {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        copy_tree(&fixture("small"), &site);
        let out = tmp.path().join("out");
        build(&site, &out, &[]);
        let before_out = tree(&out);
        let before_all = tree(tmp.path());

        let bad = site.join(case.file);
        std::fs::create_dir_all(bad.parent().unwrap()).unwrap();
        std::fs::write(&bad, case.bytes).unwrap();
        let o = build_output(&site, &out);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(
            o.status.code(),
            Some(1),
            "{}: exit status; stderr:\n{stderr}",
            case.name
        );
        for want in case.expect {
            assert!(
                stderr.contains(want),
                "{}: stderr lacks {want:?}:\n{stderr}",
                case.name
            );
        }
        assert!(
            tree(&out) == before_out,
            "{}: the previous output changed",
            case.name
        );
        let mut after_all = tree(tmp.path());
        after_all.remove(&format!("site/{}", case.file));
        assert!(
            after_all == before_all,
            "{}: files were written or changed elsewhere",
            case.name
        );
    }
}

#[test]
fn all_problems_are_listed_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&fixture("small"), &site);
    for case in &CASES[1..5] {
        std::fs::write(site.join(case.file), case.bytes).unwrap();
    }
    let o = build_output(&site, &tmp.path().join("out"));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1));
    for case in &CASES[1..5] {
        assert!(
            stderr.contains(case.expect[0]),
            "{} missing from:\n{stderr}",
            case.name
        );
    }
    assert!(stderr.contains("4 errors"), "{stderr}");
    assert!(
        !tmp.path().join("out").exists(),
        "a failed first build created the output"
    );
}

#[test]
fn mistyped_settings_name_the_nearest_key() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&fixture("small"), &site);
    std::fs::write(
        site.join("site.yaml"),
        "titel: X\nbase_url: https://example.org/\n",
    )
    .unwrap();
    let o = placard(&["build", "--root", site.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr.contains("site.yaml:1: unknown key `titel`; did you mean `title`?"),
        "{stderr}"
    );
}

#[test]
fn unsafe_output_folders_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&fixture("small"), &site);
    let before = tree(tmp.path());
    for target in [
        "/",
        site.to_str().unwrap(),
        tmp.path().to_str().unwrap(),
        &format!("{}/content/news", site.display()),
    ] {
        let o = placard(&[
            "build",
            "--root",
            site.to_str().unwrap(),
            "--output",
            target,
        ]);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{target}: {stderr}");
        assert!(
            stderr.contains("refusing to build into"),
            "{target}: {stderr}"
        );
    }
    assert!(
        tree(tmp.path()) == before,
        "a refused build wrote something"
    );
}

#[test]
fn usage_errors_exit_2() {
    let o = placard(&["build", "--no-such-flag"]);
    assert_eq!(o.status.code(), Some(2));
}

/// A site of one section holding the given files (path under the site, text).
fn news_site(files: &[(&str, &str)]) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    std::fs::create_dir_all(site.join("content/news")).unwrap();
    std::fs::write(
        site.join("content/news/_index.md"),
        "---\ntitle: News\n---\n",
    )
    .unwrap();
    for (path, text) in files {
        std::fs::write(site.join(path), text).unwrap();
    }
    (tmp, site)
}

const SETTINGS: (&str, &str) = ("site.yaml", "title: News\nbase_url: https://example.org/\n");

#[test]
fn a_site_without_site_yaml_is_told_so_by_build_and_check() {
    let (_tmp, site) = news_site(&[(
        "content/news/a.md",
        "---\ntitle: A\ndate: 2020-01-01\n---\nText.\n",
    )]);
    let root = site.to_str().unwrap();
    for args in [vec!["build", "--root", root], vec!["check", "--root", root]] {
        let o = placard(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{args:?}: {err}");
        assert!(
            err.contains(
                "site.yaml: there is no site.yaml, so the site is built with the defaults"
            ) && err.contains("base_url http://127.0.0.1:1111/"),
            "{args:?}: {err}"
        );
    }
    // With one, nothing is said about it.
    std::fs::write(site.join(SETTINGS.0), SETTINGS.1).unwrap();
    let o = placard(&["build", "--root", root]);
    assert!(o.status.success());
    assert!(!String::from_utf8_lossy(&o.stderr).contains("no site.yaml"));
}

#[test]
fn check_goes_on_past_a_bad_related_and_counts_what_it_checked() {
    let (_tmp, site) = news_site(&[
        SETTINGS,
        (
            "content/news/a.md",
            "---\ntitle: A\ndate: 2020-01-01\nsource: S\nrelated: [no-such-one]\n---\nText.\n",
        ),
        (
            "content/news/b.md",
            "---\ntitle: B\ndate: 2020-01-02\nsource: S\n---\nSee [it](@/news/missing.md).\n",
        ),
    ]);
    let o = placard(&["check", "--root", site.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/news/a.md:5: related \"no-such-one\""),
        "{err}"
    );
    assert!(
        err.contains("content/news/b.md:6: link to @/news/missing.md"),
        "{err}"
    );
    // No "0 pages": with errors, no page count at all.
    assert!(
        format!("{out}{err}").contains("checked 2 articles: 2 errors"),
        "{out}{err}"
    );
}

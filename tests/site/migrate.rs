//! `placard init` and `placard migrate`: a new site, and existing Hugo,
//! Jekyll, WordPress and feed archives brought across.

use crate::common::*;

#[test]
fn init_makes_a_site_that_builds_and_checks_clean_and_never_writes_into_a_used_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("Survivors Voice");
    let o = placard(&["init", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in [
        "site.yaml",
        "content/news/_index.md",
        "content/news/welcome.md",
        ".gitignore",
        "netlify.toml",
    ] {
        assert!(site.join(f).is_file(), "{f} missing");
    }
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    assert!(yaml.contains("title: Survivors Voice\n"), "{yaml}");
    assert!(
        yaml.lines().filter(|l| l.starts_with('#')).count() >= 5,
        "settings are explained"
    );
    let checked = placard(&["check", "--root", site.to_str().unwrap()]);
    let report = String::from_utf8_lossy(&checked.stdout);
    assert!(
        checked.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&checked.stderr)
    );
    assert!(report.contains("0 errors, 0 warnings"), "{report}");
    build(&site, &site.join("public"), &[]);
    let page = std::fs::read_to_string(site.join("public/news/welcome/index.html")).unwrap();
    assert!(page.contains("Welcome to the archive"));
    assert!(
        std::fs::read_to_string(site.join(".gitignore"))
            .unwrap()
            .contains("/public")
    );

    // A folder with anything in it is refused, and left as it was.
    let used = tmp.path().join("used");
    std::fs::create_dir(&used).unwrap();
    std::fs::write(used.join("notes.txt"), "mine").unwrap();
    let o = placard(&["init", used.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is not empty"));
    assert_eq!(std::fs::read_dir(&used).unwrap().count(), 1);
    assert_eq!(
        std::fs::read_to_string(used.join("notes.txt")).unwrap(),
        "mine"
    );
}

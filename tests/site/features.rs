//! What users of other generators expect: data files templates read, in
//! every language, rebuilt by the dev server.

use placard::serve::Live;

use crate::common::*;

fn write(site: &std::path::Path, rel: &str, text: &str) {
    let path = site.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// What the home page adds to the theme's: `data.helplines` and a
/// value from a file in a folder.
const DATA: &str = r#"<ul id="data-helplines">{% for h in data.helplines %}<li>{{ h.name }}: {{ h.phone }}</li>{% endfor %}</ul>
<p id="data-country">{{ data.countries.uk.name }}</p>
"#;

#[test]
fn templates_read_data_files_in_each_language() {
    let (tmp, site) = site_copy("small");
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    write(
        &site,
        "site.yaml",
        &format!(
            "{yaml}\nlanguages:\n  ru:\n    name: Русский\n    title: Вырезки\n    description: Вырезки из прессы.\n"
        ),
    );
    let theme_index =
        std::fs::read_to_string(repo().join("themes/default/templates/index.html")).unwrap();
    write(
        &site,
        "templates/index.html",
        &theme_index.replacen(
            "{% endblock main %}",
            &format!("{DATA}{{% endblock main %}}"),
            1,
        ),
    );
    write(
        &site,
        "data/helplines.yaml",
        "- name: Rape Crisis 24/7 Support Line\n  phone: 0808 500 2222\n- name: Women's Aid\n  phone: 0808 2000 247\n",
    );
    write(
        &site,
        "data/helplines.ru.yaml",
        "- name: Горячая линия для женщин\n  phone: 8 800 7000 600\n",
    );
    write(
        &site,
        "data/countries/uk.json",
        "{\"name\": \"United Kingdom\"}",
    );
    let out = tmp.path().join("public");
    build(&site, &out, &[]);
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.contains("<li>Rape Crisis 24/7 Support Line: 0808 500 2222<li>Women's Aid: 0808 2000 247</ul>")
            || home.contains("<li>Rape Crisis 24/7 Support Line: 0808 500 2222</li><li>Women's Aid: 0808 2000 247</li></ul>"),
        "{home}"
    );
    assert!(home.contains("United Kingdom"), "{home}");
    let ru = std::fs::read_to_string(out.join("ru/index.html")).unwrap();
    assert!(
        ru.contains("Горячая линия для женщин: 8 800 7000 600") && !ru.contains("Rape Crisis"),
        "{ru}"
    );
    assert!(
        ru.contains("United Kingdom"),
        "the file of no language is every language's"
    );

    // A data file that cannot be read names its file and line, in build
    // and in check.
    write(
        &site,
        "data/helplines.yaml",
        "- name: Rape Crisis\n  phone: [0808\n",
    );
    build_and_check_fail_naming(&site, &out, &["data/helplines.yaml:"]);
    write(
        &site,
        "data/helplines.yaml",
        "- name: Rape Crisis 24/7 Support Line\n  phone: 0808 500 2222\n",
    );

    // The dev server rebuilds when a data file changes.
    let base = "http://127.0.0.1:9/";
    let mut live = Live::new(site.clone(), base.into(), true, String::new()).unwrap();
    live.full_build().unwrap();
    write(
        &site,
        "data/helplines.yaml",
        "- name: Victim Support\n  phone: 0808 168 9111\n",
    );
    live.update(&[site.join("data/helplines.yaml")]).unwrap();
    let served = std::fs::read_to_string(live.dir().join("index.html")).unwrap();
    assert!(served.contains("Victim Support: 0808 168 9111"), "{served}");
}

/// A section of reports with its own list and article templates (from a
/// theme, one of them replaced by the site), an essay with its own, and a
/// translated section that keeps its original's.
#[test]
fn sections_and_articles_choose_their_templates() {
    let (tmp, site) = site_copy("small");
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    write(
        &site,
        "site.yaml",
        &format!(
            "{yaml}\ntheme: campaign\nlanguages:\n  ru:\n    name: Русский\n    title: Вырезки\n    description: Вырезки из прессы.\n"
        ),
    );
    // The theme: the default theme's files, and two templates of its own.
    let theme = site.join("themes/campaign/templates");
    copy_tree(
        &repo().join("themes/default"),
        &site.join("themes/campaign"),
    );
    write(
        &site,
        "themes/campaign/templates/reports-list.html",
        "{% extends \"section.html\" %}{% block main %}<p id=\"theme-list\">Reports, from the theme</p>{{ super() }}{% endblock main %}",
    );
    write(
        &site,
        "themes/campaign/templates/report.html",
        "{% extends \"page.html\" %}{% block main %}<p id=\"theme-report\">A report, from the theme</p>{{ super() }}{% endblock main %}",
    );
    // The site replaces the theme's article template.
    write(
        &site,
        "templates/report.html",
        "{% extends \"page.html\" %}{% block main %}<p id=\"site-report\">A report: {{ page.title }}</p>{{ super() }}{% endblock main %}",
    );
    write(
        &site,
        "templates/essay.html",
        "{% extends \"page.html\" %}{% block main %}<p id=\"essay\">An essay</p>{{ super() }}{% endblock main %}",
    );
    assert!(theme.is_dir());
    write(
        &site,
        "content/reports/_index.md",
        "---\ntitle: Reports\ntemplate: reports-list.html\npage_template: report.html\n---\n",
    );
    write(
        &site,
        "content/reports/annual/_index.md",
        "---\ntitle: Annual reports\n---\n",
    );
    write(
        &site,
        "content/reports/annual/2020.md",
        "---\ntitle: Annual report 2020\ndate: 2021-01-05\n---\nWhat the year held.\n",
    );
    write(
        &site,
        "content/reports/annual/2020.ru.md",
        "---\ntitle: Годовой отчёт 2020\ndate: 2021-01-05\n---\nЧто было за год.\n",
    );
    write(
        &site,
        "content/reports/_index.ru.md",
        "---\ntitle: Отчёты\n---\n",
    );
    write(
        &site,
        "content/reports/essay.md",
        "---\ntitle: Why I stopped\ndate: 2021-02-01\ntemplate: essay.html\n---\nA man on changing his own behaviour.\n",
    );
    let out = tmp.path().join("public");
    build(&site, &out, &[]);
    let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
    let list = read("reports/index.html");
    assert!(
        list.contains("id=\"theme-list\"") && list.contains("Annual report 2020"),
        "{list}"
    );
    // The subsection takes its parent's article template, the site's copy.
    let report = read("reports/annual/2020/index.html");
    assert!(
        report.contains("<p id=\"site-report\">A report: Annual report 2020</p>")
            && !report.contains("theme-report")
            && report.contains("What the year held."),
        "{report}"
    );
    // Its own list page is the ordinary one.
    assert!(!read("reports/annual/index.html").contains("theme-list"));
    let essay = read("reports/essay/index.html");
    assert!(
        essay.contains("id=\"essay\"") && !essay.contains("site-report"),
        "{essay}"
    );
    // The Russian section keeps its original's templates.
    assert!(read("ru/reports/index.html").contains("id=\"theme-list\""));
    assert!(read("ru/reports/annual/2020/index.html").contains("A report: Годовой отчёт 2020"));
    // Other sections are as they were.
    assert!(!read("news/index.html").contains("theme-list"));

    // A template that is nowhere is an error at its line, in build and check.
    write(
        &site,
        "content/reports/essay.md",
        "---\ntitle: Why I stopped\ndate: 2021-02-01\ntemplate: essays.html\n---\nText.\n",
    );
    build_and_check_fail_naming(
        &site,
        &out,
        &["content/reports/essay.md:4: `template`: there is no template essays.html"],
    );
    write(
        &site,
        "content/reports/essay.md",
        "---\ntitle: Why I stopped\ndate: 2021-02-01\ntemplate: ../essay.html\n---\nText.\n",
    );
    build_and_check_fail_naming(
        &site,
        &out,
        &["content/reports/essay.md:4: `template` \"../essay.html\" must name a template"],
    );
}

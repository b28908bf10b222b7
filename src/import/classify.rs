//! What an imported story is about: its section (scored against the
//! sections' `keywords`), its tags (places, organisations and recurring
//! topics, spelt one way), and its content warnings.

use super::words::Words;

pub use crate::load::SectionInfo;

/// The section chosen for a story, and a warning when the choice is weak
/// or close.
#[derive(Debug, PartialEq, Eq)]
pub struct Choice {
    pub dir: String,
    pub warning: Option<String>,
}

/// Scores every section: each keyword counts once per occurrence in the
/// text and three times in the headline. Ties go to the deeper section.
/// `all` indexes the headline and the body together.
pub fn choose_section(sections: &[SectionInfo], title: &Words, all: &Words) -> Option<Choice> {
    let mut scored: Vec<(usize, &SectionInfo)> = sections
        .iter()
        .map(|s| {
            let score = s
                .keywords
                .iter()
                .map(|k| 2 * title.count(k, false) + all.count(k, false));
            (score.sum(), s)
        })
        .filter(|(score, _)| *score > 0)
        .collect();
    scored.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| {
                b.1.dir
                    .matches('/')
                    .count()
                    .cmp(&a.1.dir.matches('/').count())
            })
            .then_with(|| a.1.dir.cmp(&b.1.dir))
    });
    let (best, section) = *scored.first()?;
    let close: Vec<String> = scored[1..]
        .iter()
        .filter(|(score, s)| {
            *score * 10 >= best * 8 && !section.dir.starts_with(&format!("{}/", s.dir))
        })
        .map(|(score, s)| format!("{} ({score})", s.dir))
        .collect();
    let warning = if best < 3 {
        Some(format!(
            "weak match for {} (score {best}); check it or use --section",
            section.dir
        ))
    } else if !close.is_empty() {
        Some(format!(
            "{} (score {best}) was close to {}; check it or use --section",
            section.dir,
            close.join(", ")
        ))
    } else {
        None
    };
    Some(Choice {
        dir: section.dir.clone(),
        warning,
    })
}

/// Spellings in capitals (UN, US, U.K.) match only in capitals.
fn acronym(v: &str) -> bool {
    v.len() <= 4 && v.chars().all(|c| c.is_uppercase() || c == '.')
}

/// Places, organisations and topics a tag may name: the spelling used on
/// the site, then the ways clippings write it. Variants in capitals (UN,
/// US) match only in capitals; the others in any case.
const KNOWN: &[(&str, &[&str])] = &[
    ("Kosovo", &["Kosovo"]),
    ("Bosnia", &["Bosnia"]),
    ("Serbia", &["Serbia"]),
    ("Croatia", &["Croatia"]),
    ("Albania", &["Albania"]),
    ("Moldova", &["Moldova"]),
    ("Romania", &["Romania"]),
    ("Ukraine", &["Ukraine"]),
    ("Russia", &["Russia"]),
    ("Bulgaria", &["Bulgaria"]),
    ("Balkans", &["Balkans"]),
    ("UK", &["UK", "U.K.", "Britain", "United Kingdom"]),
    ("Ireland", &["Ireland"]),
    ("Scotland", &["Scotland"]),
    ("US", &["US", "U.S.", "United States"]),
    ("Sweden", &["Sweden"]),
    ("Norway", &["Norway"]),
    ("France", &["France"]),
    ("Germany", &["Germany"]),
    ("Netherlands", &["Netherlands", "Holland"]),
    ("Nigeria", &["Nigeria"]),
    ("Thailand", &["Thailand"]),
    ("Cambodia", &["Cambodia"]),
    ("India", &["India"]),
    ("Nepal", &["Nepal"]),
    ("China", &["China"]),
    ("Congo", &["Congo", "DRC"]),
    ("Rwanda", &["Rwanda"]),
    ("Sudan", &["Sudan", "Darfur"]),
    ("Iraq", &["Iraq"]),
    ("Syria", &["Syria"]),
    ("Afghanistan", &["Afghanistan"]),
    ("Canada", &["Canada"]),
    ("Australia", &["Australia"]),
    ("Nato", &["Nato", "NATO"]),
    ("UN", &["UN", "U.N.", "United Nations"]),
    ("EU", &["EU", "European Union"]),
    ("KFOR", &["KFOR", "K-For", "Kfor"]),
    ("Unmik", &["Unmik", "UNMIK"]),
    (
        "Amnesty International",
        &["Amnesty International", "Amnesty"],
    ),
    ("Human Rights Watch", &["Human Rights Watch"]),
    ("Unicef", &["Unicef", "UNICEF"]),
    ("Interpol", &["Interpol"]),
    ("Europol", &["Europol"]),
    ("OSCE", &["OSCE"]),
    ("Home Office", &["Home Office"]),
    (
        "peacekeepers",
        &[
            "peacekeepers",
            "peacekeeper",
            "peacekeeping",
            "peacekeeping force",
        ],
    ),
    (
        "trafficking",
        &["trafficking", "trafficked", "traffickers", "trafficker"],
    ),
    (
        "forced prostitution",
        &["forced prostitution", "forced into prostitution"],
    ),
    (
        "sex slavery",
        &["sex slavery", "sex slaves", "sexual slavery"],
    ),
    (
        "prostitution",
        &["prostitution", "prostitutes", "prostituted"],
    ),
    ("pornography", &["pornography", "porn"]),
    (
        "sex buyers",
        &["sex buyers", "punters", "buying sex", "buy sex"],
    ),
    (
        "Nordic model",
        &["Nordic model", "Swedish model", "equality model"],
    ),
    ("immunity", &["immunity"]),
    ("war crimes", &["war crimes", "war crime"]),
];

/// Words that end an organisation's name.
const ORG_WORDS: &[&str] = &[
    "International",
    "Group",
    "Organisation",
    "Organization",
    "Council",
    "Agency",
    "Office",
    "Ministry",
    "Police",
    "Union",
    "Committee",
    "Commission",
    "Foundation",
    "Trust",
    "Network",
    "Coalition",
    "Campaign",
    "Watch",
    "Service",
    "Court",
    "Parliament",
    "Association",
    "Society",
    "Institute",
    "Centre",
    "Center",
    "Alliance",
    "Federation",
];

/// [`KNOWN`] with each entry's spellings longest first, sorted once.
fn known_longest_first() -> &'static [(&'static str, Vec<&'static str>)] {
    static SORTED: std::sync::OnceLock<Vec<(&str, Vec<&str>)>> = std::sync::OnceLock::new();
    SORTED.get_or_init(|| {
        KNOWN
            .iter()
            .map(|(name, variants)| {
                let mut variants = variants.to_vec();
                variants.sort_by_key(|v| std::cmp::Reverse(v.len()));
                (*name, variants)
            })
            .collect()
    })
}

/// 3–8 tags, most mentioned first: known places, organisations and
/// topics, other organisations named in full, and the keywords of the
/// story's section found in it; the section's (then its parent's) title
/// when that makes fewer than three. `site_spelling` gives the spelling a
/// tag already has on the site, by slug.
/// `text` is the headline and body, `words` its index (whose words this
/// claims as it counts them).
pub fn tags(
    text: &str,
    words: &mut Words,
    sections: &[&SectionInfo],
    site_spelling: &dyn Fn(&str) -> Option<String>,
) -> Vec<String> {
    let mut found: Vec<(usize, String)> = vec![];
    // Each match is blanked, so that "Amnesty" does not count again inside
    // "Amnesty International", nor "prostitution" inside "forced
    // prostitution" (listed earlier): longest spellings go first.
    for (name, variants) in known_longest_first() {
        let n: usize = variants.iter().map(|v| words.take(v, acronym(v))).sum();
        // A topic counts when it recurs; a place or organisation when named.
        let topic = name.starts_with(char::is_lowercase);
        if n >= if topic { 2 } else { 1 } {
            found.push((n, name.to_string()));
        }
    }
    for org in organisations(text) {
        let slug = crate::slug::slugify(&org);
        if !found
            .iter()
            .any(|(_, f)| crate::slug::slugify(f) == slug || org.contains(f.as_str()))
        {
            found.push((words.count(&org, false), org));
        }
    }
    if let Some(section) = sections.first() {
        for k in &section.keywords {
            let n = words.take(k, false);
            if n > 0 {
                found.push((n, k.clone()));
            }
        }
    }
    found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    // One form per word family (rape, raped, rapist), the commonest; one
    // spelling per tag, the site's own where it has one; never the name of
    // a section the story is in (its page lists them already).
    let mut seen: std::collections::HashSet<String> =
        sections.iter().map(|s| family(&s.title)).collect();
    found
        .into_iter()
        .filter_map(|(_, t)| {
            let slug = crate::slug::slugify(&t);
            seen.insert(family(&t))
                .then(|| site_spelling(&slug).unwrap_or(t))
        })
        .take(8)
        .collect()
}

/// A tag's word family: each word lower-cased and cut to its stem, so
/// that "rape", "raped" and "rapist", or "trafficked" and "trafficking",
/// are one.
pub fn family(tag: &str) -> String {
    const ENDINGS: [&str; 9] = ["ists", "ist", "ers", "er", "ing", "ed", "es", "s", "e"];
    tag.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let w = w.to_lowercase();
            ENDINGS
                .iter()
                .find_map(|e| w.strip_suffix(e).filter(|stem| stem.chars().count() >= 3))
                .unwrap_or(&w)
                .to_string()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs of capitalised words ending in an organisation word ("International
/// Crisis Group"), without a leading "The".
fn organisations(text: &str) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    let mut run: Vec<&str> = vec![];
    let mut flush = |run: &mut Vec<&str>| {
        if let Some(end) = run.iter().rposition(|w| ORG_WORDS.contains(w)) {
            let words: Vec<&str> = run[..=end]
                .iter()
                .copied()
                .skip_while(|w| *w == "The")
                .collect();
            if words.len() >= 2 {
                let name = words.join(" ");
                if !out.contains(&name) {
                    out.push(name);
                }
            }
        }
        run.clear();
    };
    for raw in text.split_whitespace() {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        let capital = word.starts_with(char::is_uppercase);
        if capital && word.len() > 1 {
            run.push(word);
        }
        if !capital || word.len() <= 1 || raw.ends_with([',', '.', ';', ':', '"', ')']) {
            flush(&mut run);
        }
    }
    flush(&mut run);
    out
}

/// Content warnings, specific, in a fixed order.
pub fn warnings(words: &Words) -> Vec<String> {
    let any = |list: &[&str]| list.iter().any(|w| words.count(w, false) > 0);
    let rape = any(&[
        "rape",
        "raped",
        "rapes",
        "raping",
        "rapist",
        "rapists",
        "gang-rape",
        "gang-raped",
    ]);
    let sexual = rape
        || any(&[
            "sexual violence",
            "sexual assault",
            "sexually assaulted",
            "sexual abuse",
            "sexually abused",
            "sexual exploitation",
            "sex slavery",
            "sexual slavery",
            "forced prostitution",
            "sex slaves",
        ]);
    let minors = any(&[
        "under-age",
        "underage",
        "under 18",
        "under 16",
        "under 14",
        "minors",
        "child",
        "children",
        "schoolgirl",
        "schoolgirls",
        "girls as young as",
        "boys as young as",
        "teenage girls",
        "child prostitution",
    ]);
    let sexual_context = sexual
        || any(&[
            "prostitution",
            "trafficked",
            "sex",
            "pornography",
            "abused",
            "exploited",
        ]);
    let mut out = vec![];
    let mut add = |yes: bool, w: &str| {
        if yes {
            out.push(w.to_string());
        }
    };
    add(rape, "rape");
    add(sexual, "sexual violence");
    add(minors && sexual_context, "child abuse");
    add(any(&["torture", "tortured", "torturing"]), "torture");
    add(
        any(&[
            "beaten",
            "beatings",
            "beating",
            "gunpoint",
            "knifepoint",
            "assaulted",
        ]),
        "physical violence",
    );
    add(
        any(&["murder", "murdered", "killed", "killing", "homicide"]),
        "killing",
    );
    add(any(&["suicide", "self-harm"]), "suicide");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choose_section(sections: &[SectionInfo], title: &str, body: &str) -> Option<Choice> {
        let text = format!("{title}\n{body}");
        super::choose_section(sections, &Words::new(title), &Words::new(&text))
    }

    fn tags(
        title: &str,
        body: &str,
        sections: &[&SectionInfo],
        spelling: &dyn Fn(&str) -> Option<String>,
    ) -> Vec<String> {
        let text = format!("{title}\n{body}");
        super::tags(&text, &mut Words::new(&text), sections, spelling)
    }

    fn warnings(title: &str, body: &str) -> Vec<String> {
        super::warnings(&Words::new(&format!("{title}\n{body}")))
    }

    fn sections() -> Vec<SectionInfo> {
        let s = |dir: &str, kw: &[&str]| SectionInfo {
            dir: dir.into(),
            title: dir.into(),
            keywords: kw.iter().map(|k| k.to_string()).collect(),
        };
        vec![
            s("sex-trade", &["sex trade"]),
            s("sex-trade/prostitution", &["prostitution", "brothel"]),
            s(
                "sex-trade/sex-trafficking",
                &["trafficking", "trafficked", "sex slavery"],
            ),
            s("related-issues/rape", &["rape"]),
        ]
    }

    #[test]
    fn section_by_keywords_with_warnings_when_weak_or_close() {
        let c = choose_section(
            &sections(),
            "Women trafficked",
            "trafficking and sex slavery; a brothel",
        )
        .unwrap();
        assert_eq!(
            c,
            Choice {
                dir: "sex-trade/sex-trafficking".into(),
                warning: None
            }
        );
        let c = choose_section(&sections(), "x", "one brothel").unwrap();
        assert!(c.warning.unwrap().contains("weak match"));
        let c = choose_section(
            &sections(),
            "x",
            "rape rape rape prostitution prostitution prostitution",
        )
        .unwrap();
        assert!(c.warning.unwrap().contains("close to"), "tie is reported");
        assert_eq!(choose_section(&sections(), "x", "nothing relevant"), None);
    }

    #[test]
    fn tags_are_places_organisations_and_recurring_topics() {
        let body = "Nato and UN troops in Kosovo. The UN said trafficking grew. Amnesty International found trafficked women; \
                    the International Crisis Group agreed. Kosovo again. Let us go.";
        let section = SectionInfo {
            dir: "sex-trade/sex-trafficking".into(),
            title: "Sex Trafficking".into(),
            keywords: vec!["forced labour".into()],
        };
        let t = tags("Kosovo trafficking", body, &[&section], &|_| None);
        assert_eq!(
            t,
            [
                "Kosovo",
                "trafficking",
                "UN",
                "Amnesty International",
                "International Crisis Group",
                "Nato"
            ]
        );
        let parent = SectionInfo {
            dir: "sex-trade".into(),
            title: "The Sex Trade".into(),
            keywords: vec![],
        };
        let t = tags(
            "A",
            "Nothing but forced labour here.",
            &[&section, &parent],
            &|slug| (slug == "sex-trafficking").then(|| "sex trafficking".to_string()),
        );
        // A section's own name is never a tag: its page lists the story.
        assert_eq!(t, ["forced labour"]);
        assert_eq!(family("rapist"), family("raped"));
        assert_eq!(family("Rape"), family("rapes"));
        assert_eq!(family("trafficked women"), family("trafficking women"));
        assert_ne!(family("rape"), family("report"));
    }

    #[test]
    fn warnings_are_specific() {
        assert_eq!(
            warnings("x", "girls as young as 11 were raped and tortured, beaten"),
            [
                "rape",
                "sexual violence",
                "child abuse",
                "torture",
                "physical violence"
            ]
        );
        assert!(warnings("x", "a report on the budget").is_empty());
    }
}

//! The `placard` command: parses arguments, dispatches, prints the outcome.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

// A build allocates and frees millions of small strings from two threads;
// with mimalloc a 10,000-article build took about a fifth less CPU time than
// with the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "placard", version, about = "A static site generator for advocacy sites", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Show no progress on long work (errors, warnings and reports still show)
    #[arg(long, short, global = true)]
    quiet: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Render content/ through the theme into a complete site in public/
    Build {
        /// The site folder (holding site.yaml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: ROOT/public]
        #[arg(long)]
        output: Option<PathBuf>,
        /// Overrides base_url from site.yaml, e.g. https://example.org/campaign/
        /// (a language's own base_url is kept)
        #[arg(long)]
        base_url: Option<String>,
        /// Include articles marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Include articles dated in the future
        #[arg(long)]
        future: bool,
        /// Write HTML as the templates have it, without minifying them
        #[arg(long)]
        no_minify: bool,
        /// Build into an output folder that holds files placard did not write
        /// (they are kept where they are; none is ever replaced or deleted)
        #[arg(long)]
        force_output: bool,
    },
    /// Start a new site in DIR: settings, a first section and article,
    /// .gitignore and netlify.toml (DIR must be new or empty)
    Init {
        /// The folder for the new site
        dir: PathBuf,
    },
    /// Bring an existing site across: a Hugo or Jekyll site (its folder), a
    /// WordPress export (WXR file) or an RSS/Atom feed file
    Migrate {
        /// The old site's folder, or the export or feed file
        source: PathBuf,
        /// The placard site to bring it into (a new or empty folder becomes one)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// What the source is [default: detected]
        #[arg(long, value_enum)]
        from: Option<placard::migrate::Kind>,
        /// Show what would be written, and write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Turn raw clippings (text files or saved web pages) into articles in content/
    Import {
        /// Clipping files, or folders of them
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The site folder (holding site.yaml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Put every story in this section (e.g. sex-trade/sex-trafficking) instead of choosing
        #[arg(long)]
        section: Option<String>,
        /// Show what would be written, and write nothing
        #[arg(long)]
        dry_run: bool,
        /// Replace articles that exist with other content (edited by hand, say)
        #[arg(long)]
        overwrite: bool,
    },
    /// Start an article: writes content/SECTION/SLUG.md with its front matter to fill in
    New {
        /// The headline, in quotes
        title: String,
        /// The section folder, e.g. sex-trade/prostitution (asked for on a terminal if left out)
        #[arg(long)]
        section: Option<String>,
        /// The site folder (holding site.yaml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Check the whole site (drafts too) as a build would, and write nothing
    Check {
        /// The site folder (holding site.yaml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Build the site, serve it for preview and rebuild on every save, with live reload
    Serve {
        /// The site folder (holding site.yaml and content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The address to listen on; other machines can reach it only if you change it
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// The port to listen on (0 picks a free one)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
        /// Leave out drafts and future-dated articles (shown by default on
        /// loopback, drafts with a badge)
        #[arg(long, conflicts_with = "drafts")]
        no_drafts: bool,
        /// Show drafts and future-dated articles even when --bind lets other
        /// machines in (hidden then unless this is given)
        #[arg(long)]
        drafts: bool,
    },
    /// Print a shell's completion script for placard, e.g.
    /// `placard completions bash > ~/.local/share/bash-completion/completions/placard`
    Completions {
        /// The shell
        shell: clap_complete::Shell,
    },
}

fn main() -> ExitCode {
    // Huge pages make the kernel zero 2 MiB for an allocator page of a few
    // KiB: with them off a build uses less memory and less time.
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes no pointers and affects only this process.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    let cli = Cli::parse();
    placard::progress::set_quiet(cli.quiet);
    let result = match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            future,
            no_minify,
            force_output,
        } => {
            let opts = placard::BuildOptions {
                future,
                root,
                output,
                base_url,
                drafts,
                no_minify,
                force_output,
            };
            placard::build(&opts).map(|report| print_report(&report))
        }
        Command::Init { dir } => placard::init::init(&dir).map(|files| {
            for f in &files {
                println!("{}", dir.join(f).display());
            }
            println!(
                "A new site in {}: run `placard serve` in that folder to preview it.",
                dir.display()
            );
        }),
        Command::Migrate {
            source,
            root,
            from,
            dry_run,
        } => {
            let opts = placard::migrate::MigrateOptions {
                source,
                root,
                from,
                dry_run,
            };
            placard::migrate::migrate(&opts).map(|r| print_migrate(&r, dry_run))
        }
        Command::Import {
            paths,
            root,
            section,
            dry_run,
            overwrite,
        } => {
            let opts = placard::import::ImportOptions {
                root,
                paths,
                section,
                dry_run,
                overwrite,
            };
            placard::import::import(&opts).and_then(|report| print_import(&report, dry_run))
        }
        Command::New {
            title,
            section,
            root,
        } => placard::new::new_article(&root, &title, section.as_deref(), &mut ask_section)
            .map(|path| println!("{}", path.display())),
        Command::Check { root } => print_check(&placard::check::check(&root)),
        Command::Completions { shell } => {
            use clap::CommandFactory;
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "placard",
                &mut std::io::stdout(),
            );
            Ok(())
        }
        Command::Serve {
            root,
            bind,
            port,
            open,
            no_drafts,
            drafts,
        } => {
            let opts = placard::serve::ServeOptions {
                root,
                bind,
                port,
                drafts: match (drafts, no_drafts) {
                    (true, _) => Some(true),
                    (_, true) => Some(false),
                    _ => None,
                },
                open,
            };
            placard::serve::serve(opts)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if let Some(problems) = e.downcast_ref::<placard::error::Problems>() {
                // One line per problem, as `check` and compilers write them.
                for p in &problems.0 {
                    eprintln!("error: {p}");
                }
                let n = problems.0.len();
                eprintln!(
                    "error: {n} error{}; nothing was written",
                    if n == 1 { "" } else { "s" }
                );
            } else {
                eprintln!("error: {e:#}");
            }
            ExitCode::from(1)
        }
    }
}

/// The import's table (file → article, section, date, warnings, result),
/// its notes and failures; an error when any file failed.
fn print_import(r: &placard::import::ImportReport, dry_run: bool) -> anyhow::Result<()> {
    use placard::import::Outcome;
    if dry_run {
        for row in r
            .rows
            .iter()
            .filter(|r| matches!(r.outcome, Outcome::WouldWrite | Outcome::WouldOverwrite))
        {
            println!("=== {} ===\n{}", row.article.display(), row.markdown);
        }
    }
    for n in &r.notes {
        eprintln!("warning: {n}");
    }
    // Names come from the clippings' files: a terminal's control
    // sequences in one must show as text, not act.
    let shown = |s: String| -> String {
        if s.contains(char::is_control) {
            s.escape_debug().to_string()
        } else {
            s
        }
    };
    let rows: Vec<[String; 6]> = r
        .rows
        .iter()
        .map(|row| {
            let result = match row.outcome {
                Outcome::Written => "written",
                Outcome::Unchanged => "unchanged",
                Outcome::Overwritten => "overwritten",
                Outcome::Kept => "kept (differs)",
                Outcome::WouldWrite => "would write",
                Outcome::WouldOverwrite => "would overwrite",
            };
            let file = row
                .input
                .file_name()
                .map_or(String::new(), |f| f.to_string_lossy().to_string());
            let date = row.date.clone().unwrap_or_else(|| "none: draft".into());
            [
                shown(file),
                shown(row.article.display().to_string()),
                row.section.clone(),
                date,
                row.warnings.join(", "),
                result.into(),
            ]
        })
        .collect();
    let head = ["file", "article", "section", "date", "warnings", "result"].map(String::from);
    let table = if rows.is_empty() { &[][..] } else { &rows[..] };
    let mut widths = head.clone().map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in std::iter::once(&head)
        .filter(|_| !table.is_empty())
        .chain(table)
    {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        println!("{}", cells.join("  ").trim_end());
    }
    let count = |o: Outcome| r.rows.iter().filter(|x| x.outcome == o).count();
    let files = r
        .rows
        .iter()
        .map(|x| &x.input)
        .collect::<std::collections::HashSet<_>>()
        .len();
    let plural = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    println!(
        "{} from {}: {} written, {} unchanged, {} overwritten, {} kept{}",
        plural(r.rows.len(), "article"),
        plural(files, "file"),
        count(Outcome::Written) + count(Outcome::WouldWrite),
        count(Outcome::Unchanged),
        count(Outcome::Overwritten) + count(Outcome::WouldOverwrite),
        count(Outcome::Kept),
        if dry_run {
            " (dry run: nothing written)"
        } else {
            ""
        }
    );
    for f in &r.failures {
        eprintln!("error: {f}");
    }
    match r.failures.len() {
        0 => Ok(()),
        1 => anyhow::bail!("1 file could not be imported; the others were"),
        n => anyhow::bail!("{n} files could not be imported; the others were"),
    }
}

/// What a migration brought across, adjusted and left for a person.
fn print_migrate(r: &placard::migrate::MigrateReport, dry_run: bool) {
    if dry_run {
        for (path, text) in &r.previews {
            println!("=== {} ===\n{text}", path.display());
        }
    }
    for (origin, note) in &r.adjusted {
        println!("adjusted: {origin}: {note}");
    }
    for (origin, need) in &r.needs {
        println!("needs a person: {origin}: {need}");
    }
    for left in &r.left {
        println!("not brought across: {left}");
    }
    for kept in &r.kept {
        println!(
            "kept: {} exists with other content; not replaced",
            kept.display()
        );
    }
    if let Some(c) = &r.checked {
        for e in &c.errors {
            println!("needs a person before the site builds: {e}");
        }
    }
    let kind = match r.kind {
        Some(placard::migrate::Kind::Hugo) => "Hugo site",
        Some(placard::migrate::Kind::Jekyll) => "Jekyll site",
        Some(placard::migrate::Kind::Wordpress) => "WordPress export",
        _ => "feed",
    };
    let plural = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    println!(
        "{}{} from the {kind}: {} ({} drafts), {}, {}; {} unchanged, {} kept, {} adjusted, {} need a person{}",
        if r.created_site {
            "A new site, and "
        } else {
            ""
        },
        plural(r.articles.len(), "article"),
        if dry_run {
            "would be written"
        } else {
            "written"
        },
        r.drafts,
        match r.aliases {
            1 => "1 old address".to_string(),
            n => format!("{n} old addresses"),
        },
        plural(r.files, "file"),
        r.unchanged,
        r.kept.len(),
        r.adjusted.len(),
        r.needs.len(),
        if dry_run {
            " (dry run: nothing written)"
        } else {
            ""
        }
    );
    if let Some(c) = &r.checked {
        match c.errors.len() {
            0 => println!(
                "The site builds: `placard check` finds no error and {} (it lists them).",
                plural(c.warnings.len(), "warning")
            ),
            n => println!(
                "The site does not build yet: {} above, each with its file and line.",
                plural(n, "problem")
            ),
        }
    }
}

/// Asks for a section by number on a terminal; elsewhere `--section` is needed.
fn ask_section(sections: &[placard::load::SectionInfo]) -> anyhow::Result<String> {
    use std::io::{BufRead, IsTerminal, Write};
    let names = placard::new::names(sections);
    if !std::io::stdin().is_terminal() {
        anyhow::bail!("no --section given; the sections are {names}");
    }
    let mut err = std::io::stderr();
    writeln!(err, "Which section?")?;
    for (i, s) in sections.iter().enumerate() {
        writeln!(err, "{:>3}. {} ({})", i + 1, s.title, s.dir)?;
    }
    write!(err, "Number: ")?;
    err.flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let n: usize = line
        .trim()
        .parse()
        .map_err(|_| anyhow::anyhow!("\"{}\" is not a number from the list", line.trim()))?;
    sections
        .get(n.wrapping_sub(1))
        .map(|s| s.dir.clone())
        .ok_or_else(|| anyhow::anyhow!("{n} is not in the list (1 to {})", sections.len()))
}

/// Every error and warning of a check, one line each, then the counts.
fn print_check(r: &placard::check::CheckReport) -> anyhow::Result<()> {
    print_warnings(&r.warnings, true);
    if !r.unarchived.is_empty() {
        eprintln!(
            "note: {} with no archived copy; save each page in a web archive and give its address as `archive_url:`",
            match r.unarchived.len() {
                1 => "1 article links its source".to_string(),
                n => format!("{n} articles link their source"),
            }
        );
        for file in &r.unarchived {
            eprintln!("  {}", file.display());
        }
    }
    for e in &r.errors {
        eprintln!("error: {e}");
    }
    // With errors the pages are rendered only to find more of them.
    let pages = match r.pages {
        Some(n) => format!(" and {}", plural(n, "page")),
        None => String::new(),
    };
    println!(
        "checked {}{pages}: {}, {}",
        plural(r.articles, "article"),
        plural(r.errors.len(), "error"),
        plural(r.warnings.len(), "warning")
    );
    if r.errors.is_empty() {
        return Ok(());
    }
    Err(anyhow::anyhow!(
        "the site has {}",
        plural(r.errors.len(), "error")
    ))
}

/// Warnings by kind: each kind's first few lines, then how many there are
/// of each (`placard check` lists every one).
fn print_warnings(warnings: &[placard::error::Problem], all: bool) {
    let mut kinds: Vec<(placard::error::Kind, Vec<&placard::error::Problem>)> = vec![];
    for w in warnings {
        let kind = w.kind;
        match kinds.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, list)) => list.push(w),
            None => kinds.push((kind, vec![w])),
        }
    }
    const SHOWN: usize = 5;
    for (_, list) in &kinds {
        let shown = if all { list.len() } else { SHOWN };
        for w in list.iter().take(shown) {
            eprintln!("warning: {w}");
        }
        if list.len() > shown {
            eprintln!(
                "warning: … and {} more like these (`placard check` lists them all)",
                list.len() - shown
            );
        }
    }
    if warnings.len() > SHOWN {
        let counts: Vec<String> = kinds
            .iter()
            .map(|(k, l)| format!("{} {}", l.len(), k.plural()))
            .collect();
        eprintln!("warnings: {}", counts.join(", "));
    }
}

/// `1 article`, `2 articles`.
fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

fn print_report(r: &placard::BuildReport) {
    print_warnings(&r.warnings, false);
    let total: std::time::Duration = r.stages.iter().map(|(_, d)| *d).sum();
    let stages: Vec<String> = r
        .stages
        .iter()
        .map(|(n, d)| format!("{n} {} ms", d.as_millis()))
        .collect();
    println!(
        "Built {} in {}, {}, {} into {} in {} ms ({})",
        plural(r.articles, "article"),
        plural(r.sections, "section"),
        plural(r.tags, "tag"),
        plural(r.html_pages, "page"),
        r.output.display(),
        total.as_millis(),
        stages.join(", ")
    );
    if !r.kept.is_empty() {
        println!(
            "Kept what {} holds that placard did not write: {}",
            r.output.display(),
            r.kept.join(", ")
        );
    }
    match r.future_left_out {
        0 => {}
        1 => println!("1 future-dated article left out; --future includes it"),
        n => println!("{n} future-dated articles left out; --future includes them"),
    }
}

//! The `placard` command: parses arguments, dispatches, prints the outcome.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "placard", version, about = "A static site generator for advocacy sites", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
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
        #[arg(long)]
        base_url: Option<String>,
        /// Include articles marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Write HTML as rendered, without minifying
        #[arg(long)]
        no_minify: bool,
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
        /// Leave out articles marked `draft: true` (shown, with a badge, by default)
        #[arg(long)]
        no_drafts: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            no_minify,
        } => {
            let opts = placard::BuildOptions {
                root,
                output,
                base_url,
                drafts,
                no_minify,
            };
            placard::build(&opts).map(|report| print_report(&report))
        }
        Command::Serve {
            root,
            bind,
            port,
            open,
            no_drafts,
        } => {
            let opts = placard::serve::ServeOptions {
                root,
                bind,
                port,
                drafts: !no_drafts,
                open,
            };
            placard::serve::serve(opts)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if let Some(problems) = e.downcast_ref::<placard::error::Problems>() {
                eprintln!("error: the site has problems; nothing was written\n{problems}");
            } else {
                eprintln!("error: {e:#}");
            }
            ExitCode::from(1)
        }
    }
}

fn print_report(r: &placard::BuildReport) {
    for w in &r.warnings {
        eprintln!("warning: {w}");
    }
    let total: std::time::Duration = r.stages.iter().map(|(_, d)| *d).sum();
    let stages: Vec<String> = r
        .stages
        .iter()
        .map(|(n, d)| format!("{n} {} ms", d.as_millis()))
        .collect();
    println!(
        "Built {} articles in {} sections, {} tags, {} pages into {} in {} ms ({})",
        r.articles,
        r.sections,
        r.tags,
        r.html_pages,
        r.output.display(),
        total.as_millis(),
        stages.join(", ")
    );
}

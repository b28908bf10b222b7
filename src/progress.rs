//! Progress of long work (images, imports, migrations, a big build) on
//! standard error: nothing for the first two seconds, then a bar on a
//! terminal, or a plain line every few seconds in a log (CI), and nothing
//! at all with `--quiet`.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

static QUIET: AtomicBool = AtomicBool::new(false);

/// `PLACARD_PROGRESS=always`: shown from the start, however short the work.
fn always() -> bool {
    std::env::var_os("PLACARD_PROGRESS").is_some_and(|v| v == "always")
}

/// Work shorter than this shows nothing.
const AFTER: Duration = Duration::from_secs(2);
/// How often a log gets a line.
const EVERY: Duration = Duration::from_secs(5);

/// `--quiet`: no progress for the rest of the run.
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// One piece of long work: `what` ("images", "articles") done of `total`.
/// Counted from any thread; shown as the module says.
pub struct Progress {
    what: &'static str,
    total: u64,
    done: AtomicU64,
    start: Instant,
    shown: Mutex<Shown>,
    quiet: bool,
    terminal: bool,
    after: Duration,
}

enum Shown {
    /// Not yet (under two seconds so far).
    Nothing,
    Bar(ProgressBar),
    /// Lines in a log, the last one at this time.
    Lines(Instant),
}

impl Progress {
    pub fn new(what: &'static str, total: usize) -> Progress {
        use std::io::IsTerminal;
        Progress {
            what,
            total: total as u64,
            done: AtomicU64::new(0),
            start: Instant::now(),
            shown: Mutex::new(Shown::Nothing),
            quiet: QUIET.load(Ordering::Relaxed),
            terminal: std::io::stderr().is_terminal(),
            after: if always() { Duration::ZERO } else { AFTER },
        }
    }

    /// One more done.
    pub fn inc(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if self.quiet || self.start.elapsed() < self.after {
            return;
        }
        // Another thread is drawing: this one need not wait.
        let Ok(mut shown) = self.shown.try_lock() else {
            return;
        };
        match &mut *shown {
            Shown::Nothing if self.terminal => {
                let bar = ProgressBar::with_draw_target(
                    Some(self.total),
                    ProgressDrawTarget::stderr_with_hz(4),
                )
                .with_style(
                    ProgressStyle::with_template("{msg:>10} [{bar:30}] {pos}/{len} {eta} left")
                        .expect("a valid template")
                        .progress_chars("=> "),
                )
                .with_message(self.what);
                bar.set_position(done);
                *shown = Shown::Bar(bar);
            }
            Shown::Nothing => {
                eprintln!("{}: {done} of {}", self.what, self.total);
                *shown = Shown::Lines(Instant::now());
            }
            Shown::Bar(bar) => bar.set_position(done),
            Shown::Lines(last) => {
                if last.elapsed() >= EVERY {
                    eprintln!("{}: {done} of {}", self.what, self.total);
                    *last = Instant::now();
                }
            }
        }
    }

    /// The work is over: a bar is cleared, a log told the total.
    pub fn finish(self) {
        let done = self.done.load(Ordering::Relaxed);
        match self.shown.into_inner().unwrap_or_else(|e| e.into_inner()) {
            Shown::Nothing => {}
            Shown::Bar(bar) => bar.finish_and_clear(),
            Shown::Lines(_) => eprintln!(
                "{}: {done} of {} in {:.1} s",
                self.what,
                self.total,
                self.start.elapsed().as_secs_f64()
            ),
        }
    }
}

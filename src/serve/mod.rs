//! serve: builds the site into a temporary folder, serves it on loopback,
//! watches the sources, rebuilds only what a change touches, and tells the
//! browser to reload (or shows the build error over the page).

mod live;

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result};
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::broadcast;
use tower_http::services::ServeDir;

pub use live::Live;

/// The script every served page gets; it listens for rebuilds.
const LIVE_JS: &str = include_str!("live.js");
const LIVE_JS_PATH: &str = "/__placard/live.js";
const EVENTS_PATH: &str = "/__placard/events";

#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    /// Show drafts and future-dated articles; by default, only when the
    /// server is reachable from this machine alone.
    pub drafts: Option<bool>,
    pub open: bool,
}

/// How long a connection may take to send a request's headers: a client
/// that opens connections and sends nothing cannot hold the server.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// What the browser is told after a rebuild.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LiveEvent {
    Reload,
    /// Only stylesheets changed: swap them without reloading.
    Css,
    /// The build failed: show this over the page until it is fixed.
    Problem(String),
}

#[derive(Clone)]
struct Shared {
    events: broadcast::Sender<LiveEvent>,
    /// The current build error, shown to pages that connect while it lasts.
    problem: Arc<Mutex<Option<String>>>,
}

/// Runs the dev server until Ctrl-C.
pub fn serve(opts: ServeOptions) -> Result<()> {
    raise_open_files();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server runtime")?;
    runtime.block_on(run(opts))
}

async fn run(opts: ServeOptions) -> Result<()> {
    let root = opts.root.canonicalize().map_err(|_| {
        anyhow::anyhow!(
            "{}: {}",
            opts.root.display(),
            crate::load::no_site(&opts.root)
        )
    })?;
    let addr = SocketAddr::new(opts.bind, opts.port);
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| {
        format!("cannot listen on {addr}; is another server using it? choose another with --port")
    })?;
    let addr = listener.local_addr()?;
    let shown_host = if addr.ip().is_unspecified() {
        "127.0.0.1".to_string()
    } else {
        addr.ip().to_string()
    };
    let host = if addr.is_ipv6() && !addr.ip().is_unspecified() {
        format!("[{shown_host}]")
    } else {
        shown_host
    };
    let base_url = format!("http://{host}:{}/", addr.port());
    let private = addr.ip().is_loopback();
    let drafts = opts.drafts.unwrap_or(private);
    if !private {
        eprintln!(
            "warning: listening on {}: anyone on the network can read the site; drafts and \
             future-dated articles are {}",
            addr.ip(),
            match drafts {
                true => "shown (--drafts)",
                false => "hidden (--drafts shows them)",
            }
        );
    }

    let snippet = format!("<script src=\"{LIVE_JS_PATH}\" defer></script>");
    let mut live = Live::new(root, base_url.clone(), drafts, snippet)?;
    let first = live.full_build();
    let shared = Shared {
        events: broadcast::channel(16).0,
        problem: Arc::new(Mutex::new(None)),
    };
    if let Err(problems) = &first {
        *shared.problem.lock().expect("lock") = Some(problems.to_string());
    }
    let dir = live.dir().to_path_buf();
    let private_copy = dir.parent().expect("inside its folder").to_path_buf();
    // Watch before announcing the URL: a save right after start-up counts.
    let _watcher = live::watch(live, shared.events.clone(), shared.problem.clone())?;
    match &first {
        Ok(summary) => println!("Serving {base_url} ({summary})"),
        Err(problems) => {
            println!("Serving {base_url}");
            eprintln!(
                "error: the site has problems; serving them until they are fixed\n{problems}"
            );
        }
    }
    println!(
        "Watching content/, templates/, static/, strings/, data/, themes/ and site.yaml; Ctrl-C stops."
    );

    let not_found = {
        let dir = dir.clone();
        axum::routing::any(move |request: Request| not_found_page(dir.clone(), request))
    };
    let files = ServeDir::new(&dir)
        .append_index_html_on_directories(true)
        .not_found_service(not_found);
    let app = Router::new()
        .route(
            LIVE_JS_PATH,
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                    LIVE_JS,
                )
            }),
        )
        .route(EVENTS_PATH, get(events))
        .fallback_service(files)
        .layer(middleware::from_fn(refuse_odd_paths))
        .layer(middleware::from_fn(refuse_other_hosts))
        .layer(middleware::from_fn(headers))
        .with_state(shared);
    if opts.open {
        open_browser(&base_url);
    }
    tokio::select! {
        () = accept(listener, app) => {}
        _ = shutdown_signal() => println!("\nStopped."),
    }
    // The copy holds drafts: it does not outlive the server.
    let _ = std::fs::remove_dir_all(&private_copy);
    Ok(())
}

/// Each connection holds a file open, and a slow client holds its
/// connection until [`HEADER_TIMEOUT`]: with macOS's default of 256 open
/// files a few hundred of them would stall the preview for seconds at a
/// time. The soft limit goes up to the hard one (as Go's runtime does), at
/// most to what the system takes (macOS's `OPEN_MAX`).
#[cfg(unix)]
fn raise_open_files() {
    const MOST: libc::rlim_t = if cfg!(target_os = "macos") {
        10240
    } else {
        1 << 16
    };
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes the struct it is given, which lives here.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return;
    }
    let want = limit.rlim_max.min(MOST);
    if limit.rlim_cur < want {
        limit.rlim_cur = want;
        // SAFETY: setrlimit reads the struct it is given; a refusal leaves
        // the limit as it was, which still works, only sooner full.
        unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &limit) };
    }
}

#[cfg(not(unix))]
fn raise_open_files() {}

/// Serves each connection of `listener` with `app`, until the task ends.
async fn accept(listener: tokio::net::TcpListener, app: Router) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors, say: wait rather than spin.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// The 404 page of the language whose folder the missing address is in
/// (`/ru/…` → `ru/404.html`), else the site's own, as a host with a rule
/// per language answers.
async fn not_found_page(dir: PathBuf, request: Request) -> Response {
    let first = request
        .uri()
        .path()
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or("");
    let own = dir.join(first).join("404.html");
    let plain = !first.is_empty()
        && first
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let page = if plain && own.is_file() {
        own
    } else {
        dir.join("404.html")
    };
    match tokio::fs::read(&page).await {
        Ok(bytes) => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            bytes,
        )
            .into_response(),
        Err(_) => (StatusCode::NOT_FOUND, "not found\n").into_response(),
    }
}

/// Answers only requests addressed to this machine by number or as
/// `localhost`: a web page elsewhere that points a name of its own at
/// 127.0.0.1 (DNS rebinding) must not read the drafts.
async fn refuse_other_hosts(request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| request.uri().host());
    match host {
        Some(h) if !allowed_host(h) => (
            StatusCode::FORBIDDEN,
            "refused: this preview answers only to localhost or this machine's address\n",
        )
            .into_response(),
        _ => next.run(request).await,
    }
}

/// `localhost`, a name under `.localhost`, or an IP address, with or
/// without a port.
fn allowed_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        // [::1]:1111
        Some(rest) => {
            return rest
                .split(']')
                .next()
                .is_some_and(|ip| ip.parse::<std::net::Ipv6Addr>().is_ok());
        }
        None => host.rsplit_once(':').map_or(host, |(name, port)| {
            if port.bytes().all(|b| b.is_ascii_digit()) {
                name
            } else {
                host
            }
        }),
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<std::net::Ipv4Addr>().is_ok()
}

/// Server-sent events: the current problem first, then every rebuild.
async fn events(
    State(shared): State<Shared>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = shared.events.subscribe();
    let now = shared
        .problem
        .lock()
        .expect("lock")
        .clone()
        .map(LiveEvent::Problem);
    let later = stream::unfold(rx, |mut rx| async move {
        match rx.recv().await {
            Ok(event) => Some((event, rx)),
            // Missed events: a reload shows the latest state anyway.
            Err(broadcast::error::RecvError::Lagged(_)) => Some((LiveEvent::Reload, rx)),
            Err(broadcast::error::RecvError::Closed) => None,
        }
    });
    let all = stream::iter(now).chain(later).map(|e| {
        Ok(match e {
            LiveEvent::Reload => Event::default().event("reload").data("reload"),
            LiveEvent::Css => Event::default().event("css").data("css"),
            LiveEvent::Problem(text) => Event::default().event("problem").data(text),
        })
    });
    Sse::new(all).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// Refuses paths that try to leave the site, however they are encoded.
async fn refuse_odd_paths(request: Request, next: Next) -> Response {
    let raw = request.uri().path().to_ascii_lowercase();
    let odd = raw.contains("..")
        || raw.contains("%2e")
        || raw.contains("%2f")
        || raw.contains("%5c")
        || raw.contains("%00")
        || raw.contains('\\')
        || raw.contains("//");
    if odd {
        return (
            StatusCode::BAD_REQUEST,
            "refused: the path leaves the site\n",
        )
            .into_response();
    }
    next.run(request).await
}

/// The policy the published site should run under: nothing from other
/// hosts, no inline script. Served while previewing so that a template
/// breaking it shows at once (in the browser's console).
const CSP: &str = "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

/// Pages change under the browser: never let it keep a stale copy. And
/// preview under the same strict policy the site is published with.
async fn headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        header::HeaderValue::from_static("nosniff"),
    );
    response
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate()).expect("install the SIGTERM handler");
        // A closed terminal: stop, and take the private copy with us.
        let mut hangup = signal(SignalKind::hangup()).expect("install the SIGHUP handler");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
            _ = hangup.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(url).spawn() {
        eprintln!("warning: could not open a browser ({opener}: {e}); open {url} yourself");
    }
}

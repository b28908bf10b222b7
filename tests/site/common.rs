//! Helpers shared by the whole-site tests.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/sites").join(name)
}

/// Runs `placard ARGS` and returns what it printed and its status.
pub fn placard(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_placard"))
        .args(args)
        .output()
        .expect("run placard")
}

/// `placard build` of `root` into `out`, as it went.
pub fn build_output(root: &Path, out: &Path) -> Output {
    build_with(root, out, &[])
}

fn build_with(root: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    placard(&args)
}

/// Builds `root` into `out`, asserting success.
pub fn build(root: &Path, out: &Path, extra: &[&str]) {
    let o = build_with(root, out, extra);
    assert!(
        o.status.success(),
        "build of {} failed:\n{}",
        root.display(),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Copies a folder tree (a fixture site) into `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, by `/`-separated relative path, with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            let key = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            (key, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The front matter of an article file, as placard itself reads it.
pub fn front_matter(text: &str) -> placard::frontmatter::FrontMatter {
    let split = placard::frontmatter::split(text).unwrap_or_else(|e| panic!("{e:?}: {text}"));
    placard::frontmatter::parse_article(&split, &mut vec![])
        .unwrap_or_else(|e| panic!("{e:?}: {text}"))
}

/// Files of `dir` whose names end with `suffix`.
pub fn files_ending(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file() && e.file_name().to_string_lossy().ends_with(suffix))
        .map(|e| e.into_path())
        .collect()
}

/// A tool the test command installs; its absence is a failure, not a skip.
pub fn tool(var: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| {
        panic!("{var} is not set: run the tests with scripts/test, which installs the validators")
    })
}

/// Every `href` and `src` value in an HTML document, quoted or not (the
/// minifier drops quotes where it may).
pub fn links(html: &str) -> Vec<String> {
    let mut out = vec![];
    let bytes = html.as_bytes();
    for attr in [" href=", " src="] {
        let mut from = 0;
        while let Some(i) = html[from..].find(attr) {
            let start = from + i + attr.len();
            let (value, end) = match bytes.get(start) {
                Some(q @ (b'"' | b'\'')) => {
                    let close = html[start + 1..]
                        .find(*q as char)
                        .map_or(html.len(), |n| start + 1 + n);
                    (&html[start + 1..close], close)
                }
                _ => {
                    let close = html[start..]
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .map_or(html.len(), |n| start + n);
                    (&html[start..close], close)
                }
            };
            out.push(value.replace("&amp;", "&"));
            from = end;
        }
    }
    out
}

/// A GET over a real TCP connection, with the path sent exactly as given
/// (no client-side normalising of `..` or percent escapes).
pub fn http_get(addr: &str, raw_path: &str) -> (u16, String, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).expect("connect to the server");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "GET {raw_path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = vec![];
    stream.read_to_end(&mut raw).expect("read the response");
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_ascii_lowercase(), body.to_string())
}

/// A running `placard serve`, stopped (with SIGINT, as Ctrl-C) on drop.
pub struct Server {
    pub child: std::process::Child,
    pub addr: String,
}

impl Server {
    /// Starts `placard serve --port 0 ARGS` on `root` and waits for its URL.
    pub fn start(root: &Path, extra: &[&str]) -> Server {
        Server::start_with(Command::new(env!("CARGO_BIN_EXE_placard")), root, extra)
    }

    /// [`Server::start`] with at most `files` open files (the soft limit,
    /// as macOS's default of 256 is).
    pub fn start_with_open_files(root: &Path, extra: &[&str], files: u32) -> Server {
        let mut sh = Command::new("sh");
        sh.args(["-c", &format!("ulimit -S -n {files} && exec \"$0\" \"$@\"")])
            .arg(env!("CARGO_BIN_EXE_placard"));
        Server::start_with(sh, root, extra)
    }

    fn start_with(mut placard: Command, root: &Path, extra: &[&str]) -> Server {
        use std::io::BufRead;
        let mut child = placard
            .args(["serve", "--root", root.to_str().unwrap(), "--port", "0"])
            .args(extra)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::inherit())
            .spawn()
            .expect("start placard serve");
        let stdout = child.stdout.take().unwrap();
        let mut lines = std::io::BufReader::new(stdout).lines();
        let first = lines.next().expect("a line from serve").unwrap();
        let addr = first
            .split("http://")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .unwrap_or_else(|| panic!("no URL in {first:?}"))
            .to_string();
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                eprintln!("serve: {line}");
            }
        });
        Server { child, addr }
    }

    pub fn get(&self, path: &str) -> (u16, String, String) {
        http_get(&self.addr, path)
    }

    /// Polls `path` until its body contains `needle`; false after `secs`.
    pub fn wait_for(&self, path: &str, needle: &str, secs: u64) -> bool {
        let end = std::time::Instant::now() + std::time::Duration::from_secs(secs);
        while std::time::Instant::now() < end {
            if self.get(path).2.contains(needle) {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        false
    }

    /// Sends SIGINT and waits for the exit status.
    pub fn interrupt(&mut self) -> std::process::ExitStatus {
        Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        self.child.wait().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs one of `tests/browser/`'s scripts in Node with headless Chromium;
/// whether it passed, and all it printed.
pub fn browser_script(script: &str, args: &[&dyn AsRef<std::ffi::OsStr>]) -> (bool, String) {
    let mut cmd = Command::new("node");
    cmd.arg(repo().join("tests/browser").join(script));
    for a in args {
        cmd.arg(a);
    }
    let o = cmd
        .env("PLACARD_NODE_MODULES", tool("PLACARD_NODE_MODULES"))
        .env("PLACARD_CHROMIUM", tool("PLACARD_CHROMIUM"))
        .output()
        .expect("run node");
    let report =
        String::from_utf8_lossy(&o.stdout).to_string() + &String::from_utf8_lossy(&o.stderr);
    (o.status.success(), report)
}

/// A private copy of a fixture site, with its canonical path.
pub fn site_copy(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&fixture(name), &site);
    let site = site.canonicalize().unwrap();
    (tmp, site)
}

/// `placard build` (into `out`) and `placard check` of `site`: both must
/// fail, and the errors of each name every one of `named` (build and check
/// agree).
pub fn build_and_check_fail_naming(site: &Path, out: &Path, named: &[&str]) {
    for command in ["build", "check"] {
        let o = match command {
            "build" => build_output(site, out),
            _ => placard(&["check", "--root", site.to_str().unwrap()]),
        };
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "{command}: {err}");
        for n in named {
            assert!(err.contains(n), "{command}: {n}: {err}");
        }
    }
}

/// Migrates the old site at `old` into a new site at `site`, which must
/// succeed; the report.
pub fn migrate_into(old: &Path, site: &Path) -> String {
    let o = placard(&[
        "migrate",
        old.to_str().unwrap(),
        "--root",
        site.to_str().unwrap(),
    ]);
    let report = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(
        o.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    report
}

/// Writes `text` as `rel` under `dir`, its folders made.
pub fn write_file(dir: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Adds `text` at the end of `dir/rel` (a setting to site.yaml, say).
pub fn append_file(dir: &Path, rel: &str, text: &str) {
    let mut had = std::fs::read_to_string(dir.join(rel)).unwrap();
    had.push_str(text);
    write_file(dir, rel, had);
}

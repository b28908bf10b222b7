//! Publishing: netlify.toml as Netlify reads it and its build command run as
//! written; the README's nginx snippet in a real nginx serving the site at
//! a subpath, every file over HTTP with every security header, and the
//! theme's browser checks through that nginx.

use std::net::TcpListener;
use std::process::{Child, Command};

use crate::common::*;

const SECURITY: [(&str, &str); 5] = [
    (
        "content-security-policy",
        "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    ),
    ("referrer-policy", "no-referrer"),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "deny"),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    ),
];

#[test]
fn netlify_toml_is_complete_and_its_command_builds_the_site() {
    let toml = toml_as_json(&repo().join("netlify.toml")).to_ascii_lowercase();
    for want in [
        r#""publish": "public""#,
        r#""command": "cargo run --release --locked -- build --base-url \"$url\"""#,
        r#"--base-url \"$deploy_prime_url\""#,
        r#""rustup_toolchain": "1.95.0""#,
        r#""package": "netlify-plugin-cache""#,
        r#""paths": [".cargo-home", "target", ".placard-cache"]"#,
        r#""for": "/assets/*", "values": {"cache-control": "public, max-age=31536000, immutable"}"#,
    ] {
        assert!(toml.contains(want), "netlify.toml lacks {want}: {toml}");
    }
    for (name, value) in SECURITY {
        assert!(
            toml.contains(&format!(r#""{name}": "{value}""#)),
            "netlify.toml lacks {name}: {value}"
        );
    }
    // The command as written, as Netlify runs it, with Netlify's URL. What
    // is tested is the command and the site it builds, not the optimiser:
    // cargo's own variables turn the release profile's optimisation off,
    // in a target folder of this test's (a first compile of about a
    // minute rather than five, and a developer's release build left as it
    // is).
    let command = toml_command();
    let target = repo().join("target/netlify-test");
    run_as_netlify(
        &command,
        &repo(),
        &[
            ("URL", "https://campaign.netlify.app"),
            ("CARGO_TARGET_DIR", target.to_str().unwrap()),
            ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0"),
            ("CARGO_PROFILE_RELEASE_LTO", "off"),
            ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "256"),
            ("CARGO_PROFILE_RELEASE_DEBUG", "false"),
        ],
    );
    let home = std::fs::read_to_string(repo().join("public/index.html")).unwrap();
    assert!(
        home.contains("https://campaign.netlify.app/"),
        "the build did not use $URL"
    );
    assert!(repo().join("public/404.html").is_file());
}

/// A build command run as Netlify runs it (by a shell, in the site's
/// folder, with Netlify's variables), which must succeed.
fn run_as_netlify(command: &str, dir: &std::path::Path, vars: &[(&str, &str)]) {
    let o = Command::new("sh")
        .args(["-c", command])
        .current_dir(dir)
        .envs(vars.iter().copied())
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{command}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// The production build command, as written in netlify.toml.
fn toml_command() -> String {
    let text = std::fs::read_to_string(repo().join("netlify.toml")).unwrap();
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("command ="))
        .unwrap();
    let quoted = line.split_once('=').unwrap().1.trim();
    quoted[1..quoted.len() - 1].replace("\\\"", "\"")
}

/// A TOML file as Python's tomllib reads it (as Netlify's own TOML reader
/// would), in JSON.
fn toml_as_json(file: &std::path::Path) -> String {
    let script =
        "import json, sys, tomllib; print(json.dumps(tomllib.load(open(sys.argv[1], 'rb'))))";
    let o = Command::new(tool("PLACARD_PYTHON"))
        .args(["-c", script])
        .arg(file)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{} does not parse: {}",
        file.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

/// netlify.toml's build commands: production's, then each context's
/// (branch deploy, deploy preview: by name).
fn netlify_commands(site: &std::path::Path) -> Vec<String> {
    let toml: serde_json::Value =
        serde_json::from_str(&toml_as_json(&site.join("netlify.toml"))).unwrap();
    let contexts = toml["context"].as_object().unwrap().values();
    std::iter::once(&toml["build"])
        .chain(contexts)
        .map(|c| c["command"].as_str().unwrap().to_string())
        .collect()
}

/// A site made by a released placard's `init` deploys on Netlify as
/// written: each build command downloads that release's Linux binary and
/// builds with the URL Netlify gives, on a build image with no placard of
/// its own. The release here is a folder, which curl reads as it reads
/// the release's https address.
#[test]
fn a_new_sites_netlify_toml_downloads_the_released_placard_and_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let (bin, release, site) = (
        tmp.path().join("bin"),
        tmp.path().join("release"),
        tmp.path().join("site"),
    );
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::create_dir_all(&release).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_placard"), bin.join("placard")).unwrap();
    let tar = Command::new("tar")
        .arg("-czf")
        .arg(release.join("placard-x86_64-unknown-linux-gnu.tar.gz"))
        .arg("-C")
        .arg(&bin)
        .arg("placard")
        .status()
        .unwrap();
    assert!(tar.success());
    let o = Command::new(env!("CARGO_BIN_EXE_placard"))
        .arg("init")
        .arg(&site)
        .env("PLACARD_RELEASES", format!("file://{}/", release.display()))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let commands = netlify_commands(&site);
    assert_eq!(commands.len(), 3, "{commands:?}");
    for (command, var, url) in [
        (&commands[0], "URL", "https://campaign.netlify.app"),
        (
            &commands[1],
            "DEPLOY_PRIME_URL",
            "https://deploy-preview-7--campaign.netlify.app",
        ),
        (
            &commands[2],
            "DEPLOY_PRIME_URL",
            "https://news--campaign.netlify.app",
        ),
    ] {
        assert!(command.contains("curl"), "{command}");
        std::fs::remove_dir_all(site.join("public")).ok();
        // A build image without placard: only the system's tools.
        run_as_netlify(command, &site, &[("PATH", "/usr/bin:/bin"), (var, url)]);
        let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
        assert!(
            home.contains(&format!("{url}/")),
            "{command} did not build with ${var}"
        );
    }
    // Cleaned images and highlighted code are kept between deploys.
    let toml = toml_as_json(&site.join("netlify.toml"));
    assert!(
        toml.contains(
            r#""package": "netlify-plugin-cache", "inputs": {"paths": [".placard-cache"]}"#
        ),
        "{toml}"
    );
    let ignored = std::fs::read_to_string(site.join(".gitignore")).unwrap();
    assert!(ignored.lines().any(|l| l == "/.placard-bin"), "{ignored}");

    // A placard built from source (as this one is) knows of no release:
    // its build image must have placard.
    let plain = tmp.path().join("plain");
    let o = Command::new(env!("CARGO_BIN_EXE_placard"))
        .arg("init")
        .arg(&plain)
        .env_remove("PLACARD_RELEASES")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let commands = netlify_commands(&plain);
    assert_eq!(commands[0], r#"placard build --base-url "$URL""#);
    let text = std::fs::read_to_string(plain.join("netlify.toml")).unwrap();
    assert!(text.contains("needs placard on its PATH"), "{text}");

    // An address that would be shell code is refused before a file is written.
    let bad = tmp.path().join("bad");
    let o = Command::new(env!("CARGO_BIN_EXE_placard"))
        .arg("init")
        .arg(&bad)
        .env("PLACARD_RELEASES", "https://example.org/x;rm -rf ~")
        .output()
        .unwrap();
    assert!(!o.status.success());
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(said.contains("PLACARD_RELEASES"), "{said}");
    assert!(!bad.exists() || std::fs::read_dir(&bad).unwrap().next().is_none());
    // So is an address the file's name cannot follow, or of no known kind.
    for address in [
        "https://example.org/rel?x=1",
        "ftp://example.org/rel",
        "releases",
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_placard"))
            .arg("init")
            .arg(&bad)
            .env("PLACARD_RELEASES", address)
            .output()
            .unwrap();
        assert!(!o.status.success(), "{address}");
    }
}

/// nginx running the README's snippet, stopped on drop.
struct Nginx(Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_nginx(dir: &std::path::Path, www: &std::path::Path, port: u16) -> Nginx {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let snippet = readme
        .split_once("```nginx\n")
        .expect("nginx snippet in README")
        .1
        .split_once("\n```")
        .unwrap()
        .0;
    let snippet = snippet.replace("/var/www/campaign/", &format!("{}/", www.display()));
    let temp = dir.join("temp");
    std::fs::create_dir_all(&temp).unwrap();
    let conf = format!(
        "daemon off;\nmaster_process off;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\nevents {{}}\n\
         http {{\n include /etc/nginx/mime.types;\n access_log off;\n client_body_temp_path {t};\n proxy_temp_path {t};\n\
         fastcgi_temp_path {t};\n uwsgi_temp_path {t};\n scgi_temp_path {t};\n\
         server {{\n listen 127.0.0.1:{port};\n server_name localhost;\n{snippet}\n }}\n}}\n",
        d = dir.display(),
        t = temp.display()
    );
    std::fs::write(dir.join("nginx.conf"), conf).unwrap();
    let child = Command::new(tool("PLACARD_NGINX"))
        .arg("-c")
        .arg(dir.join("nginx.conf"))
        .arg("-p")
        .arg(dir)
        .spawn()
        .expect("start nginx");
    // Stopped (and waited for) on drop, whether it starts or not.
    let nginx = Nginx(child);
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return nginx;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!(
        "nginx did not start: {}",
        std::fs::read_to_string(dir.join("error.log")).unwrap_or_default()
    );
}

#[test]
fn nginx_serves_every_file_at_a_subpath_with_every_header() {
    let tmp = tempfile::tempdir().unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let www = tmp.path().join("www/campaign");
    build(
        &repo(),
        &www,
        &["--base-url", &format!("http://127.0.0.1:{port}/campaign/")],
    );
    let _nginx = start_nginx(tmp.path(), &www, port);
    let addr = format!("127.0.0.1:{port}");
    let files = tree(&www);
    assert!(files.len() > 300, "{} files", files.len());
    for name in files.keys() {
        let url = format!(
            "/campaign/{}",
            name.strip_suffix("index.html").unwrap_or(name)
        );
        let (status, head, _) = http_get(&addr, &url);
        assert_eq!(status, 200, "{url}");
        for (h, v) in SECURITY {
            assert!(
                head.contains(&format!("{h}: {}", v.to_ascii_lowercase())),
                "{url} lacks {h}: {head}"
            );
        }
        let cache = if name.starts_with("assets/") {
            "public, max-age=31536000, immutable"
        } else {
            "public, max-age=300"
        };
        assert!(
            head.contains(&format!("cache-control: {cache}")),
            "{url}: {head}"
        );
        let kind = match name.rsplit('.').next() {
            Some("html") => "text/html",
            Some("css") => "text/css",
            Some("js") => "javascript",
            Some("xml") => "xml",
            Some("json") => "application/json",
            Some("svg") => "image/svg+xml",
            _ => "",
        };
        assert!(head.contains(kind), "{url} is not {kind}: {head}");
    }
    let (status, head, body) = http_get(&addr, "/campaign/no/such/page/");
    assert_eq!(status, 404);
    assert!(
        body.contains("Page not found") && head.contains("content-security-policy"),
        "{head}"
    );

    // The theme's browser checks, through this nginx and its policy.
    let config = placard::config::Config::load(&repo()).unwrap();
    let (passed, report) = browser_script(
        "theme.mjs",
        &[
            &www,
            &config.exit.url,
            &tmp.path().join("shots"),
            &format!("http://{addr}"),
            &"/campaign",
        ],
    );
    assert!(passed, "theme checks through nginx failed:\n{report}");
    assert_eq!(report.matches("ok: ").count(), 13, "{report}");
}

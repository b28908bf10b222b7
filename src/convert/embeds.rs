//! Embedded players and posts as plain links: no page of the site may load
//! anything from another host, so a video, a tweet or a gist becomes a
//! link a reader can choose to follow.

/// A player's address as the page a reader can open.
pub fn watch_url(url: &str) -> String {
    let url = match url.strip_prefix("//") {
        Some(rest) => format!("https://{rest}"),
        None => url.to_string(),
    };
    for prefix in [
        "https://www.youtube.com/embed/",
        "https://youtube.com/embed/",
        "https://www.youtube-nocookie.com/embed/",
        "http://www.youtube.com/embed/",
        "https://www.youtube.com/v/",
        "http://www.youtube.com/v/",
    ] {
        if let Some(id) = url.strip_prefix(prefix) {
            let id = id.split(['?', '&', '/']).next().unwrap_or("");
            return format!("https://www.youtube.com/watch?v={id}");
        }
    }
    for prefix in [
        "https://player.vimeo.com/video/",
        "http://player.vimeo.com/video/",
    ] {
        if let Some(id) = url.strip_prefix(prefix) {
            return format!(
                "https://vimeo.com/{}",
                id.split(['?', '/']).next().unwrap_or("")
            );
        }
    }
    url
}

/// What a link to an embed says: what a reader finds there.
pub fn link_text(url: &str) -> String {
    let host = url
        .split("://")
        .nth(1)
        .and_then(|r| r.split(['/', '?', '#']).next())
        .unwrap_or(url)
        .trim_start_matches("www.");
    match host {
        "youtube.com" | "youtu.be" | "m.youtube.com" => "Watch the video on YouTube".into(),
        "vimeo.com" => "Watch the video on Vimeo".into(),
        "twitter.com" | "x.com" => "Read the post on X (Twitter)".into(),
        "gist.github.com" => "Read the code on GitHub".into(),
        "instagram.com" => "See the post on Instagram".into(),
        "soundcloud.com" | "w.soundcloud.com" => "Listen on SoundCloud".into(),
        _ => format!("Open the embedded content on {host}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn players_become_the_pages_readers_open() {
        assert_eq!(
            super::watch_url("//www.youtube.com/embed/abc123?rel=0"),
            "https://www.youtube.com/watch?v=abc123"
        );
        assert_eq!(
            super::watch_url("https://player.vimeo.com/video/42?x=1"),
            "https://vimeo.com/42"
        );
        assert_eq!(
            super::link_text("https://www.youtube.com/watch?v=abc"),
            "Watch the video on YouTube"
        );
        assert_eq!(
            super::link_text("https://maps.example.org/embed?x"),
            "Open the embedded content on maps.example.org"
        );
    }
}

//! Images: no metadata ever published (read back with exiftool), copies at
//! their widths in srcset, sizes on every `<img>`, og:image, a cache that
//! makes a rebuild encode nothing, SVG files cleaned, and check's warnings.

use std::io::Cursor;
use std::path::Path;
use std::process::Command;

use crate::common::*;

/// A photo as a phone takes it: 2000 × 1000 pixels stored sideways
/// (Orientation 6), with where it was taken, the camera's serial number,
/// the photographer's name in XMP and IPTC, a comment and a thumbnail.
fn phone_photo(path: &Path) {
    let img = image::RgbImage::from_fn(2000, 1000, |x, y| {
        image::Rgb([
            (x / 8 % 256) as u8,
            (y / 4 % 256) as u8,
            ((x + y) % 256) as u8,
        ])
    });
    let mut bytes = Cursor::new(vec![]);
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut bytes, image::ImageFormat::Jpeg)
        .unwrap();
    std::fs::write(path, bytes.into_inner()).unwrap();
    let thumb = path.with_file_name("thumb.jpg");
    let small = image::RgbImage::from_pixel(160, 80, image::Rgb([200, 10, 10]));
    small.save(&thumb).unwrap();
    exiftool(&[
        "-overwrite_original",
        "-n",
        "-GPSLatitude=51.501",
        "-GPSLatitudeRef=N",
        "-GPSLongitude=0.142",
        "-GPSLongitudeRef=W",
        "-SerialNumber=CAM-SERIAL-4711",
        "-Make=Phonemaker",
        "-Model=Phone 9",
        "-Orientation=6",
        "-XMP-dc:Creator=Sam Photographer",
        "-IPTC:By-line=Sam Photographer",
        "-Comment=Taken outside the shelter",
        &format!("-ThumbnailImage<={}", thumb.display()),
        path.to_str().unwrap(),
    ]);
    std::fs::remove_file(thumb).unwrap();
}

/// A chart saved with text chunks naming its author and software.
fn chart_png(path: &Path) {
    let img =
        image::RgbaImage::from_fn(600, 300, |x, _| image::Rgba([0, (x % 256) as u8, 90, 255]));
    img.save(path).unwrap();
    exiftool(&[
        "-overwrite_original",
        "-PNG:Author=Sam Photographer",
        "-PNG:Comment=draft for the shelter",
        "-XMP-dc:Creator=Sam Photographer",
        path.to_str().unwrap(),
    ]);
}

fn exiftool(args: &[&str]) -> String {
    let o = Command::new("exiftool")
        .args(args)
        .output()
        .expect("exiftool (scripts/test installs it)");
    assert!(
        o.status.success(),
        "exiftool: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Every tag exiftool finds in `file`, as `Group:Name=value` lines.
fn tags(file: &Path) -> String {
    exiftool(&["-a", "-G1", "-s", "-n", file.to_str().unwrap()])
}

fn site_with_images() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, site) = site_copy("small");
    let dir = site.join("content/news");
    phone_photo(&dir.join("protest.jpg"));
    chart_png(&dir.join("chart.png"));
    std::fs::write(
        dir.join("protest.md"),
        "---\ntitle: The protest\ndate: 2021-05-01\n---\nThe march.\n\n\
         ![Marchers outside parliament](protest.jpg \"The march\")\n\n\
         Later.\n\n![](chart.png)\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("images/drawing.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\" viewBox=\"0 0 4 4\">\
         <metadata>Sam Photographer</metadata><script>alert(2)</script>\
         <image href=\"https://tracker.example/p.png\"/><rect width=\"4\" height=\"4\"/></svg>",
    )
    .unwrap();
    (tmp, site)
}

#[test]
fn no_metadata_reaches_the_site_and_pages_get_sized_copies() {
    let (tmp, site) = site_with_images();
    let before = tags(&site.join("content/news/protest.jpg"));
    for there in [
        "GPSLatitude",
        "SerialNumber",
        "Sam Photographer",
        "Taken outside",
        "ThumbnailImage",
        "Orientation",
    ] {
        assert!(
            before.contains(there),
            "the fixture lacks {there}:\n{before}"
        );
    }
    assert!(tags(&site.join("content/news/chart.png")).contains("draft for the shelter"));
    let out = tmp.path().join("out");
    build(&site, &out, &[]);

    // No image anywhere in the output holds any of it, and none is a copy
    // of an original.
    let originals: Vec<Vec<u8>> = ["protest.jpg", "chart.png", "images/drawing.svg"]
        .iter()
        .map(|f| std::fs::read(site.join("content/news").join(f)).unwrap())
        .collect();
    let mut images = 0;
    for (rel, bytes) in tree(&out) {
        assert!(!originals.contains(&bytes), "{rel} is an original, copied");
        if [".jpg", ".png", ".webp", ".gif"]
            .iter()
            .any(|e| rel.ends_with(e))
        {
            images += 1;
            let found = tags(&out.join(&rel));
            for leak in [
                "GPS",
                "SerialNumber",
                "Phonemaker",
                "Sam Photographer",
                "shelter",
                "Thumbnail",
                "Orientation",
                "XMP",
                "IPTC",
                "Author",
                "Comment",
            ] {
                assert!(!found.contains(leak), "{rel} still holds {leak}:\n{found}");
            }
        }
    }
    assert!(images >= 6, "{images} images");

    // Turned upright, and the page knows its size.
    let full = image::open(out.join("news/protest.jpg")).unwrap();
    assert_eq!((full.width(), full.height()), (1000, 2000));
    let page = std::fs::read_to_string(out.join("news/protest/index.html")).unwrap();
    let picture = page.split("<picture>").nth(1).expect("a picture element");
    let picture = picture.split("</picture>").next().unwrap();
    assert!(picture.contains("type=\"image/webp\"") || picture.contains("type=image/webp"));
    assert!(picture.contains("sizes="), "{picture}");
    let img = picture.split("<img").nth(1).unwrap();
    for want in [
        "width=\"1000\"",
        "height=\"2000\"",
        "alt=\"Marchers outside parliament\"",
        "title=\"The march\"",
    ] {
        assert!(
            img.contains(want) || img.contains(&want.replace('"', "")),
            "{want} in {img}"
        );
    }
    assert!(
        !img.contains("loading="),
        "the first image is not lazy: {img}"
    );
    // Each copy in srcset exists, at its width.
    let srcset = picture
        .split("srcset=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let mut widths = vec![];
    for candidate in srcset.split(", ") {
        let (url, w) = candidate.rsplit_once(' ').unwrap();
        let w: u32 = w.trim_end_matches('w').parse().unwrap();
        let copy = image::open(out.join(url.trim_start_matches('/'))).unwrap();
        assert_eq!(copy.width(), w, "{url}");
        widths.push(w);
    }
    assert_eq!(widths, [480, 960, 1000]);
    // The second image, below the first, is lazy.
    let second = page.split("<img").nth(2).expect("a second image");
    assert!(
        second.contains("loading=\"lazy\"") || second.contains("loading=lazy"),
        "{second}"
    );
    // og:image and the JSON-LD image name the cleaned photo.
    let head = page.split("</head>").next().unwrap();
    assert!(
        head.contains("og:image\" content=\"https://example.org/news/protest.jpg\"")
            || head.contains("og:image content=https://example.org/news/protest.jpg"),
        "{head}"
    );
    assert!(page.contains("\"image\":\"https://example.org/news/protest.jpg\""));
    // Feeds get absolute addresses for the copies too.
    let feed = std::fs::read_to_string(out.join("rss.xml")).unwrap();
    assert!(
        feed.contains("srcset=\"https://example.org/news/protest.480w."),
        "feed srcset"
    );

    // The SVG: drawn as before, with nothing that runs, loads or names.
    let svg = std::fs::read_to_string(out.join("news/images/drawing.svg")).unwrap();
    for gone in [
        "onload",
        "script",
        "alert",
        "tracker.example",
        "Sam Photographer",
    ] {
        assert!(!svg.contains(gone), "{gone} in {svg}");
    }
    assert!(svg.contains("<rect width=\"4\" height=\"4\"/>"));
}

#[test]
fn a_rebuild_encodes_nothing_again() {
    let (tmp, site) = site_with_images();
    let out = tmp.path().join("out");
    build(&site, &out, &[]);
    let cache = site.join(".placard-cache/images");
    let stamp = |dir: &Path| -> Vec<(String, std::time::SystemTime)> {
        let mut v: Vec<_> = walkdir::WalkDir::new(dir)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().display().to_string(),
                    e.metadata().unwrap().modified().unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let first = stamp(&cache);
    assert!(first.len() >= 6, "{first:?}");
    let before = tree(&out);
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(
        site.join("content/news/other.md"),
        "---\ntitle: Another\ndate: 2021-06-01\n---\nText.\n",
    )
    .unwrap();
    build(&site, &out, &[]);
    assert_eq!(stamp(&cache), first, "the second build wrote to the cache");
    let after = tree(&out);
    for (rel, bytes) in &before {
        if rel.ends_with(".jpg") || rel.ends_with(".webp") || rel.ends_with(".png") {
            assert_eq!(after.get(rel), Some(bytes), "{rel} changed");
        }
    }
}

#[test]
fn check_reports_images_without_alt_text_and_unreadable_ones() {
    let (_tmp, site) = site_with_images();
    let o = placard(&["check", "--root", site.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("content/news/protest.md:11: image /news/chart.png has no alt text"),
        "{err}"
    );
    std::fs::write(site.join("content/news/broken.jpg"), b"not a jpeg").unwrap();
    let o = placard(&["check", "--root", site.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/news/broken.jpg: cannot read this image"),
        "{err}"
    );
    let o = placard(&["build", "--root", site.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/news/broken.jpg: cannot read this image"),
        "{err}"
    );
    assert!(!site.join("public").exists());
}

#[test]
fn pages_with_images_pass_the_nu_html_checker() {
    let (tmp, site) = site_with_images();
    let out = tmp.path().join("out");
    build(&site, &out, &[]);
    let plain = tmp.path().join("plain");
    build(&site, &plain, &["--no-minify"]);
    crate::validate::assert_valid_pages(&[
        out.join("news/protest/index.html"),
        plain.join("news/protest/index.html"),
    ]);
}

/// One picture kept at many addresses (an upload saved twice, as migrated
/// sites have them), once under another format's name: each copy is
/// cleaned from one cache entry per format, made once, and published,
/// build after build.
#[test]
fn the_same_photo_at_many_addresses_is_published_at_each() {
    let (tmp, site) = site_copy("small");
    let dir = site.join("content/news");
    chart_png(&dir.join("chart.png"));
    let mut body = String::from("---\ntitle: Charts\ndate: 2021-05-01\n---\n");
    for i in 0..24 {
        std::fs::copy(dir.join("chart.png"), dir.join(format!("chart-{i}.png"))).unwrap();
        body.push_str(&format!("\n![Chart {i}](chart-{i}.png)\n"));
    }
    // The same bytes named .webp: published as a WebP.
    std::fs::copy(dir.join("chart.png"), dir.join("chart-as.webp")).unwrap();
    body.push_str("\n![The chart as a WebP](chart-as.webp)\n");
    std::fs::write(dir.join("charts.md"), body).unwrap();
    let out = tmp.path().join("out");
    for _ in 0..2 {
        build(&site, &out, &[]);
        let webp = std::fs::read(out.join("news/chart-as.webp")).unwrap();
        assert_eq!(&webp[8..12], b"WEBP", "not a WebP");
        for i in 0..24 {
            let png = out.join(format!("news/chart-{i}.png"));
            assert!(png.is_file(), "{} is missing", png.display());
            assert!(!tags(&png).contains("Sam Photographer"));
        }
    }
    let entries = walkdir::WalkDir::new(site.join(".placard-cache/images"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_name() == "info")
        .count();
    assert_eq!(entries, 2, "one picture in two formats, two entries");
}

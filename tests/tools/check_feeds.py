#!/usr/bin/env python3
"""Parses each feed given on the command line with feedparser and fails
unless it is well formed (bozo false), of the kind its name says (rss.xml
RSS 2.0, atom.xml Atom 1.0), and every item has a title, an absolute link,
a date and content. Prints one line per feed: PATH: N items; with
--entries first, then a line per item as a feed reader reads it:
  entry TITLE | lang=LANGUAGE | STARTS (the first 120 characters of its
  content, markup and all)."""
import sys

import feedparser

failed = False
args = sys.argv[1:]
entries = args[:1] == ["--entries"]
for path in args[1:] if entries else args:
    d = feedparser.parse(path)
    problems = []
    if d.bozo:
        problems.append(f"not well formed: {d.bozo_exception}")
    expected = "atom10" if path.endswith("atom.xml") else "rss20"
    if d.version != expected:
        problems.append(f"version {d.version!r}, expected {expected}")
    if expected == "atom10" and not d.feed.get("updated_parsed"):
        problems.append("feed without an updated date")
    if not d.feed.get("title") or not d.feed.get("link"):
        problems.append("channel without title or link")
    for i, e in enumerate(d.entries):
        for key in ("title", "link", "published_parsed"):
            if not e.get(key):
                problems.append(f"item {i} has no {key}")
        if not e.get("link", "").startswith(("http://", "https://")):
            problems.append(f"item {i} link is not absolute: {e.get('link')}")
        if not e.get("summary"):
            problems.append(f"item {i} has no content")
    print(f"{path.split('/public/')[-1]}: {len(d.entries)} items")
    if entries:
        for e in d.entries:
            content = (e.get("content") or [{}])[0]
            # The language an Atom entry gives itself (xml:lang), or an
            # RSS item its dc:language.
            lang = content.get("language") or e.get("language") or d.feed.get("language")
            starts = (content.get("value") or e.get("summary") or "")[:120].replace("\n", " ")
            print(f"  entry {e.get('title')} | lang={lang} | {starts}")
    for p in problems:
        print(f"  {p}")
        failed = True
sys.exit(1 if failed else 0)

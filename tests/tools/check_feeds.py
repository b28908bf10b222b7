#!/usr/bin/env python3
"""Parses each feed given on the command line with feedparser and fails
unless it is well formed (bozo false) and every item has a title, a link
and a date. Prints one line per feed: PATH: N items."""
import sys

import feedparser

failed = False
for path in sys.argv[1:]:
    d = feedparser.parse(path)
    problems = []
    if d.bozo:
        problems.append(f"not well formed: {d.bozo_exception}")
    if d.version != "rss20":
        problems.append(f"version {d.version!r}, expected rss20")
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
    for p in problems:
        print(f"  {p}")
        failed = True
sys.exit(1 if failed else 0)

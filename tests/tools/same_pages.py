"""same_pages.py PLAIN MINIFIED: every HTML page of two builds of one site
holds the same elements, attributes and text, as Python's HTML parser reads
them; whitespace between words counts once, whitespace between elements not
at all, and attributes that only restate the HTML default may be dropped.
Prints one line per page compared; exits 1 at the first difference."""
import html.parser
import os
import re
import sys

# Attributes whose value is the default: minifying may leave them out.
DEFAULTS = {("button", "type", "submit"), ("form", "method", "get"),
            ("input", "type", "text"), ("script", "type", "text/javascript"),
            ("style", "type", "text/css"), ("link", "type", "text/css")}


class Tokens(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.text = ""

    def flush(self):
        words = " ".join(self.text.split())
        if words:
            self.out.append(("text", words))
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.flush()
        kept = sorted((k, " ".join((v or "").split()) if k == "class" else (v or ""))
                      for k, v in attrs if (tag, k, v) not in DEFAULTS)
        if tag == "meta" and ("name", "viewport") in kept:
            # The viewport's list is read without spaces after commas.
            kept = [(k, re.sub(r",\s+", ",", v)) for k, v in kept]
        self.out.append(("start", tag, kept))

    def handle_endtag(self, tag):
        self.flush()
        self.out.append(("end", tag))

    def handle_data(self, data):
        self.text += data


def tokens(path):
    p = Tokens()
    p.feed(open(path, encoding="utf-8").read())
    p.close()
    p.flush()
    return p.out


plain, minified = sys.argv[1], sys.argv[2]
pages = 0
for folder, _, files in os.walk(plain):
    for name in sorted(files):
        if not name.endswith(".html"):
            continue
        a = os.path.join(folder, name)
        b = os.path.join(minified, os.path.relpath(a, plain))
        ta, tb = tokens(a), tokens(b)
        if ta != tb:
            at = next(i for i, (x, y) in enumerate(zip(ta + [None], tb + [None])) if x != y)
            sys.exit(f"{os.path.relpath(a, plain)} differs at token {at}:\n"
                     f"  plain:    {ta[at] if at < len(ta) else None}\n"
                     f"  minified: {tb[at] if at < len(tb) else None}")
        pages += 1
print(f"{pages} pages the same")

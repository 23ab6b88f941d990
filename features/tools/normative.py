#!/usr/bin/env python3
"""Lists the normative sentences of an RFC (plain-text or markdown rendering), one per line:
RFC-SECTION-ORDINAL <TAB> LEVEL <TAB> SECTION TITLE <TAB> SENTENCE

How features/requirements.yaml is extracted (see features/README.md): page headers and footers are
dropped, paragraphs joined, sentences split at '.  ' / '. ' before a capital, and every sentence with an
upper-case BCP 14 keyword other than MAY/OPTIONAL is kept, numbered per section in reading order. The
sentences themselves stay out of the repository: requirements.yaml holds the id, level, a gist in our own
words and the class (testable / untestable / out-of-scope) with the reason.

usage: normative.py RFCNUMBER FILE   (FILE: the RFC's text, e.g. from rfc-editor.org)
"""
import re
import sys

LEVELS = ["MUST NOT", "SHALL NOT", "SHOULD NOT", "NOT RECOMMENDED", "MUST", "REQUIRED", "SHALL", "SHOULD",
          "RECOMMENDED"]


def paragraphs(text, markdown):
    section, title, buf = "0", "", []
    heading = re.compile((r"^#+\s*" if markdown else r"^")
                         + r"((?:\d+\.)+\d*|Appendix [A-Z](?:\.\d+)*)\.?\s+(\S.*)$")
    for raw in text.splitlines():
        line = raw.rstrip()
        if re.match(r"^RFC \d+\s+.*\s+\w+ \d{4}$", line) or re.search(r"\[Page \d+\]$", line) or line == "\f":
            continue
        m = heading.match(line)
        if m and not raw.startswith(" ") and "..." not in line and ". . ." not in line:
            if buf:
                yield section, title, " ".join(buf)
                buf = []
            section, title = m.group(1).rstrip("."), m.group(2).strip()
            continue
        if not line.strip():
            if buf:
                yield section, title, " ".join(buf)
                buf = []
            continue
        buf.append(line.strip())
    if buf:
        yield section, title, " ".join(buf)


def level(sentence):
    for word in LEVELS:
        if re.search(r"\b" + word + r"\b", sentence):
            return word
    return None


def main():
    rfc, path = sys.argv[1], sys.argv[2]
    text = open(path, encoding="utf-8", errors="replace").read()
    counts = {}
    for section, title, para in paragraphs(text, path.endswith(".md")):
        if section.split(".")[0] in ("0",) or title.lower().startswith(("references", "normative references",
                                                                         "informative references", "iana")):
            continue
        for sentence in re.split(r"(?<=[.;:])\s+(?=[A-Z(o])", para):
            lv = None if "\"MUST\"" in sentence else level(sentence)
            if lv:
                counts[section] = counts.get(section, 0) + 1
                print(f"RFC{rfc}-{section}-{counts[section]}\t{lv}\t{title}\t{sentence}")


if __name__ == "__main__":
    main()

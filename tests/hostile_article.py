"""A hostile article folder for the escaping tests (issue 8): its text, metadata, questions
and answer keys carry HTML and script that must be shown literally, never run.

``make_hostile_article(folder)`` writes the folder; every span in its keys is made with
``course.make_span`` on the loaded text, so the keys stay valid if the text changes.
"""
from __future__ import annotations

import json
from pathlib import Path

#: Each payload sets ``window.__pwned`` if a browser ever runs it.
SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=2">'
LINK = '<a href="javascript:window.__pwned=3">link</a>'
SVG = '<svg onload="window.__pwned=4"></svg>'
IFRAME = '<iframe src="javascript:window.__pwned=5"></iframe>'
ENTITY = "&lt;b&gt; &amp; &#60;i&#62;"
PAYLOADS = (SCRIPT, IMG, LINK, SVG, IFRAME, ENTITY)

PARAGRAPHS = [
    f"Officials met in Beijing on Sunday, the ministry said {SCRIPT} in a statement.",
    "What did the two sides discuss?",
    f"The report {IMG} was shown to reporters, a spokesman told Reuters on Saturday.",
    f"Readers may follow this {LINK} for more, and {ENTITY} are written as entities.",
    f"A quote with {SVG} and {IFRAME} ended the talks, officials said.",
]
TEXT = "\n".join(PARAGRAPHS) + "\n"

META = {
    "title": f"Talks {SCRIPT} in Beijing",
    "outlet": f"The {IMG} Herald",
    "published": "2023-06-25",
    "language": "en",
    "established": {"title": f"stated {LINK}", "outlet": f"from {SVG}",
                    "published": f"{IFRAME} in the URL", "language": "plain <b>English</b>"},
}


def _toml(value: str) -> str:
    """A TOML basic string (JSON's string escapes are valid TOML)."""
    return json.dumps(value, ensure_ascii=False)


def _span(article, phrase: str, **extra: str) -> str:
    """An inline TOML table for the span of ``phrase``, made with course.make_span, with
    ``extra`` string fields first (a candidate's id, a statement's source)."""
    import course

    s = course.make_span(article, phrase)
    fields = "".join(f"{k} = {_toml(v)}, " for k, v in extra.items())
    return (f'{{ {fields}paragraph = "{s["paragraph"]}", start = {s["start"]}, '
            f"end = {s['end']}, text = {_toml(s['text'])} }}")


def make_hostile_article(folder: Path) -> Path:
    """Write the hostile article (text, meta, questions, keys, checklist) into ``folder``."""
    import course
    from course.text import article as article_mod

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "article.txt").write_text(TEXT, encoding="utf-8")
    (folder / "meta.json").write_text(json.dumps(META, ensure_ascii=False, indent=1),
                                      encoding="utf-8")
    article_mod._CACHE.clear()
    art = course.load_article(folder)
    s = {name: _span(art, text) for name, text in
         (("script", SCRIPT), ("img", IMG), ("link", LINK), ("svg", SVG),
          ("said", "the ministry said"), ("statement", f"{SCRIPT} in a statement"),
          ("report", f"The report {IMG} was shown to reporters"),
          ("spokesman", "a spokesman"), ("quote", f"A quote with {SVG} and {IFRAME}"),
          ("ministry", "the ministry"), ("sunday", "Sunday"))}
    (folder / "questions").mkdir(exist_ok=True)
    (folder / "questions" / "hostile.toml").write_text(f"""
[[questions]]
id = "hostile.pick"
part = "start"
type = "single"
prompt = {_toml("Which is the tag " + LINK + " " + SCRIPT + "?")}
options = [{_toml(SCRIPT)}, {_toml(IMG)}, {_toml(ENTITY)}]
answer = {_toml(SCRIPT)}
hints = [{_toml("Hint " + SVG)}, {_toml("Hint " + IFRAME)}]
explanation = {_toml("Because " + SCRIPT + " " + ENTITY)}
feedback = {{ {_toml(IMG)} = {_toml("Not " + IMG)} }}
evidence = [{s["script"]}]

[[questions]]
id = "hostile.sentences"
part = "start"
type = "spans"
unit = "sentence"
prompt = {_toml("Tick the sentences with " + IMG)}
paragraphs = ["P1", "P3", "P4", "P5"]
answer = ["S1"]
explanation = {_toml(IFRAME)}

[[questions]]
id = "hostile.phrases"
part = "start"
type = "spans"
unit = "phrase"
prompt = "Tick the script."
candidates = [{_span(art, SCRIPT, id="c1")}, {_span(art, IMG, id="c2")}]
answer = ["c1"]
explanation = {_toml(LINK)}

[[questions]]
id = "hostile.match"
part = "start"
type = "matching"
prompt = "Match."
items = [{_toml(SCRIPT)}, {_toml(IMG)}]
categories = [{_toml(LINK)}, {_toml(ENTITY)}]
answer = [{_toml(LINK)}, {_toml(ENTITY)}]
explanation = "Matched."

[[questions]]
id = "hostile.order"
part = "start"
type = "ordering"
prompt = "Order."
items = [{_toml(IMG)}, {_toml(SCRIPT)}, {_toml(SVG)}]
answer = [{_toml(SCRIPT)}, {_toml(IMG)}, {_toml(SVG)}]
explanation = "Ordered."

[[questions]]
id = "hostile.write"
part = "synthesis"
type = "text"
prompt = {_toml("Write about " + SCRIPT)}
model_answer = {_toml("The ministry said " + SCRIPT + " " + IMG)}
rubric = [{_toml("Names " + LINK)}, {_toml("Quotes " + SVG)}]
min_words = 3
keywords = [["ministry"]]
""", encoding="utf-8")
    (folder / "attribution.toml").write_text(f"""
[[entries]]
id = "h1"
paragraph = "P1"
source_name = {_toml("the ministry " + SCRIPT)}
source_type = "government or ministry"
named = "named"
mode = "indirect speech"
channel = "statement released"
source = {s["ministry"]}
cue = {s["said"]}
content = {s["statement"]}

[[entries]]
id = "h2"
paragraph = "P3"
source_name = {_toml(IMG)}
source_type = {_toml("<b>custom</b> " + IMG)}
named = "vague"
mode = "indirect speech"
channel = "told a news agency"
source = {s["spokesman"]}
content = {s["report"]}
""", encoding="utf-8")
    (folder / "contrast.toml").write_text(f"""
[[pairs]]
id = "hostile"
matter = {_toml("What " + SCRIPT + " said")}
differs = ["content"]
explanation = {_toml(IMG)}
a = {_span(art, f"the ministry said {SCRIPT} in a statement", source="Ministry " + LINK)}
b = {_span(art, f"The report {IMG} was shown to reporters", source="Spokesman " + SVG)}
""", encoding="utf-8")
    (folder / "chronology.toml").write_text(f"""
[[events]]
id = "meeting"
event = {_toml("Officials meet " + SCRIPT)}
label = {_toml("Meeting " + IMG)}
evidence = {s["sunday"]}
earliest = "2023-06-25"
latest = "2023-06-25"
certainty = "stated"
story_position = 1
reasoning = {_toml("Sunday " + LINK)}
""", encoding="utf-8")
    (folder / "checklist.toml").write_text(f"""
question = "hostile.write"

[[items]]
text = {_toml("Every claim " + SCRIPT + " says who made it")}
why = {_toml("Because " + IMG)}
check = "attributed"

[[items]]
text = {_toml("Mentions " + LINK)}
why = {_toml(ENTITY)}
check = "mentions"
groups = [["ministry"], [{_toml(SCRIPT)}]]
""", encoding="utf-8")
    article_mod._CACHE.clear()
    return folder

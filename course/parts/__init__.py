"""Layer 3, the three parts a student works through: source attribution (its rules,
extractor and views), contrasting statements (with the outside view), chronology (with
the time-expression rules), the synthesis checklist, and each answer key's loader.

Imports the text layer and the engine; never authoring, evaluation or teaching."""

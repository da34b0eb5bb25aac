"""Layer 4, authoring: what a teacher uses to bring an article (new-article, the
machine-made drafts, the review that turns drafts into keys, questions made from keys, the
quotation guard). Imports the layers below it."""

"""Layer 4, evaluation: how well the parts' rules do against hand-annotated corpora
(attribution, time expressions). Imports the layers below it; the corpora are passed in."""

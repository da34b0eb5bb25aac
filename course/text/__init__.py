"""Layer 1, the text: the article model (paragraphs, sentences, offsets), spans, plain
words for students, the data files of an article folder (the key-file registry, the
course's register of outside sources) and the one way the course writes a file.

Imports nothing from the layers above (tests/test_layers.py)."""

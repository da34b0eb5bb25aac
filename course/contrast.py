"""Placeholder for the contrast part (a later issue replaces this module)."""


def contrast_key(*args, **kwargs):
    raise NotImplementedError("contrast")


def naming_table(*args, **kwargs):
    raise NotImplementedError("contrast")

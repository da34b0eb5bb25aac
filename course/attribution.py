"""Placeholder for the attribution part (a later issue replaces this module)."""


def attribution_key(*args, **kwargs):
    raise NotImplementedError("attribution")


def extract_attributions(*args, **kwargs):
    raise NotImplementedError("attribution")

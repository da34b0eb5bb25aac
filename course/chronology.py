"""Placeholder for the chronology part (a later issue replaces this module)."""


def extract_time_expressions(*args, **kwargs):
    raise NotImplementedError("chronology")


def plot_timeline(*args, **kwargs):
    raise NotImplementedError("chronology")


def timeline(*args, **kwargs):
    raise NotImplementedError("chronology")

"""Exports of a story model: one `Exporter` class per format, registered by name, all built from one line model.

    from ficlens.export import export
    export(model, "sml", "story.sml.txt", thoughts="skip")
"""

from ficlens.export import graphs, model_formats, rows, scripts  # noqa: F401 - each registers its formats
from ficlens.export.base import EXPORTERS, Exporter, ExportResult, export, exporter, register
from ficlens.export.cast import read_voice_map
from ficlens.export.checks import validate
from ficlens.export.errors import ExportError
from ficlens.export.lines import Line, LineKind, story_lines, voice_labels
from ficlens.export.load import load_model, looks_like_model
from ficlens.export.options import ExportOptions, Treatment

__all__ = [
    "EXPORTERS",
    "ExportError",
    "ExportOptions",
    "ExportResult",
    "Exporter",
    "Line",
    "LineKind",
    "Treatment",
    "export",
    "exporter",
    "load_model",
    "looks_like_model",
    "read_voice_map",
    "register",
    "story_lines",
    "validate",
    "voice_labels",
]

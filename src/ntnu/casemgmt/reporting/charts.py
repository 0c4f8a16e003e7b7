"""Charts of the statistics page, drawn with matplotlib as SVG.

The object-oriented API with its own Figure per chart (no pyplot state), so
charts can be drawn in several Zope threads at once.
"""

from io import StringIO
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure


def _svg(figure):
    FigureCanvasSVG(figure)
    out = StringIO()
    figure.savefig(out, format="svg", bbox_inches="tight")
    text = out.getvalue()
    return text[text.find("<svg") :]


def bars(labels, series, title, ylabel=""):
    """Grouped bars: ``series`` is ``{name: [value per label]}``."""
    figure = Figure(figsize=(8, 3.2))
    axes = figure.add_subplot()
    count = max(len(series), 1)
    width = 0.8 / count
    for index, (name, values) in enumerate(sorted(series.items())):
        positions = [i + index * width - 0.4 + width / 2 for i in range(len(labels))]
        axes.bar(positions, values, width=width, label=name)
    axes.set_xticks(range(len(labels)))
    axes.set_xticklabels(labels, rotation=45, ha="right", fontsize=8)
    axes.set_title(title)
    axes.set_ylabel(ylabel)
    if len(series) > 1:
        axes.legend(fontsize=7, ncol=4)
    return _svg(figure)

"""Charts of the statistics page, drawn with matplotlib as SVG.

The object-oriented API with its own Figure per chart (no pyplot state), so
charts can be drawn in several Zope threads at once.
"""

from io import StringIO
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator


def _svg(figure):
    FigureCanvasSVG(figure)
    out = StringIO()
    figure.savefig(out, format="svg", bbox_inches="tight")
    text = out.getvalue()
    return text[text.find("<svg") :]


def bars(labels, series, title="", ylabel="", top=None):
    """Grouped bars: ``series`` is ``{name: [value per label]}``.

    The value axis starts at 0 (counts, days and shares are never
    negative) and has whole-number ticks; it ends at ``top`` when given
    (100 for a share), else a little above the highest value (at least 1,
    so all-zero bars do not give a scale around 0).

    :returns: the SVG text, or None without labels (the page says that
        there is nothing to show instead of drawing empty axes)
    """
    if not labels:
        return None
    figure = Figure(figsize=(8, 3.2))
    axes = figure.add_subplot()
    count = max(len(series), 1)
    width = 0.8 / count
    highest = 0
    for index, (name, values) in enumerate(sorted(series.items())):
        values = [max(value or 0, 0) for value in values]
        highest = max([highest, *values])
        positions = [i + index * width - 0.4 + width / 2 for i in range(len(labels))]
        axes.bar(positions, values, width=width, label=name)
    axes.set_xticks(range(len(labels)))
    axes.set_xticklabels(labels, rotation=45, ha="right", fontsize=8)
    axes.set_ylim(0, top or max(highest * 1.1, 1))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    if title:
        axes.set_title(title)
    axes.set_ylabel(ylabel)
    if len(series) > 1:
        axes.legend(fontsize=7, ncol=4)
    return _svg(figure)

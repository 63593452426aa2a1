"""Type a review, watch the model read it word by word (lecture 5): a view over
``data.text.prefix_predictions``, drawn by ``plots.text``."""

from __future__ import annotations

import numpy as np

from ..data import text as text_data
from ..plots.style import figure_to_png
from ..plots.text import draw_prefix_predictions
from . import scaffold


def review_reader(model, vectorizer, class_names=("negative", "positive"),
                  text: str = "a thin plot , but the actors are wonderful"):
    """A text box: type a review, press Enter, see the model's verdict and its
    probability after each word (``data.text.prefix_predictions``, drawn by
    ``plots.text.draw_prefix_predictions``).

    model : a Keras classifier on the vectorizer's integer sequences;
    vectorizer : its fitted ``TextVectorization``. Returns an ``ipywidgets.VBox``
    with handles ``text`` (the box), ``message`` (an HTML line) and ``image``.
    """
    import html

    import ipywidgets as widgets

    vocabulary = vectorizer.get_vocabulary()
    # One line, read when the student presses Enter (or leaves the box): a Textarea
    # would take Enter as a newline and leave the old verdict standing.
    box = widgets.Text(value=text, placeholder="Type a review and press Enter ...",
                       description="review", continuous_update=False,
                       layout=widgets.Layout(width="90%"))
    message = widgets.HTML()
    image = scaffold.picture()

    def predict(ids):
        return np.asarray(model.predict_on_batch(ids))

    def redraw(change=None):
        try:
            view = text_data.prefix_predictions(box.value, vectorizer, predict, vocabulary,
                                                class_names)
        except Exception as error:  # a widget must never print a traceback into the cell
            message.value = f"<b>Could not read this text:</b> {html.escape(str(error))}"
            return
        view["class_names"] = list(class_names)
        if view["label"] is None:
            verdict = ""
        else:
            verdict = (f"<b>{html.escape(view['label'])}</b>, probability "
                       f"{view['probability'].max():.2f}. ")
        message.value = verdict + html.escape(view["message"])
        image.value = figure_to_png(draw_prefix_predictions(view).figure)

    box.observe(redraw, names="value")
    redraw()
    return scaffold.view([box, message, image], "review box: the model's verdict after each word",
                text=box, message=message, image=image)

"""The "type a review" view: the pure function on odd input, and the widget as a student uses it."""

import numpy as np
import pytest

from lecture_utils.data import text
from lecture_utils.plots.text import draw_prefix_predictions
from lecture_utils.widgets.text import review_reader

VOCABULARY = ["", "[UNK]", "the", "film", "is", "good", "bad", "not", "but", "boring"]
LENGTH = 8


def vectorize(texts):
    """A stand-in for a fitted TextVectorization: standardize, look up, pad or cut."""
    index = {word: i for i, word in enumerate(VOCABULARY)}
    rows = np.zeros((len(texts), LENGTH), dtype=np.int64)
    for row, sentence in zip(rows, texts, strict=True):
        ids = [index.get(word, 1) for word in text.standard_words(sentence)][:LENGTH]
        row[:len(ids)] = ids
    return rows


def predict(ids):
    """P(positive): 'good' pushes up, 'bad' and 'boring' down; 0.5 without them."""
    ids = np.asarray(ids)
    score = (ids == 5).sum(axis=1) - (ids == 6).sum(axis=1) - (ids == 9).sum(axis=1)
    return (1 / (1 + np.exp(-2.0 * score)))[:, None]


def view(review, **kw):
    return text.prefix_predictions(review, vectorize, predict, VOCABULARY, **kw)


def test_one_prediction_per_prefix():
    result = view("the film is good but boring")
    assert result["words"] == ["the", "film", "is", "good", "but", "boring"]
    probabilities = result["probabilities"]
    assert probabilities.shape == (6, 2)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1)
    np.testing.assert_allclose(probabilities[:, 1], [0.5, 0.5, 0.5, predict([[5]])[0, 0],
                                                     predict([[5]])[0, 0], 0.5])
    assert result["label"] in ("negative", "positive") and result["message"] == ""
    # the last prefix is the whole text, as the model sees it
    np.testing.assert_allclose(result["probability"][1],
                               predict(vectorize([result["text"]]))[0, 0])


@pytest.mark.parametrize("review", ["", "   \n\t ", None])
def test_empty_input_asks_for_text(review):
    result = view(review)
    assert result["label"] is None and result["words"] == []
    assert result["message"].startswith("Type a review")


def test_punctuation_only_has_nothing_to_read():
    result = view("!!! ... ?? :-)")
    assert result["label"] is None and "nothing to read" in result["message"]


def test_only_unknown_words_get_a_verdict_and_a_warning():
    result = view("Zorglub wibble fnord")
    assert result["words"] == ["[UNK]"] * 3
    assert result["label"] is not None
    assert "None of these words is in the vocabulary" in result["message"]


@pytest.mark.parametrize("review", [
    "the film is good 😀👍🎬",            # emoji
    "😡😡😡",                              # emoji only
    "фильм хороший, 映画は良い, الفيلم جيد",  # other scripts
    "the film is\u200b good\u00a0\u0301",   # zero-width and combining characters
])
def test_emoji_and_other_scripts_are_read_as_unknown_words(review):
    result = view(review)
    assert result["label"] is not None
    assert "[UNK]" in result["words"]
    assert "Not in the vocabulary" in result["message"] or "None of these" in result["message"]


def test_html_tags_are_removed_and_entities_decoded():
    result = view("<p>the film is <b>good</b></p><br /><script>bad()</script> &amp; not&nbsp;bad")
    assert "<" not in result["text"] and "&amp;" not in result["text"]
    assert result["words"][:4] == ["the", "film", "is", "good"]


def test_ten_thousand_characters_are_cut_to_what_the_model_reads():
    review = ("the film is good " * 800)[:10_000]
    result = view(review)
    assert len(result["words"]) == LENGTH
    assert f"Only the first {LENGTH} words" in result["message"]
    longer = view("bad " * 5000)
    assert "cut to its first 10,000 characters" in longer["message"]


def test_multi_class_predictions_keep_their_classes():
    def three(ids):
        ids = np.asarray(ids)
        logits = np.stack([(ids == 6).sum(1), (ids == 4).sum(1), 2 * (ids == 5).sum(1)], axis=1)
        return np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)

    result = text.prefix_predictions("the film is good", vectorize, three, VOCABULARY,
                                     ["negative", "neutral", "positive"])
    assert result["probabilities"].shape == (4, 3)
    assert result["label"] == "positive"


def test_draw_handles_a_view_without_words():
    import matplotlib.pyplot as plt

    ax = draw_prefix_predictions(view(""))
    assert "Type a review" in ax.texts[0].get_text()
    plt.close(ax.figure)


@pytest.fixture(scope="module")
def tiny_model():
    import keras

    keras.utils.set_random_seed(0)
    vectorizer = keras.layers.TextVectorization(max_tokens=50, output_sequence_length=LENGTH)
    vectorizer.adapt(["the film is good", "the film is bad", "not good but boring"])
    model = keras.Sequential([
        keras.Input(shape=(LENGTH,), dtype="int64"),
        keras.layers.Embedding(vectorizer.vocabulary_size(), 4, mask_zero=True),
        keras.layers.LSTM(3),
        keras.layers.Dense(1, activation="sigmoid"),
    ], name="tiny_lstm")
    return model, vectorizer


ODD_INPUTS = ["", "zorglub fnord", "the film 😀", "映画は良い", "<i>good</i><br/>",
              "good " * 2500, "!!!"]


@pytest.mark.parametrize("review", ODD_INPUTS, ids=range(len(ODD_INPUTS)))
def test_real_keras_model_never_raises(tiny_model, review):
    model, vectorizer = tiny_model
    result = text.prefix_predictions(review, vectorizer, model.predict_on_batch,
                                     vectorizer.get_vocabulary())
    assert result["label"] is not None or result["message"]
    if result["label"] is not None:
        full = model.predict_on_batch(vectorizer([result["text"]]))[0, 0]
        np.testing.assert_allclose(result["probability"][1], full, atol=1e-6)
        assert all(isinstance(word, str) for word in result["words"])


def test_reader_redraws_when_the_student_types(tiny_model):
    model, vectorizer = tiny_model
    reader = review_reader(model, vectorizer, text="the film is good")
    first = bytes(reader.image.value)
    assert first.startswith(b"\x89PNG") and "probability" in reader.message.value
    reader.text.value = "the film is bad but good"
    assert bytes(reader.image.value) != first
    reader.text.value = ""
    assert "Type a review" in reader.message.value
    reader.text.value = "<b>😀</b> " * 3000
    assert "Not in the vocabulary" in reader.message.value or "None" in reader.message.value


def test_reader_plain_text_is_one_short_line(tiny_model):
    text_form = repr(review_reader(*tiny_model))
    assert "\n" not in text_form and len(text_form) < 100 and "review" in text_form


def test_the_review_box_is_one_line_read_on_enter(tiny_model):
    # A Textarea takes Enter as a newline and keeps the old verdict until it loses focus;
    # a one-line Text box with continuous_update=False is read when Enter is pressed.
    import ipywidgets as widgets

    box = review_reader(*tiny_model).text
    assert isinstance(box, widgets.Text) and not isinstance(box, widgets.Textarea)
    assert box.continuous_update is False


# ---- the model or the class names are wrong (issue 15) ----

def test_a_model_that_returns_nan_gives_no_verdict():
    result = text.prefix_predictions("the film is good", vectorize,
                                     lambda ids: np.full((len(ids), 1), np.nan), VOCABULARY)
    assert result["label"] is None and "NaN" in result["message"]
    draw_prefix_predictions(result)  # draws the message, does not raise


def test_three_class_probabilities_with_two_class_names_is_one_clear_line():
    from lecture_utils.errors import LectureError

    three = lambda ids: np.full((len(ids), 3), 1 / 3)  # noqa: E731
    with pytest.raises(LectureError, match=r"3 class probabilities.*2 class names"):
        text.prefix_predictions("the film is good", vectorize, three, VOCABULARY)


def test_class_names_with_dollar_signs_are_drawn_as_written():
    import matplotlib.pyplot as plt

    names = ["$", "$$", "$$$"]
    three = lambda ids: np.tile([[0.2, 0.3, 0.5]], (len(ids), 1))  # noqa: E731
    result = text.prefix_predictions("the film is good", vectorize, three, VOCABULARY, names)
    result["class_names"] = names
    ax = draw_prefix_predictions(result)
    ax.figure.canvas.draw()  # mathtext would raise here
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [r"\$", r"\$\$", r"\$\$\$"]
    assert "$$$" in ax.get_title().replace("\\", "")
    plt.close(ax.figure)

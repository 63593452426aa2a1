"""Text data for sentiment classification: loading, splitting, checking, explaining.

- ``load_dataset(DATASET, ...)`` returns a ``TextData`` (train / validation / test
  texts and integer labels, plus the class names) for

  * ``"rt-polarity"`` (default): the sentence polarity data of Pang & Lee (2005),
    10,662 Rotten Tomatoes snippets, half positive, fetched through
    ``datasets.fetch`` (cache, ``$LECTURE_DATA_MIRROR``, download) and split by
    ``stratified_split``: 80 % train, 10 % validation, 10 % test, seeded, with the
    same share of each class in every part;
  * ``"imdb"``: 50,000 IMDB reviews through ``keras.datasets.imdb`` (needs the
    internet the first time; Keras keeps it in ``~/.keras/datasets``); Keras's own
    25,000 / 25,000 train / test split, with 10 % of train held out for validation;
  * a path to a CSV file with a text column and a label column (labels may be
    names or numbers; two or more classes), split like rt-polarity.

- ``prefix_predictions(...)``: what the "type a review" widget shows, the model's
  probability after each prefix of the text. A pure function, tested directly.

Mistakes a student can fix (a missing column, a CSV with one class, IMDB without
internet) raise ``LectureError`` with a message that says what to do.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import LectureError
from . import datasets
from .student_csv import DataProblem, first_line, read_csv, require_columns

RT_POLARITY = "rt-polarity"
IMDB = "imdb"
SPLIT_FRACTIONS = (0.8, 0.1, 0.1)  # train, validation, test
MIN_PER_CLASS = 10  # the fewest examples of a class that leave one for validation and test
MAX_CHARACTERS = 10_000  # longer widget input is cut here (the model reads far fewer words)


@dataclass
class TextData:
    """Texts and labels in three parts, and what the labels mean.

    ``train``, ``validation``, ``test``: each a pair ``(texts, labels)``, texts a
    list of str, labels an int array of the same length with values in
    ``range(len(class_names))``. ``description`` says where the data came from and
    how it was split.
    """

    train: tuple[list[str], np.ndarray]
    validation: tuple[list[str], np.ndarray]
    test: tuple[list[str], np.ndarray]
    class_names: list[str]
    description: str

    @property
    def number_of_classes(self) -> int:
        return len(self.class_names)

    def sizes(self) -> dict[str, int]:
        return {part: len(getattr(self, part)[0]) for part in ("train", "validation", "test")}


# ---- rt-polarity ----

def read_rt_polarity() -> tuple[list[str], np.ndarray]:
    """All 10,662 snippets of rt-polarity and their labels (1 positive, 0 negative).

    The files are Latin-1 and hold one snippet per line; lines are split on "\\n"
    only (``str.splitlines`` would also split at byte 0x85 inside some lines).
    Order: the 5,331 negative snippets, then the 5,331 positive ones.
    """
    paths = datasets.fetch(RT_POLARITY)
    texts, labels = [], []
    for label, name in ((0, "rt-polarity.neg"), (1, "rt-polarity.pos")):
        lines = paths[name].read_bytes().decode("latin-1").split("\n")
        lines = [line.strip() for line in lines if line.strip()]
        texts += lines
        labels += [label] * len(lines)
    return texts, np.array(labels, dtype=np.int64)


def stratified_split(texts: Sequence[str], labels, fractions=SPLIT_FRACTIONS, seed: int = 0):
    """Shuffle and cut into train / validation / test with the same class shares in each.

    texts : n strings; labels : n integers. ``fractions`` must sum to 1. Within each
    class the items are shuffled with ``numpy.random.default_rng(seed)`` and cut at
    the fractions; each part is then shuffled again (same seed), so a part never
    starts with all of one class. Returns three ``(texts, labels)`` pairs.
    """
    labels = np.asarray(labels)
    if len(texts) != len(labels):
        raise LectureError(f"{len(texts)} texts but {len(labels)} labels: give one label per text.")
    if not np.isclose(sum(fractions), 1.0) or min(fractions) < 0:
        raise LectureError(f"fractions must be non-negative and sum to 1, got {fractions}.")
    rng = np.random.default_rng(seed)
    parts: list[list[int]] = [[] for _ in fractions]
    edges = np.cumsum(fractions)[:-1]
    for label in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == label))
        cuts = np.round(edges * len(members)).astype(int)
        for part, chunk in zip(parts, np.split(members, cuts), strict=True):
            part.extend(chunk.tolist())
    result = []
    for part in parts:
        order = rng.permutation(np.array(part, dtype=np.int64))
        result.append(([texts[i] for i in order], labels[order]))
    return tuple(result)


# ---- the student's own CSV ----

def read_labelled_csv(path, text_column: str = "text", label_column: str = "label"):
    """Texts, integer labels and class names from a CSV file.

    The labels may be names ("positive", "neutral", ...) or numbers; the classes are
    their distinct values, sorted, and label ``i`` means ``class_names[i]``. A file
    that is missing, lacks a named column, has an empty text or a missing label, or
    has fewer than two classes raises ``DataProblem`` saying what to fix.
    """
    path = Path(path).expanduser()
    table = read_csv(path, "DATASET", "'rt-polarity' or 'imdb'", dtype=str,
                     keep_default_na=False)
    if text_column == label_column:
        raise DataProblem(f"TEXT_COLUMN and LABEL_COLUMN are both {text_column!r}: the label "
                          "would be the model's input. Name two different columns.")
    require_columns(table, {"TEXT_COLUMN": text_column, "LABEL_COLUMN": label_column},
                    path.name)
    texts = table[text_column].str.strip()
    labels = table[label_column].str.strip()
    for name, values, what in ((text_column, texts, "an empty text"),
                               (label_column, labels, "no label")):
        empty = np.flatnonzero((values == "").to_numpy())
        if len(empty):
            rows = ", ".join(str(i + 2) for i in empty[:5]) + (" ..." if len(empty) > 5 else "")
            raise DataProblem(
                f"{path.name}: {len(empty)} row(s) have {what} in column {name!r} "
                f"(line{'s' if len(empty) > 1 else ''} {rows} of the file). Fill them in or "
                "delete those rows.")
    labels = _same_number_same_label(labels)
    class_names = _sorted_class_names(labels.unique().tolist())
    if len(class_names) < 2:
        found = f"only {class_names[0]!r}" if class_names else "no rows"
        raise DataProblem(f"{path.name}: column {label_column!r} has {found}; a classifier "
                           "needs at least two classes. Add examples of another class.")
    counts = labels.value_counts()
    rare = counts[counts < MIN_PER_CLASS]
    if len(rare):
        shown = ", ".join(f"{name!r} ({count})" for name, count in rare.head(3).items())
        more = f" and {len(rare) - 3} more" if len(rare) > 3 else ""
        raise DataProblem(
            f"{path.name}: {len(rare)} of {len(counts)} classes have fewer than "
            f"{MIN_PER_CLASS} examples: {shown}{more}. Each class needs {MIN_PER_CLASS} or "
            "more, so that training, validation and test each get some. Add examples, or "
            "merge or drop the rare classes.")
    index = {name: i for i, name in enumerate(class_names)}
    return texts.tolist(), np.array([index[v] for v in labels], dtype=np.int64), class_names


def _same_number_same_label(labels):
    """Labels that are all numbers, written one way each: "1", "1.0" and "01" are one
    class, "1". Labels that are not all numbers are left as they are."""
    import pandas as pd

    numbers = pd.to_numeric(labels, errors="coerce")
    if numbers.isna().any() or not np.isfinite(numbers.to_numpy(dtype=float)).all():
        return labels
    return numbers.map(lambda value: f"{value:g}")


def _sorted_class_names(values: list[str]) -> list[str]:
    """Numbers in numeric order ("2" before "10"), otherwise alphabetical."""
    try:
        return sorted(values, key=float)
    except ValueError:
        return sorted(values)


# ---- IMDB through Keras ----

def load_imdb(validation_fraction: float = 0.1, seed: int = 0,
              load_data: Callable | None = None,
              get_word_index: Callable | None = None) -> TextData:
    """The IMDB reviews of ``keras.datasets.imdb``, decoded back to words.

    Needs the internet the first time (Keras caches the files in
    ``~/.keras/datasets``). Offline, raises ``LectureError`` at once saying so and
    how to switch to rt-polarity. ``load_data`` and ``get_word_index`` default to
    Keras's functions (tests pass stand-ins).
    """
    if load_data is None or get_word_index is None:
        from keras.datasets import imdb

        load_data = load_data or imdb.load_data
        get_word_index = get_word_index or imdb.get_word_index
    try:
        (train_ids, train_labels), (test_ids, test_labels) = load_data()
        word_index = get_word_index()
    except Exception as error:  # Keras raises a plain Exception chained from URLError
        raise LectureError(
            "IMDB needs the internet the first time (keras.datasets.imdb downloads it), and "
            f"the download failed: {first_line(error)}. Use the data that ships with the "
            'course: set DATASET = "rt-polarity" in the parameters cell and run the notebook '
            "again.") from error
    # Keras shifts word indices by 3: 0 padding, 1 start, 2 unknown, 3 unused.
    words = {index + 3: word for word, index in word_index.items()}

    def decode(ids) -> str:
        return " ".join(words.get(int(i), "[UNK]") for i in ids if int(i) > 2)

    (train_texts, train_y), (validation_texts, validation_y), _ = stratified_split(
        [decode(ids) for ids in train_ids], np.asarray(train_labels),
        (1 - validation_fraction, validation_fraction, 0.0), seed)
    return TextData(
        (train_texts, train_y), (validation_texts, validation_y),
        ([decode(ids) for ids in test_ids], np.asarray(test_labels, dtype=np.int64)),
        ["negative", "positive"],
        f"IMDB (keras.datasets.imdb): Keras's train/test halves, {validation_fraction:.0%} of "
        f"train held out for validation (stratified, seed {seed})")



# ---- one entry point for the parameters cell ----

def load_dataset(dataset: str = RT_POLARITY, text_column: str = "text",
                 label_column: str = "label", seed: int = 0) -> TextData:
    """The data named in the notebook's parameters cell: ``"rt-polarity"``,
    ``"imdb"`` or the path of a CSV file (with ``text_column`` and ``label_column``)."""
    if not isinstance(dataset, (str, Path)) or not str(dataset).strip():
        raise LectureError(f"DATASET must be 'rt-polarity', 'imdb' or a CSV path, got {dataset!r}.")
    name = str(dataset).strip()
    if name.lower() == IMDB:
        return load_imdb(seed=seed)
    percent = "/".join(f"{f:.0%}" for f in SPLIT_FRACTIONS)
    if name.lower() == RT_POLARITY:
        texts, labels = read_rt_polarity()
        class_names = ["negative", "positive"]
        source = "rt-polarity (Pang & Lee 2005, sentence polarity v1.0)"
    elif name.lower().endswith(".csv") or Path(name).expanduser().is_file():
        texts, labels, class_names = read_labelled_csv(name, text_column, label_column)
        source = f"{Path(name).name} (columns {text_column!r}, {label_column!r})"
    else:
        raise LectureError(f"Unknown DATASET {name!r}: use 'rt-polarity', 'imdb' or the path "
                           "of a CSV file.")
    train, validation, test = stratified_split(texts, labels, SPLIT_FRACTIONS, seed)
    return TextData(train, validation, test, class_names,
                    f"{source}: {len(texts):,} texts, {len(class_names)} classes, split "
                    f"{percent} train/validation/test, stratified, seed {seed}")


# ---- what the "type a review" widget shows ----

_TAG = re.compile(r"<[^>]{0,200}>")
# TextVectorization's default "lower_and_strip_punctuation" removes these characters.
_PUNCTUATION = re.compile(r"[!\"#$%&()\*\+,\-\./:;<=>?@\[\\\]^_`{|}~']")


def clean_review(text) -> str:
    """The text the model is given: HTML tags removed, entities decoded, at most
    ``MAX_CHARACTERS`` characters, white space collapsed."""
    if text is None:
        return ""
    text = str(text)[:MAX_CHARACTERS]
    text = html.unescape(_TAG.sub(" ", text))
    return " ".join(text.split())


def prefix_predictions(text, vectorize: Callable, predict: Callable, vocabulary: Sequence[str],
                       class_names: Sequence[str] = ("negative", "positive")) -> dict:
    """The model's verdict on ``text``, and after each prefix as it reads word by word.

    vectorize : list of n strings -> (n, length) integer array (a fitted
        ``TextVectorization`` layer: 0 is padding, 1 an unknown word)
    predict : (n, length) integer array -> (n,) probabilities of class 1 (two
        classes) or (n, classes) class probabilities
    vocabulary : the vectorizer's vocabulary (index -> word)

    Returns a dict with ``message`` (a short sentence for the reader; ``""`` when
    there is nothing special to say), ``words`` (the tokens the model reads, unknown
    ones as ``[UNK]``), ``unknown`` (the words not in the vocabulary),
    ``probabilities`` ((len(words), classes) after each prefix, empty when there is
    nothing to read), ``probability`` (the last row, or None), ``label`` (the
    predicted class name, or None). Never raises on odd text: empty input, unknown
    words only, emoji, other scripts, HTML and very long input all give a verdict
    or a message.
    """
    cleaned = clean_review(text)
    result = {"text": cleaned, "words": [], "unknown": [], "probabilities": np.zeros((0, 0)),
              "probability": None, "label": None, "message": ""}
    if not cleaned:
        result["message"] = "Type a review (a few words) to see what the model thinks."
        return result
    ids = np.asarray(vectorize([cleaned]))[0]
    length = len(ids)
    count = int(np.count_nonzero(ids))
    if count == 0:
        result["message"] = ("No words found (only punctuation or symbols): the model "
                             "has nothing to read. Type some words.")
        return result
    ids = ids[:count]  # post-padded: the words come first
    result["words"] = [str(vocabulary[i]) if i > 1 else "[UNK]" for i in ids]
    raw_words = standard_words(cleaned)
    result["unknown"] = sorted({w for w, i in zip(raw_words, ids, strict=False) if i == 1})
    prefixes = np.zeros((count, length), dtype=np.int64)
    for k in range(count):
        prefixes[k, :k + 1] = ids[:k + 1]
    probabilities = np.asarray(predict(prefixes), dtype=float)
    if probabilities.ndim == 1 or probabilities.shape[-1] == 1:
        positive = probabilities.reshape(count)
        probabilities = np.stack([1 - positive, positive], axis=1)
    if probabilities.shape != (count, len(class_names)):
        raise LectureError(
            f"The model gives {probabilities.shape[-1]} class probabilities per text, but "
            f"{len(class_names)} class names were given ({', '.join(map(str, class_names))}): "
            "pass the class names the model was trained with.")
    if not np.isfinite(probabilities).all():
        result["message"] = ("The model's output is not a number (NaN): it gives no verdict. "
                             "Its training probably diverged; train it again.")
        return result
    result["probabilities"] = probabilities
    result["probability"] = probabilities[-1]
    result["label"] = class_names[int(np.argmax(probabilities[-1]))]
    notes = []
    if np.all(ids == 1):
        notes.append("None of these words is in the vocabulary: the model sees only unknown-word "
                     "markers, so its verdict means little.")
    elif result["unknown"]:
        shown = ", ".join(result["unknown"][:5]) + (" ..." if len(result["unknown"]) > 5 else "")
        notes.append(f"Not in the vocabulary (read as [UNK]): {shown}.")
    total_words = len(cleaned.split())
    if count == length and total_words > length:
        notes.append(f"Only the first {length} words are read (the model's sequence length).")
    if len(str(text)) > MAX_CHARACTERS:
        notes.append(f"The text was cut to its first {MAX_CHARACTERS:,} characters.")
    result["message"] = " ".join(notes)
    return result


def standard_words(text: str) -> list[str]:
    """The words of ``text`` as ``TextVectorization``'s default standardization
    ("lower_and_strip_punctuation") and white-space split see them."""
    return _PUNCTUATION.sub("", str(text).lower()).split()


def words_per_text(texts: Sequence[str]) -> np.ndarray:
    """How many words ``TextVectorization`` finds in each text (before padding or
    cutting to a sequence length): an int array of len(texts)."""
    return np.array([len(standard_words(t)) for t in texts], dtype=np.int64)


# ---- a clearly labelled toy with three classes ----

_TOY_SUBJECTS = ("the film", "the plot", "the acting", "the script", "the ending", "the cast",
                 "the soundtrack", "this movie", "the director's work", "the dialogue")
_TOY_WORDS = {
    "negative": ("dull", "boring", "awful", "tedious", "clumsy", "a mess", "painful",
                 "lifeless", "a waste of time", "predictable"),
    "neutral": ("two hours long", "in english", "based on a novel", "shot in canada",
                "released in may", "in colour", "set in the sixties", "about a family",
                "in cinemas now", "rated pg"),
    "positive": ("wonderful", "moving", "brilliant", "funny", "gripping", "a delight",
                 "beautiful", "smart", "a joy to watch", "superb"),
}
_TOY_TEMPLATES = ("{subject} is {word}", "{subject} is {word} .", "i thought {subject} was {word}",
                  "{subject} , {word}", "honestly , {subject} is {word}")


def toy_reviews(n: int = 600, seed: int = 0):
    """A made-up three-class data set (negative / neutral / positive), for showing
    the softmax head: short template sentences such as "the plot is tedious" or
    "the film is shot in canada". Not real reviews; trivially easy on purpose.

    Returns a ``pandas.DataFrame`` with columns ``review`` and ``sentiment``
    (class names), n rows, classes in equal shares (as far as n allows).
    """
    import pandas as pd

    rng = np.random.default_rng(seed)
    classes = list(_TOY_WORDS)
    rows = []
    for i in range(n):
        sentiment = classes[i % len(classes)]
        template = _TOY_TEMPLATES[rng.integers(len(_TOY_TEMPLATES))]
        rows.append({"review": template.format(
            subject=_TOY_SUBJECTS[rng.integers(len(_TOY_SUBJECTS))],
            word=_TOY_WORDS[sentiment][rng.integers(len(_TOY_WORDS[sentiment]))]),
            "sentiment": sentiment})
    order = rng.permutation(n)
    return pd.DataFrame([rows[i] for i in order], columns=["review", "sentiment"])

"""lecture_utils.data.text: rt-polarity, the seeded split, the student's CSV, IMDB, the head."""

import os
import time
import urllib.error

import numpy as np
import pytest

from lecture_utils.data import datasets, text
from lecture_utils.errors import LectureError


@pytest.fixture(scope="module")
def rt_polarity(tmp_path_factory):
    if not os.environ.get(datasets.MIRROR_VARIABLE):
        pytest.skip(f"needs the data mirror (set {datasets.MIRROR_VARIABLE})")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(datasets.CACHE_VARIABLE, str(tmp_path_factory.mktemp("cache")))
        texts, labels = text.read_rt_polarity()
        data = text.load_dataset("rt-polarity", seed=0)
    return texts, labels, data


def write_csv(path, rows, header="text,label"):
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def three_class_csv(tmp_path):
    rows = []
    for i in range(30):
        rows += [f"a dull and boring film number {i},negative",
                 f"the film is {i} minutes long,neutral",
                 f"a wonderful and moving film number {i},positive"]
    return write_csv(tmp_path / "three.csv", rows, header="review,sentiment")


# ---- rt-polarity ----

def test_rt_polarity_has_every_snippet_once(rt_polarity):
    texts, labels, _ = rt_polarity
    assert len(texts) == 10_662  # splitlines() would give 10,685 (byte 0x85 inside lines)
    assert np.bincount(labels).tolist() == [5331, 5331]
    assert all(t and "\n" not in t for t in texts)
    assert any("\x85" in t for t in texts)  # Latin-1 decoded, the odd byte kept inside its line


def test_rt_polarity_split_is_documented_fixed_and_stratified(rt_polarity):
    texts, _, data = rt_polarity
    assert data.sizes() == {"train": 8530, "validation": 1066, "test": 1066}
    assert data.class_names == ["negative", "positive"]
    for part in (data.train, data.validation, data.test):
        assert np.mean(part[1]) == 0.5
    parts = data.train[0] + data.validation[0] + data.test[0]
    assert sorted(parts) == sorted(texts)
    assert "80%/10%/10%" in data.description and "seed 0" in data.description
    # the first test snippet is part of the documented split; it must not drift
    again = text.stratified_split(texts, rt_polarity[1], seed=0)
    assert again[2][0] == data.test[0] and np.array_equal(again[2][1], data.test[1])


# ---- the split ----

def test_split_keeps_class_shares_and_depends_on_the_seed():
    labels = np.array([0] * 70 + [1] * 20 + [2] * 10)
    texts = [f"t{i}" for i in range(100)]
    train, validation, test = text.stratified_split(texts, labels, (0.8, 0.1, 0.1), seed=3)
    assert [np.bincount(p[1], minlength=3).tolist() for p in (train, validation, test)] == \
        [[56, 16, 8], [7, 2, 1], [7, 2, 1]]
    assert sorted(train[0] + validation[0] + test[0]) == sorted(texts)
    for part in (train, validation, test):  # each text keeps its own label
        assert all(labels[int(t[1:])] == y for t, y in zip(*part, strict=True))
    same = text.stratified_split(texts, labels, (0.8, 0.1, 0.1), seed=3)
    other = text.stratified_split(texts, labels, (0.8, 0.1, 0.1), seed=4)
    assert same[2][0] == test[0] and other[2][0] != test[0]


def test_split_rejects_bad_fractions():
    with pytest.raises(ValueError, match="sum to 1"):
        text.stratified_split(["a", "b"], [0, 1], (0.5, 0.1, 0.1))


# ---- the student's CSV ----

def test_three_class_csv_with_named_labels(three_class_csv):
    texts, labels, class_names = text.read_labelled_csv(three_class_csv, "review", "sentiment")
    assert class_names == ["negative", "neutral", "positive"]
    assert len(texts) == 90 and np.bincount(labels).tolist() == [30, 30, 30]
    assert class_names[labels[0]] == "negative" and texts[0].startswith("a dull")


def test_numeric_labels_sort_as_numbers(tmp_path):
    rows = [row for i in range(10) for row in (f"awful {i},1", f"great {i},10", f"fine {i},2")]
    path = write_csv(tmp_path / "stars.csv", rows)
    _, labels, class_names = text.read_labelled_csv(path)
    assert class_names == ["1", "2", "10"] and labels.tolist()[:3] == [0, 2, 1]


def test_load_dataset_reads_and_splits_a_csv(three_class_csv):
    data = text.load_dataset(str(three_class_csv), "review", "sentiment")
    assert data.number_of_classes == 3
    assert data.sizes() == {"train": 72, "validation": 9, "test": 9}
    assert all(np.bincount(part[1]).tolist() == [3, 3, 3] for part in (data.validation, data.test))


@pytest.mark.parametrize("columns, expected", [
    (("text", "sentiment"), r"no column 'text' \(TEXT_COLUMN\); its columns are 'review', "
                            r"'sentiment'\. Set TEXT_COLUMN to one of them"),
    (("review", "label"), r"no column 'label' \(LABEL_COLUMN\).*Set LABEL_COLUMN to one"),
    (("body", "kind"), r"no column 'body' \(TEXT_COLUMN\) or 'kind' \(LABEL_COLUMN\).*Set "
                       r"TEXT_COLUMN and LABEL_COLUMN to two of them"),
])
def test_missing_column_names_the_columns_there(three_class_csv, columns, expected):
    with pytest.raises(LectureError, match=expected):
        text.load_dataset(three_class_csv, *columns)


def test_empty_texts_are_named_by_line(tmp_path):
    path = write_csv(tmp_path / "holes.csv", ["good film,pos", ",neg", "  ,neg", "bad,neg"])
    with pytest.raises(LectureError, match=r"2 row\(s\) have an empty text .*lines 3, 4 of"):
        text.read_labelled_csv(path)


def test_missing_label_is_an_error(tmp_path):
    path = write_csv(tmp_path / "nolabel.csv", ["good film,pos", "bad film,"])
    with pytest.raises(LectureError, match="no label"):
        text.read_labelled_csv(path)


def test_single_class_is_an_error(tmp_path):
    path = write_csv(tmp_path / "one.csv", ["good film,positive", "great film,positive"])
    with pytest.raises(LectureError, match=r"only 'positive'.*at least two classes"):
        text.load_dataset(path)


def test_header_only_csv_is_an_error(tmp_path):
    path = write_csv(tmp_path / "empty.csv", [])
    with pytest.raises(LectureError, match=r"empty\.csv has a header row but no data rows"):
        text.read_labelled_csv(path)


def test_missing_file_and_unknown_names(tmp_path):
    with pytest.raises(LectureError, match="No CSV file"):
        text.load_dataset(tmp_path / "nowhere.csv")
    with pytest.raises(LectureError, match="Unknown DATASET 'sst2'"):
        text.load_dataset("sst2")
    with pytest.raises(LectureError, match="DATASET must be"):
        text.load_dataset("")


# ---- IMDB ----

def offline_loader():
    try:
        raise urllib.error.URLError("[Errno -3] Temporary failure in name resolution")
    except urllib.error.URLError as error:
        raise Exception("URL fetch failure on https://storage.googleapis.com/"
                        "tensorflow/tf-keras-datasets/imdb.npz: None -- "
                        "[Errno -3] Temporary failure in name resolution") from error


def test_imdb_offline_says_so_at_once_and_how_to_switch():
    started = time.perf_counter()
    with pytest.raises(LectureError) as caught:
        text.load_imdb(load_data=offline_loader, get_word_index=offline_loader)
    assert time.perf_counter() - started < 1
    message = str(caught.value)
    assert "internet" in message and 'DATASET = "rt-polarity"' in message
    assert "\n" not in message and len(message) < 400
    assert isinstance(caught.value.__cause__, Exception)


def test_load_dataset_imdb_goes_through_load_imdb(monkeypatch):
    monkeypatch.setattr(text, "load_imdb", lambda seed=0: ("imdb", seed))
    assert text.load_dataset("IMDB", seed=5) == ("imdb", 5)


def test_imdb_is_decoded_to_words_and_split():
    word_index = {"the": 1, "film": 2, "great": 3, "awful": 4}
    train = [[1, 4, 5, 6], [1, 4, 5, 7]] * 10  # 1 = start marker, 2 = unknown
    labels = [1, 0] * 10

    def load_data():
        return (train, labels), ([[1, 4, 2, 5]], [1])

    data = text.load_imdb(load_data=load_data, get_word_index=lambda: word_index)
    assert data.sizes() == {"train": 18, "validation": 2, "test": 1}
    assert sorted(set(data.train[0])) == ["the film awful", "the film great"]
    assert data.test[0] == ["the film"]  # unknown (2) and start (1) markers dropped
    for texts, y in (data.train, data.validation):
        assert all((t.endswith("great")) == bool(label) for t, label in zip(texts, y, strict=True))


# ---- more than two classes ----

def test_three_class_csv_trains_with_a_softmax_head(three_class_csv):
    import keras

    data = text.load_dataset(three_class_csv, "review", "sentiment")
    vectorizer = keras.layers.TextVectorization(output_sequence_length=8)
    vectorizer.adapt(data.train[0])
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input(shape=(8,), dtype="int64"),
        keras.layers.Embedding(vectorizer.vocabulary_size(), 8, mask_zero=True),
        keras.layers.GlobalAveragePooling1D(),
        keras.layers.Dense(data.number_of_classes, activation="softmax"),
    ], name="three_classes")
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(vectorizer(data.train[0]), data.train[1], epochs=10, verbose=0)
    probabilities = np.asarray(model.predict_on_batch(vectorizer(data.test[0])))
    assert probabilities.shape == (9, 3)
    assert np.allclose(probabilities.sum(axis=1), 1, atol=1e-5)
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert history.history["accuracy"][-1] > 0.9


# ---- helpers ----

def test_toy_reviews_are_three_balanced_classes_and_seeded():
    toy = text.toy_reviews(60, seed=0)
    assert list(toy.columns) == ["review", "sentiment"]
    assert toy["sentiment"].value_counts().to_dict() == {"negative": 20, "neutral": 20,
                                                        "positive": 20}
    assert toy.equals(text.toy_reviews(60, seed=0))
    assert not toy.equals(text.toy_reviews(60, seed=1))


def test_words_per_text_counts_like_text_vectorization():
    assert text.words_per_text(["It's a film , isn't it ?", "", "Ünïcode WORDS!"]).tolist() \
        == [5, 0, 2]
    assert text.standard_words("It's GOOD, really.") == ["its", "good", "really"]


# ---- a student's CSV that would silently go wrong (issue 15) ----

def test_one_number_written_two_ways_is_one_class(tmp_path):
    rows = [row for i in range(10) for row in (f"good {i},1", f"fine {i},1.0", f"bad {i},0")]
    _, labels, class_names = text.read_labelled_csv(write_csv(tmp_path / "ones.csv", rows))
    assert class_names == ["0", "1"] and np.bincount(labels).tolist() == [10, 20]


@pytest.mark.parametrize("rows, expected", [
    (["good film,1", "bad film,0"], "2 of 2 classes have fewer than 10"),
    ([f"text {i},class{i // 2}" for i in range(2000)], "1000 of 1000 classes"),
])
def test_classes_too_small_to_split_are_refused(tmp_path, rows, expected):
    with pytest.raises(LectureError, match=expected):
        text.load_dataset(str(write_csv(tmp_path / "small.csv", rows)))


def test_the_same_column_as_text_and_label_is_refused(three_class_csv):
    with pytest.raises(LectureError, match="both 'review'"):
        text.read_labelled_csv(three_class_csv, "review", "review")


def test_every_part_of_a_split_has_every_class_at_the_minimum(tmp_path):
    rows = [f"text {i} {c},{c}" for c in ("a", "b") for i in range(text.MIN_PER_CLASS)]
    data = text.load_dataset(str(write_csv(tmp_path / "min.csv", rows)))
    for _, labels in (data.train, data.validation, data.test):
        assert sorted(set(labels.tolist())) == [0, 1]

"""The first-symbol recall task (lecture 3's memory task)."""

import numpy as np
import pytest

from lecture_utils.data.synthetic import first_symbol_recall


def test_shapes_one_symbol_per_step_and_a_marker_on_the_first():
    sequences, first = first_symbol_recall(50, steps=6, symbols=5, seed=3)
    assert sequences.shape == (50, 6, 6) and sequences.dtype == np.float32
    assert first.shape == (50,) and set(first) <= set(range(5))
    assert (sequences[:, :, :5].sum(axis=-1) == 1).all()
    np.testing.assert_array_equal(sequences[:, :, 5], np.eye(6)[0][None].repeat(50, axis=0))


def test_answer_is_the_first_symbol():
    sequences, first = first_symbol_recall(100, steps=4, symbols=3, seed=1)
    np.testing.assert_array_equal(sequences[:, 0, :3].argmax(axis=-1), first)


def test_distractors_use_the_same_symbols_and_tell_nothing_about_the_answer():
    sequences, first = first_symbol_recall(20000, steps=3, symbols=4, seed=0)
    later = sequences[:, 1:, :4].argmax(axis=-1)
    assert set(np.unique(later)) == {0, 1, 2, 3}
    agreement = (later == first[:, None]).mean()
    assert abs(agreement - 0.25) < 0.01  # chance: a later symbol is no hint
    assert np.abs(np.bincount(first) / len(first) - 0.25).max() < 0.01


def test_seeded():
    a = first_symbol_recall(10, 5, seed=5)
    b = first_symbol_recall(10, 5, seed=5)
    c = first_symbol_recall(10, 5, seed=6)
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))
    assert not np.array_equal(a[0], c[0])


@pytest.mark.parametrize("kwargs", [{"count": 0}, {"steps": 0}, {"symbols": 1},
                                    {"steps": 2.5}, {"count": True}])
def test_bad_arguments(kwargs):
    arguments = {"count": 4, "steps": 3} | kwargs
    with pytest.raises(ValueError):
        first_symbol_recall(**arguments)


def test_a_seed_sequence_gives_one_stream_per_seed_distance_and_part():
    # lecture 3 draws its training and test sets with seed=[SEED, T, part]
    train, _ = first_symbol_recall(10, 6, seed=[0, 5, 0])
    again, _ = first_symbol_recall(10, 6, seed=[0, 5, 0])
    assert np.array_equal(train, again)
    for other in ([0, 5, 1], [1, 5, 0], [0, 20, 0]):
        assert not np.array_equal(train, first_symbol_recall(10, 6, seed=other)[0]), other

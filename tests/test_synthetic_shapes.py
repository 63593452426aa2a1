"""The changing-shape video task (lecture 1's convolution-before-recurrence experiment)."""

import numpy as np
import pytest

from lecture_utils.data.synthetic import SHAPES, changing_shape_clips


def shape_in_each_frame(clips):
    """(clip, frame) index into SHAPES, found by matching every 3x3 window; -1 if none."""
    windows = np.lib.stride_tricks.sliding_window_view(clips, (3, 3), axis=(2, 3))
    found = np.full(clips.shape[:2], -1)
    for index, pattern in enumerate(SHAPES.values()):
        match = (windows == pattern).all(axis=(-2, -1)).any(axis=(-2, -1))
        assert not (match & (found >= 0)).any()
        found[match] = index
    return found


def test_shapes_and_one_five_pixel_shape_per_frame():
    clips, labels = changing_shape_clips(60, frames=5, size=7, seed=3)
    assert clips.shape == (60, 5, 7, 7) and clips.dtype == np.float32
    assert labels.shape == (60,) and set(labels) <= {0, 1}
    assert (clips.sum(axis=(2, 3)) == 5).all()
    assert (shape_in_each_frame(clips) >= 0).all()


def test_label_says_whether_the_shape_changes_and_it_changes_at_most_once():
    clips, labels = changing_shape_clips(300, seed=1)
    shapes = shape_in_each_frame(clips)
    switches = (np.diff(shapes, axis=1) != 0).sum(axis=1)
    np.testing.assert_array_equal(switches, labels)


def test_no_single_frame_tells_the_label_and_the_place_varies():
    clips, labels = changing_shape_clips(20000, seed=0)
    plus_share = [(shape_in_each_frame(clips[labels == k]) == 0).mean() for k in (0, 1)]
    assert abs(plus_share[0] - 0.5) < 0.01 and abs(plus_share[1] - 0.5) < 0.01
    lit_share = [clips[labels == k].mean(axis=(0, 1)) for k in (0, 1)]
    assert np.abs(lit_share[0] - lit_share[1]).max() < 0.01  # where pixels are lit: no hint
    assert clips[:200].max(axis=(0, 1)).all()  # the shape turns up all over the frame


def test_seeded():
    a = changing_shape_clips(10, seed=[5, 0])
    b = changing_shape_clips(10, seed=[5, 0])
    c = changing_shape_clips(10, seed=[5, 1])
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))
    assert not np.array_equal(a[0], c[0])


@pytest.mark.parametrize("kwargs", [{"count": 0}, {"frames": 1}, {"size": 2}, {"size": 4.0},
                                    {"count": True}])
def test_bad_arguments(kwargs):
    arguments = {"count": 4} | kwargs
    with pytest.raises(ValueError):
        changing_shape_clips(**arguments)

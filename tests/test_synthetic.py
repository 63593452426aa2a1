"""The moving-dot video task."""

import numpy as np
import pytest

from lecture_utils.data.synthetic import moving_dot_clips


def dot_columns(clips):
    return clips.max(axis=2).argmax(axis=-1)  # (clip, frame)


def test_shapes_and_one_dot_per_frame():
    clips, labels = moving_dot_clips(50, frames=5, height=4, width=7, seed=3)
    assert clips.shape == (50, 5, 4, 7) and clips.dtype == np.float32
    assert labels.shape == (50,) and set(labels) <= {0, 1}
    assert (clips.sum(axis=(2, 3)) == 1).all()


def test_dot_moves_one_pixel_in_the_labelled_direction():
    clips, labels = moving_dot_clips(200, width=9, seed=1)
    steps = np.diff(dot_columns(clips), axis=1) % 9
    assert (steps[labels == 1] == 1).all()   # right: +1
    assert (steps[labels == 0] == 8).all()   # left: -1 (mod 9)


def test_no_single_frame_tells_the_direction():
    clips, labels = moving_dot_clips(20000, seed=0)
    columns = dot_columns(clips)
    share = [np.bincount(columns[labels == k].ravel(), minlength=8) / columns[labels == k].size
             for k in (0, 1)]
    assert np.abs(share[0] - share[1]).max() < 0.01


def test_seeded():
    a = moving_dot_clips(10, seed=5)
    b = moving_dot_clips(10, seed=5)
    c = moving_dot_clips(10, seed=6)
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))
    assert not np.array_equal(a[0], c[0])


def test_noise_stays_in_range():
    clips, _ = moving_dot_clips(10, noise=0.3, seed=0)
    assert clips.min() >= 0 and clips.max() <= 1 and (clips > 0).mean() > 0.2


@pytest.mark.parametrize("kwargs", [{"count": 0}, {"frames": 1}, {"width": 1.5},
                                    {"noise": 2.0}, {"count": True}])
def test_bad_arguments(kwargs):
    arguments = {"count": 4} | kwargs
    with pytest.raises(ValueError):
        moving_dot_clips(**arguments)

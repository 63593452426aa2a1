"""Plots: every figure of the series, in one style and one palette.

- ``palette``: every colour and label, defined once (no matplotlib)
- ``style``: the lecture style, PNG export, legends, a fast redrawing canvas
- ``images``: grids of frames and digits
- ``recurrent``: unrolled RNN diagrams, SimpleRNN and LSTM steps
- ``descent``: a skier on a 1-D loss, optimizers on 2-D contours
- ``minibatch``: loss curves, mini-batch gradient noise, descent paths
- ``text``: a sentiment model's verdict word by word

Plots know no widget: the widgets call these functions.
"""

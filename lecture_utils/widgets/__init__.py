"""Widgets: thin interactive views over pure functions, by topic.

- ``scaffold``: what every widget is built on (a redraw that never queues up, a
  time-step slider, the box a student sees)
- ``recurrent``: steppers through a SimpleRNN's and an LSTM's time steps
- ``descent``: a skier on a 1-D loss, optimizers racing on a 2-D loss
- ``minibatch``: the noise in mini-batch gradients, with a batch-size slider
- ``text``: type a review, watch the model read it word by word

Each view's numbers come from a pure function in ``maths`` or ``data`` and its
picture from ``plots``; a widget only turns controls into calls.
"""

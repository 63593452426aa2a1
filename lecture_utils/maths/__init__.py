"""Maths: the lectures' models and algorithms in NumPy, checked against Keras.

- ``rnn``: SimpleRNN, LSTM and GRU cells, with Keras's weight layout
- ``optimizers``: gradient descent and its variants, step for step as Keras does them
- ``landscapes``: loss landscapes, descent runs and learning-rate sweeps
- ``minibatch``: a two-parameter model whose per-example gradients can be drawn

Nothing here imports matplotlib, ipywidgets or the project's tools.
"""

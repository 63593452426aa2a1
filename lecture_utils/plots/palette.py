"""Every colour and label of the series, defined once: one colour per concept.

Pure data (no matplotlib): a maths or data module may name a colour without
loading a plotting library, and a test can check the whole palette in one place.

Colours are the Okabe-Ito palette, safe for the common forms of colour blindness,
and one grey. The same concept keeps the same colour in every notebook: input
blue, state orange, carry green, output vermillion, gates purple.
"""

from __future__ import annotations

BLUE = "#0072B2"
ORANGE = "#E69F00"
BLUISH_GREEN = "#009E73"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
SKY_BLUE = "#56B4E9"
YELLOW = "#F0E442"
BLACK = "#000000"
GREY = "#7F7F7F"

# The order in which matplotlib colours lines that name no colour of their own.
OKABE_ITO = [BLUE, ORANGE, BLUISH_GREEN, VERMILLION, REDDISH_PURPLE, SKY_BLUE, YELLOW, BLACK]

COLORS = {
    # concepts
    "input": BLUE,
    "state": ORANGE,
    "carry": BLUISH_GREEN,
    "output": VERMILLION,
    "gate": REDDISH_PURPLE,
    "baseline": GREY,
    # models, coloured after what they remember
    "feedforward": GREY,
    "SimpleRNN": ORANGE,
    "LSTM": BLUISH_GREEN,
    "GRU": SKY_BLUE,
}

# One fixed colour per optimizer, in every plot of the series. Momentum and
# Nesterov, whose paths often run side by side, get the two most different hues; the
# one pair of similar hues (blue, sky blue) goes to optimizers that rarely share a path.
# (Yellow is left for the minimum's star.)
OPTIMIZER_COLORS = {
    "sgd": VERMILLION,       # plain gradient descent, the skier
    "momentum": BLUE,
    "nesterov": REDDISH_PURPLE,
    "rmsprop": BLUISH_GREEN,
    "adam": BLACK,
    "adagrad": SKY_BLUE,
    "adadelta": ORANGE,
}
# "sgd" (Keras's ``SGD`` class) steps along the exact gradient in lecture 6, so its
# label is "gradient descent": SGD proper, one example or mini-batch at a time, is
# lecture 7's.
OPTIMIZER_LABELS = {"sgd": "gradient descent", "momentum": "momentum", "nesterov": "Nesterov",
                    "rmsprop": "RMSprop", "adam": "Adam", "adagrad": "AdaGrad",
                    "adadelta": "AdaDelta"}

# One colour per way of computing the gradient (lecture 7). Full-batch descent follows
# the exact gradient, like lecture 6's "gradient descent", and keeps its vermillion.
METHOD_COLORS = {
    "full batch": OPTIMIZER_COLORS["sgd"],
    "SGD": BLUE,
    "mini-batch": BLUISH_GREEN,
}

# The two verdicts of a sentiment classifier (lecture 5).
SENTIMENT_COLORS = {"negative": VERMILLION, "positive": BLUE}

# What is not the lecture's subject: single examples, a landscape's contours.
CONTEXT_COLOR = COLORS["baseline"]
# A run that blew up: its label, in the colour of a warning.
DIVERGED_COLOR = COLORS["output"]

# The markers of every loss-landscape picture (lectures 6 and 7): a minimum is a yellow
# star with a black edge, visible on dark and light contours alike; a start is a ring.
MINIMUM_STYLE = {"marker": "*", "markersize": 26, "color": YELLOW,
                 "markeredgecolor": "black", "markeredgewidth": 1.8, "linestyle": "none"}
START_STYLE = {"marker": "o", "markersize": 14, "color": "white", "markeredgecolor": "black",
               "markeredgewidth": 2.5, "linestyle": "none"}

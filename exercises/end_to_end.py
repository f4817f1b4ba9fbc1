"""Graded exercises of chapter `end-to-end`: grader.check("<id>") in the notebook.

Every reference is a model function in widgets/end_to_end.py (the code that draws the figures).
Every Mistake is a real wrong answer written as code, with the hint that fixes it.
"""
from __future__ import annotations

import math

import numpy as np

from course.grading import Check, Exercise, Grader, Mistake
from widgets import end_to_end as model

# ------------------------------------------------------------------ 1. control_bits


def _control_random(rng):
    return [(int(rng.integers(1, 60)), int(rng.integers(1, 6)), int(rng.integers(1, 17)),
             float(np.round(rng.uniform(0.1, 5000), 2))) for _ in range(6)]


control_ex = Exercise(
    id="control_bits", function="control_bits", reference=model.control_bits, title="bits in control labels",
    checks=[
        Check("one hour of steering and acceleration at 10 Hz, 8 bits each", lambda rng: [(10, 2, 8, 1)],
              hint="Count the labels (rate × seconds × channels), then multiply by the bits per label."),
        Check("random rates, channels, bit depths and hours (fractions of an hour too)", _control_random, hidden=True),
        Check("boundaries: one second of labels, no hours, one channel of one bit, fractions of a label",
              lambda rng: [(1, 1, 1, 1 / 3600), (25, 3, 12, 0), (7, 1, 1, 2.5), (3, 5, 2, 0.5), (1, 1, 1, 1e-4),
                           (10, 2, 8, 1 / 7)], hidden=True),
    ],
    mistakes=[
        Mistake("hours used as seconds", lambda hz, ch, b, h: float(hz * h * ch * b),
                hint="An hour has 3,600 seconds: the number of labels is hz × 3600 × hours × channels."),
        Mistake("hours used as minutes", lambda hz, ch, b, h: float(hz * 60 * h * ch * b),
                hint="60 converts hours to minutes; the rate is per second, so multiply by 3,600."),
        Mistake("2^bits levels instead of bits", lambda hz, ch, b, h: float(hz * 3600 * h * ch * 2 ** b),
                hint="A label of b bits carries b bits (it can take 2^b values, but the information is log2 of that)."),
        Mistake("channels left out", lambda hz, ch, b, h: float(hz * 3600 * h * b),
                hint="Each frame has one label per channel (steering AND acceleration): multiply by the channels."),
    ],
    rtol=1e-12, atol=0.0,  # whole products of small numbers: exact up to rounding
)

# ------------------------------------------------------------------ 2. frame_bits


def _frame_random(rng):
    return [(int(rng.integers(1, 2000)), int(rng.integers(1, 2000)), int(rng.integers(2, 300))) for _ in range(6)]


frame_ex = Exercise(
    id="frame_bits", function="frame_bits", reference=model.frame_bits, title="bits in one dense label frame",
    checks=[
        Check("a 1280 × 960 segmentation frame with 20 classes", lambda rng: [(1280, 960, 20)],
              hint="Each pixel's label picks one of K classes: at most log2(K) bits per pixel."),
        Check("random frame sizes and class counts", _frame_random, hidden=True),
        Check("boundaries: two classes (one bit a pixel), one class (no information), a single pixel, 256 classes",
              lambda rng: [(640, 480, 2), (640, 480, 1), (1, 1, 20), (3, 7, 256)], hidden=True),
    ],
    mistakes=[
        Mistake("natural log", lambda w, h, k: w * h * math.log(k),
                hint="Bits are counted with log2, not ln: ln(20) = 3.00 nats, log2(20) = 4.32 bits."),
        Mistake("log10", lambda w, h, k: w * h * math.log10(k),
                hint="Bits are counted with log2 (a bit halves the possibilities), not log10 (which counts digits)."),
        Mistake("classes instead of bits", lambda w, h, k: float(w * h * k),
                hint="A pixel label chooses one of K classes: that is log2(K) bits, not K bits."),
        Mistake("log2 of the whole frame", lambda w, h, k: math.log2(w * h * k),
                hint="The choices multiply across pixels (K^(w·h) label maps), so the bits ADD: w × h × log2(K)."),
    ],
    rtol=1e-12, atol=1e-12,
)

# ------------------------------------------------------------------ 3. fit_depth


def _depth_random(rng):
    cases = []
    for _ in range(5):
        n = int(rng.integers(20, 400))
        f, S = float(rng.uniform(300, 3000)), float(rng.uniform(0.3, 20))
        cases.append(model.pinhole_data(n, f, S, float(rng.uniform(0.01, 0.3)), int(rng.integers(0, 10**6))))
    return cases


def _depth_exact(rng):
    """Noise-free data (slope exactly −1), and a law that is not the pinhole (slope −0.5, intercept 2.3)."""
    s = np.exp(rng.uniform(1, 6, 30))
    return [(s, 4500.0 / s), (s, np.exp(2.3) * s ** -0.5), (np.array([10.0, 100.0]), np.array([90.0, 3.0]))]


depth_ex = Exercise(
    id="fit_depth", function="fit_depth", reference=model.fit_depth, title="the pixels have the depth: a log-log fit",
    checks=[
        Check("200 seeded objects: f = 1000 px, S = 4.5 m, 5 % range noise",
              lambda rng: [model.pinhole_data(200, 1000.0, 4.5, 0.05, 0)],
              hint="Fit a straight line to (ln s, ln d) by least squares and return (slope, intercept)."),
        Check("random cameras, object sizes and noise levels", _depth_random, hidden=True),
        Check("exact laws: noise-free pinhole data, a slope that is not −1, two points", _depth_exact, hidden=True),
    ],
    mistakes=[
        Mistake("log10 instead of ln", lambda s, d: tuple(float(v) for v in np.polyfit(np.log10(s), np.log10(d), 1)),
                hint="Use natural logs (np.log): the intercept should be ln(f·S) = ln 4500 = 8.41; with log10 you get "
                     "log10(4500) = 3.65."),
        Mistake("s regressed on d", lambda s, d: tuple(float(v) for v in np.polyfit(np.log(d), np.log(s), 1)),
                hint="Regress ln d (the depth, what you want to predict) on ln s (what the camera sees): "
                     "np.polyfit(np.log(s), np.log(d), 1)."),
        Mistake("no logs", lambda s, d: tuple(float(v) for v in np.polyfit(s, d, 1)),
                hint="d = f·S/s is a straight line only after taking logs: ln d = ln(f·S) − ln s."),
        Mistake("(intercept, slope) order", lambda s, d: tuple(float(v) for v in np.polyfit(np.log(s), np.log(d), 1))[::-1],
                hint="Return (slope, intercept) in that order (np.polyfit returns the highest power first: slope, "
                     "then intercept)."),
    ],
    rtol=1e-9, atol=1e-9,
)

# ------------------------------------------------------------------ 4. train_student


def _student_visible(rng):
    X, _ = model.driving_frames(200, 0.05, seed=1)
    return [(X[:, model.CAMERA], X[:, model.LIDAR])]


def _student_random(rng):
    cases = []
    for _ in range(4):
        X, _ = model.driving_frames(int(rng.integers(10, 500)), float(rng.uniform(0.01, 0.5)),
                                    seed=int(rng.integers(0, 10**6)))
        cases.append((X[:, model.CAMERA], X[:, model.LIDAR]))
    return cases


def _student_shapes(rng):
    """One camera column; three columns; exactly as many frames as weights (an exact fit)."""
    X, _ = model.driving_frames(50, 0.1, seed=int(rng.integers(0, 10**6)))
    extra = np.column_stack([X[:, model.CAMERA], rng.uniform(-1, 1, 50)])
    return [(X[:, :1], X[:, model.LIDAR]), (extra, X[:, model.LIDAR]), (X[:3, model.CAMERA], X[:3, model.LIDAR])]


def _lstsq(A, y):
    return np.linalg.lstsq(A, y, rcond=None)[0]


student_ex = Exercise(
    id="train_student", function="train_student", reference=model.train_student,
    title="a camera-only student taught by LiDAR",
    checks=[
        Check("200 frames: two camera columns, LiDAR labels", _student_visible,
              hint="Least squares of y_teacher on [1, X_cam]: put a column of ones first for the intercept."),
        Check("random frames, noise levels and training-set sizes", _student_random, hidden=True),
        Check("one camera column, three columns, and exactly as many frames as weights", _student_shapes, hidden=True,
              hint="Do not assume two camera columns: use every column of X_cam, plus the intercept."),
    ],
    mistakes=[
        Mistake("no intercept", lambda X, y: _lstsq(np.asarray(X), y),
                hint="Add a column of ones to X_cam so the fit has an intercept (ln(f·S) is not 0), and return it as "
                     "w[0]."),
        Mistake("intercept last", lambda X, y: _lstsq(np.column_stack([X, np.ones(len(X))]), y),
                hint="Return the intercept first: w = [intercept, weight of column 0, weight of column 1, ...]."),
        Mistake("the size column only", lambda X, y: np.concatenate([
            _lstsq(np.column_stack([np.ones(len(X)), np.asarray(X)[:, 0]]), y), np.zeros(np.shape(X)[1] - 1)]),
                hint="Use every camera column: the height below the horizon carries depth too (d = f·H / y)."),
    ],
    rtol=1e-7, atol=1e-9,  # lstsq, normal equations and np.polyfit-style solves agree to ~1e-10 on these columns
)

# ------------------------------------------------------------------ 5. numeric_grad


def wave(x):
    """sin(5x): large higher derivatives, so a one-sided difference is visibly off."""
    return math.sin(5 * x)


def cubic(x):
    return x ** 3 - 2 * x


def ramp(x):
    """A ReLU: max(0, x)."""
    return max(0.0, x)


def _grad_random(rng):
    cases = [(model.sigmoid, float(rng.uniform(0.5, 4)) * rng.choice([-1, 1])) for _ in range(3)]
    cases += [(wave, float(rng.uniform(-2, 2))), (cubic, float(rng.uniform(0.5, 3))),
              (model.step, float(rng.uniform(0.1, 3)) * rng.choice([-1, 1]))]
    return cases


grad_ex = Exercise(
    id="numeric_grad", function="numeric_grad", reference=model.numeric_grad,
    title="does a gradient pass? central differences",
    checks=[
        Check("a step function away from its threshold, a sigmoid at 0", lambda rng: [(model.step, 0.3),
                                                                                      (model.sigmoid, 0.0)],
              hint="Central difference: (f(x + h) − f(x − h)) / (2h)."),
        Check("random points on smooth and hard functions", _grad_random, hidden=True),
        Check("the h you are given: h = 0.01 and 0.001", lambda rng: [(wave, 0.2, 1e-2), (cubic, 1.0, 1e-3),
                                                                      (model.sigmoid, 1.0, 1e-2)], hidden=True,
              hint="Use the h passed in (default 1e-5), not a fixed one."),
        Check("at and near a threshold: the step at 0, within h of 0, a ReLU's kink",
              lambda rng: [(model.step, 0.0), (model.step, 4e-6), (model.step, -0.004, 1e-2), (ramp, 0.0),
                           (ramp, 0.5)], hidden=True,
              hint="Straddling the threshold, the central difference is (1 − 0)/(2h): the step's 'gradient' is a "
                   "spike of width 2h, zero everywhere else."),
    ],
    mistakes=[
        Mistake("forward difference", lambda f, x, h=1e-5: (f(x + h) - f(x)) / h,
                hint="(f(x + h) − f(x))/h is one-sided: its error is about h·f''(x)/2. Use both sides: "
                     "(f(x + h) − f(x − h)) / (2h)."),
        Mistake("backward difference", lambda f, x, h=1e-5: (f(x) - f(x - h)) / h,
                hint="(f(x) − f(x − h))/h is one-sided: its error is about h·f''(x)/2. Use both sides: "
                     "(f(x + h) − f(x − h)) / (2h)."),
        Mistake("divided by h, not 2h", lambda f, x, h=1e-5: (f(x + h) - f(x - h)) / h,
                hint="The two points are 2h apart, so divide by 2h."),
        Mistake("h ignored", lambda f, x, h=1e-5: (f(x + 1e-5) - f(x - 1e-5)) / 2e-5,
                hint="Use the h argument: the check passes h = 0.01 on purpose."),
    ],
    rtol=1e-7, atol=1e-9,  # central differences at h = 1e-5 are exact to ~1e-10 here; one-sided ones are off by >= 1e-6
)

# ------------------------------------------------------------------ 6. two_stage_vs_direct


def _two_stage_train_error(seed=0):
    data = model.stack_data(seed)
    W_mid = model._fit(data["X_mid"], data["Z_mid"])
    head = model._fit(model._apply(W_mid, data["X_ctrl"]), data["y_ctrl"])
    direct = model._fit(data["X_ctrl"], data["y_ctrl"])
    return (model.mse(model._apply(head, model._apply(W_mid, data["X_ctrl"])), data["y_ctrl"]),
            model.mse(model._apply(direct, data["X_ctrl"]), data["y_ctrl"]))


def _two_stage_no_intercept(seed=0):
    data = model.stack_data(seed)

    def fit(X, Y):  # normal equations: an SVD of 2000 x 50 is slow on a busy machine
        return np.linalg.solve(X.T @ X, X.T @ Y)

    W_mid = fit(data["X_mid"], data["Z_mid"])
    head = fit(data["X_ctrl"] @ W_mid, data["y_ctrl"])
    direct = fit(data["X_ctrl"], data["y_ctrl"])
    return (model.mse(data["X_test"] @ W_mid @ head, data["y_test"]),
            model.mse(data["X_test"] @ direct, data["y_test"]))


two_stage_ex = Exercise(
    id="two_stage_vs_direct", function="two_stage_vs_direct", reference=model.two_stage_vs_direct,
    title="too few bits: two stages against one",
    checks=[
        Check("seed 0", lambda rng: [(0,)],
              hint="Return (test MSE of the two-stage fit, test MSE of the direct fit), both on X_test, y_test."),
        Check("other seeds", lambda rng: [(1,), (2,), (int(rng.integers(3, 10**6)),)], hidden=True),
    ],
    mistakes=[
        Mistake("order swapped", lambda seed=0: model.two_stage_vs_direct(seed)[::-1],
                hint="Return the two-stage error first, then the direct one."),
        Mistake("training error", _two_stage_train_error,
                hint="Measure both errors on the test frames (X_test, y_test), not on the 60 control frames the fits "
                     "were trained on: a 51-weight fit to 60 labels looks excellent on its own training set."),
        Mistake("no intercepts", _two_stage_no_intercept,
                hint="Fit every stage with an intercept: a column of ones in front of the inputs."),
    ],
    rtol=1e-7, atol=1e-10,
)

grader = Grader("end-to-end", [control_ex, frame_ex, depth_ex, student_ex, grad_ex, two_stage_ex])

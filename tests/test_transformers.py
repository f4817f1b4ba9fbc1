"""transformers: the models (the issue's reference values, gradients against finite differences, attention,
LayerNorm and RoPE identities), live widgets at every control extreme, static twins (the grader in both
directions: tests/test_all_exercises.py; its mutants: tests/test_mutation.py)."""
from __future__ import annotations

import numpy as np
import pytest

from widgets import transformers as tf
from widget_checks import assert_labelled, assert_book_gets_static_twin, assert_finite, assert_static_twin, figure_of, sweep_extremes
from latency import controls


# ---------------------------------------------------------------- gradients through depth
def test_tanh_chain_reference_values():
    assert tf.tanh_chain_grad(1) == pytest.approx(0.58317, abs=5e-6)
    assert tf.tanh_chain_grad(10) == pytest.approx(2.714e-7, rel=2e-4)
    assert tf.tanh_chain_grad(50) == pytest.approx(1.70e-36, rel=3e-3)
    assert tf.tanh_chain_grad(10, True) == pytest.approx(1.6987, abs=1e-4)
    assert tf.tanh_chain_grad(50, True) == pytest.approx(1.6987, abs=1e-4)
    assert tf.tanh_chain_grad(0) == 1.0 and tf.tanh_chain_grad(0, True) == 1.0


@pytest.mark.parametrize("L,residual,w,b,h0", [(7, False, 1.5, 0.3, 0.5), (7, True, 1.5, 0.3, 0.5),
                                               (4, False, -0.8, 0.1, 0.2), (12, True, 0.7, -0.4, 1.1)])
def test_tanh_chain_matches_finite_differences(L, residual, w, b, h0):
    def forward(h):
        for _ in range(L):
            h = h + np.tanh(w * h + b) if residual else np.tanh(w * h + b)
        return h
    eps = 1e-6
    numeric = (forward(h0 + eps) - forward(h0 - eps)) / (2 * eps)
    assert tf.tanh_chain_grad(L, residual, w, b, h0) == pytest.approx(numeric, rel=1e-6, abs=1e-10)


@pytest.mark.parametrize("act", ["tanh", "relu", "gelu"])
@pytest.mark.parametrize("residual,layernorm", [(False, False), (True, False), (False, True), (True, True)])
def test_gradient_flow_backward_matches_finite_differences(act, residual, layernorm):
    """The hand-written backward pass (activations, pre-LN LayerNorm, residual) equals the numeric gradient
    of g_L · h_L with respect to the input h_0, for the same weights."""
    depth, width, gain, seed = 4, 32, 1.3, 5
    rng = np.random.default_rng(seed)
    h0 = rng.standard_normal(width)
    g = rng.standard_normal(width) / np.sqrt(width)
    Ws = rng.standard_normal((depth, width, width)) * (gain / np.sqrt(width))

    def loss(h):
        for l in range(depth):
            u = tf.layer_norm(h) if layernorm else h
            z = tf._act(act, Ws[l] @ u)[0]
            h = h + z if residual else z
        return g @ h

    eps = 1e-6
    numeric = np.array([(loss(h0 + eps * e) - loss(h0 - eps * e)) / (2 * eps) for e in np.eye(width)])
    got = tf.gradient_flow(depth, act, residual, layernorm, width=width, gain=gain, seed=seed)["log10_norm"][0]
    assert got == pytest.approx(np.log10(np.linalg.norm(numeric)), abs=1e-5)


def test_gelu_derivative_and_unknown_activation():
    a = np.linspace(-4, 4, 41)
    eps = 1e-6
    numeric = (tf._act("gelu", a + eps)[0] - tf._act("gelu", a - eps)[0]) / (2 * eps)
    np.testing.assert_allclose(tf._act("gelu", a)[1], numeric, atol=1e-7)
    with pytest.raises(ValueError):
        tf._act("sigmoid", a)


def test_gradient_flow_reproduces_the_chapter_story():
    """Depth 100: plain ReLU/GELU vanish, residual alone explodes, residual + LayerNorm stays near 1."""
    for act in ("relu", "gelu"):
        assert tf.gradient_flow(100, act)["log10_norm"][0] < -10
        assert tf.gradient_flow(100, act, residual=True)["log10_norm"][0] > 10
    for act in ("tanh", "relu", "gelu"):
        assert abs(tf.gradient_flow(100, act, True, True)["log10_norm"][0]) < 2
    assert tf.gradient_flow(100, "tanh", gain=0.5)["log10_norm"][0] < -20
    out = tf.gradient_flow(1, "relu")
    assert out["log10_norm"].shape == (2,) and out["activations_rms"].shape == (2,)
    short, deep = tf.gradient_flow(20, "tanh"), tf.gradient_flow(50, "tanh")
    np.testing.assert_array_equal(short["activations_rms"], deep["activations_rms"][:21])  # same first layers
    assert np.isfinite(tf.gradient_flow(100, "gelu", gain=0.5)["log10_norm"]).all()


# ---------------------------------------------------------------- attention
def test_causal_attention_reference_values():
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    out, w = tf.causal_attention(X, X, X)
    np.testing.assert_allclose(w, [[1, 0, 0], [0.33024, 0.66976, 0], [0.24826, 0.24826, 0.50349]], atol=5e-6)
    np.testing.assert_allclose(out[-1], [0.75174, 0.75174], atol=5e-6)
    assert w[0, 1] == 0.0 and w[0, 2] == 0.0 and w[1, 2] == 0.0  # masked weights exactly 0


def test_attention_properties():
    rng = np.random.default_rng(1)
    Q, K, V = rng.normal(size=(6, 4)), rng.normal(size=(6, 4)), rng.normal(size=(6, 3))
    out, w = tf.attention(Q, K, V, causal=True)
    np.testing.assert_allclose(w.sum(axis=1), 1, atol=1e-12)
    assert np.all(w[np.triu_indices(6, 1)] == 0)
    perm = rng.permutation(6)  # without the mask, attention is permutation-equivariant
    o1, _ = tf.attention(Q, K, V, causal=False)
    o2, _ = tf.attention(Q[perm], K[perm], V[perm], causal=False)
    np.testing.assert_allclose(o2, o1[perm], atol=1e-12)
    hot = tf.attention(Q, K, V, causal=False, temperature=1e6)[1]  # high temperature: uniform rows
    np.testing.assert_allclose(hot, 1 / 6, atol=1e-5)
    cold = tf.attention(Q, K, V, causal=False, temperature=1e-6)[1]  # low: the argmax
    np.testing.assert_array_equal(cold.argmax(axis=1), (Q @ K.T).argmax(axis=1))
    big = np.array([[800.0, 0.0], [0.0, 900.0]])
    assert np.isfinite(tf.causal_attention(big, big, big)[1]).all()


def test_softmax_temperature_matches_scaling():
    z = np.array([1.0, -2.0, 0.5, 3.0])
    np.testing.assert_allclose(tf.softmax(z, temperature=2.5), tf.softmax(z / 2.5), atol=1e-15)
    assert tf.softmax(np.array([0.0, -np.inf]))[1] == 0.0
    np.testing.assert_allclose(tf.softmax(np.ones((2, 3)), axis=0), 0.5)


def test_toy_sentence_it_looks_at_cat_after_itself():
    row = tf.attention_view(1.0, True)[tf.SENTENCE.index("it")]
    order = np.argsort(row)[::-1]
    assert tf.SENTENCE[order[0]] == "it" and tf.SENTENCE[order[1]] == "cat"
    full = tf.attention_view(1.0, False)
    np.testing.assert_allclose(full[-1], tf.attention_view(1.0, True)[-1])  # the last row sees everything anyway


# ---------------------------------------------------------------- LayerNorm, RoPE, parameters
def test_layer_norm():
    np.testing.assert_allclose(tf.layer_norm(np.array([1.0, 2, 3, 4])), [-1.34164, -0.44721, 0.44721, 1.34164],
                               atol=5e-6)
    np.testing.assert_array_equal(tf.layer_norm(np.full(3, 5.0)), np.zeros(3))
    x = np.random.default_rng(2).normal(3, 5, (4, 7))
    y = tf.layer_norm(x)
    np.testing.assert_allclose(y.mean(axis=1), 0, atol=1e-12)
    np.testing.assert_allclose(y.var(axis=1), 1, atol=1e-5)


def test_rope_reference_values_and_identities():
    np.testing.assert_allclose(tf.rope_thetas(8), [1, 0.1, 0.01, 0.001], rtol=1e-15)
    q, k = np.random.RandomState(0).randn(2, 8)
    a, b = tf.rope(q, 5) @ tf.rope(k, 3), tf.rope(q, 12) @ tf.rope(k, 10)
    assert a == pytest.approx(5.94781, abs=5e-6) and abs(a - b) < 1e-12
    q2, k2 = np.random.default_rng(0).standard_normal((2, 8))  # the other generator: another number
    assert tf.rope(q2, 5) @ tf.rope(k2, 3) == pytest.approx(-1.76313, abs=5e-6)
    for m in (0, 1, 7, 123, -40, 2.5):
        assert np.linalg.norm(tf.rope(q, m)) == pytest.approx(np.linalg.norm(q), abs=1e-9)
    np.testing.assert_array_equal(tf.rope(q, 0), q)
    rng = np.random.default_rng(3)
    for _ in range(20):  # <R_m q, R_n k> depends only on m - n
        x, y = rng.normal(size=(2, 16))
        m, n, s = rng.integers(-500, 5000, 3)
        assert tf.rope(x, m) @ tf.rope(y, n) == pytest.approx(tf.rope(x, m + s) @ tf.rope(y, n + s), abs=1e-10)


def test_rope_is_the_block_rotation_matrix():
    d, m = 6, 3.7
    R = np.zeros((d, d))
    for i, th in enumerate(tf.rope_thetas(d)):
        c, s = np.cos(m * th), np.sin(m * th)
        R[2 * i:2 * i + 2, 2 * i:2 * i + 2] = [[c, -s], [s, c]]
    X = np.random.default_rng(4).normal(size=(5, d))
    np.testing.assert_allclose(tf.rope(X, m), X @ R.T, atol=1e-14)


def test_block_params_and_gpt2_small():
    assert tf.block_params(768, 12) == 84_934_656 and isinstance(tf.block_params(768, 12), int)
    total = tf.block_params(768, 12) + 50257 * 768 + 1024 * 768 + 12 * 13 * 768 + 2 * 768
    assert total == 124_439_808  # the released GPT-2 small checkpoint


# ---------------------------------------------------------------- widgets
LIVE = [tf.gradient_flow_live, tf.attention_live, tf.rope_live]
STATIC = [tf.gradient_flow_static, tf.attention_static, tf.rope_static]


@pytest.mark.parametrize("make", LIVE, ids=lambda f: f.__name__)
def test_live_widget_at_every_control_extreme(make):
    sweep_extremes(make())


def test_live_gradient_flow_extremes_together_and_moves():
    box = tf.gradient_flow_live()
    fig, cs = figure_of(box), {c.description: c for c in controls(box)}
    for act in ("tanh", "relu", "gelu"):
        cs["activation"].value = act
        for depth, gain in ((1, 0.5), (100, 2.0), (100, 0.5)):
            cs["depth L (layers)"].value, cs["weight gain σ_w"].value = depth, gain
            for res in (False, True):
                for ln in (False, True):
                    cs["residual x + F(x)"].value, cs["LayerNorm (pre-LN)"].value = res, ln
                    assert_finite(fig)
                    assert len(fig.data[1].y) == depth + 1
    before = np.array(fig.data[1].y)
    cs["residual x + F(x)"].value = not cs["residual x + F(x)"].value
    assert not np.allclose(before, fig.data[1].y)


def test_live_attention_and_rope_move_their_figures():
    box = tf.attention_live()
    fig, cs = figure_of(box), controls(box)
    z0 = np.array(fig.data[0].z)
    next(c for c in cs if isinstance(c.value, bool)).value = False
    assert np.array(fig.data[0].z)[0, 1] > 0 and z0[0, 1] == 0
    box = tf.rope_live()
    fig, cs = figure_of(box), {c.description: c for c in controls(box)}
    title, arrow = fig.layout.title.text, np.array(fig.data[0].y)
    cs["k at position n"].value = 57
    assert not np.allclose(arrow, fig.data[0].y)
    assert title.split("q·k = ")[1] == fig.layout.title.text.split("q·k = ")[1]  # the same score, shifted


@pytest.mark.parametrize("make", STATIC, ids=lambda f: f.__name__)
def test_static_twin_has_a_slider_over_precomputed_states(make):
    assert_static_twin(make(), max_bytes=120_000)


def test_static_states_decode_to_the_model():
    fig = tf.gradient_flow_static()
    step = fig.layout.sliders[0].steps[2]  # depth 10
    np.testing.assert_allclose(step.args[0]["y"][4], tf.gradient_flow(10, "relu")["log10_norm"], rtol=1e-3)
    fig = tf.rope_static()
    titles = {s.args[1]["title.text"].split("q·k = ")[1] for s in fig.layout.sliders[0].steps}
    assert titles == {"5.9478"}  # every shift: the same score
    fig = tf.attention_static()
    z = fig.layout.sliders[0].steps[0].args[0]["z"][0]
    np.testing.assert_allclose(z, tf.attention_view(tf.TEMPERATURES[0], True), rtol=1e-3, atol=1e-6)


@pytest.mark.parametrize("make", STATIC + LIVE, ids=lambda f: f.__name__)
def test_figures_are_labelled_for_the_book(make):
    assert_labelled(make())


def test_explorables_emit_static_twin_for_the_book(monkeypatch):
    assert_book_gets_static_twin((tf.gradient_flow_explorer, tf.attention_heatmap, tf.rope_rotator), monkeypatch)

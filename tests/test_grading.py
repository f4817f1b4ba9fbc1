"""The checker's failure modes: every bad answer gives one clear paragraph, never a crash or a false pass.

A toy exercise (a TD(0) update on a value array) stands in for a real one. Each test
writes a learner function the way a learner would (in a "notebook cell": code compiled
with an ipykernel-like file name) and asserts what the verdict says.
"""
from __future__ import annotations

import linecache
import time

import numpy as np
import pytest

from course import grading
from course.grading import Check, Exercise, Grader, Mistake, Verdict, call_safely, describe_difference


def td_update(V, s, r, s_next, alpha, gamma):
    """Reference: V with V[s] moved toward r + gamma * V[s_next] (a new array)."""
    V = np.array(V, dtype=float)
    V[s] += alpha * (r + gamma * V[s_next] - V[s])
    return V


def right_answer(V, s, r, s_next, alpha, gamma):
    """A learner's correct answer (its own code, not the reference object)."""
    V = np.array(V, dtype=float)
    V[s] += alpha * (r + gamma * V[s_next] - V[s])
    return V


def sign_flipped(V, s, r, s_next, alpha, gamma):
    V = np.array(V, dtype=float)
    V[s] -= alpha * (r + gamma * V[s_next] - V[s])
    return V


def no_gamma(V, s, r, s_next, alpha, gamma):
    V = np.array(V, dtype=float)
    V[s] += alpha * (r + V[s_next] - V[s])
    return V


EXAMPLE = (np.array([0.0, 0.5, 1.0]), 0, 1.0, 1, 0.1, 0.9)


def visible(rng):
    return [tuple(np.copy(a) if isinstance(a, np.ndarray) else a for a in EXAMPLE)]


def hidden(rng):
    return [(rng.normal(size=5), int(rng.integers(0, 5)), float(rng.normal()), int(rng.integers(0, 5)),
             float(rng.uniform(0.05, 0.5)), float(rng.uniform(0.5, 0.99))) for _ in range(5)]


EX = Exercise(id="toy_td_update", function="td_update", reference=td_update, title="one TD(0) update",
              checks=[Check("moves V(s) toward r + γV(s') on the shown example", visible,
                            hint="δ = r + γV(s') − V(s); V(s) ← V(s) + αδ."),
                      Check("works on random values, states and step sizes", hidden, hidden=True,
                            hint="Use the arguments, not the numbers of the example.")],
              mistakes=[Mistake("sign flipped", sign_flipped, "The TD error is r + γV(s') − V(s): check its sign."),
                        Mistake("forgot gamma", no_gamma, "Discount the bootstrap: r + γ·V(s'), not r + V(s').")],
              timeout=0.5)
GRADER = Grader("toy-chapter", [EX])

CELL = "/tmp/ipykernel_4242/1234567.py"  # what a notebook cell's code reports as its file


def cell(source: str, name: str = "td_update", **env):
    """Define a learner function the way a notebook cell does."""
    namespace = {"np": np, **env}
    linecache.cache[CELL] = (len(source), None, source.splitlines(True), CELL)  # as IPython does for cells
    exec(compile(source, CELL, "exec"), namespace)
    return namespace[name]


def check(fn) -> Verdict:
    verdict = GRADER.check("toy_td_update", fn, record=False)
    text = str(verdict)
    assert isinstance(verdict, Verdict)
    assert verdict.status != "passed" and not verdict.passed
    assert "✔" not in text and "checks passed." in verdict.headline()
    return verdict


def test_reference_passes_every_check():
    verdict = grading.grade(EX, td_update)
    assert verdict.passed and verdict.score == (2, 2)
    assert str(verdict).splitlines() == [
        "✔ toy_td_update (one TD(0) update): 2 of 2 checks passed.",
        "  ✓ moves V(s) toward r + γV(s') on the shown example",
        "  ✓ works on random values, states and step sizes [hidden cases]",
    ]


def test_untouched_stub_is_not_attempted_not_wrong():
    stub = cell('def td_update(V, s, r, s_next, alpha, gamma):\n    """..."""\n'
                '    raise NotImplementedError("Exercise: write td_update")\n')
    v = check(stub)
    assert v.status == "not attempted"
    assert "not attempted yet, 0 of 2 checks passed" in v.headline()
    assert "wrong" not in str(v).lower() and not v.hint


def test_stub_found_among_callers_globals_and_missing_function():
    namespace = {"GRADER": GRADER}
    exec("v = GRADER.check('toy_td_update', record=False)", namespace)
    assert namespace["v"].status == "missing" and "no function named `td_update`" in namespace["v"].message
    exec("def td_update(*a):\n    raise NotImplementedError\nv = GRADER.check('toy_td_update', record=False)",
         namespace)
    assert namespace["v"].status == "not attempted"


def test_unknown_exercise_id():
    v = GRADER.check("nope", td_update, record=False)
    assert v.status == "missing" and "'toy_td_update'" in v.message


def test_exception_shows_learners_traceback_trimmed_to_their_code():
    fn = cell("def helper(V, s):\n    return V[s + 10]\n\n"
              "def td_update(V, s, r, s_next, alpha, gamma):\n    x = helper(V, s)\n    return V\n")
    v = check(fn)
    assert v.status == "failed" and v.score == (0, 2)
    assert "Your function raised an exception" in v.message
    assert "your cell, line 5, in td_update" in v.message and "x = helper(V, s)" in v.message
    assert "your cell, line 2, in helper" in v.message
    assert "IndexError: index 10 is out of bounds" in v.message
    assert "grading.py" not in v.message and "ipykernel_4242" not in v.message  # run-specific names dropped
    assert v.case["call"].startswith("td_update([0. , 0.5, 1. ]")
    assert "expected" in v.case


def test_library_frames_are_dropped():
    fn = cell("def td_update(V, s, r, s_next, alpha, gamma):\n    return np.linalg.inv(np.zeros((2, 2)))\n")
    v = check(fn)
    assert "your cell, line 2, in td_update" in v.message and "LinAlgError: Singular matrix" in v.message
    assert "site-packages" not in v.message and "_linalg.py" not in v.message


def test_wrong_number_of_parameters_names_the_signature():
    fn = cell("def td_update(V, s, r):\n    return V\n")
    v = check(fn)
    assert "cannot be called the way the exercise calls it (6 arguments)" in v.message
    assert "Your signature is td_update(V, s, r)" in v.message
    assert "td_update(V, s, r, s_next, alpha, gamma)" in v.message
    assert "remaining checks were skipped" in v.message and v.score == (0, 2)


def test_not_callable():
    for value in (5, "td_update", np.zeros(3)):
        v = check(value)
        assert "should be a function" in v.message and v.score == (0, 2)


@pytest.mark.parametrize("body, words", [
    ("return list(td_update_ref(V, s, r, s_next, alpha, gamma))", "got a list (its values are right)"),
    ("return (x for x in td_update_ref(V, s, r, s_next, alpha, gamma))", "got a generator"),
    ("return float(td_update_ref(V, s, r, s_next, alpha, gamma)[s])", "got float"),
    ("return td_update_ref(V, s, r, s_next, alpha, gamma)[:-1]", "expected shape (3,), got shape (2,)"),
    ("return td_update_ref(V, s, r, s_next, alpha, gamma).astype(str)", "expected numbers (dtype float64), got dtype <u"),
    ("return str(V)", "got str"),
    ("V = V.copy(); V[s] = np.nan; return V", "contains nan at index 0 where a finite number was expected"),
    ("V = V.copy(); V[s] = np.inf; return V", "contains inf at index 0"),
    ("V = V.copy(); V[s] = 1 / 0 if False else V[s]; return V", "1 of 3 entries differ; first at index 0"),
])
def test_wrong_type_shape_dtype_nan_inf(body, words):
    fn = cell(f"def td_update(V, s, r, s_next, alpha, gamma):\n    {body}\n", td_update_ref=right_answer)
    v = check(fn)
    assert v.status == "failed" and words in v.message.lower(), v.message
    assert {"call", "expected", "got"} <= set(v.case)


def test_returning_none_hints_at_return():
    fn = cell("def td_update(V, s, r, s_next, alpha, gamma):\n    V = V + 0\n")
    v = check(fn)
    assert "forget the `return`" in v.hint and "got NoneType" in v.message


def test_never_returns_is_stopped_by_the_timeout():
    fn = cell("def td_update(V, s, r, s_next, alpha, gamma):\n    while True:\n        pass\n")
    start = time.perf_counter()
    v = check(fn)
    assert time.perf_counter() - start < 3 * EX.timeout  # stopped once, other checks skipped
    assert "did not return within 0.5 s" in v.message and "COURSE_CHECK_TIMEOUT" in v.message
    assert v.score == (0, 2)


def test_timeout_cannot_be_swallowed_by_a_bare_except():
    fn = cell("def td_update(V, s, r, s_next, alpha, gamma):\n    try:\n        while True:\n            pass\n"
              "    except BaseException:\n        pass\n    while True:\n        pass\n")
    start = time.perf_counter()
    v = check(fn)
    assert time.perf_counter() - start < 5 * EX.timeout
    assert "did not return within" in v.message


def test_timeout_from_environment(monkeypatch):
    monkeypatch.setenv("COURSE_CHECK_TIMEOUT", "0.2")
    assert EX.effective_timeout() == 0.2
    fn = cell("import time\ndef td_update(V, s, r, s_next, alpha, gamma):\n    time.sleep(5)\n")
    v = check(fn)
    assert "did not return within 0.2 s" in v.message
    monkeypatch.setenv("COURSE_CHECK_TIMEOUT", "not a number")
    assert EX.effective_timeout() == EX.timeout


def test_timeout_in_a_worker_thread():
    import threading
    box = {}
    fn = cell("def td_update(V, s, r, s_next, alpha, gamma):\n    import time\n    time.sleep(2)\n")
    t = threading.Thread(target=lambda: box.setdefault("out", call_safely(fn, EXAMPLE, timeout=0.2)))
    t.start()
    t.join(5)
    assert box["out"].timed_out


def test_printing_megabytes_is_bounded_and_never_passes(capsys):
    fn = cell("def td_update(V, s, r, s_next, alpha, gamma):\n    print('debug line 0\\n' * 60_000)\n"
              "    return td_update_ref(V, s, r, s_next, alpha, gamma)\n",
              td_update_ref=right_answer)
    v = check(fn)
    assert "characters in one call (the limit is 100,000)" in v.message
    assert "Its return value was right on this case" in v.message
    assert v.case["printed"].startswith("debug line 0") and len(v.case["printed"]) < 400
    assert capsys.readouterr().out == ""  # nothing reached the real stdout
    out = call_safely(fn, EXAMPLE)
    assert out.printed > 700_000 and len(out.printed_text) == grading.MAX_PRINTED


def test_small_prints_are_allowed():
    fn = cell("def td_update(V, s, r, s_next, alpha, gamma):\n    print('hello')\n"
              "    return td_update_ref(V, s, r, s_next, alpha, gamma)\n", td_update_ref=right_answer)
    assert GRADER.check("toy_td_update", fn, record=False).passed


def test_mutating_the_input_fails_even_with_the_right_values():
    fn = cell("def td_update(V, s, r, s_next, alpha, gamma):\n"
              "    V[s] += alpha * (r + gamma * V[s_next] - V[s])\n    return V\n")
    v = check(fn)
    assert "changed its input `V`" in v.message and "V = V.copy()" in v.message


def test_hard_coded_example_is_caught_by_hidden_cases():
    fn = cell("def td_update(V, s, r, s_next, alpha, gamma):\n    return np.array([0.145, 0.5, 1.0])\n")
    v = check(fn)
    assert [r.passed for r in v.results] == [True, False]
    assert v.score == (1, 2) and "1 of 2 checks passed" in v.headline()
    assert "works on random values" in v.message
    assert "same answer it gave for a different input" in v.hint


def test_targeted_hints_for_known_mistakes():
    assert check(sign_flipped).hint == EX.mistakes[0].hint
    assert check(no_gamma).hint == EX.mistakes[1].hint


def test_unknown_wrong_answer_gets_the_checks_hint():
    fn = cell("def td_update(V, s, r, s_next, alpha, gamma):\n    V = V.copy(); V[s] = r\n    return V\n")
    v = check(fn)
    assert v.hint == EX.checks[0].hint and "expected 0.145, got 1" in v.message


def test_partly_unfinished_function_is_failed_not_unattempted():
    fn = cell("def td_update(V, s, r, s_next, alpha, gamma):\n    if s == 0:\n"
              "        return td_update_ref(V, s, r, s_next, alpha, gamma)\n    raise NotImplementedError\n",
              td_update_ref=right_answer)
    v = check(fn)
    assert v.status == "failed" and "still unfinished" in v.message


def test_learner_calling_sys_exit_does_not_kill_the_kernel():
    fn = cell("import sys\ndef td_update(V, s, r, s_next, alpha, gamma):\n    sys.exit(1)\n")
    assert "SystemExit" in check(fn).message


def test_weird_return_values_never_crash_the_checker():
    fn = cell("class Weird:\n    def __eq__(self, other):\n        raise RuntimeError('no')\n"
              "    def __array__(self, *a, **k):\n        raise RuntimeError('no')\n"
              "def td_update(V, s, r, s_next, alpha, gamma):\n    return Weird()\n")
    v = check(fn)
    assert v.status == "failed" and "0x" not in str(v)


def test_a_broken_grader_says_so_and_does_not_raise():
    broken = Exercise(id="toy_broken", function="f", reference=lambda x: 1 / 0,
                      checks=[Check("anything", lambda rng: [(1,)])])
    v = Grader("toy-broken", [broken]).check("toy_broken", lambda x: x, record=False)
    assert v.status == "error" and "bug in the course" in v.message
    bad_cases = Exercise(id="toy_bad_cases", function="f", reference=abs,
                         checks=[Check("anything", lambda rng: 1 / 0)])
    v = Grader("toy-broken", [bad_cases]).check("toy_bad_cases", lambda x: x if x >= 0 else -x, record=False)
    assert v.status == "error" and "could not build its test cases" in v.message


def test_verdict_text_is_deterministic():
    fn = cell("def td_update(V, s, r, s_next, alpha, gamma):\n    return np.array([0.145, 0.5, 1.0])\n")
    first = str(GRADER.check("toy_td_update", fn, record=False))
    assert first == str(GRADER.check("toy_td_update", fn, record=False))
    html_text = GRADER.check("toy_td_update", fn, record=False)._repr_html_()
    assert "course-verdict" in html_text and "Hint:" in html_text


def test_describe_difference_basics():
    assert describe_difference(np.arange(3.0), np.arange(3.0)) is None
    assert describe_difference(1.0, 1.0 + 1e-12) is None
    assert "expected a single number" in describe_difference(1.0, np.array([1.0]))
    assert describe_difference((1.0, np.ones(2)), (1.0, np.ones(2))) is None
    assert "item 1 of the tuple" in describe_difference((1.0, np.ones(2)), (1.0, np.zeros(2)))
    assert "key 'a'" in describe_difference({"a": 1.0}, {"a": 2.0})
    assert describe_difference(True, np.True_) is None


def test_solution_shows_source_and_its_verdict():
    sol = GRADER.solution("toy_td_update")
    assert "def td_update" in repr(sol) and "2 of 2 checks passed" in sol._repr_html_()


def test_recording_is_optional_and_never_breaks_a_check(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr("course.progress.record", lambda ch, v: calls.append((ch, v.status)))
    GRADER.check("toy_td_update", right_answer)
    monkeypatch.setenv("COURSE_NO_RECORD", "1")
    GRADER.check("toy_td_update", right_answer)
    assert calls == [("toy-chapter", "passed")]
    monkeypatch.delenv("COURSE_NO_RECORD")

    def boom(ch, v):
        raise OSError("disk full")
    monkeypatch.setattr("course.progress.record", boom)
    assert GRADER.check("toy_td_update", right_answer).passed


# ---------------------------------------------------------------- false passes (issue 11)
def test_rebinding_numpy_cannot_make_a_do_nothing_answer_pass():
    fn = cell("def td_update(V, s, r, s_next, alpha, gamma):\n    return V.copy()\n")
    saved = np.isclose
    try:
        np.isclose = lambda *a, **k: np.True_  # what a learner's cell might do
        v = check(fn)
        assert v.status == "failed" and "`numpy.isclose` was replaced" in v.message and "Restart the kernel" in v.message
        assert v.score == (0, 2)
        # the comparison itself uses the copy captured at import, whoever calls it
        assert describe_difference(np.zeros(3), np.ones(3)) is not None
    finally:
        np.isclose = saved
    assert grading.tampered() == []
    assert "entries differ" in check(fn).message
    saved_dd = grading.describe_difference
    try:
        grading.describe_difference = lambda *a, **k: None
        assert "`course.grading.describe_difference` was replaced" in check(fn).message
    finally:
        grading.describe_difference = saved_dd


def test_an_answer_that_calls_the_reference_is_told_so():
    import types as _types
    ref_module = _types.ModuleType("td")
    ref_module.td_update = td_update
    fn = cell("def td_update(V, s, r, s_next, alpha, gamma):\n    return td.td_update(V, s, r, s_next, alpha, gamma)\n",
              td=ref_module)
    v = check(fn)
    assert "calls `td.td_update`, the chapter's reference function" in v.message and "yourself" in v.message
    alias = cell("def td_update(V, s, r, s_next, alpha, gamma):\n    return ref(V, s, r, s_next, alpha, gamma)\n",
                 ref=td_update)
    assert "calls `ref`" in check(alias).message
    # found by name: `td_update = td.td_update` in a cell
    namespace = {"GRADER": GRADER, "td_update": td_update}
    exec("v = GRADER.check('toy_td_update', record=False)", namespace)
    assert namespace["v"].status == "failed" and "IS the chapter's reference" in namespace["v"].message
    # passed in explicitly, `grader.check(id, td.td_update)`: refused too (grade() itself still grades it)
    explicit = GRADER.check("toy_td_update", td_update, record=False)
    assert explicit.status == "failed" and "IS the chapter's reference" in explicit.message
    assert grading.grade(EX, td_update).passed and GRADER.solution("toy_td_update").verdict.passed


def test_counts_are_compared_exactly_and_floats_with_enough_digits():
    assert describe_difference(431402, 431403) == "expected 431402, got 431403"
    assert describe_difference(125000, 125000.0) is None
    assert "whole number" in describe_difference(125000, 125000.5)
    msg = describe_difference(0.8170704, 0.8170724)
    assert msg == "expected 0.817070, got 0.817072", msg
    assert describe_difference(100.00001, 100.00031) == "expected 100.0000, got 100.0003"
    assert describe_difference(2.0, 3.0) == "expected 2, got 3"
    msg = describe_difference(np.array([1.0, 0.8170704]), np.array([1.0, 0.8170724]))
    assert "first at index 1: expected 0.817070, got 0.817072" in msg
    assert "first at index 3: expected 3, got 4" in describe_difference(np.arange(4), np.array([0, 1, 2, 4]))
    assert describe_difference(np.arange(3), np.arange(3.0)) is None


def test_one_rule_for_lists_bools_and_integers():
    A = np.array([[True, False], [False, True]])
    assert describe_difference(A, A.copy()) is None
    assert "its values are right" in describe_difference(A, A.tolist())
    assert "the right 0/1 pattern" in describe_difference(A, A.astype(int))
    assert "first at index (0, 1): expected False, got True" in describe_difference(A, np.ones((2, 2), bool))
    assert "got a boolean array" in describe_difference(np.array([1.0, 0.0]), np.array([True, False]))
    assert "expected a number, got bool" in describe_difference(1, True)
    assert "expected True or False, got int" in describe_difference(True, 1)


# ---------------------------------------------------------------- which cell is to blame
def run_cells(*sources):
    """Run cells the way a kernel does: one namespace, an `In` history, errors kept in sys.last_value."""
    import sys
    ns = {"np": np, "GRADER": GRADER, "In": [""]}
    for k, src in enumerate(sources, start=1):
        ns["In"].append(src)
        name = f"/tmp/ipykernel_4242/cell{k}.py"
        linecache.cache[name] = (len(src), None, src.splitlines(True), name)
        try:
            exec(compile(src, name, "exec"), ns)
        except Exception as exc:  # noqa: BLE001 - IPython shows it and keeps going
            sys.last_value = exc
    return ns


def check_in(ns) -> Verdict:
    exec("v = GRADER.check('toy_td_update', record=False)", ns)
    return ns["v"]


GOOD = "def td_update(V, s, r, s_next, alpha, gamma):\n    V = np.array(V, float)\n" \
       "    V[s] += alpha * (r + gamma * V[s_next] - V[s])\n    return V\n"


def test_syntax_error_in_the_defining_cell_is_named():
    import sys
    ns = run_cells("x = 1", "def td_update(V, s, r, s_next, alpha, gamma):\n    V = V.copy(\n    return V\n")
    v = check_in(ns)
    assert "The cell that defines `td_update` (In [2]) has a syntax error" in v.message, v.message
    assert "line 2" in v.message and "no function named" not in v.message
    ns = run_cells("def td_update(V, s, r, s_next, alpha, gamma):\n    return V\nundefined_name + 1\n".replace(
        "def td_update", "undefined_name + 1\ndef td_update", 1))
    v = check_in(ns)
    assert "(In [1]) stopped with an error before `td_update` was defined: NameError" in v.message, v.message
    sys.last_value = None


def test_a_failed_later_version_is_not_graded_silently():
    ns = run_cells(GOOD, "def td_update(V, s, r, s_next, alpha, gamma)\n    return V\n")
    v = check_in(ns)
    assert v.passed and "Note: your latest cell defining `td_update` (In [2]) has a syntax error" in v.message
    assert "earlier version from In [1]" in v.message


def test_renamed_function_is_found():
    ns = run_cells(GOOD.replace("def td_update", "def td_updat"))
    v = check_in(ns)
    assert v.status == "missing" and "but you defined `td_updat` with the same parameters" in v.message, v.message
    assert "check('toy_td_update', td_updat)" in v.message


def test_a_later_cell_that_redefined_the_function_is_mentioned():
    stub = "def td_update(V, s, r, s_next, alpha, gamma):\n    raise NotImplementedError\n"
    ns = run_cells(GOOD, "print('hi')", stub)
    v = check_in(ns)
    assert v.status == "not attempted"
    assert "`td_update` is defined in more than one cell (In [1], In [3]); the one run last (In [3])" in v.message
    assert check_in(run_cells(stub, GOOD)).passed and "more than one cell" not in check_in(run_cells(stub, GOOD)).message


def test_tuple_printout_is_never_cut_before_the_wrong_item():
    big = (np.linspace(0, 1, 25), np.linspace(1, 2, 25), np.linspace(2, 3, 25))
    text = grading._fmt(big)
    assert text.count("shape (25,)") == 3
    e, g = grading._fmt_pair(1.0000001, 1.0000004)
    assert e != g
    assert grading._fmt_pair(0.8170704, 0.8170724) == ("0.817070", "0.817072")
    e, g = grading._fmt_pair(np.array([0.5, 1.00000001]), np.array([0.5, 1.00000004]))
    assert e != g


def test_a_mistake_hint_needs_the_mistake_on_every_case_of_the_check():
    calls = []

    def sometimes_no_gamma(V, s, r, s_next, alpha, gamma):
        calls.append(1)
        out = no_gamma(V, s, r, s_next, alpha, gamma)
        return out if len(calls) == 1 else out + 1.0  # the slip on the first call only, then something else
    v = check(sometimes_no_gamma)
    assert v.hint != EX.mistakes[1].hint and len(calls) > 1
    assert check(no_gamma).hint == EX.mistakes[1].hint  # the real slip, everywhere: its hint


def test_same_answer_hint_only_for_the_shown_examples_answer():
    fn = cell("def td_update(V, s, r, s_next, alpha, gamma):\n"
              "    V = np.array(V, float)\n    V[s] = 7.0\n    return V\n")
    assert "same answer it gave" not in check(fn).hint


def test_arrays_of_tiny_numbers_are_not_shown_as_zeros():
    from course.grading import _fmt
    assert _fmt(np.array([1e-15, 7e-13])) != _fmt(np.zeros(2)) and "e-15" in _fmt(np.array([1e-15, 7e-13]))
    assert _fmt(np.array([0.5, 0.25])).startswith("[0.5 , 0.25]")  # ordinary arrays print as before
    assert _fmt(np.array([1.0, 1e-12])) == _fmt(np.array([1.0, 0.0]))  # mixed scales keep fixed point, as before

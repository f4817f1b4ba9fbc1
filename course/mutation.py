"""Mutation testing of the graders: does any plausible wrong answer pass?

Each exercise's reference function is parsed (ast), and small deliberate bugs are made in
its body, one at a time: operator and comparison swaps, off-by-one constants,
round/floor/ceil/int swaps, log/log2/log10, mean/median/sum, min/max, axis changes,
dropped terms and statements, negated conditions, return-value tweaks. Module-local helper
functions the reference calls (one level deep) are mutated too. Every mutant is compiled in
memory and graded with `grade()`.

A mutant that passes the grader is then compared with the reference on many more inputs
drawn from the exercise's own case generators (other seeds than the grader's). If it
differs on any of them (by the exercise's own comparison), it is a *surviving
distinguishable mutant*: a wrong answer the grader lets through. A passing mutant that
agrees everywhere is counted as equivalent (e.g. `x >= 0` vs `x > 0` where x is never 0
in the domain) and is fine.

    .venv/bin/python -m course.mutation genome-compression          # every exercise of a chapter
    .venv/bin/python -m course.mutation td-learning td_update       # one exercise
    .venv/bin/python -m course.mutation --all

prints the kill rate per exercise and, for every surviving mutant, the change and an input
that tells it apart from the reference: add a case like it to a check (or a Mistake).
tests/test_mutation.py runs this for every exercise of every available chapter.
"""
from __future__ import annotations

import ast
import copy
import hashlib
import importlib
import inspect
import os
import pickle
import sys
import textwrap
import time
import types
import warnings
from dataclasses import dataclass, field
from typing import Callable, Iterator

import numpy as np

from course.grading import TIMEOUT_ENV, Exercise, _fmt, call_safely, grade

MAX_MUTANTS = 120  # per exercise (deterministic subset when there are more)
EXTRA_SEEDS = 16  # seeds of the case generators used to decide whether a passing mutant differs
MUTANT_TIMEOUT = 0.5  # seconds one call of a mutant may take at most (a mutant with an endless loop is killed)
MIN_MUTANT_TIMEOUT = 0.05  # ... and at least; in between, TIMEOUT_FACTOR x the reference's slowest call
TIMEOUT_FACTOR = 50  # a mutant 50x slower than the reference on the same input is a hang, not an answer
REFERENCE_TIMEOUT = 2.0  # seconds for the reference on an extra input (a slower tie probe is dropped)

# ---------------------------------------------------------------- the mutation operators
_BINOP_SWAPS = {
    ast.Add: [ast.Sub, ast.Mult], ast.Sub: [ast.Add], ast.Mult: [ast.Div, ast.Add], ast.Div: [ast.Mult, ast.FloorDiv],
    ast.FloorDiv: [ast.Div], ast.Pow: [ast.Mult], ast.Mod: [ast.FloorDiv],
    ast.BitAnd: [ast.BitOr], ast.BitOr: [ast.BitAnd], ast.BitXor: [ast.BitOr], ast.MatMult: [ast.Mult],
}
_CMP_SWAPS = {
    ast.Lt: [ast.LtE, ast.Gt], ast.LtE: [ast.Lt, ast.GtE], ast.Gt: [ast.GtE, ast.Lt], ast.GtE: [ast.Gt, ast.LtE],
    ast.Eq: [ast.NotEq], ast.NotEq: [ast.Eq], ast.Is: [ast.IsNot], ast.IsNot: [ast.Is], ast.In: [ast.NotIn],
    ast.NotIn: [ast.In],
}
# function names swapped for one another (as a bare name or an attribute: np.log, math.floor, x.mean)
_CALL_SWAPS = {
    "round": ["floor", "ceil", "int"], "floor": ["ceil", "round"], "ceil": ["floor", "round"],
    "int": ["round", "ceil"], "trunc": ["round"], "rint": ["floor"],
    "log": ["log2", "log10"], "log2": ["log", "log10"], "log10": ["log", "log2"], "log1p": ["log"],
    "exp": ["exp2"], "exp2": ["exp"], "sqrt": ["abs"],
    "mean": ["median", "sum"], "median": ["mean"], "sum": ["mean"], "nansum": ["nanmean"], "nanmean": ["nanmedian"],
    "max": ["min"], "min": ["max"], "amax": ["amin"], "amin": ["amax"], "argmax": ["argmin"], "argmin": ["argmax"],
    "maximum": ["minimum"], "minimum": ["maximum"], "nanmax": ["nanmin"], "nanmin": ["nanmax"],
    "std": ["var"], "var": ["std"], "cumsum": ["cumprod"], "prod": ["sum"], "any": ["all"], "all": ["any"],
    "isclose": ["greater_equal"], "sort": ["argsort"], "argsort": ["sort"],
}


@dataclass
class Mutant:
    description: str  # "line 12 of widgets/x.py: `a < b` -> `a <= b`"
    function: Callable | None  # None when the mutant does not compile
    where: str  # "reference" or the helper's name


@dataclass
class Survivor:
    mutant: Mutant
    args: tuple
    expected: str
    got: str


@dataclass
class Report:
    chapter: str
    exercise: str
    total: int = 0  # mutants generated (after the cap)
    killed: int = 0  # failed the grader
    equivalent: int = 0  # passed, and agree with the reference on every extra input
    survivors: list[Survivor] = field(default_factory=list)  # passed, yet differ somewhere
    equivalents: list[Mutant] = field(default_factory=list)
    skipped: str = ""  # why the exercise could not be mutated
    seconds: float = 0.0

    @property
    def distinguishable(self) -> int:
        return self.killed + len(self.survivors)

    @property
    def kill_rate(self) -> float:
        """Killed among the distinguishable mutants (equivalent ones cannot be killed)."""
        return self.killed / self.distinguishable if self.distinguishable else 1.0

    def summary(self) -> str:
        if self.skipped:
            return f"{self.chapter}/{self.exercise}: not mutated ({self.skipped})"
        return (f"{self.chapter}/{self.exercise}: killed {self.killed} of {self.distinguishable} distinguishable "
                f"mutants ({100 * self.kill_rate:.0f} %); {self.equivalent} equivalent, {len(self.survivors)} "
                f"surviving; {self.total} generated, {self.seconds:.1f} s")

    def details(self, verbose: bool = False) -> str:
        lines = [self.summary()]
        if verbose:
            lines += [f"  equivalent: {m.description}" for m in self.equivalents]
        for s in self.survivors:
            lines.append(f"  SURVIVES: {s.mutant.description}")
            lines.append(f"    tells it apart: {_fmt(s.args, 300)}")
            lines.append(f"    the reference returns {s.expected}; the mutant {s.got}")
        return "\n".join(lines)


def _new(cls_or_node):
    return cls_or_node() if isinstance(cls_or_node, type) else cls_or_node


def _callee_name(call: ast.Call) -> str | None:
    f = call.func
    if isinstance(f, ast.Name):
        return f.id
    if isinstance(f, ast.Attribute):
        return f.attr
    return None


def _swapped_callee(func: ast.expr, new: str, namespace: dict) -> ast.expr | None:
    """The callee `new` spelled so that it resolves: np.floor -> np.ceil, math.floor -> round (math has no
    round), x.mean -> x.median is skipped (arrays have no such method). None if it cannot be spelled."""
    import builtins
    import math
    if isinstance(func, ast.Attribute):
        base = namespace.get(func.value.id) if isinstance(func.value, ast.Name) else None
        if isinstance(base, types.ModuleType):
            if hasattr(base, new):
                return ast.Attribute(func.value, new, ast.Load())
        elif not hasattr(np.ndarray, new):
            return None
        else:
            return ast.Attribute(func.value, new, ast.Load())
    if new in ("round", "int", "abs", "min", "max", "sum", "any", "all") and hasattr(builtins, new):
        return ast.Name(new, ast.Load())
    if hasattr(math, new):
        return ast.parse(f"__import__('math').{new}", mode="eval").body
    if hasattr(np, new):
        return ast.parse(f"__import__('numpy').{new}", mode="eval").body
    return None


def _sites(fn_node: ast.FunctionDef, namespace: dict, top: bool = True) -> Iterator[tuple[int, str, Callable[[ast.AST, ast.AST | None], object]]]:
    """(node index in ast.walk order, label, transform). A transform takes (node, parent) and returns
    the replacement node, or the string "drop" to delete a statement."""
    nodes = list(ast.walk(fn_node))
    inert = {id(n) for n in ast.walk(fn_node.args)}  # default values: the checks pass every argument
    inert |= {id(n) for a in ast.walk(fn_node) if isinstance(a, ast.Assert) for n in ast.walk(a)}
    for i, node in enumerate(nodes):
        if node is fn_node or id(node) in inert:
            continue
        if isinstance(node, ast.BinOp):
            for new_op in _BINOP_SWAPS.get(type(node.op), []):
                yield i, f"operator -> {type(new_op()).__name__}", (
                    lambda n, p, op=new_op: ast.BinOp(n.left, op(), n.right))
            if isinstance(node.op, (ast.Add, ast.Sub)):  # drop a term
                yield i, "drop right term", lambda n, p: n.left
                yield i, "drop left term", lambda n, p: (n.right if isinstance(n.op, ast.Add)
                                                         else ast.UnaryOp(ast.USub(), n.right))
            if isinstance(node.op, (ast.Mult, ast.Div, ast.Pow, ast.FloorDiv)):  # drop a factor
                yield i, "drop right factor", lambda n, p: n.left
                if isinstance(node.op, ast.Mult):
                    yield i, "drop left factor", lambda n, p: n.right
        elif isinstance(node, ast.AugAssign):
            for new_op in _BINOP_SWAPS.get(type(node.op), []):
                yield i, "augmented operator swap", (
                    lambda n, p, op=new_op: ast.AugAssign(n.target, op(), n.value))
        elif isinstance(node, ast.Compare):
            for k, op in enumerate(node.ops):
                for new_op in _CMP_SWAPS.get(type(op), []):
                    def swap(n, p, k=k, new_op=new_op):
                        ops = list(n.ops)
                        ops[k] = new_op()
                        return ast.Compare(n.left, ops, n.comparators)
                    yield i, "comparison swap", swap
        elif isinstance(node, ast.BoolOp):
            other = ast.Or if isinstance(node.op, ast.And) else ast.And
            yield i, "and/or swap", lambda n, p, o=other: ast.BoolOp(o(), n.values)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.Not)):
            if not (isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant)):
                yield i, "drop unary operator", lambda n, p: n.operand
        elif isinstance(node, ast.Constant) and type(node.value) in (int, float) and not isinstance(node.value, bool):
            v = node.value
            if isinstance(v, int):
                for w in (v + 1, v - 1):
                    yield i, "off-by-one constant", lambda n, p, w=w: ast.Constant(w)
            else:
                for w in sorted({v + 1.0, v / 2 if v else 1.0, v * 2 if v else -1.0}):
                    yield i, "changed constant", lambda n, p, w=w: ast.Constant(w)
        elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
            yield i, "flipped boolean", lambda n, p: ast.Constant(not n.value)
        elif isinstance(node, ast.Call):
            name = _callee_name(node)
            for new in _CALL_SWAPS.get(name or "", []):
                func = _swapped_callee(node.func, new, namespace)
                if func is None:
                    continue

                def swap_call(n, p, func=func):
                    n = copy.copy(n)
                    n.func = func
                    return n
                yield i, f"{name} -> {new}", swap_call
            for k, kw in enumerate(node.keywords):
                if kw.arg == "axis":
                    options = [None, ast.Constant(0), ast.Constant(-1), ast.Constant(1)]
                    current = ast.unparse(kw.value)
                    for opt in options:
                        if opt is not None and ast.unparse(opt) == current:
                            continue
                        def axis(n, p, k=k, opt=opt):
                            n = copy.copy(n)
                            kws = list(n.keywords)
                            if opt is None:
                                del kws[k]
                            else:
                                kws[k] = ast.keyword("axis", opt)
                            n.keywords = kws
                            return n
                        yield i, "axis change", axis
                elif kw.arg == "ddof":
                    yield i, "ddof change", lambda n, p, k=k: _set_kw(n, k, ast.Constant(
                        1 if ast.unparse(n.keywords[k].value) == "0" else 0))
            positional = [a for a in node.args if not isinstance(a, ast.Starred)]
            if len(positional) == len(node.args) >= 2 and ast.unparse(node.args[0]) != ast.unparse(node.args[1]):
                def swap_args(n, p):  # f(a, b) -> f(b, a): np.polyfit(t, y) -> np.polyfit(y, t)
                    n = copy.copy(n)
                    n.args = [n.args[1], n.args[0], *n.args[2:]]
                    return n
                yield i, "first two arguments swapped", swap_args
            if name == "abs" and len(node.args) == 1:
                yield i, "drop abs", lambda n, p: n.args[0]
        elif isinstance(node, ast.Attribute) and node.attr == "T" and isinstance(node.ctx, ast.Load):
            yield i, "transpose dropped", lambda n, p: n.value
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
            sl = node.slice
            for part in ("lower", "upper", "step"):
                if getattr(sl, part) is not None:
                    def drop_bound(n, p, part=part):
                        n = copy.copy(n)
                        s = copy.copy(n.slice)
                        setattr(s, part, None)
                        n.slice = s
                        return n
                    yield i, f"slice {part} bound dropped", drop_bound
        elif isinstance(node, ast.If):
            yield i, "negated condition", lambda n, p: ast.If(ast.UnaryOp(ast.Not(), n.test), n.body, n.orelse)
        elif isinstance(node, ast.IfExp):
            yield i, "negated condition", lambda n, p: ast.IfExp(ast.UnaryOp(ast.Not(), n.test), n.body, n.orelse)
        elif isinstance(node, ast.Return) and node.value is not None:
            v = node.value
            if isinstance(v, ast.Tuple) and len(v.elts) >= 2:
                yield i, "swapped returned values", lambda n, p: ast.Return(
                    ast.Tuple([n.value.elts[1], n.value.elts[0], *n.value.elts[2:]], ast.Load()))
            elif not isinstance(v, (ast.Dict, ast.Constant)):
                yield i, "returned value + 1", lambda n, p: ast.Return(ast.BinOp(n.value, ast.Add(), ast.Constant(1)))
            if top and not isinstance(v, (ast.Tuple, ast.Dict, ast.Constant)) and _outer_return(fn_node, node):
                # the type rule, on what the learner returns: a list for an array, 0/1 for booleans
                yield i, "returned as a list", lambda n, p: ast.Return(ast.Call(ast.Attribute(ast.Call(
                    ast.parse("__import__('numpy').asarray", mode="eval").body, [n.value], []), "tolist",
                    ast.Load()), [], []))
                yield i, "returned as integers", lambda n, p: ast.Return(ast.Call(ast.Attribute(ast.Call(
                    ast.parse("__import__('numpy').asarray", mode="eval").body, [n.value], []), "astype",
                    ast.Load()), [ast.Name("int", ast.Load())], []))
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.Expr, ast.AnnAssign)) and not (
                isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):  # not the docstring
            yield i, "statement dropped", lambda n, p: "drop"


def _outer_return(fn_node: ast.FunctionDef, ret: ast.Return) -> bool:
    """True if `ret` returns from fn_node itself (not from a function nested in it)."""
    for node in ast.walk(fn_node):
        if node is not fn_node and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            if any(r is ret for r in ast.walk(node)):
                return False
    return True


def _set_kw(n, k, value):
    n = copy.copy(n)
    kws = list(n.keywords)
    kws[k] = ast.keyword(kws[k].arg, value)
    n.keywords = kws
    return n


def _replace(parent: ast.AST, old: ast.AST, new) -> bool:
    for name, value in ast.iter_fields(parent):
        if isinstance(value, list):
            for k, item in enumerate(value):
                if item is old:
                    if new == "drop":
                        del value[k]
                        if not value and name in ("body", "orelse", "finalbody", "handlers"):
                            if name == "body":
                                value.append(ast.Pass())
                        return True
                    value[k] = new
                    return True
        elif value is old:
            if new == "drop":
                return False
            setattr(parent, name, new)
            return True
    return False


def _function_node(fn: Callable) -> tuple[ast.FunctionDef, str, int] | None:
    try:
        source = textwrap.dedent(inspect.getsource(fn))
        filename = inspect.getsourcefile(fn) or "?"
        first = inspect.getsourcelines(fn)[1]
    except (OSError, TypeError):
        return None
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    node = tree.body[0] if tree.body else None
    if not isinstance(node, ast.FunctionDef) or node.name != getattr(fn, "__name__", None):
        return None  # a lambda or something else: not mutated
    node.decorator_list = []
    ast.increment_lineno(tree, first - 1)
    return node, os.path.relpath(filename), first


def _why_not_mutable(fn: Callable) -> str:
    if getattr(fn, "__name__", "") == "<lambda>":
        return "the reference is a lambda, not a plain function"
    try:
        source = textwrap.dedent(inspect.getsource(fn))
    except (OSError, TypeError):
        return "the reference's source is not available (a builtin?)"
    try:
        node = ast.parse(source).body[0]
    except (SyntaxError, IndexError):
        return "the reference's source does not parse"
    if getattr(node, "name", None) != getattr(fn, "__name__", None):
        return "its module's file changed on disk after it was imported: run again"
    return "the reference is not a plain function"


def _helpers(fn: Callable, fn_node: ast.FunctionDef) -> list[Callable]:
    """Module-local plain functions the reference calls by name (one level deep)."""
    g = getattr(fn, "__globals__", {})
    found, seen = [], set()
    for node in ast.walk(fn_node):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id not in seen:
            seen.add(node.func.id)
            h = g.get(node.func.id)
            h = getattr(h, "__wrapped__", h)  # an lru_cache'd helper: mutate the function it wraps
            if isinstance(h, types.FunctionType) and h.__module__ == fn.__module__ and h is not fn:
                found.append(h)
    return found


def _compile(fn_node: ast.FunctionDef, filename: str, namespace: dict) -> Callable | None:
    module = ast.Module([fn_node], type_ignores=[])
    ast.fix_missing_locations(module)
    try:
        code = compile(module, f"<mutant of {filename}>", "exec")
        exec(code, namespace)
    except Exception:
        return None
    return namespace.get(fn_node.name)


def _rebind(fn: Callable, namespace: dict) -> Callable:
    new = types.FunctionType(fn.__code__, namespace, fn.__name__, fn.__defaults__, fn.__closure__)
    new.__kwdefaults__ = fn.__kwdefaults__
    return new


def mutants(fn: Callable, max_mutants: int = MAX_MUTANTS) -> list[Mutant]:
    """Every mutant of fn's body and of its module-local helpers' bodies (deterministic; capped)."""
    found = _function_node(fn)
    if found is None:
        return []
    fn_node, filename, _ = found
    targets = [(fn, fn_node, filename, "reference")]
    for h in _helpers(fn, fn_node):
        hf = _function_node(h)
        if hf is not None:
            targets.append((h, hf[0], hf[1], h.__name__))
    plans = []
    for target, node, fname, where in targets:
        for index, label, transform in _sites(node, target.__globals__, top=where == "reference"):
            plans.append((target, node, fname, where, index, label, transform))
    if len(plans) > max_mutants:  # a deterministic, evenly spread subset, reference body first
        own = [p for p in plans if p[3] == "reference"]
        rest = [p for p in plans if p[3] != "reference"]
        keep_own = own if len(own) <= max_mutants * 2 // 3 else _spread(own, max_mutants * 2 // 3)
        plans = keep_own + _spread(rest, max_mutants - len(keep_own))
    out = []
    for target, node, fname, where, index, label, transform in plans:
        tree = copy.deepcopy(node)
        nodes = list(ast.walk(tree))
        victim = nodes[index]
        parent = next((p for p in nodes if any(c is victim for c in ast.iter_child_nodes(p))), None)
        try:
            before = ast.unparse(victim).splitlines()[0]
            new = transform(victim, parent)
            if parent is None or not _replace(parent, victim, new):
                continue
            after = "(statement removed)" if new == "drop" else ast.unparse(new).splitlines()[0]
        except Exception:
            continue
        if before == after:
            continue
        line = getattr(victim, "lineno", "?")
        desc = (f"{where if where != 'reference' else fn.__name__}, line {line} of {fname}: "
                f"`{_short(before)}` -> `{_short(after)}` ({label})")
        namespace = dict(fn.__globals__)
        compiled = _compile(tree, fname, namespace)
        if compiled is None:
            out.append(Mutant(desc, None, where))
            continue
        if where == "reference":
            out.append(Mutant(desc, compiled, where))
        else:  # the reference itself, unchanged, but calling the mutated helper
            out.append(Mutant(desc, _rebind(fn, namespace), where))
    return out


def _spread(items: list, k: int) -> list:
    if k <= 0:
        return []
    if len(items) <= k:
        return items
    step = len(items) / k
    return [items[int(j * step)] for j in range(k)]


def _short(text: str, n: int = 70) -> str:
    return text if len(text) <= n else text[: n - 3] + "..."


# ---------------------------------------------------------------- judging the mutants
def _key(args: tuple) -> bytes:
    try:
        return hashlib.sha1(pickle.dumps(args)).digest()
    except Exception:
        return repr(args).encode()


def extra_cases(ex: Exercise, seeds: int = EXTRA_SEEDS, ties: bool = True) -> list[tuple]:
    """Inputs the exercise's own generators produce with seeds other than the grader's (deduplicated),
    then (ties=True) their tie probes: a scalar argument set equal to a value of another argument."""
    out, seen = [], set()
    for s in range(seeds):
        rng = np.random.default_rng(10_007 * (s + 1) + ex.seed() % 1000)
        for check in ex.checks:
            try:
                cases = list(check.cases(rng))
            except Exception:
                continue
            for args in cases:
                args = tuple(args)
                k = _key(args)
                if k not in seen:
                    seen.add(k)
                    out.append(args)
    if ties:
        for args in list(out[: 4 * len(ex.checks) + 8]):  # the first seeds' cases are enough
            for probe in _tie_probes(args):
                k = _key(probe)
                if k not in seen:
                    seen.add(k)
                    out.append(probe)
    return out


def _tie_probes(args: tuple, per_arg: int = 3) -> list[tuple]:
    """Variants of one case where a scalar argument equals an element of a 1-D numeric array argument of
    the same case: the ties at thresholds (`>` versus `>=`, "on or after a date") that random draws almost
    never produce. (Scalars are not tied to other scalars: those usually mean different things.)"""
    scalars = [k for k, a in enumerate(args) if isinstance(a, (int, float, np.integer, np.floating))
               and not isinstance(a, (bool, np.bool_))]
    out = []
    for k in scalars:
        is_int = isinstance(args[k], (int, np.integer))
        pool = []
        for j, a in enumerate(args):
            if j == k:
                continue
            if isinstance(a, np.ndarray) and a.ndim == 1 and a.size and a.dtype.kind in ("iu" if is_int else "fiu"):
                u = np.unique(a[np.isfinite(a)] if a.dtype.kind == "f" else a)
                if u.size:
                    pool += [u[u.size // 2], u[-1], u[0]][:per_arg]
        seen = set()
        for v in pool:
            v = int(v) if is_int else float(v)
            if v == args[k] or v in seen:
                continue
            seen.add(v)
            out.append(args[:k] + (v,) + args[k + 1:])
    return out


def _finite(value) -> bool:
    if isinstance(value, (tuple, list)):
        return all(_finite(v) for v in value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    try:
        return bool(np.all(np.isfinite(np.asarray(value, dtype=float))))
    except (TypeError, ValueError):
        return True


TIGHT_RTOL, TIGHT_ATOL = 1e-6, 1e-9  # "differs" for a mutant: a grader's looser tolerance does not hide it


def _tight_difference(ex: Exercise, expected, got):
    """The exercise's own comparison, but no looser than 1e-6 relative: a mutant 1 % off that a 5 %
    tolerance lets through is reported (make the tolerance tight, or say in a comment why it cannot be)."""
    if ex.compare is not None:
        return ex.compare(expected, got)
    from course.grading import describe_difference
    return describe_difference(expected, got, min(ex.rtol, TIGHT_RTOL), min(ex.atol, TIGHT_ATOL))


def _differs(ex: Exercise, fn: Callable, cases: list[tuple], expected: list,
             timeout: float = MUTANT_TIMEOUT) -> tuple | None:
    for args, exp in zip(cases, expected):
        if isinstance(exp, BaseException):
            continue
        out = call_safely(fn, copy.deepcopy(args), timeout)
        if out.timed_out:  # a busy machine? give it a generous second chance before calling it a hang
            out = call_safely(fn, copy.deepcopy(args), 8 * timeout)
        if out.timed_out:
            return args, _fmt(exp), "did not return (timeout)"
        if out.error is not None:
            return args, _fmt(exp), f"raised {type(out.error).__name__}: {out.error}"
        try:
            problem = _tight_difference(ex, exp, out.value)
        except Exception as e:
            problem = f"could not be compared ({type(e).__name__})"
        if problem:
            return args, _fmt(exp), f"{_fmt(out.value)}"
    return None


def mutate_exercise(chapter: str, ex: Exercise, max_mutants: int = MAX_MUTANTS,
                    seeds: int = EXTRA_SEEDS) -> Report:
    """Generate the mutants of ex.reference, grade each, and sort them into killed/equivalent/surviving."""
    report = Report(chapter, ex.id)
    start = time.perf_counter()
    ms = mutants(ex.reference, max_mutants)
    if not ms:
        report.skipped = _why_not_mutable(ex.reference)
        return report
    cases = extra_cases(ex, seeds)
    n_generated = len(extra_cases(ex, seeds, ties=False))
    kept, expected, slowest = [], [], 0.0
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for k, args in enumerate(cases):
            t0 = time.perf_counter()
            out = call_safely(ex.reference, copy.deepcopy(args), REFERENCE_TIMEOUT)
            slowest = max(slowest, time.perf_counter() - t0)
            if out.timed_out or out.error is not None:
                continue  # the generators should not produce these; a tie probe may leave the domain
            if k >= n_generated and not _finite(out.value):
                continue  # a tie probe at a degenerate input (an empty fit, a division by zero)
            kept.append(args)
            expected.append(out.value)
    cases = kept
    # A mutant that breaks an iterative loop's exit runs to its iteration cap: with a fixed 0.5 s limit (and
    # the 8x second chance) one such exercise took 90 s. The limit follows the reference's own speed instead.
    timeout = min(MUTANT_TIMEOUT, max(MIN_MUTANT_TIMEOUT, TIMEOUT_FACTOR * slowest))
    saved = os.environ.get(TIMEOUT_ENV)
    os.environ[TIMEOUT_ENV] = str(timeout)
    try:
        for m in ms:
            report.total += 1
            if m.function is None:  # does not compile: a learner would see the SyntaxError; counts as killed
                report.killed += 1
                continue
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                verdict = grade(ex, m.function)
            if not verdict.passed:
                report.killed += 1
                continue
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                diff = _differs(ex, m.function, cases, expected, timeout)
            if diff is None:
                report.equivalent += 1
                report.equivalents.append(m)
            else:
                report.survivors.append(Survivor(m, *diff))
    finally:
        if saved is None:
            os.environ.pop(TIMEOUT_ENV, None)
        else:
            os.environ[TIMEOUT_ENV] = saved
    report.seconds = time.perf_counter() - start
    return report


def chapter_grader(slug: str):
    from course import chapters
    ch = chapters.by_slug(slug)
    module = importlib.import_module(f"exercises.{ch.module}")
    return module.grader


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    verbose = "-v" in argv or "--verbose" in argv
    argv = [a for a in argv if a not in ("-v", "--verbose")]
    if argv[0] == "--all":
        from course import chapters
        slugs = [ch.slug for ch in chapters.available()
                 if (chapters.ROOT / "exercises" / f"{ch.module}.py").exists()]
        only = None
    else:
        slugs, only = [argv[0]], set(argv[1:]) or None
    failing = 0
    for slug in slugs:
        grader = chapter_grader(slug)
        killed = distinguishable = 0
        for ex in grader.exercises.values():
            if only and ex.id not in only and ex.function not in only:
                continue
            r = mutate_exercise(slug, ex)
            print(r.details(verbose), flush=True)
            killed += r.killed
            distinguishable += r.distinguishable
            failing += len(r.survivors)
        if distinguishable:
            print(f"== {slug}: killed {killed} of {distinguishable} distinguishable mutants "
                  f"({100 * killed / distinguishable:.1f} %)\n", flush=True)
    return 1 if failing else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""What a compiled rule costs against durable-rules' fixed limits, worked out from its C source.

durable-rules 2.0.28 (src/rules/rete.c builds the network, src/rules/events.c matches facts)
has limits that a large pack meets and that do not fail safely:

- The match stack. `handleAlpha` (events.c) matches one fact depth first with an explicit
  stack of `MAX_STACK_SIZE` 64 alpha nodes: popping a node pushes every child that matches
  (children on a present property from its hash set when their comparison holds; `$nex`
  children from its list when the property is absent). One entry more fails the fact with
  error 303, and deleting the state afterwards corrupts the heap (measured: aborts and
  segfaults). `createAlpha` (rete.c) turns `$and` into a chain of nodes and `$or` into its
  alternatives side by side, each ending in one shared "forward" node (a `$nex` on a property
  that never exists, so it is always pushed) from which the rest of the chain continues.
- Matching paths. Each alternative of a `$or` that matches walks the rest of the chain again
  and delivers the fact to the rule once more: the rule fires once per matching path
  (measured: 15 `$or`s of two overlapping comparisons fire one rule 32,768 times).
- Expression slots. Each rule has `MAX_SEQUENCE_EXPRESSIONS` 32 of them, and taking the 32nd
  fails the whole ruleset with error 113 (`APPEND_EXPRESSION`/`GET_EXPRESSION`, rete.c).

The functions here take the engine form of a rule's condition (the `$and`/`$or`/comparison
dicts the compiler writes, without the discriminator) and give sound upper bounds. A fact
whose property is absent can only match `$nex` nodes on it, and a present one only the
others: that exclusion is the only knowledge of values used, so the bounds hold for every
profile.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

Expression = dict[str, Any]
Node = tuple[str, bool]  # (engine property, is a `$nex` node)


def expression_slots(expression: Expression) -> int:
    """The expression slots durable-rules takes for a rule's whole expression, as it counts them.

    In `createAlpha` each `$and` and each `$or` appends two (its operator and `OP_END`); a
    comparison takes one (`GET_EXPRESSION` in `findAlpha`) only when its right side names
    another property, which the project never writes: its values are literals. The `all`
    pattern and its alias take none.
    """
    (key, value), *_ = expression.items()
    if key in ("$and", "$or"):
        return 2 + sum(expression_slots(item) for item in value)
    return 0


def _comparison(expression: Expression) -> Node | None:
    (key, value), *_ = expression.items()
    if key in ("$and", "$or"):
        return None
    if key.startswith("$"):
        (prop,) = value
        return prop, key == "$nex"
    return key, False


def first_nodes(expression: Expression) -> list[Node]:
    """The nodes of a condition that hang directly below its parent (where matching enters it)."""
    node = _comparison(expression)
    if node is not None:
        return [node]
    (key, items), *_ = expression.items()
    if key == "$and":
        return first_nodes(items[0])
    return [node for item in items for node in first_nodes(item)]


def simultaneous(nodes: list[Node]) -> int:
    """How many of these sibling nodes one fact can match at once: per property, either its
    `$nex` nodes (absent) or the others (present), never both."""
    counts = Counter(nodes)
    return sum(max(counts[(prop, True)], counts[(prop, False)]) for prop in {prop for prop, _ in counts})


class _Network:
    """The alpha nodes durable-rules builds for one condition below one parent node.

    Mirrors `createAlpha`/`findAlpha` in rete.c: a comparison reuses a sibling with the same
    property, operator and value (`compareValue` also compares the JSON type), so identical
    first comparisons of two alternatives are one node whose children are both theirs; `$and`
    chains; `$or` hangs its alternatives below the parent and links the end of each to a new
    forward node, below which the condition continues.
    """

    def __init__(self) -> None:
        self.label: list[Node] = [("", False)]  # node 0 is the parent
        self.children: list[list[int]] = [[]]
        self.index: dict[tuple[int, str, str, str, Any], int] = {}

    def _new(self, label: Node) -> int:
        self.label.append(label)
        self.children.append([])
        return len(self.label) - 1

    def build(self, expression: Expression, parent: int = 0) -> int:
        """Add the condition below `parent`; the node its matching paths end in."""
        (key, value), *_ = expression.items()
        if key == "$and":
            for item in value:
                parent = self.build(item, parent)
            return parent
        if key == "$or":
            forward = self._new(("$forward", True))
            for item in value:
                self.children[self.build(item, parent)].append(forward)
            return forward
        operator, (prop, literal) = (key, *value.items()) if key.startswith("$") else ("$eq", (key, value))
        found = (parent, prop, operator, type(literal).__name__, literal)
        if found not in self.index:
            self.index[found] = self._new((prop, operator == "$nex"))
            self.children[parent].append(self.index[found])
        return self.index[found]

    def peaks(self) -> list[int]:
        """For every node, the most stack entries a walk adds from popping it on.

        Popping a node pushes its matching children (at most `simultaneous` of them); walking
        into one leaves the others on the stack: peak(v) = max(c, c - 1 + max peak(child)).
        Worked out children first, without recursion (a chain can be thousands long).
        """
        peak: list[int | None] = [None] * len(self.label)
        stack = [0]
        while stack:
            node = stack[-1]
            waiting = [child for child in self.children[node] if peak[child] is None]
            if waiting:
                stack += waiting
                continue
            stack.pop()
            if peak[node] is None:
                width = simultaneous([self.label[child] for child in self.children[node]])
                deepest = max((peak[child] or 0 for child in self.children[node]), default=0)
                peak[node] = max(width, width - 1 + deepest) if width else 0
        return [p or 0 for p in peak]


def walk_peaks(expression: Expression) -> tuple[int, int]:
    """(from the parent, from a first node): the most stack entries a walk through this
    condition adds once its parent, or once one of its first nodes, has been popped."""
    chain = _chain(expression)
    if chain:
        # A chain of comparisons (a band, a check): every node has one child, the last none.
        # Most rules of a pack are one, and building their network was most of weighing them.
        return 1, int(chain > 1)
    network = _Network()
    network.build(expression)
    peaks = network.peaks()
    return peaks[0], max((peaks[child] for child in network.children[0]), default=0)


def _chain(expression: Expression) -> int:
    """How many comparisons the condition is when it is one, or an `$and` of them only; else 0."""
    if _comparison(expression) is not None:
        return 1
    (key, items), *_ = expression.items()
    if key != "$and" or not all(_comparison(item) is not None for item in items):
        return 0
    return len(items)


def _requires(expression: Expression) -> str | None:
    """A property that every path of this condition needs present, if one is evident."""
    node = _comparison(expression)
    if node is not None:
        return None if node[1] else node[0]
    (key, items), *_ = expression.items()
    if key == "$and":
        return next((prop for prop in map(_requires, items) if prop is not None), None)
    return None


def matching_paths(expression: Expression) -> int:
    """An upper bound on the paths one fact can match through this condition: the times the
    rule fires for it. Alternatives that need a property present exclude those that need
    it absent (as `not` writes them: `$or: [comparison, $nex]`)."""
    if _comparison(expression) is not None:
        return 1
    (key, items), *_ = expression.items()
    counts = [matching_paths(item) for item in items]
    if key == "$and":
        total = 1
        for count in counts:
            total *= count
        return total
    present: Counter[str] = Counter()
    absent: Counter[str] = Counter()
    others = 0
    for item, count in zip(items, counts, strict=True):
        node, needed = _comparison(item), _requires(item)
        if node is not None and node[1]:
            absent[node[0]] += count
        elif needed is not None:
            present[needed] += count
        else:
            others += count
    return others + sum(max(present[prop], absent[prop]) for prop in present.keys() | absent.keys())


class StackBudget:
    """The match stack of one ruleset as rules are added: a sound upper bound on its entries.

    Matching pops the root, which pushes only the discriminator's node (every rule starts
    with it, and durable-rules shares identical nodes); popping that pushes every rule's first
    node that matches; from there the walk goes down one node at a time. So the stack holds at
    most those first nodes, less the one walked into, plus the peak of that walk.

    Rules that durable-rules could share nodes between must be added as one unit, or given an
    anchor: a first node of their own (see compiler.anchored) so that nothing below it is
    shared. Bands, checks and "missing" rules are short chains (a node shared between them
    pushes the children of both, which the sibling count it saves pays for); an advice rule
    is anchored.
    """

    def __init__(self) -> None:
        self.absent: Counter[str] = Counter()  # `$nex` first nodes per property
        self.present: Counter[str] = Counter()  # the other first nodes per property
        self.width = 0
        self.peak = 0

    def _width_with(self, first: list[Node]) -> int:
        width = self.width
        for prop in {prop for prop, _ in first}:
            absent = self.absent[prop] + sum(1 for p, nex in first if p == prop and nex)
            present = self.present[prop] + sum(1 for p, nex in first if p == prop and not nex)
            width += max(absent, present) - max(self.absent[prop], self.present[prop])
        return width

    def bound_with(self, first: list[Node], peak: int) -> int:
        """The bound if a rule with these first nodes and this walk peak were added."""
        width = self._width_with(first)
        return max(width, width - 1 + max(self.peak, peak))

    def add(self, first: list[Node], peak: int) -> None:
        self.width = self._width_with(first)
        for prop, nex in first:
            (self.absent if nex else self.present)[prop] += 1
        self.peak = max(self.peak, peak)

    @property
    def bound(self) -> int:
        return max(self.width, self.width - 1 + self.peak)

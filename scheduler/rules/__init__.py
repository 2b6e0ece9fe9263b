"""Rule families. Each module exposes `build(problem, model, vars)`.

A rule is data of the congress (read from the `Problem`), never a constant;
each registered instance carries the document it comes from.
"""

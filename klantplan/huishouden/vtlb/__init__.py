"""The VTLB engine (issue 15, point 3): norms as data with validity dates (``models``), the pure
computation (``bereken``) and the seeded norms (``normdata``). See docs/vtlb.md."""

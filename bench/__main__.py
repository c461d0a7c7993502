"""`make bench`: the engine's start against stock Pyodide, downloads, check → feedback (bench/engine_start.py).
Lighthouse takes as long again: run it alone, `make lighthouse`."""

from bench import engine_start

engine_start.run()

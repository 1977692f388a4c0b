"""A dependency-free progress line for long runs (terminal and Jupyter alike)."""

import sys
import time


class ProgressLine:
    """Called as ``progress(done, total)`` between chunks of a run.

    Nothing is shown for runs that finish within ``delay`` seconds; after that one line is
    rewritten in place (carriage return) at most every ``interval`` seconds, on stderr as the
    CLI does. Jupyter renders the carriage return as an updating line.
    """

    def __init__(self, label="", stream=None, delay=0.5, interval=0.2):
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.delay = delay
        self.interval = interval
        self.start = time.monotonic()
        self.last = None
        self.shown = False

    def __call__(self, done, total):
        now = time.monotonic()
        elapsed = now - self.start
        if elapsed < self.delay and done < total:
            return
        if not self.shown and done >= total:
            return  # finished quickly: no line at all
        if self.last is not None and now - self.last < self.interval and done < total:
            return
        fraction = done / total if total else 1.0
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = (total - done) / rate if rate > 0 else 0.0
        width = 30
        bar = "#" * int(fraction * width) + "." * (width - int(fraction * width))
        prefix = f"{self.label}: " if self.label else ""
        self.stream.write(
            f"\r{prefix}[{bar}] {fraction:4.0%}  {done:,}/{total:,} trials  "
            f"{rate:,.0f} trials/s  ETA {eta:.0f} s "
        )
        self.stream.flush()
        self.shown = True
        self.last = now

    def finish(self):
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
